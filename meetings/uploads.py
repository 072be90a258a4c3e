"""Checks on files attached to minutes (bilagor).

Attachments are published with the minutes and opened by members of every principal, so
the type is decided by what the file contains, not by what its name claims: an executable
renamed to ``.pdf`` is refused, and so is a PDF renamed to ``.docx``. A file of the right
kind is refused too when it could do more than be read: a PDF with scripts or actions that
start programs, an Office document with macros, embedded programs or objects fetched from
elsewhere, or a file that is also a web page or a zip archive (a polyglot, which another
program would open as that other thing).
"""

import bisect
import html
import io
import re
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from council.zipguard import ArchiveRefused, Limits, holds_archive, open_checked, read_member

DEFAULT_MAX_BYTES = 25 * 1024 * 1024

# What each allowed extension must contain; several extensions may share one kind.
KIND_BY_EXTENSION: dict[str, str] = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
}

# For an <input type="file" accept="..."> so the browser offers the right files first.
ACCEPT = ",".join(f".{extension}" for extension in KIND_BY_EXTENSION)

KIND_LABELS: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "pptx": "PowerPoint (PPTX)",
    "png": "PNG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
    "office-macro": "Office (macros)",
    "office": "Office",
    "zip": "ZIP",
    "ole": "Office 97–2003",
}

# The content type of an Office Open XML package's main part names the application.
_OFFICE_MAIN_TYPES: dict[str, str] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
# VBA projects, Excel 4.0 macro sheets and the macro-enabled formats themselves.
_MACRO_TYPE = re.compile(r"macroEnabled|vbaProject|macrosheet", re.IGNORECASE)
_MACRO_PART = re.compile(r"(?:^|/)(?:vbaProject\.bin|macrosheets/)", re.IGNORECASE)
_TYPE_ENTRY = re.compile(rb"<(?:\w+:)?(?:Override|Default)\b[^>]*>", re.IGNORECASE)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")

# A genuine package has a few hundred parts, a small [Content_Types].xml and unpacks to
# some ten times its size (a large spreadsheet's XML the most); anything far beyond is
# refused without inflating it, so a zip bomb costs nothing but its directory.
ATTACHMENT_ZIP_LIMITS = Limits(members=10_000, unpacked_bytes=1024 * 1024 * 1024, ratio=100)
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
_MAX_RELATIONSHIPS_BYTES = 16 * 1024 * 1024
_MAX_EMBEDDING_BYTES = 64 * 1024 * 1024

# Relationships that make Office fetch and run something from outside the file when it is
# opened: a template (which may carry macros), an OLE object or a frame (how remote code
# has been brought into Word), a master document's parts. Links and linked pictures stay.
_FETCHING_RELATIONSHIPS = {"attachedTemplate", "oleObject", "frame", "subDocument"}

# Files that run when opened, and documents that carry macros: refused inside a PDF or an
# Office document as much as on their own.
PROGRAM_SUFFIXES = frozenset(
    "exe com bat cmd scr pif msi msp msc cpl dll ocx sys js jse vbs vbe wsf wsh ps1 psm1 "
    "hta jar lnk url reg inf chm scf application appref-ms gadget sh "
    "docm dotm xlsm xltm xlam pptm potm ppam ppsm sldm".split()
)
# An OLE object that wraps a file (the Packager, "Object > Create from file" in Office)
# names its stream so; the file's name and path follow as NUL-ended text.
_PACKAGE_STREAM = "\x01Ole10Native".encode("utf-16-le")
_PACKAGED_PROGRAM = re.compile(
    rb"\.(?:" + b"|".join(re.escape(s.encode()) for s in sorted(PROGRAM_SUFFIXES)) + rb")\x00",
    re.IGNORECASE,
)

# Browsers read a file as a web page from markup in its first bytes; a PDF has none there
# (a "<" in PDF syntax opens a dictionary or a string of hex digits, which these are not).
_HEAD_MARKUP_BYTES = 1024
_HEAD_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|img|style|link)\b"
    rb"|javascript:",
    re.IGNORECASE,
)
# Markup anywhere in an image, kept to what random compressed bytes do not spell out.
_IMAGE_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html[\s>]|body[\s>]|script[\s>/]|iframe[\s>/])|javascript:",
    re.IGNORECASE,
)
IMAGE_KINDS = {"png", "jpeg", "gif", "webp"}
OFFICE_KINDS = {"docx", "xlsx", "pptx"}

_HEAD_BYTES = 16


def max_attachment_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def allowed_types_text() -> str:
    return _(
        "Allowed types are PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) "
        "and images (PNG, JPEG, GIF, WebP)."
    )


def _extension(name: str) -> str:
    _stem, dot, extension = (name or "").rpartition(".")
    return extension.lower() if dot else ""


def _attributes(tag: bytes) -> dict[str, str]:
    """The attributes of an XML start tag, names in lower case, entities resolved."""
    return {
        key.decode("ascii").lower(): html.unescape(
            (double or single).decode("utf-8", "replace")
        ).strip()
        for key, double, single in _ATTRIBUTE.findall(tag)
    }


def _suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower().lstrip(".")


def _office_kind(file: IO[bytes]) -> str:
    """Which Office document a zip is, judged from its directory and content types only.

    The package is opened by the shared zip guard, which judges it from its directory; one
    the guard refuses is ``oversized-zip`` (too many parts, or it unpacks to far more than
    a document) or ``zip`` (damaged).
    """
    try:
        with open_checked(file, ATTACHMENT_ZIP_LIMITS) as package:
            by_name = {entry.filename: entry for entry in package.infolist()}
            content_types = by_name.get("[Content_Types].xml")
            if content_types is None or content_types.file_size > _MAX_CONTENT_TYPES_BYTES:
                return "zip"
            xml = read_member(package, content_types)
    except ArchiveRefused as refused:
        return "zip" if refused.reason == "unreadable" else "oversized-zip"
    entries = [_attributes(tag) for tag in _TYPE_ENTRY.findall(xml)]
    if any(_MACRO_TYPE.search(entry.get("contenttype", "")) for entry in entries) or any(
        _MACRO_PART.search(name) for name in by_name
    ):
        return "office-macro"
    for entry in entries:
        content_type = entry.get("contenttype", "")
        part = entry.get("partname", "").lstrip("/")
        if content_type in _OFFICE_MAIN_TYPES and part in by_name:
            return _OFFICE_MAIN_TYPES[content_type]
    return "office" if any(n.startswith(("word/", "xl/", "ppt/")) for n in by_name) else "zip"


def _package_problem(file: IO[bytes]) -> str | None:
    """What an Office document holds beyond its own content: ``embedded-program`` (a program, a
    file packaged in an OLE object that is one, or an ActiveX control), ``external`` (a
    template, object or frame fetched when it is opened), or what the zip guard says."""
    try:
        with open_checked(file, ATTACHMENT_ZIP_LIMITS) as package:
            for member in package.infolist():
                name = member.filename.replace("\\", "/").casefold()
                if _suffix(name) in PROGRAM_SUFFIXES or "activex/" in name:
                    return "embedded-program"
                if name.endswith(".rels"):
                    if member.file_size > _MAX_RELATIONSHIPS_BYTES:
                        return "oversized-zip"
                    if _fetches_from_outside(read_member(package, member)):
                        return "external"
                elif "embeddings/" in name and name.endswith(".bin"):
                    if member.file_size > _MAX_EMBEDDING_BYTES:
                        return "oversized-zip"
                    data = read_member(package, member)
                    if _PACKAGE_STREAM in data and _PACKAGED_PROGRAM.search(data):
                        return "embedded-program"
    except ArchiveRefused as refused:
        return "zip" if refused.reason == "unreadable" else "oversized-zip"
    return None


def _fetches_from_outside(relationships: bytes) -> bool:
    for tag in _RELATIONSHIP.findall(relationships):
        attributes = _attributes(tag)
        if attributes.get("targetmode", "").lower() != "external":
            continue
        kind = attributes.get("type", "").rsplit("/", 1)[-1]
        target = attributes.get("target", "").lower()
        if kind in _FETCHING_RELATIONSHIPS or target.startswith("mhtml:"):
            return True
    return False


# ---------------------------------------------------------------------------- PDF

# Actions that start a program, send or fetch form data, or run embedded media (the
# value of an action's /S, or of an annotation's /Subtype).
_PDF_ACTIONS = {"/Launch", "/SubmitForm", "/ImportData", "/RichMedia", "/RichMediaExecute"}
_PDF_DELIMITERS = rb"\x00\t\n\f\r /<>\[\]()%{}"
# Names looked for in the file's bytes and in its compressed object streams: those of
# scripts and of the actions above refuse a PDF wherever they stand, even in an object the
# index leaves out (which a viewer repairing the file may still read); keys whose values
# tell (a script, a link, an embedded file, an XML form) have their object read. A name
# may be spelled with #-escapes (/J#61vaScript), which are decoded first.
_PDF_NAME = re.compile(
    rb"/(?:JavaScript|Launch|SubmitForm|ImportData|RichMedia\w*|JS|URI|EF|XFA)"
    rb"(?=[" + _PDF_DELIMITERS + rb"]|\Z)"
    rb"|/[^" + _PDF_DELIMITERS + rb"]*#[0-9A-Fa-f]{2}[^" + _PDF_DELIMITERS + rb"]*"
)
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_KEYS_TO_READ = {b"/JS", b"/URI", b"/EF", b"/XFA"}
# What follows /URI: a name (/URI is then the kind of a link's action, /S /URI) or a
# string written out in the file. A web or mail address there needs no parsing of its
# object, so that documents with thousands of links stay quick to check.
_PDF_URI_VALUE = re.compile(rb"\s*(?:(/)|\(((?:[^()\\]|\\.){0,2048})\))", re.DOTALL)
_PDF_STRING_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_PLAIN_SCHEMES = (b"http:", b"https:", b"mailto:", b"ftp:")
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
_CONTROLS = re.compile(r"[\x00-\x20]")


def _pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be attached, or None for one that is only read.

    ``damaged`` (pypdf cannot read it), ``encrypted`` (it needs a password to be read, so
    cannot be checked), ``javascript``, ``actions`` (see _PDF_ACTIONS) or ``embedded-file``
    (a program or a document with macros carried as an attached file).

    The names are looked for in the whole file and in every compressed object stream, so
    a script is found wherever it is kept (the catalog's /OpenAction or /Names, the
    additional actions of the document, a page, an annotation or a form field, a
    bookmark) and however it is reached. Only the objects whose names call for it are
    parsed: checking every object of a PDF of many pages one by one would take seconds.
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                    return "encrypted"
            except Exception:  # noqa: BLE001 - an unknown security handler
                return "encrypted"
        root = _resolved(reader.trailer.get("/Root"))
        pages = _resolved(root.get("/Pages")) if isinstance(root, DictionaryObject) else None
        if not isinstance(pages, DictionaryObject) or not _resolved(pages.get("/Kids")):
            return "damaged"
        to_read: set[tuple[int, int]] = set()
        for text, objects in _pdf_texts(reader, data):
            starts = [start for start, _object in objects]
            for match in _PDF_NAME.finditer(text):
                name = _PDF_HEX.sub(lambda h: bytes([int(h.group(1), 16)]), match.group(0))
                if name == b"/JavaScript":
                    return "javascript"
                if name in {b"/Launch", b"/SubmitForm", b"/ImportData"} or name.startswith(
                    b"/RichMedia"
                ):
                    return "actions"
                if name not in _PDF_KEYS_TO_READ:
                    continue
                uri = _written_uri(text, match.end()) if name == b"/URI" else None
                if uri == "javascript":
                    return uri
                if uri == "plain":
                    continue
                at = bisect.bisect_right(starts, match.start()) - 1
                if at >= 0:
                    to_read.add(objects[at][1])
        problem = _pdf_object_problem(reader.trailer)
        for number, generation in sorted(to_read):
            if problem:
                break
            problem = _pdf_object_problem(
                reader.get_object(IndirectObject(number, generation, reader))
            )
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        return "damaged"
    return problem


def _written_uri(text: bytes, at: int) -> str | None:
    """What the /URI at ``at`` holds when that can be told without parsing its object:
    ``plain`` (a web or mail address, or a name), ``javascript``, or None."""
    value = _PDF_URI_VALUE.match(text, at)
    if value is None:
        return None
    if value.group(1):
        return "plain"
    written = _PDF_STRING_ESCAPE.sub(
        lambda e: bytes([int(e.group(1), 8) & 0xFF]) if e.group(1).isdigit() else e.group(1),
        value.group(2)[:64],
    )
    uri = _CONTROLS.sub("", written.decode("latin-1")).lower()
    if uri.startswith(_SCRIPT_SCHEMES):
        return "javascript"
    return "plain" if written.lower().startswith(_PLAIN_SCHEMES) else None


def _pdf_texts(reader, data: bytes):
    """The file's bytes, then the contents of each compressed object stream, each with
    where its objects start: (text, [(start, (number, generation)), ...])."""
    from pypdf.generic import IndirectObject

    plain = sorted(
        (offset, (number, generation))
        for generation, offsets in reader.xref.items()
        for number, offset in offsets.items()
    )
    yield data, plain
    for stream_number in sorted({stream for stream, _index in reader.xref_objStm.values()}):
        stream = reader.get_object(IndirectObject(stream_number, 0, reader))
        content = stream.get_data()
        first = int(stream["/First"])
        header = content[:first].split()
        packed = sorted(
            (first + int(offset), (int(number), 0))
            for number, offset in zip(header[::2], header[1::2], strict=False)
        )
        yield content, packed


def _resolved(value):
    from pypdf.generic import IndirectObject

    return value.get_object() if isinstance(value, IndirectObject) else value


def _text(value) -> str:
    value = _resolved(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def _pdf_object_problem(obj) -> str | None:
    """A script, a risky action or an embedded program in one object and what it holds
    directly (objects it refers to are looked at on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    stack = [obj]
    while stack:
        node = stack.pop()
        if isinstance(node, ArrayObject):
            stack.extend(v for v in node if isinstance(v, DictionaryObject | ArrayObject))
            continue
        if not isinstance(node, DictionaryObject):
            continue
        for key, value in node.items():
            if key in ("/JS", "/JavaScript"):
                return "javascript"
            if key in ("/S", "/Subtype"):
                name = _resolved(value)
                if name == "/JavaScript":
                    return "javascript"
                if name in _PDF_ACTIONS:
                    return "actions"
            elif key == "/URI":
                # Browsers drop control characters and spaces from a link before reading it.
                uri = _CONTROLS.sub("", _text(value)).lower()
                if uri.startswith(_SCRIPT_SCHEMES):
                    return "javascript"
            elif key == "/XFA":
                problem = _xfa_problem(_resolved(value))
                if problem:
                    return problem
            elif key == "/EF":
                names = (_text(node.get(k)) for k in ("/UF", "/F", "/DOS", "/Unix", "/Mac"))
                if any(_suffix(n.rstrip("\x00 ")) in PROGRAM_SUFFIXES for n in names if n):
                    return "embedded-file"
            if isinstance(value, DictionaryObject | ArrayObject):
                stack.append(value)
    return None


def _xfa_problem(xfa) -> str | None:
    """Scripts (JavaScript or FormCalc) and submissions in an XML form (XFA)."""
    from pypdf.generic import ArrayObject, StreamObject

    parts = [_resolved(p) for p in xfa] if isinstance(xfa, ArrayObject) else [xfa]
    for part in parts:
        if isinstance(part, StreamObject):
            xml = part.get_data().lower()
            if b"<script" in xml:
                return "javascript"
            if b"<submit" in xml:
                return "actions"
    return None


# ------------------------------------------------------------------------- polyglots


def _polyglot_problem(data: bytes, kind: str) -> str | None:
    """A PDF or image that is also something else: a web page or script a browser could
    read it as (``markup``), or a zip archive that zip readers open (``archive``)."""
    markup = _HEAD_MARKUP.search(data, 0, _HEAD_MARKUP_BYTES)
    if markup is None and kind in IMAGE_KINDS:
        markup = _IMAGE_MARKUP.search(data)
    if markup is not None:
        return "markup"
    if holds_archive(data):
        return "archive"
    return None


def detect_kind(file: IO[bytes]) -> str | None:
    """The kind of file by its content (a key of KIND_LABELS), or None if unknown.

    A zip the shared guard will not open is ``oversized-zip`` or ``zip``.
    """
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith((b"GIF87a", b"GIF89a")):
            return "gif"
        if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
            return "webp"
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return "ole"
        if head.startswith(b"PK\x03\x04"):
            return _office_kind(file)
        return None
    finally:
        file.seek(0)


def content_problem(file: IO[bytes], kind: str) -> str | None:
    """What makes a file of the right kind unfit to attach (a code of _problem_error), or
    None. Reads the whole file."""
    try:
        if kind in OFFICE_KINDS:
            return _package_problem(file)
        file.seek(0)
        data = file.read()
        problem = _polyglot_problem(data, kind)
        if problem is None and kind == "pdf":
            problem = _pdf_problem(data)
        return problem
    finally:
        file.seek(0)


# What each problem found in a file of the right kind says; %(kind)s is the kind's name.
_PROBLEM_MESSAGES = {
    "oversized-zip": gettext_noop(
        "The file unpacks to far more data than a document holds and cannot be attached."
    ),
    "markup": gettext_noop(
        "The file is a %(kind)s file but also contains a web page or a script, and cannot be "
        "attached. Save it again as %(kind)s from the program it was made in and try again."
    ),
    "archive": gettext_noop(
        "The file is a %(kind)s file but also contains a zip archive, and cannot be attached. "
        "Save it again as %(kind)s from the program it was made in and try again."
    ),
    "damaged": gettext_noop(
        "The PDF is damaged and cannot be read. Export or print it to PDF again and try again."
    ),
    "encrypted": gettext_noop(
        "The PDF is protected with a password. Save a copy without protection and upload it again."
    ),
    "javascript": gettext_noop(
        "The PDF contains JavaScript and cannot be attached. Print or export it to a new PDF "
        "without scripts and try again."
    ),
    "actions": gettext_noop(
        "The PDF contains actions that start programs, send or fetch data or play embedded "
        "media, and cannot be attached. Print or export it to a new PDF and try again."
    ),
    "embedded-file": gettext_noop(
        "The PDF has a program or a document with macros embedded in it and cannot be "
        "attached. Remove the embedded file and try again."
    ),
    "embedded-program": gettext_noop(
        "The document contains an embedded program or an ActiveX control and cannot be "
        "attached. Remove it, save the document and try again."
    ),
    "external": gettext_noop(
        "The document fetches a template, an object or a frame from outside the file when "
        "it is opened, and cannot be attached. Remove the link, save the document and try "
        "again."
    ),
}


def _problem_error(problem: str, kind: str) -> ValidationError:
    return ValidationError(
        _(_PROBLEM_MESSAGES[problem]) % {"kind": KIND_LABELS[kind]},
        code=problem.replace("-", "_"),
    )


def validate_attachment(uploaded_file) -> None:
    """Refuse a file that is empty, too large, not what its name says it is, or that could
    do more than be read (see the module's docstring).

    Takes a Django ``UploadedFile`` (or any file object with ``name`` and ``size``) and
    raises ``ValidationError`` with a message for the person uploading it.
    """
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
        uploaded_file.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_attachment_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest file allowed is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )

    extension = _extension(getattr(uploaded_file, "name", ""))
    expected = KIND_BY_EXTENSION.get(extension)
    if expected is None:
        raise ValidationError(
            _("Files of this type cannot be attached.") + " " + allowed_types_text(),
            code="type_not_allowed",
        )

    actual = detect_kind(uploaded_file)
    if actual == expected:
        problem = content_problem(uploaded_file, expected)
        if problem is None:
            return
        if problem != "zip":  # a damaged part: told as for any damaged file, below
            raise _problem_error(problem, expected)
        actual = problem
    if actual == "oversized-zip":
        raise _problem_error(actual, expected)
    if actual == "office-macro":
        raise ValidationError(
            _(
                "Documents with macros cannot be attached. "
                "Save the document without macros (as .docx, .xlsx or .pptx) and try again."
            ),
            code="macros",
        )
    if actual is None or actual in {"zip", "office"}:
        raise ValidationError(
            _(
                "The file is named .%(extension)s but its content is not a %(expected)s file. "
                "It may be damaged or of another type."
            )
            % {"extension": extension, "expected": KIND_LABELS[expected]},
            code="content_mismatch",
        )
    raise ValidationError(
        _(
            "The file is named .%(extension)s but its content is a %(actual)s file. "
            "Give the file its right name or attach the right file."
        )
        % {"extension": extension, "actual": KIND_LABELS[actual]},
        code="content_mismatch",
    )

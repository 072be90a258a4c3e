"""Checks on files attached to minutes (bilagor).

Attachments are published with the minutes and opened by members of every principal, so
the type is decided by what the file contains, not by what its name claims: an executable
renamed to ``.pdf`` is refused, and so is a PDF renamed to ``.docx``.
"""

import re
import zipfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
_MACRO_TYPE = re.compile(r"macroEnabled", re.IGNORECASE)
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb'(\w+)\s*=\s*"([^"]*)"')

# A genuine package has a few hundred parts and a small [Content_Types].xml; anything far
# beyond is refused without inflating it, so a zip bomb costs nothing but its directory.
_MAX_ZIP_ENTRIES = 10_000
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024

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


def _office_kind(file: IO[bytes]) -> str:
    """Which Office document a zip is, judged from its directory and content types only."""
    try:
        with zipfile.ZipFile(file) as package:
            entries = package.infolist()
            if len(entries) > _MAX_ZIP_ENTRIES:
                return "zip"
            by_name = {entry.filename: entry for entry in entries}
            content_types = by_name.get("[Content_Types].xml")
            if content_types is None or content_types.file_size > _MAX_CONTENT_TYPES_BYTES:
                return "zip"
            with package.open(content_types) as stream:
                # Read at most the declared size plus one byte, whatever the header says.
                xml = stream.read(_MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "zip"
    if len(xml) > _MAX_CONTENT_TYPES_BYTES:
        return "zip"
    for override in _OVERRIDE.findall(xml):
        attributes = {
            key.decode("ascii").lower(): value.decode("utf-8", "replace")
            for key, value in _ATTRIBUTE.findall(override)
        }
        content_type = attributes.get("contenttype", "")
        part = attributes.get("partname", "").lstrip("/")
        if content_type in _OFFICE_MAIN_TYPES and part in by_name:
            return _OFFICE_MAIN_TYPES[content_type]
        if _MACRO_TYPE.search(content_type):
            return "office-macro"
    return "office" if any(n.startswith(("word/", "xl/", "ppt/")) for n in by_name) else "zip"


def detect_kind(file: IO[bytes]) -> str | None:
    """The kind of file by its content (a key of KIND_LABELS), or None if unknown."""
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


def validate_attachment(uploaded_file) -> None:
    """Refuse a file that is empty, too large, or not what its name says it is.

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
        return
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

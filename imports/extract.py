"""The text of an uploaded minutes file: plain text, Word (.docx) or PDF.

Every way a file can be wrong ends in ExtractionError with a message for the person
who uploaded it; nothing is stored before the text has been read.
"""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 1024 * 1024
# A .docx is a zip archive: a small file can unpack to gigabytes (a zip bomb).
MAX_DOCX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_DOCX_MEMBERS = 2000
PDF_TIME_LIMIT_SECONDS = 30
PDF_MEMORY_LIMIT_BYTES = 768 * 1024 * 1024
# Fewer letters than this in a PDF with pages means a scan without a text layer.
MIN_PDF_LETTERS = 40

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
WORKER = Path(__file__).resolve().parent / "pdf_worker.py"


class ExtractionError(Exception):
    """The file cannot be read; the message says why, for the person who uploaded it."""


def extract_text(
    *,
    data: bytes,
    filename: str,
    pdf_time_limit: float = PDF_TIME_LIMIT_SECONDS,
    pdf_memory_limit: int = PDF_MEMORY_LIMIT_BYTES,
) -> str:
    """The text of the file, by its type; raises ExtractionError with a Swedish message."""
    suffix = Path(filename or "").suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionError(
            _("The file is larger than %(limit)d MB and cannot be imported.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ExtractionError(_("The file is empty."))
    if suffix == ".doc":
        raise ExtractionError(
            _("Old Word files (.doc) cannot be read. Save the document as .docx and try again.")
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(
            _("Only text files (.txt), Word documents (.docx) and PDF files can be imported.")
        )
    if suffix == ".txt":
        text = text_from_plain(data)
    elif suffix == ".docx":
        text = text_from_docx(data)
    else:
        text = text_from_pdf(data, time_limit=pdf_time_limit, memory_limit=pdf_memory_limit)
    if not text.strip():
        raise ExtractionError(_("The file contains no text."))
    return text


def text_from_plain(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ExtractionError(_("The file is not a text file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
        if control > len(text) // 100:
            raise ExtractionError(_("The file is not a text file."))
        return text
    raise ExtractionError(_("The file is not a text file."))


# --------------------------------------------------------------------------- Word


def check_zip(data: bytes) -> None:
    """Refuse an archive that would unpack to far more than a document needs.

    The sizes are read from the zip directory before anything is decompressed.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ExtractionError(
            _("The file is not a Word document (.docx) that can be read.")
        ) from error
    with archive:
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members) or 1
        if (
            len(members) > MAX_DOCX_MEMBERS
            or unpacked > MAX_DOCX_UNPACKED_BYTES
            or unpacked / packed > MAX_DOCX_RATIO
        ):
            raise ExtractionError(
                _(
                    "The Word document unpacks to far more data than a document holds "
                    "and is not read."
                )
            )
        if "word/document.xml" not in archive.namelist():
            raise ExtractionError(_("The file is not a Word document (.docx) that can be read."))


def text_from_docx(data: bytes) -> str:
    check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ExtractionError(
            _("The file is not a Word document (.docx) that can be read.")
        ) from error
    except Exception as error:  # noqa: BLE001 - lxml and docx raise many kinds on bad XML
        raise ExtractionError(
            _("The file is not a Word document (.docx) that can be read.")
        ) from error
    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_paragraph_lines(block, numbering))
        elif tag == "tbl":
            for row in block.iter(_w("tr")):
                cells = []
                for cell in row.iter(_w("tc")):
                    texts = [_paragraph_text(p) for p in cell.iter(_w("p"))]
                    cells.append(" ".join(t for t in texts if t))
                lines.append(" ".join(c for c in cells if c))
    return "\n".join(lines)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    for node in paragraph.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _paragraph_lines(paragraph, numbering: "_Numbering") -> list[str]:
    text = _paragraph_text(paragraph)
    prefix = numbering.prefix(paragraph)
    lines = text.split("\n")
    if prefix:
        lines[0] = f"{prefix} {lines[0]}"
    return lines


class _Numbering:
    """Numbers of automatically numbered paragraphs, which are not in their text.

    Minutes written in Word often number the items with a numbered list; without
    the numbers the parser could not see where an item starts.
    """

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            self.styles = {
                style.get(_w("styleId")): style
                for style in document.styles.element.iter(_w("style"))
            }
        except (KeyError, NotImplementedError, AttributeError):
            self.styles = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for node in root.iter(_w("abstractNum")):
            levels: dict[str, tuple[str, str, int]] = {}
            for level in node.iter(_w("lvl")):
                fmt = level.find(_w("numFmt"))
                text = level.find(_w("lvlText"))
                start = level.find(_w("start"))
                levels[level.get(_w("ilvl"))] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    text.get(_w("val")) if text is not None else "%1.",
                    int(start.get(_w("val"))) if start is not None else 1,
                )
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(_w("val")), {}).items():
                self.formats[(num.get(_w("numId")), ilvl)] = spec

    def _style_numbering(self, style_id: str | None, depth: int = 0):
        """The numbering a paragraph style gives, following the styles it is based on."""
        style = self.styles.get(style_id or "")
        if style is None or depth > 10:
            return None
        props = style.find(_w("pPr"))
        num_pr = props.find(_w("numPr")) if props is not None else None
        if num_pr is not None:
            return num_pr
        based_on = style.find(_w("basedOn"))
        return self._style_numbering(
            based_on.get(_w("val")) if based_on is not None else None, depth + 1
        )

    def prefix(self, paragraph) -> str:
        props = paragraph.find(_w("pPr"))
        num_pr = props.find(_w("numPr")) if props is not None else None
        if num_pr is None and props is not None and props.find(_w("pStyle")) is not None:
            num_pr = self._style_numbering(props.find(_w("pStyle")).get(_w("val")))
        if num_pr is None:
            return ""
        num_id_node, ilvl_node = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
        num_id = num_id_node.get(_w("val")) if num_id_node is not None else None
        ilvl = ilvl_node.get(_w("val")) if ilvl_node is not None else "0"
        spec = self.formats.get((num_id, ilvl))
        if not num_id or num_id == "0" or spec is None:
            return ""
        fmt, template, start = spec
        level = int(ilvl)
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        value = counters[level]
        if fmt == "bullet":
            return "-"
        if fmt in ("lowerLetter", "upperLetter"):
            rendered = chr(ord("a") + (value - 1) % 26)
            rendered = rendered.upper() if fmt == "upperLetter" else rendered
        else:
            rendered = str(value)
        return template.replace(f"%{level + 1}", rendered).strip()


# --------------------------------------------------------------------------- PDF


def text_from_pdf(data: bytes, *, time_limit: float, memory_limit: int) -> str:
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError(_("The file is not a PDF that can be read."))
    try:
        completed = subprocess.run(
            [sys.executable, "-I", str(WORKER), str(memory_limit), str(int(time_limit) + 1)],
            input=data,
            capture_output=True,
            timeout=time_limit,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ExtractionError(
            _("Reading the PDF took too long and was stopped. Try saving it again as PDF.")
        ) from error
    try:
        result = json.loads(completed.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        result = {"status": "memory" if completed.returncode != 0 else "invalid"}
    status = result.get("status")
    if status == "encrypted":
        raise ExtractionError(
            _(
                "The PDF is protected with a password. Save a copy without protection "
                "and upload it again."
            )
        )
    if status == "memory":
        raise ExtractionError(_("The PDF needs too much memory to be read and was stopped."))
    if status != "ok":
        raise ExtractionError(_("The file is not a PDF that can be read."))
    text = result.get("text", "")
    if sum(c.isalpha() for c in text) < MIN_PDF_LETTERS:
        raise ExtractionError(
            _(
                "The PDF has no text, probably because it is a scanned image. Upload the "
                "minutes as a Word document or as a PDF with text."
            )
        )
    return text

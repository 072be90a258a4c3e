"""The text of an uploaded minutes file: plain text, Word (.docx) or PDF.

Every way a file can be wrong ends in ExtractionError with a message for the person
who uploaded it; nothing is stored before the text has been read.
"""

import io
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

from django.utils.translation import gettext as _

from council.errors import DomainError
from council.zipguard import ArchiveRefused, Limits, open_checked

from .text import FIELD_LABELS, clean_characters, document_words, join_pair

MAX_FILE_BYTES = 20 * 1024 * 1024
# Reading minutes costs about a microsecond a character (`bench_import --sizes`): the
# longest text read is two million characters, some 700 pages, read in under two
# seconds. Minutes run to 10,000-100,000 characters; a file's images do not count.
MAX_TEXT_CHARS = 2_000_000
# A .docx is a zip archive: a small file can unpack to gigabytes (a zip bomb).
DOCX_LIMITS = Limits(members=2000, unpacked_bytes=60 * 1024 * 1024, ratio=100)
PDF_TIME_LIMIT_SECONDS = 30
PDF_MEMORY_LIMIT_BYTES = 768 * 1024 * 1024
# Fewer letters than this in a PDF with pages means a scan without a text layer.
MIN_PDF_LETTERS = 40

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
WORKER = Path(__file__).resolve().parent / "pdf_worker.py"


class ExtractionError(DomainError):
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
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            _(
                "The file holds %(length)s characters of text, more than any minutes "
                "(at most %(limit)s), and is not read. Split it into the minutes of each "
                "meeting."
            )
            % {"length": f"{len(text):,}".replace(",", " "), "limit": "2 000 000"}
        )
    return text


def text_from_plain(data: bytes) -> str:
    """The text of a text file: UTF-8, Windows' UTF-16 ("Unicode" in Notepad) by its byte
    order mark, or Windows-1252."""
    for mark, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise ExtractionError(_("The file is not a text file.")) from error
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

    The sizes are read from the zip directory before anything is decompressed, by the
    guard every uploaded archive goes through. python-docx then reads each part no
    further than the size the directory gives (zipfile stops there and checks the CRC).
    """
    try:
        archive = open_checked(data, DOCX_LIMITS)
    except ArchiveRefused as error:
        if error.reason == "unreadable":
            raise ExtractionError(
                _("The file is not a Word document (.docx) that can be read.")
            ) from error
        raise ExtractionError(
            _("The Word document unpacks to far more data than a document holds and is not read.")
        ) from error
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise ExtractionError(_("The file is not a Word document (.docx) that can be read."))


def text_from_docx(data: bytes) -> str:
    """The text of a Word document, a paragraph to a line, in reading order.

    What Word keeps out of the text is put back: the numbers of automatically numbered
    paragraphs, the contents of content controls (templates wrap the body or the header
    in them) and of text boxes, tables (a row to a line, its cells separated by " | ").
    Page headers and footers, deleted text of tracked changes, field codes and struck-out
    text are left out.
    """
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
    reader = _WordReader(numbering)
    reader.blocks(document.element.body)
    return "\n".join([*_first_page_heading(document, numbering), *reader.lines])


def _first_page_heading(document, numbering: "_Numbering") -> list[str]:
    """What the first page's header says of the document, read before the body, as a
    PDF's first running header is: templates put the Dnr or the forum there. Page
    numbers, addresses and other page furniture are left out."""
    try:
        section = document.sections[0]
        part = (
            section.first_page_header
            if section.different_first_page_header_footer
            else section.header
        )
        if part.is_linked_to_previous:  # the first section's: no header at all
            return []
        element = part._element
    except (IndexError, AttributeError, KeyError, ValueError):
        return []
    reader = _WordReader(numbering)
    reader.blocks(element)
    lines = []
    for line in reader.lines:
        # A header sets its parts at tab stops: left, centre and right.
        line = re.sub(r"\s*\t\s*", " | ", line.strip())
        kept = PAGE_MARK_CUT_RE.sub(" ", line).strip(" |")
        if kept and not FOOTER_RE.search(kept) and not re.fullmatch(r"[\d\s|/()–-]*", kept):
            lines.append(kept)
    return lines


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _local(node) -> str:
    tag = node.tag if isinstance(node.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


class _WordReader:
    """Walks the body of a document in reading order, a paragraph to a line."""

    # Containers whose children are read as if they stood in their place.
    TRANSPARENT = {
        "sdt",
        "sdtContent",
        "customXml",
        "smartTag",
        "ins",
        "moveTo",
        "hyperlink",
        "fldSimple",
        "dir",
        "bdo",
        "AlternateContent",
        "Choice",
    }
    SKIPPED = {
        "del",
        "moveFrom",
        "sdtPr",
        "sdtEndPr",
        "instrText",
        "delText",
        "Fallback",
        "proofErr",
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
        "footnoteReference",
        "endnoteReference",
        "pPr",
        "rPr",
        "sectPr",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
    }

    def __init__(self, numbering: "_Numbering") -> None:
        self.numbering = numbering
        self.lines: list[str] = []

    def blocks(self, parent) -> None:
        for node in parent.iterchildren():
            name = _local(node)
            if name == "p":
                self.paragraph(node)
            elif name == "tbl":
                self.table(node)
            elif name == "sdt" and _placeholder(node):
                continue
            elif name in self.TRANSPARENT or name == "txbxContent":
                self.blocks(node)

    def paragraph(self, paragraph) -> None:
        boxes: list = []
        text = self.runs(paragraph, boxes)
        # Text boxes anchored in a paragraph are read before it: they hold headings.
        for box in boxes:
            self.blocks(box)
        prefix = self.numbering.prefix(paragraph)
        lines = text.split("\n")
        if prefix and lines[0].strip():
            lines[0] = f"{prefix} {lines[0].lstrip()}"
        self.lines.extend(lines)

    def runs(self, node, boxes: list) -> str:
        parts: list[str] = []
        for child in node.iter():
            name = _local(child)
            if name == "txbxContent":
                if not any(_local(a) in {"Fallback", "del"} for a in child.iterancestors()):
                    boxes.append(child)
                continue
            if name not in {"t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "sym"}:
                continue
            if _inside(child, node):
                continue
            if name == "t":
                if not self.struck(child):
                    parts.append(child.text or "")
            elif name == "tab":
                if _local(child.getparent()) == "r":
                    parts.append("\t")
            elif name in {"br", "cr"}:
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "softHyphen":
                parts.append("\u00ad")
            elif name == "sym":
                parts.append(_symbol(child))
        return "".join(parts)

    @staticmethod
    def struck(text_node) -> bool:
        """Struck-out or hidden text: what the secretary crossed out is not the minutes."""
        run = text_node.getparent()
        props = run.find(_w("rPr")) if run is not None else None
        if props is None:
            return False
        for tag in ("strike", "dstrike", "vanish"):
            mark = props.find(_w(tag))
            if mark is not None and mark.get(_w("val"), "true") not in {"0", "false", "off"}:
                return True
        return False

    def table(self, table) -> None:
        rows = [
            row
            for child in table.iterchildren()
            for row in ([child] if _local(child) == "tr" else child.iter(_w("tr")))
            if _local(child) in {"tr", "sdt", "customXml"}
        ]
        for row in rows:
            cells: list[list[str]] = []
            for cell in row.iterchildren(_w("tc"), _w("sdt")):
                for tc in [cell] if _local(cell) == "tc" else cell.iter(_w("tc")):
                    inner = _WordReader(self.numbering)
                    inner.blocks(tc)
                    cells.append([line for line in inner.lines if line.strip()])
            self.row(cells)

    def row(self, cells: list[list[str]]) -> None:
        """A table row: one line of its cells where each holds one paragraph; otherwise
        the first cell (a number or a label) with the first paragraph of the next, and
        the rest of the paragraphs each on a line."""
        cells = [c for c in cells if c]
        if not cells:
            return
        if len(cells) >= 2 and len(cells[0]) == 1 and NUMBER_CELL_RE.fullmatch(cells[0][0].strip()):
            # "3. | Title | Notes": the numbered heading, then what the other cells say.
            self.lines.append(f"{cells[0][0].strip()} {cells[1][0]}")
            self.lines.extend(cells[1][1:])
            for cell in cells[2:]:
                self.lines.extend(cell)
            return
        if all(len(c) == 1 for c in cells):
            self.lines.append(_joined_cells([c[0] for c in cells]))
            return
        first, rest = cells[0], cells[1:]
        if (
            len(first) == 1
            and len(first[0]) <= 25
            and rest
            and not NUMBERED_CELL_RE.match(first[0])
        ):
            head = rest[0]
            self.lines.append(_joined_cells([first[0], head[0]]))
            self.lines.extend(head[1:])
            for cell in rest[1:]:
                self.lines.extend(cell)
            return
        for cell in cells:
            self.lines.extend(cell)


def _inside(child, paragraph) -> bool:
    """Whether a node of a paragraph sits in a text box, a deleted part, the properties of
    the paragraph, or a content control that only shows its placeholder."""
    for ancestor in child.iterancestors():
        if ancestor is paragraph:
            return False
        name = _local(ancestor)
        if name in {"txbxContent", "del", "moveFrom", "Fallback", "pPr", "rPr", "sdtPr"}:
            return True
        if name == "sdt" and _placeholder(ancestor):
            return True
    return False


def _placeholder(sdt) -> bool:
    """A content control showing its prompt ("Klicka här för att ange text")."""
    props = sdt.find(_w("sdtPr"))
    return props is not None and props.find(_w("showingPlcHdr")) is not None


NUMBER_CELL_RE = re.compile(r"(?:§\s*)?\d{1,4}(?:[a-z]|\.\d{1,2})?[.):]?|[Pp]unkt\s+\d+[.:]?")


# "2. Val av justerare | Välfärdsrådet beslutar …": an item's heading beside what was
# decided on it, not a label beside its value.
NUMBERED_CELL_RE = re.compile(r"^(?:§\s*)?\d{1,3}[a-z]?(?:\.\d{1,2})?[.):]?\s+[A-ZÅÄÖ]")


def _joined_cells(cells: list[str]) -> str:
    """Cells of a row on one line: a number cell stands before the heading it numbers."""
    first = cells[0].strip()
    if len(cells) >= 2 and re.fullmatch(r"(?:§\s*)?\d{1,3}[a-z]?[.):]?|[Pp]unkt\s+\d+[.:]?", first):
        return " ".join([first, " | ".join(c.strip() for c in cells[1:])])
    return " | ".join(c.strip() for c in cells)


def _symbol(node) -> str:
    code = node.get(_w("char")) or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol fonts map their glyphs into the private use area (F0xx).
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return {0xB7: "•", 0x2D: "-", 0x96: "–"}.get(value, chr(value) if value >= 32 else "")


class _Numbering:
    """Numbers of automatically numbered paragraphs, which are not in their text.

    Minutes written in Word often number the items with a numbered list; without
    the numbers the parser could not see where an item starts. Counters follow Word:
    lists that share a definition go on counting unless one starts again.
    """

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.lists: dict[str, str] = {}  # numId -> the counter it counts with
        self.starts: dict[tuple[str, int], int] = {}  # overrides of a level's start
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
                    _int(start.get(_w("val")) if start is not None else None, 1),
                )
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is None:
                continue
            num_id, abstract_id = num.get(_w("numId")), ref.get(_w("val"))
            overrides = list(num.iter(_w("lvlOverride")))
            self.lists[num_id] = f"abstract:{abstract_id}"
            for override in overrides:
                start = override.find(_w("startOverride"))
                if start is not None:
                    level = _int(override.get(_w("ilvl")), 0)
                    self.starts[(num_id, level)] = _int(start.get(_w("val")), 1)
            for ilvl, spec in abstract.get(abstract_id, {}).items():
                self.formats[(num_id, ilvl)] = spec

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
        style_pr = None
        if props is not None and props.find(_w("pStyle")) is not None:
            style_pr = self._style_numbering(props.find(_w("pStyle")).get(_w("val")))
        if num_pr is None:
            num_pr = style_pr
        if num_pr is None:
            return ""
        num_id_node, ilvl_node = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
        if ilvl_node is None and style_pr is not None:
            ilvl_node = style_pr.find(_w("ilvl"))
        if num_id_node is None and style_pr is not None:
            num_id_node = style_pr.find(_w("numId"))
        num_id = num_id_node.get(_w("val")) if num_id_node is not None else None
        ilvl = ilvl_node.get(_w("val")) if ilvl_node is not None else "0"
        spec = self.formats.get((num_id, ilvl))
        if not num_id or num_id == "0" or spec is None:
            return ""
        fmt, template, start = spec
        level = _int(ilvl, 0)
        counters = self.counters.setdefault(self.lists.get(num_id, num_id), {})
        first = self.starts.get((num_id, level), start)
        if (num_id, level) in self.starts and counters.get(("started", level)) != num_id:
            counters.pop(level, None)
            counters[("started", level)] = num_id
        counters[level] = counters.get(level, first - 1) + 1
        for deeper in [k for k in counters if isinstance(k, int) and k > level]:
            del counters[deeper]
        if fmt == "bullet" or fmt == "none":
            # A list whose label is a word ("att" before each clause of a decision) shows
            # the word; a bullet's mark is only a mark.
            word = template.strip()
            if len(word) >= 2 and word.isalpha() and "%" not in word:
                return word
            return "-" if fmt == "bullet" else ""

        def rendered(at: int) -> str:
            value = counters.get(at, 1)
            kind = self.formats.get((num_id, str(at)), (fmt,))[0] if at != level else fmt
            if kind in ("lowerLetter", "upperLetter"):
                letter = chr(ord("a") + (value - 1) % 26)
                return letter.upper() if kind == "upperLetter" else letter
            if kind in ("lowerRoman", "upperRoman"):
                roman = _roman(value)
                return roman if kind == "upperRoman" else roman.lower()
            if kind == "decimalZero":
                return f"{value:02d}"
            return str(value)

        out = template
        for at in range(level, -1, -1):
            out = out.replace(f"%{at + 1}", rendered(at))
        return out.strip()


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _roman(value: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out


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
    text = layout_pdf(result.get("pages", []))
    if sum(c.isalpha() for c in text) < MIN_PDF_LETTERS:
        raise ExtractionError(
            _(
                "The PDF has no text, probably because it is a scanned image. Upload the "
                "minutes as a Word document or as a PDF with text."
            )
        )
    return text


# Page headers and footers stand in the top and bottom margins.
MARGIN_SHARE = 0.12
FOOTER_RE = re.compile(
    r"\b(?:Sida|Sid|Page)\s+\d+|^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$|^\s*\d{1,3}\s*(?:\(|/|av)\s*\d+"
    r"|www\.|https?://|@|\b(?:Tel|Telefon|Tfn|Fax|Växel|Org\.?\s?nr|Organisationsnummer"
    r"|Besöksadress|Postadress|Box)\b|\b\d{3}\s\d{2}\s+[A-ZÅÄÖ]|\b0\d{1,3}[-–\s]\d{2}[\s\d]{4,}",
    re.I,
)


PAGE_MARK_CUT_RE = re.compile(
    r"\b(?:Sida|Sid|Page)\s+\d+\s*(?:\(\s*\d+\s*\)|av\s+\d+|/\s*\d+)?", re.I
)
LABEL_START_RE = re.compile(r"^[A-ZÅÄÖ][\wåäö]{2,20}(?: [\wåäö]{2,15})?:(?:\s|$)")


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


# A row whose first cell holds only an item's number and whose next starts its title.
HEADING_NUMBER_CELL_RE = re.compile(
    r"(?m)^((?:§\s*)?\d{1,3}[a-z]?(?:\.\d{1,2})?[.):]?|[Pp]unkt\s+\d+[.:]?) \| (?=[A-ZÅÄÖ])"
)
# Lines a page needs to have margins of its own.
PAGE_MARGIN_LINES = 8
# "08. Information: …", "§ 4 Rapporter": a numbered heading begins a paragraph.
LIST_ENTRY_RE = re.compile(r"^(?:§\s*)?\d{1,3}[a-z]?[.)]\s+[A-ZÅÄÖ]")
NUMBERED_RE = re.compile(r"^(?:§\s*)?\d{1,3}[a-z]?[.):]?\s+[A-ZÅÄÖ]")


def _column(row: list) -> int:
    return row[7] if len(row) > 7 else 0


# The label of a grid's row ("Dnr", "Mötesdatum", "Plats:"): what starts a row, never
# what wraps from the row above.
GRID_LABEL_RE = re.compile(
    rf"^(?:[A-ZÅÄÖ][\wåäö]{{1,20}}(?: [\wåäö]{{2,15}})?:|{FIELD_LABELS}\b"
    r"|(?:Närvarande|Frånvarande|Deltagare)\b)"
)


def _cells_below(above: list, row: list) -> list[int] | None:
    """The cells of the table row above that the cells of this line wrap into: each of
    its cells starts under one of the row's, and it starts no new row (the label in the
    first cell, below a row of two cells only). None: a line of its own."""
    starts = above[9] if len(above) > 9 else []
    mine = row[9] if len(row) > 9 else [row[1]]
    texts = row[0].split(" | ")
    if len(starts) < 2 or len(above[0].split(" | ")) != len(starts) or len(texts) != len(mine):
        return None
    size = row[5]
    into = []
    for x in mine:
        at = next((i for i, s in enumerate(starts) if abs(x - s) < 0.6 * size), None)
        if at is None or (into and at <= into[-1]):
            return None
        into.append(at)
    if len(into) == 1 and into[0] == len(starts) - 1:
        return None  # the last cell's next line may be the text after the table
    if (into[0] == 0 and len(into) > 1) or any(GRID_LABEL_RE.match(t) for t in texts):
        return None  # a new row of the grid, its label first
    # The line must end inside the cell its last part goes into.
    if into[-1] + 1 < len(starts) and row[2] > starts[into[-1] + 1]:
        return None
    return into


def _next_row(above: list, row: list) -> bool:
    """Whether a line is the next row of the table the line above is a row of: its first
    two cells start where that row's do ("Ludvika | Åsa Bergström (S) | ledamot" over
    "Malung-Sälen | Per Nordin (C) | ledamot"), however little room the row above left."""
    starts = above[9] if len(above) > 9 else []
    mine = row[9] if len(row) > 9 else []
    if len(starts) < 2 or len(mine) < 2:
        return False
    return all(abs(a - b) < 0.6 * row[5] for a, b in zip(starts[:2], mine[:2], strict=True))


def layout_pdf(pages: list[dict]) -> str:
    """The lines of a PDF as paragraphs: page furniture left out, wrapped lines joined.

    Furniture is what stands in the top or bottom margin and recurs on other pages, or
    reads as a footer (page numbers, addresses, telephone, web). A line break is a wrap
    where the first word of the next line would not have fitted on the line before; a
    gap wider than the line spacing, or an indented line, starts a paragraph.
    """
    if not pages:
        return ""
    for page in pages:
        for row in page["lines"]:
            row[0] = " ".join(clean_characters(row[0]).split())
    # A running header or footer stands above or below the text of the pages, at the
    # same height with the same words (page numbers aside) on several pages. The text's
    # own lines rarely repeat, so those that do not mark where the text stands.
    on_pages: Counter[tuple[str, int]] = Counter()
    for page in pages:
        on_pages.update({(_shape(row[0]), round(row[3] / 4)) for row in page["lines"]})

    def repeated(row) -> bool:
        shape, band = _shape(row[0]), round(row[3] / 4)
        return len(pages) > 1 and sum(on_pages[(shape, band + d)] for d in (-1, 0, 1)) >= 2

    unique = [row for page in pages for row in page["lines"] if not repeated(row)]
    text_top = min((row[3] for row in unique), default=0.0)
    text_bottom = max((row[4] for row in unique), default=float("inf"))
    body: list[tuple[int, list]] = []
    for number, page in enumerate(pages):
        height = page["height"] or 1
        # Where this page's own text stands: a first page may start higher, under a
        # heading of its own, than the running header of the pages after it.
        own = [row for row in page["lines"] if not repeated(row)]
        page_top = min((row[3] for row in own), default=text_top)
        page_bottom = max((row[4] for row in own), default=text_bottom)
        for row in page["lines"]:
            in_margin = row[3] < MARGIN_SHARE * height or row[4] > (1 - MARGIN_SHARE) * height
            outside = (
                row[4] <= text_top + 1
                or row[3] >= text_bottom - 1
                or (number > 0 and (row[4] <= page_top + 1 or row[3] >= page_bottom - 1))
            )
            header = row[3] < MARGIN_SHARE * height
            if number == 0 and header and (repeated(row) and outside or in_margin):
                # The first page's running header is the document's own heading (the Dnr
                # and the date of the minutes may stand only there); its page mark is not.
                kept = PAGE_MARK_CUT_RE.sub(" ", row[0]).strip(" |")
                if kept and not FOOTER_RE.search(kept):
                    body.append((number, [kept, *row[1:]]))
                continue
            if (repeated(row) and outside) or (in_margin and FOOTER_RE.search(row[0])):
                continue
            body.append((number, row))
    if not body:
        return ""
    # Each column has its own margins: text across the page (0), or the left (1) and
    # right (2) column of a stretch set in two.
    # A page with lines enough has its own: the last page of a two-column document may
    # hold its left column only, set as one narrow column.
    margins = {}
    for key in {(_column(row),) for _n, row in body} | {(_column(row), n) for n, row in body}:
        rows = [row for n, row in body if (_column(row), n)[: len(key)] == key]
        if len(key) == 2 and len(rows) < PAGE_MARGIN_LINES:
            continue
        rights = sorted(row[2] for row in rows)
        lefts = Counter(round(row[1]) for row in rows)
        margins[key] = (lefts.most_common(1)[0][0], rights[int(0.95 * (len(rights) - 1))])
    spacings = sorted(
        b[1][3] - a[1][4]
        for a, b in zip(body, body[1:], strict=False)
        if a[0] == b[0] and _column(a[1]) == _column(b[1]) and b[1][3] > a[1][4] - 1
    )
    # The spacing of lines within a paragraph: the smaller gaps (blank lines and space
    # after paragraphs make the larger ones, and may be the most common).
    spacing = spacings[len(spacings) // 5] if spacings else 2.0
    words = None
    paragraphs: list[list[str]] = [[]]
    previous = None
    for number, row in body:
        text, x0, x1, top, bottom, size, first_width = row[:7]
        if previous is None:
            paragraphs[-1].append(text)
            previous = (number, row)
            continue
        p_number, p_row = previous
        p_text, p_x0, p_x1, p_top, p_bottom, p_size = p_row[:6]
        left, right = margins.get((_column(row), number)) or margins[(_column(row),)]
        # From the foot of the left column to the head of the right one is read as a page
        # break; into and out of the columns the gap is measured as it stands.
        same_page = number == p_number and (_column(p_row), _column(row)) != (1, 2)
        gap = top - p_bottom if same_page else 0.0
        fits = p_x1 + 0.3 * size + first_width <= right - 0.5 * size
        indented = x0 > left + 1.2 * size and p_x0 <= left + 0.6 * size
        # A wrapped paragraph goes on from where its lines start; a line set right or
        # centred, in another size, or a label ("Föredragande:") starts a line of its own.
        aligned = abs(x0 - p_x0) < 1.5 * size or (x0 <= left + 0.6 * size and p_x0 > x0)
        # A bold heading and the plain text under it are not one paragraph, even when
        # no gap parts them.
        weight_changes = len(row) > 8 and len(p_row) > 8 and row[8] != p_row[8]
        # The next entry of a numbered list ("5. …" over "6. …") starts its own line.
        listed = bool(LIST_ENTRY_RE.match(text) and LIST_ENTRY_RE.match(p_text))
        fits = (
            fits
            or not aligned
            or abs(size - p_size) > 0.15 * p_size
            or bool(LABEL_START_RE.match(text))
            or weight_changes
            or listed
            or _next_row(p_row, row)
        )
        ends = p_text.rstrip().endswith((".", ":", "!", "?"))
        # Across a page break there is no gap to go by: a finished sentence before a
        # capital ends the paragraph.
        new_paragraph = (same_page and gap > spacing + 0.45 * size) or (
            not same_page and ends and (fits or text[:1].isupper() or bool(NUMBERED_RE.match(text)))
        )
        into = _cells_below(p_row, row) if same_page and not new_paragraph else None
        if into is not None and paragraphs[-1][-1].endswith(p_text):
            # Cells of a table row that wrap: their next lines go into those cells, not
            # after the row's last cell ("Plats | Myntgatan 2, Falun, samt | Justerare |
            # Kerstin Hägglund, Jonas" over "Teams | Åberg").
            if words is None:
                words = document_words(" ".join(r[0] for _n, r in body))
            cells = p_text.split(" | ")
            for at, part in zip(into, text.split(" | "), strict=True):
                cells[at] = join_pair(cells[at], part, words=words)
            last = paragraphs[-1][-1]
            paragraphs[-1][-1] = last[: len(last) - len(p_text)] + " | ".join(cells)
            # The row goes on: its cells stay where they were for a third line.
            previous = (number, [" | ".join(cells), *p_row[1:3], top, row[4], *p_row[5:]])
            continue
        if new_paragraph:
            paragraphs.append([text])
        elif fits or indented:
            paragraphs[-1].append("\n" + text)
        else:
            if words is None:
                words = document_words(" ".join(r[0] for _n, r in body))
            joined = join_pair(paragraphs[-1][-1], text, words=words)
            paragraphs[-1][-1] = joined
        previous = (number, row)
    text = "\n\n".join("".join(p) for p in paragraphs if p)
    # "§ 27 | Mötets öppnande": a number set in a column of its own numbers the heading
    # beside it, as a number cell of a Word table does.
    return HEADING_NUMBER_CELL_RE.sub(r"\1 ", text)

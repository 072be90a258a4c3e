"""Read the lines of a PDF given on standard input; run only as a child process.

A hostile or broken PDF can make a PDF library loop or allocate without end, so
the server never reads one in its own process: this script runs with limits on
memory and processor time, and the parent kills it when the wall clock runs out.
It prints one JSON object: {"status": "ok", "pages": [...]}, each page with its size
and its lines in reading order as [text, x0, x1, top, bottom, font size, width of the
first word, column (0 across the page, 1 left, 2 right), set in bold, where each cell of
a table row starts], or a status naming what was
wrong. The parent lays the lines out into paragraphs.
"""

import json
import re
import resource
import sys
from collections import Counter

# A gap between two characters of a line wider than this many font sizes is a tab stop
# or a table column, written " | " so that the parent can tell cells apart.
COLUMN_GAP = 2.5
# A gap wider than this, with no space character, is a space between words: measured on
# the PDFs of the tests, letters of a word stand at most 0.09 font sizes apart and words
# at least 0.19 (a tightly set line may carry no space characters at all).
WORD_GAP = 0.14
# The labels of a header's fields, followed by their colon (imports.text.FIELD_LABELS:
# this process imports nothing of the project).
LABEL_RE = re.compile(
    r"^(?:Datum|Mötesdatum|Dokumentdatum|Sammanträdesdatum|Tid|Plats|Lokal|Dnr|Diarienummer"
    r"|Justerare|Sekreterare|Ordförande|Forum)\s*:"
)
# A gap this wide, where the rows around start a cell, starts one here too (a space
# between words is 0.25 font sizes or more; a justified line's up to about 0.7, but the
# rows of prose around it have no cells to line up with).
GRID_GAP = 0.5


def limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


# A footnote's call: digits set smaller than the line and raised above its baseline.
CALL_SIZE = 0.7
CALL_RISE = 0.2


def without_footnote_calls(chars: list[dict], size: float) -> list[dict]:
    """The letters of a line without the raised, small numbers that call its footnotes
    ("… länsgemensamma medel²"): the footnote is no part of the sentence."""
    bottoms = sorted(c["bottom"] for c in chars if c.get("size", size) >= 0.9 * size)
    if not bottoms:
        return chars
    baseline = bottoms[len(bottoms) // 2]
    out = []
    for char in chars:
        if (
            char["text"].isdigit()
            and char.get("size", size) <= CALL_SIZE * size
            and baseline - char["bottom"] >= CALL_RISE * size
            and out
            and not out[-1]["text"].isspace()
        ):
            continue
        out.append(char)
    return out


def line_row(line: dict, columns: tuple[float, ...] = ()) -> list:
    """The row of a line; ``columns`` are where the cells of the rows around it start,
    so that a cell set closer to its neighbour than a tab stop is still a cell."""
    chars = []
    for char in line.get("chars", []):
        # A ligature glyph ("fi") comes once for each letter it stands for.
        if char.get("text") and not (
            chars
            and char is chars[-1]
            or (chars and char["x0"] == chars[-1]["x0"] and char["text"] == chars[-1]["text"])
        ):
            chars.append(char)
    if not chars:
        x0 = line["x0"]
        return [line["text"], x0, line["x1"], line["top"], line["bottom"], 10.0, 0.0, [x0]]
    size = max(1.0, sorted(c.get("size", 10.0) for c in chars)[len(chars) // 2])
    chars = without_footnote_calls(chars, size)
    parts: list[str] = []
    previous = None
    space = False
    first_word_end = None
    cell_starts = [chars[0]["x0"]]
    spaces: list[tuple[int, float]] = []  # the spaces between words: where, and the x after
    for char in chars:
        text = char["text"]
        if text.isspace():
            space = True
            continue
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            if gap > COLUMN_GAP * size or (
                gap > GRID_GAP * size and any(abs(char["x0"] - x) < 0.3 * size for x in columns)
            ):
                parts.append(" | ")
                cell_starts.append(char["x0"])
            elif space or gap > WORD_GAP * size:
                spaces.append((len(parts), char["x0"]))
                parts.append(" ")
            if (space or gap > WORD_GAP * size) and first_word_end is None:
                first_word_end = previous["x1"]
        parts.append(text)
        space = False
        previous = char
    if first_word_end is None and previous is not None:
        first_word_end = previous["x1"]
    # "Plats: Stadshuset, sal   Sekreterare: Ylva Sandgren": on a label line, the next
    # label starts a cell, however narrow the space before it.
    if LABEL_RE.match("".join(parts[:25])):
        for at, x in reversed(spaces):
            if LABEL_RE.match("".join(parts[at + 1 : at + 25])):
                parts[at] = " | "
                cell_starts.append(x)
        cell_starts.sort()
    x0 = chars[0]["x0"]
    return [
        "".join(parts),
        x0,
        max(c["x1"] for c in chars),
        line["top"],
        line["bottom"],
        size,
        (first_word_end or x0) - x0,
        cell_starts,
    ]


BOLD_FONT_RE = re.compile(r"bold|black|heavy|demi|semibold|[-,]b$|\.b$", re.I)


def bold(line: dict) -> bool:
    """Whether most letters of the line are set in a bold face (a heading, usually)."""
    letters = [c for c in line.get("chars", []) if c.get("text", "").strip()]
    heavy = sum(bool(BOLD_FONT_RE.search(c.get("fontname") or "")) for c in letters)
    return bool(letters) and heavy * 2 > len(letters)


# Text set in two columns: a gutter this many font sizes wide at least, empty on this
# many lines running, near the middle of the page, with a quarter of the lines of each
# column ending at its edge (prose that fills its column, not a table of short cells).
GUTTER_MIN = 1.0
GUTTER_MAX = 6.0
COLUMN_LINES = 6
FILLED_SHARE = 0.25
# A column of prose is this share of the page wide at least; a table's label column is not.
COLUMN_SHARE = 0.25


def _size(line: dict) -> float:
    sizes = sorted(c.get("size", 10.0) for c in line.get("chars", []) if c.get("text", "").strip())
    return max(1.0, sizes[len(sizes) // 2]) if sizes else 10.0


def _free(line: dict, low: float, high: float) -> list[tuple[float, float]]:
    """The stretches of [low, high] that no letter of the line covers."""
    spans = sorted((c["x0"], c["x1"]) for c in line.get("chars", []) if c.get("text", "").strip())
    out, at = [], low
    for x0, x1 in spans:
        if x0 > at and x0 > low:
            out.append((at, min(x0, high)))
        at = max(at, x1)
        if at >= high:
            break
    if at < high:
        out.append((at, high))
    return [(a, b) for a, b in out if b > a]


def _meet(a: list, b: list, width: float) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= width:
                out.append((lo, hi))
    return out


def _half(line: dict, chars: list) -> dict:
    letters = [c for c in chars if c.get("text", "").strip()]
    return {
        "text": "".join(c["text"] for c in chars).strip(),
        "chars": chars,
        "x0": min(c["x0"] for c in letters),
        "x1": max(c["x1"] for c in letters),
        "top": line["top"],
        "bottom": line["bottom"],
    }


def in_reading_order(
    lines: list[dict], page_width: float, carried: tuple[float, float] | None = None
) -> tuple[list[tuple[dict, int]], tuple[float, float] | None]:
    """The lines of a page, each with its column (0 across the page, 1 left, 2 right); a
    stretch set in two columns is read down the left column, then down the right.

    ``carried`` is the gutter of the columns the page before ended in: they go on at the
    head of this page, however few lines they fill there. Returned with the lines is the
    gutter of the columns this page ends in, if it does."""
    low, high = 0.25 * page_width, 0.75 * page_width
    out: list[tuple[dict, int]] = []
    at = 0
    ending: tuple[float, float] | None = None
    while at < len(lines):
        size = _size(lines[at])
        free = _free(lines[at], low, high)
        end = at + 1
        while end < len(lines):
            both = _meet(free, _free(lines[end], low, high), GUTTER_MIN * size)
            if not both:
                break
            free, end = both, end + 1
        run = lines[at:end]
        gutter = _gutter(run, free, size, page_width) if end - at >= COLUMN_LINES else None
        heading = carried is not None and _across_top(lines[at], at, carried)
        if gutter is None and carried is not None and not heading and end - at >= 2:
            gutter = _carried(run, free, carried, size)
        if gutter is None:
            out.append((lines[at], 0))
            ending = None
            if not heading:
                carried = None  # the text under the running header is not in columns
            at += 1
            continue
        middle = (gutter[0] + gutter[1]) / 2
        cut = _above_columns(run, middle, size)
        if cut:
            # A table across the page above the columns ("DATUM TID PLATS DNR" over its
            # values), its last cell right of the gutter: read across, not as a column.
            out.extend((line, 0) for line in run[:cut])
            ending, carried = None, None
            at += cut
            continue
        carried = None
        ending = gutter
        left, right = [], []
        for line in lines[at:end]:
            chars = line.get("chars", [])
            west = [c for c in chars if (c["x0"] + c["x1"]) / 2 < middle]
            east = [c for c in chars if (c["x0"] + c["x1"]) / 2 >= middle]
            if any(c.get("text", "").strip() for c in west):
                left.append((_half(line, west), 1))
            if any(c.get("text", "").strip() for c in east):
                right.append((_half(line, east), 2))
        out.extend(left + right)
        at = end
    return out, ending


def _above_columns(run: list[dict], middle: float, size: float) -> int:
    """How many lines at the head of a run stand above its columns: up to the last row of
    a table (cells apart on its left too) whose right part starts elsewhere than the right
    column's lines start, before the first that starts there."""
    starts, tables = [], []
    for line in run:
        letters = [c for c in line.get("chars", []) if c.get("text", "").strip()]
        east = [c for c in letters if (c["x0"] + c["x1"]) / 2 >= middle]
        west = [c for c in letters if (c["x0"] + c["x1"]) / 2 < middle]
        starts.append(min((c["x0"] for c in east), default=None))
        tables.append(
            any(
                b["x0"] - a["x1"] > COLUMN_GAP * max(1.0, a.get("size", size))
                for a, b in zip(west, west[1:], strict=False)
            )
        )
    edge = Counter(round(x) for x in starts if x is not None).most_common(1)
    if not edge:
        return 0
    cut = 0
    for at, x in enumerate(starts):
        if x is None:
            continue
        if abs(x - edge[0][0]) <= size or not tables[at]:
            break
        cut = at + 1
    return cut


def _across_top(line: dict, at: int, gutter: tuple[float, float]) -> bool:
    """Whether the page's first line runs across the gutter: a running header, which the
    columns carried over from the page before go on under."""
    return at == 0 and line["x0"] < gutter[0] and line["x1"] > gutter[1]


def _carried(
    run: list[dict], free: list, gutter: tuple[float, float], size: float
) -> tuple[float, float] | None:
    """The gutter of the page before, where it is free on every line of the run and the
    run has text on both sides of it."""
    if not _meet(free, [gutter], GUTTER_MIN * size):
        return None
    lo, hi = gutter
    lefts = _spans(run, lambda c: c["x1"] <= lo + 1)
    rights = _spans(run, lambda c: c["x0"] >= hi - 1)
    return gutter if lefts and rights else None


def _gutter(
    lines: list[dict], free: list, size: float, page_width: float
) -> tuple[float, float] | None:
    """The gutter of a run of lines, if they are prose in two columns."""
    wide = COLUMN_SHARE * page_width
    for lo, hi in free:
        if hi - lo > GUTTER_MAX * size:
            continue
        lefts = _spans(lines, lambda c, lo=lo: c["x1"] <= lo + 1)
        rights = _spans(lines, lambda c, hi=hi: c["x0"] >= hi - 1)
        if len(lefts) < COLUMN_LINES // 2 or len(rights) < COLUMN_LINES // 2:
            continue
        # Prose fills its column: many lines of each side run across it to its edge,
        # where the cells of a table (labels, values) end wherever their words do.
        edge = sorted(x1 for _x0, x1 in rights)[int(0.95 * (len(rights) - 1))]
        if _filled(lefts, lo, size, wide) and _filled(rights, edge, size, wide):
            return lo, hi
    return None


def _spans(lines: list[dict], side) -> list[tuple[float, float]]:
    """Where each line's letters on one side of the gutter begin and end."""
    out = []
    for line in lines:
        chars = [c for c in line.get("chars", []) if c.get("text", "").strip() and side(c)]
        if chars:
            out.append((min(c["x0"] for c in chars), max(c["x1"] for c in chars)))
    return out


def _filled(spans: list[tuple[float, float]], edge: float, size: float, wide: float) -> bool:
    full = sum(x1 >= edge - 2.0 * size and x1 - x0 >= wide for x0, x1 in spans)
    return full >= max(3, FILLED_SHARE * len(spans))


def _row(line: dict, column: int, columns: tuple[float, ...] = ()) -> list:
    """[text, x0, x1, top, bottom, size, first word's width, column, bold, cell starts]."""
    *row, cells = line_row(line, columns)
    return [*row, column, bold(line), cells]


# The rows of a grid (labels and values, set without lines) around a line, whose cells
# show where the columns stand.
GRID_ROWS = 3
# ... and no further than this many font sizes above or below it.
GRID_REACH = 3.2


def in_rows(ordered: list[tuple[dict, int]]) -> list[list]:
    """The rows of a page; a line's cells also start where the rows above and below it
    start theirs (a value running close to the next label: "samt   Justerare")."""
    first = [line_row(line) for line, _column in ordered]
    rows = []
    for at, (line, column) in enumerate(ordered):
        top, size = first[at][3], first[at][5]
        columns = tuple(
            x
            for other in first[max(0, at - GRID_ROWS) : at] + first[at + 1 : at + 1 + GRID_ROWS]
            # Rows of the same grid stand close: not a running header far above.
            if abs(other[3] - top) <= GRID_REACH * size
            for x in other[-1][1:]
        )
        if columns:
            rows.append(_row(line, column, columns))
        else:  # no grid around it: the row read once is the row
            *row, cells = first[at]
            rows.append([*row, column, bold(line), cells])
    return rows


def upright(obj: dict) -> bool:
    """Whether an object of the page is set level: a letter turned at an angle (a
    watermark across the page, a stamp) is no part of the lines it crosses."""
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = (obj.get("matrix") or (1, 0, 0, 1))[:4]
    return abs(b) <= 0.02 * (abs(a) + abs(d)) and abs(c) <= 0.02 * (abs(a) + abs(d))


# Numbered lines: a number first on most lines of a page, the numbers standing in a
# column of their own (their right edges aligned) and going up by one line by line.
NUMBERED_LINES_SHARE = 0.5
NUMBERED_LINES_MIN = 8


def _leading_number(line: dict) -> tuple[int, float, int] | None:
    """The number a line starts with as a word of its own: (value, right edge, letters)."""
    chars = [c for c in line.get("chars", []) if c.get("text")]
    digits = []
    for char in chars:
        if char["text"].isspace():
            break
        if digits and char["x0"] - digits[-1]["x1"] > WORD_GAP * max(1.0, char.get("size", 10)):
            break
        if not char["text"].isdigit():
            return None
        digits.append(char)
    if not digits or len(digits) > 4:
        return None
    return int("".join(c["text"] for c in digits)), digits[-1]["x1"], len(digits)


def without_line_numbers(lines: list[dict]) -> list[dict]:
    """The lines of a page without the line numbers a draft or a legal text runs down
    its margin ("20 att godkänna …"): found by where they stand and how they count, not
    by what the lines say."""
    numbered = [(at, found) for at, line in enumerate(lines) if (found := _leading_number(line))]
    if len(numbered) < max(NUMBERED_LINES_MIN, NUMBERED_LINES_SHARE * len(lines)):
        return lines
    edges = Counter(round(edge) for _at, (_v, edge, _n) in numbered)
    edge = edges.most_common(1)[0][0]
    column = [(at, found) for at, found in numbered if abs(found[1] - edge) <= 1.5]
    if len(column) < max(NUMBERED_LINES_MIN, NUMBERED_LINES_SHARE * len(lines)):
        return lines
    steps = [b[1][0] - a[1][0] for a, b in zip(column, column[1:], strict=False)]
    if sum(step == 1 for step in steps) < 0.8 * len(steps):
        return lines
    out = []
    strip = dict(column)
    for at, line in enumerate(lines):
        if at not in strip:
            out.append(line)
            continue
        chars = [c for c in line.get("chars", []) if c.get("text")]
        rest = chars[strip[at][2] :]
        while rest and rest[0]["text"].isspace():
            rest = rest[1:]
        if any(c["text"].strip() for c in rest):
            out.append(_half(line, rest))
    return out


def read(data: bytes) -> dict:
    import io

    import pdfplumber
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"status": "encrypted"}
        len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return {"status": "invalid"}
    except Exception as error:  # noqa: BLE001 - any failure of a damaged file is "invalid"
        if "decrypt" in str(error).lower() or "password" in str(error).lower():
            return {"status": "encrypted"}
        return {"status": "invalid"}
    pages: list[dict] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            columns = None  # the gutter of the columns the page before ended in
            for whole in pdf.pages:
                page = whole.filter(upright)
                lines = without_line_numbers(page.extract_text_lines(return_chars=True, strip=True))
                ordered, columns = in_reading_order(lines, float(page.width), columns)
                pages.append(
                    {
                        "width": float(page.width),
                        "height": float(page.height),
                        "lines": in_rows(ordered),
                    }
                )
                whole.close()
    except Exception:  # noqa: BLE001
        return {"status": "invalid"}
    return {"status": "ok", "pages": pages}


def main() -> None:
    memory, cpu = int(sys.argv[1]), int(sys.argv[2])
    limit(memory, cpu)
    data = sys.stdin.buffer.read()
    try:
        result = read(data)
    except MemoryError:
        result = {"status": "memory"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

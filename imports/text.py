"""The text of minutes as lines, and what separates each line from the one before.

Minutes arrive as text saved from Word (paragraphs broken into lines at the page width,
blank lines between some paragraphs and not others), as the paragraphs of a Word file,
or as the lines of a PDF. The parser needs to know, for each line, whether it goes on
with the paragraph of the line before or starts something new; this module gives it what
the text itself tells: a blank line before, and how full the line before was.

A line that is a soft wrap of a paragraph was broken because the next word did not fit,
so the line before it plus the next word is longer than the page width. Text saved from a
word processor with proportional fonts only approaches that rule, so the parser weighs
``fill`` together with punctuation and the words at the break instead of trusting it alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Characters that only steer layout, and typographic forms of plain letters.
_TRANSLATE = {
    0x200B: None,  # zero-width space
    0x200C: None,
    0x200D: None,
    0x2060: None,  # word joiner
    0xFEFF: None,  # zero-width no-break space (also a byte order mark)
    0x200E: None,  # left-to-right and right-to-left marks
    0x200F: None,
    0x00A0: " ",  # no-break spaces of every width
    0x2007: " ",
    0x202F: " ",
    0x2009: " ",
    0x200A: " ",
    0x2002: " ",
    0x2003: " ",
    0x2004: " ",
    0x2005: " ",
    0x2006: " ",
    0x2008: " ",
    0x3000: " ",
    0x0009: " ",
    0x2010: "-",  # hyphen
    0x2011: "-",  # no-break hyphen
    0x2212: "-",  # minus sign
    0x000B: "\n",  # vertical tab: Word's manual line break in text exports
    0x000C: "\n",  # form feed: a page break
    0x0085: "\n",
    0x2028: "\n",
    0x2029: "\n",
    0xFB00: "ff",
    0xFB01: "fi",
    0xFB02: "fl",
    0xFB03: "ffi",
    0xFB04: "ffl",
    0xFB05: "st",
    0xFB06: "st",
}
# Every other control character is dropped.
_TRANSLATE.update({c: None for c in range(32) if chr(c) not in "\n\t\v\f\r"})
_TRANSLATE.update({c: None for c in range(0x7F, 0xA0) if c != 0x85})


MARKDOWN_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# "*Föredragande:*", "_Beslut_": one star or underscore, not inside a word or a list mark.
MARKDOWN_ITALIC = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])([^*_\n]+?)(?<=[^\s*_])\1(?![\w*])")
MARKDOWN_RULE = re.compile(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
# "> Välfärdsrådet beslutar …": a quoted block, its marks before each line.
MARKDOWN_QUOTE = re.compile(r"(?m)^[ \t]{0,3}(?:>[ \t]?)+")
# A pipe table: "| Beslut | Ansvarig |" over "|--------|----------|"; the rule under the
# head goes, and each row's outer pipes, so that its cells read as a table row's do.
MARKDOWN_TABLE_RULE = re.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*\n?")
MARKDOWN_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|[ \t]*(.*?)[ \t]*\|[ \t]*$")


def without_markdown(text: str) -> str:
    """Notes written in Markdown read as the text they mark up: headings, bold and rules."""
    if not (MARKDOWN_HEADING.search(text) or "**" in text or "__" in text):
        return text
    # Italics only where the text is Markdown already: a lone "*" elsewhere is a footnote.
    # A rule first: "______" is a rule, not emphasis around "__".
    text = MARKDOWN_TABLE_RULE.sub("", text)
    text = MARKDOWN_TABLE_ROW.sub(lambda m: " | ".join(c.strip() for c in m[1].split("|")), text)
    text = MARKDOWN_QUOTE.sub("", text)
    text = MARKDOWN_RULE.sub("", MARKDOWN_HEADING.sub("", text))
    return MARKDOWN_ITALIC.sub(r"\2", MARKDOWN_EMPHASIS.sub(r"\2", text))


def clean_characters(text: str) -> str:
    """One normal form for every character: NFC, ligatures spelt out, no invisible marks.

    Line ends become ``\\n``; a soft hyphen at the end of a line is kept as a plain
    hyphen-less break so that the word it splits is joined again.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = without_markdown(unicodedata.normalize("NFC", text).translate(_TRANSLATE))
    # A soft hyphen (a place where a word may break) is kept only where a line breaks
    # at it, to join the word again.
    text = re.sub("\u00ad *(?=\n)", "\u00ad", text)
    return re.sub("\u00ad(?!\n)", "", text)


def normalise_text(text: str) -> str:
    """The text as the parser reads it and the review page shows it; an import's checksum
    is taken of it. Spaces are collapsed, a run of blank lines is one blank line."""
    lines = [
        " ".join(line.split()).replace("\u00ad", "-") for line in clean_characters(text).split("\n")
    ]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


# The labels of a minutes header's fields, for the parser and the PDF layout alike (the
# PDF worker, which imports nothing of the project, keeps its own copy).
FIELD_LABELS = (
    r"(?:Datum|Mötesdatum|Dokumentdatum|Sammanträdesdatum|Tid|Tidpunkt|Plats|Lokal|Mötesplats"
    r"|Dnr|Diarienummer|Diarienr|Justerare|Ordförande|Sekreterare|Forum)"
)

# --------------------------------------------------------------------------- lines


@dataclass(slots=True)
class Line:
    """One line of the text and how it stands to the line before it."""

    text: str
    index: int
    # A blank line (or a paragraph gap in a PDF) comes before this line.
    gap: bool = False
    # How full the line before was: its length plus this line's first word, over the
    # page width. Above 1 the first word could not have fitted on the line before, so
    # the break is a wrap. 0 when the text is not wrapped at a width.
    fill: float = 0.0
    # The line before ended in a hyphen followed by a space ("hälso- " + "och"): True or
    # False where the text keeps the spaces at its line ends, None where it does not tell.
    hyphen_space: bool | None = None


RULE_LINE = re.compile(r"^\s*([=\-_*~+|#.·•\u2500-\u257f])(?:\s*\1){2,}\s*$")


def lines_of(text: str) -> tuple[list[Line], int | None]:
    """The non-blank lines of the text with the break before each, and the width the
    text is wrapped at (None for paragraph text)."""
    raw = clean_characters(text).split("\n")
    # A rule drawn with characters ("=====", "-----", "───") is a break, not text.
    cleaned = ["" if RULE_LINE.match(r) else " ".join(r.split()) for r in raw]
    width = wrap_width(cleaned)
    # Text saved from Word keeps the space where a line broke at a space, and none where
    # it broke at a hyphen; text trimmed by an editor tells neither.
    ends = [r for r in raw if r.strip()]
    keeps_spaces = sum(1 for r in ends if r[-1:] in " \t\xa0") > 0.3 * len(ends)
    lines: list[Line] = []
    gap = False
    previous_raw = ""
    for raw_line, line in zip(raw, cleaned, strict=True):
        if not line:
            gap = True
            continue
        fill = 0.0
        if lines and width:
            first = line.split(" ", 1)[0]
            fill = (len(lines[-1].text) + 1 + len(first)) / width
        stripped = previous_raw.rstrip("\u00ad")
        lines.append(
            Line(
                line,
                len(lines),
                gap=gap,
                fill=fill,
                hyphen_space=bool(re.search(r"-[ \t\xa0]+$", stripped)) if keeps_spaces else None,
            )
        )
        gap = False
        previous_raw = raw_line
    return lines, width


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, in characters, or None when its lines are whole
    paragraphs (a Word file, or text saved without line breaks).

    Wrapped text has many lines just short of one width; the lines of paragraph text
    are as long as their paragraphs.
    """
    # A table's rows ("a | b | c") are as long as their cells, not wrapped.
    lengths = sorted(len(line) for line in lines if len(line) >= 20 and " | " not in line)
    if len(lengths) < 12:
        return None
    top = lengths[int(0.95 * (len(lengths) - 1))]
    if top > 160 or top < 40:
        return None
    near = sum(1 for n in lengths if n >= 0.8 * top)
    if near < 0.3 * len(lengths):
        return None
    return top


# --------------------------------------------------------------------------- joining

# Words a line ends with when its sentence plainly goes on over the next line.
CONTINUING = {
    "och",
    "i",
    "av",
    "för",
    "om",
    "med",
    "mot",
    "till",
    "från",
    "enligt",
    "samt",
    "inom",
    "på",
    "vid",
    "avseende",
    "ang.",
    "kring",
    "rörande",
    "gällande",
    "den",
    "det",
    "de",
    "en",
    "ett",
    "att",
    "som",
    "under",
    "efter",
    "inför",
    "genom",
    "mellan",
    "utan",
    "eller",
    "där",
    "vilket",
    "vars",
    "dess",
    "deras",
    "hos",
    "per",
    "än",
    "både",
    "samtliga",
}
# Words after which a hyphenated first part stands alone: "hälso- och sjukvård".
CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "alternativt"}


def join_pair(left: str, right: str, *, hyphen_space: bool | None = None, words=None) -> str:
    """Two pieces of one paragraph, joined where a line broke between them.

    A hyphen at the break stays with a space before a conjunction ("hälso- och"), unless
    the text shows there was none; it goes where the two halves make one word
    ("underav-" + "tal"), and stays, without a space, in "TN-platser" or "Malung-Sälen".
    """
    if not left:
        return right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if left.endswith(("–", "—")) and len(left) > 1 and left[-2].isalnum() and right[:1].isalnum():
        return left + right  # "2023–" + "2025"
    if left.endswith("-") and len(left) > 1 and left[-2].isalnum() and right[:1].isalnum():
        first = right.split(" ", 1)[0]
        head = re.search(r"(\w+)-$", left)
        if head and right[:1].islower() and dehyphenate(head[1], first, words):
            return left[:-1] + right
        if first.casefold().strip(",.") in CONJUNCTIONS and hyphen_space is not False:
            return f"{left} {right}"
        return left + right
    return f"{left} {right}"


def join_lines(lines) -> str:
    """Join the lines of one paragraph: a word broken at a line end is made whole again."""
    result = ""
    for line in lines:
        line = line.strip()
        if line:
            result = join_pair(result, line)
    return " ".join(result.split())


def dehyphenate(head: str, tail: str, words=None) -> bool:
    """Whether "head-" at a line end and "tail" on the next are one word broken by the
    layout ("underav-" + "tal") rather than a hyphenated word ("TN-" + "platser")."""
    tail_word = re.match(r"[^\W\d_]+", tail)
    if not tail_word or not head.isalpha() or len(head) < 2 or head.isupper():
        return False
    joined = head + tail_word[0]
    if words is not None:
        if joined.casefold() in words:
            return True
        if f"{head}-{tail_word[0]}".casefold() in words:
            return False
    lookup = swedish_lookup()
    return bool(lookup and lookup(joined))


HUNSPELL_PATHS = [Path("/usr/share/hunspell/sv_SE"), Path("/usr/share/myspell/sv_SE")]


@lru_cache(maxsize=1)
def swedish_lookup():
    """A Swedish spelling check (Debian's hunspell-sv through spylls), loaded on first use;
    None where the dictionary is not installed."""
    for base in HUNSPELL_PATHS:
        if base.with_suffix(".dic").exists() and base.with_suffix(".aff").exists():
            try:
                from spylls.hunspell import Dictionary
            except ImportError:
                return None
            dictionary = Dictionary.from_files(str(base))
            return dictionary.lookup
    return None


def document_words(text: str) -> set[str]:
    """The words of a document, folded, to tell its own spelling of a broken word."""
    return {w.casefold() for w in re.findall(r"\w+(?:-\w+)*", text)}

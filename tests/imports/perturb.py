"""The seed minutes laid out as other word processors and secretaries lay them out.

Each seed's paragraphs (`tests/fixtures/seeds/<name>.paragraphs.txt`, one paragraph to a
line, transcribed by hand from the seed) are wrapped again at other widths, with and
without blank lines between paragraphs, with Windows line ends, in Windows-1252, and with
page headers and footers put in the middle of the text. Whatever the layout, the reading
must give the seed's transcription.
"""

import random
import textwrap

from tests.conftest import FIXTURES

WIDTHS = (48, 60, 66, 72, 80, 95, 120)


def paragraphs(name: str) -> list[str]:
    text = (FIXTURES / "seeds" / f"{name}.paragraphs.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def wrap(paragraph: str, width: int, *, word_processor: bool) -> list[str]:
    """A paragraph broken into lines at ``width``: as a word processor saves it (the space
    kept at the end of a line, breaks after hyphens) or as a text editor wraps it."""
    if word_processor:
        lines = textwrap.wrap(
            paragraph, width, drop_whitespace=False, break_on_hyphens=True, break_long_words=False
        )
        # The space at a break stays at the end of the line, as Word saves it.
        out: list[str] = []
        for line in lines:
            stripped = line.lstrip(" ")
            if out and len(stripped) < len(line):
                out[-1] += line[: len(line) - len(stripped)]
            out.append(stripped)
        return out
    return textwrap.wrap(paragraph, width, break_on_hyphens=False, break_long_words=False)


def blank_between(previous: str, paragraph: str) -> bool:
    """Where a secretary puts an empty line: not between an intro and its clauses, nor
    between the clauses of one decision."""
    if paragraph.startswith(("att ", "Att ")):
        return False
    return not previous.rstrip().endswith((":", "beslutade", "beslut", "beslutar"))


def layout(name: str, width: int, *, blanks: str, word_processor: bool = False) -> str:
    """The seed wrapped at ``width``; ``blanks`` is "none", "all" or "some"."""
    out: list[str] = []
    previous = ""
    for paragraph in paragraphs(name):
        if out and (blanks == "all" or (blanks == "some" and blank_between(previous, paragraph))):
            out.append("")
        out.extend(wrap(paragraph, width, word_processor=word_processor))
        previous = paragraph
    return "\n".join(out) + "\n"


def with_furniture(text: str, *, every: int, seed: int, forum: str, date: str) -> str:
    """Page headers and footers put in every ``every`` lines or so, wherever that falls:
    in a title, a clause or a list of names."""
    rng = random.Random(seed)
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    countdown = every
    for line in lines:
        out.append(line)
        countdown -= 1
        if countdown <= 0 and line.strip():
            page += 1
            out.extend(
                [
                    "",
                    f"Region Dalarna{' ' * rng.randint(3, 30)}Minnesanteckningar",
                    f"{forum} {date}{' ' * rng.randint(3, 20)}Sida {page} ({page + 3})",
                    "",
                ]
            )
            countdown = every + rng.randint(-5, 5)
    return "\n".join(out)

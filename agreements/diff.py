"""Word-by-word comparison of a principal's adopted text with the recommended wording.

A recommendation that requires identical decisions (likalydande beslut) is only adopted
by all when every principal adopted the same words; this module shows where a text
departs from them instead of trusting the status someone chose.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words (letters, digits, and the joiners inside them, as in "hälso- och" or "2021-04-16")
# and every punctuation mark on its own, so a changed comma or full stop shows as such.
_TOKEN = re.compile(r"\w+(?:[-–/:.,]\w+)*|[^\w\s]", re.UNICODE)

# Typographic variants that Word and e-mail swap freely; they are not a change of wording.
_EQUIVALENT = str.maketrans(
    {
        "”": '"',
        "“": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "’": "'",
        "‘": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)

# "att rekommendera kommunerna och regionen att anta ..." recommends the decision that
# follows the second "att"; that is the wording each principal is asked to adopt.
_RECOMMENDING = re.compile(
    r"^\s*att\s+(?:gemensamt\s+)?rekommendera\s+.+?\s+att\s+(?P<decision>.+)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    text: str
    spaced: bool  # whitespace came before it in the source

    @property
    def key(self) -> str:
        return self.text.translate(_EQUIVALENT)


@dataclass(frozen=True)
class WordDiff:
    identical: bool
    inserted: int
    deleted: int
    html: SafeString


# The condition of identical decisions is the council's, not words the principals adopt:
# "att anta avtalet, under förutsättning att samtliga parter fattar likalydande beslut"
# asks each to decide "att anta avtalet".
_CONDITION_TAIL = re.compile(
    r"[,;]?\s+(?:(?:under\s+förutsättning|förutsatt\s+att|och\s+att\s+beslutet\s+gäller)\b"
    r"[^;]*?|(?:med|genom)\s+likalydande\s+beslut)(?P<end>[.;]?)\s*$",
    re.IGNORECASE | re.DOTALL,
)
_CONDITION_INSIDE = re.compile(r"\b(?:genom|med)\s+likalydande\s+beslut\s+", re.IGNORECASE)


def recommended_wording(clause: str) -> str:
    """The decision a recommendation asks the principals to take, as an "att"-clause,
    without the condition of identical decisions."""
    from meetings.clauses import states_identical_condition

    match = _RECOMMENDING.match(clause)
    wording = f"att {match['decision'].strip()}" if match else clause.strip()
    tail = _CONDITION_TAIL.search(wording)
    if tail and states_identical_condition(tail.group(0)):
        wording = wording[: tail.start()] + tail["end"]
    return _CONDITION_INSIDE.sub("", wording)


def tokens(text: str) -> list[Token]:
    text = (text or "").translate({0x00A0: " "})
    result = []
    for match in _TOKEN.finditer(text):
        start = match.start()
        result.append(Token(match.group(), start > 0 and text[start - 1].isspace()))
    return result


def _split(text: str) -> tuple[list[Token], list[Token], list[Token]]:
    """The clause's leading "att", its wording, and its closing full stop.

    A clause written with or without "att" before it or a full stop after it is the
    same clause, so only the wording between them is compared.
    """
    words = tokens(text)
    lead = words[:1] if words and words[0].text.casefold() == "att" else []
    words = words[len(lead) :]
    tail = words[-1:] if words and words[-1].text in {".", ";"} else []
    return lead, words[: len(words) - len(tail)], tail


def _render(parts: list[tuple[str, list[Token]]]) -> SafeString:
    out: list[str] = []
    for tag, words in parts:
        if not words:
            continue
        body = escape(
            "".join((" " if w.spaced and i else "") + w.text for i, w in enumerate(words))
        )
        space = " " if out and words[0].spaced else ""
        out.append(space + (f"<{tag}>{body}</{tag}>" if tag else body))
    return mark_safe("".join(out).strip())  # noqa: S308 - every piece is escaped above


def word_diff(expected: str, actual: str) -> WordDiff:
    """Compare two clauses word by word; insertions are in ``actual``, deletions from
    ``expected``. Spacing and quote or dash styles do not count as differences."""
    _lead, old, _tail = _split(expected)
    lead, new, tail = _split(actual)
    matcher = difflib.SequenceMatcher(
        a=[t.key for t in old], b=[t.key for t in new], autojunk=False
    )
    parts: list[tuple[str, list[Token]]] = [("", lead)]
    inserted = deleted = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("", new[j1:j2]))
            continue
        if op in ("delete", "replace"):
            parts.append(("del", old[i1:i2]))
            deleted += i2 - i1
        if op in ("insert", "replace"):
            parts.append(("ins", new[j1:j2]))
            inserted += j2 - j1
    parts.append(("", tail))
    return WordDiff(
        identical=inserted == deleted == 0, inserted=inserted, deleted=deleted, html=_render(parts)
    )

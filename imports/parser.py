"""Reading the minutes of the forums from their plain text.

The minutes were written by different secretaries over the years, so the layout
varies: the header may be one line or a block of labelled lines, decision blocks
are introduced as "<Forum> beslutade", "<Forum>s beslut" or "... beslutar", clauses
wrap over lines, and text extracted from PDF carries page headers and footers.
The rules below describe the format, not any one file, so that minutes of another
year parse with only small corrections.

The parser is pure Python: the caller passes a forum name resolver (the database's
forum names in the application, a plain mapping in a test) so that it can run
without a database.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field

from meetings.clauses import REFERRAL_VERB, clause_kind, requires_identical

ForumResolver = Callable[[str], "str | None"]

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_RE = "|".join(MONTHS)

# Outcomes and kinds use the values of meetings.models so that the result can be
# stored as it is; they are repeated here to keep the parser free of Django.
HANDLED, WITHDRAWN, TABLED = "handled", "withdrawn", "tabled"


def no_forums(name: str) -> str | None:
    return None


def mapping_resolver(names: dict[str, str]) -> ForumResolver:
    """A resolver from a mapping of every known name (any case) to the forum's name."""
    folded = {_fold(k): v for k, v in names.items()}
    # Secretaries sometimes drop the dots over a letter ("Valfärdsrådet"); a name
    # that only differs so still resolves, unless it would be ambiguous.
    plain: dict[str, str | None] = {}
    for key, value in folded.items():
        loose = _loose(key)
        plain[loose] = value if plain.get(loose, value) == value else None

    def resolve(name: str) -> str | None:
        key = _fold(name)
        return folded.get(key) or plain.get(_loose(key))

    return resolve


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _loose(name: str) -> str:
    return name.translate(str.maketrans("åäöéü", "aaoeu"))


# --------------------------------------------------------------------------- results


@dataclass
class ParseWarning:
    """Something a person should look at; ``code`` selects the message."""

    code: str
    item: str = ""
    clause: int | None = None
    detail: str = ""


@dataclass
class ParsedDecision:
    text: str
    kind: str
    referred_to: str | None = None
    requires_identical: bool = False
    # False when no rule recognised the clause and the kind is a default.
    classified: bool = True
    # The earlier decision this clause answers, when a person linked it on review.
    answers_id: int | None = None

    def as_json(self) -> dict:
        data: dict = {"text": self.text, "kind": self.kind}
        if self.referred_to:
            data["referred_to"] = self.referred_to
        if self.requires_identical:
            data["requires_identical"] = True
        return data


@dataclass
class ParsedSubItem:
    letter: str
    title: str


@dataclass
class ParsedItem:
    number: str
    title: str
    presenters: list[str] = field(default_factory=list)
    presenters_text: str = ""
    # The title each presenter had at the time, as the minutes give it.
    presenter_titles: dict[str, str] = field(default_factory=dict)
    outcome: str = HANDLED
    decisions: list[ParsedDecision] = field(default_factory=list)
    attachment_refs: str = ""
    discussion: str = ""
    sub_items: list[ParsedSubItem] = field(default_factory=list)
    # Meetings of other forums the text refers to: (forum name, date), for linking.
    references: list[tuple[str, datetime.date]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "presenters": list(self.presenters),
            "outcome": self.outcome,
            "decisions": [d.as_json() for d in self.decisions],
        }


@dataclass
class ParsedAttendee:
    name: str
    principal: str = ""


@dataclass
class ParsedMeeting:
    forum: str | None = None
    forum_as_written: str = ""
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    place: str | None = None
    registration_number: str | None = None
    minutes_date: datetime.date | None = None
    justerare: list[str] = field(default_factory=list)
    attendees: list[ParsedAttendee] = field(default_factory=list)
    attendance_note: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def as_json(self) -> dict:
        """Exactly the schema of the hand-checked transcriptions of the seed minutes."""
        return {
            "forum": self.forum,
            "date": self.date.isoformat() if self.date else None,
            "start_time": f"{self.start_time:%H:%M}" if self.start_time else None,
            "end_time": f"{self.end_time:%H:%M}" if self.end_time else None,
            "place": self.place,
            "registration_number": self.registration_number,
            "justerare": list(self.justerare),
            "items": [item.as_json() for item in self.items],
        }

    def as_dict(self) -> dict:
        """Everything the parser found, for keeping a review in the session."""
        return asdict(self)


# --------------------------------------------------------------------------- text


def normalise_text(text: str) -> str:
    """The text as the parser reads it; also what an import's checksum is taken of."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\t", " ").replace("\u200b", "").replace("\f", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    # Runs of blank lines carry no meaning; one is kept as a paragraph break.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines: a word broken with a hyphen at a line end is kept whole."""
    result = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not result:
            result = line
        elif re.search(r"\w-$", result) and line[:1].isalpha():
            result += line
        else:
            result += " " + line
    return " ".join(result.split())


PAGE_MARK_RE = re.compile(r"\bSida\s+\d+\s*(\(\s*\d+\s*\)|av\s+\d+)", re.I)
DATE_LABEL_RE = re.compile(r"^Datum:?\s*\d{4}-\d{2}-\d{2}$")
DNR_RE = re.compile(r"^(?:Dnr|Diarienummer)[:.]?\s*([A-ZÅÄÖ]{0,4}\s?\d[\w/.-]*)$", re.I)


def _is_running_header(line: str) -> bool:
    """A line of page furniture: repeated headers and footers of a printed page."""
    if PAGE_MARK_RE.search(line):
        return True
    if DATE_LABEL_RE.match(line) or DNR_RE.match(line):
        return True
    words = line.split()
    return "Minnesanteckningar" in words and len(words) <= 5 and "att" not in words


# --------------------------------------------------------------------------- patterns

# "12. Title", or in the style of a protocol "§ 12 Title".
ITEM_RE = re.compile(r"^(?:§\s*(?=\d{1,3}\.?\s)|(?=\d{1,2}\s*\.\s))(\d{1,3})\s*\.?\s+(\S.*)$")
SUB_ITEM_RE = re.compile(r"^(?:[-•–]\s*)?([a-h])\)\s*(.*)$")
PRESENTER_RE = re.compile(r"^(?:Föredragande|Föredragare|Föredrag av)\s*:\s*(.*)$", re.I)
BILAGA_RE = re.compile(
    r"\b[Bb]ilag(?:a|or)\s+[A-ZÅÄÖ]?\d*[A-Z0-9]*(?:\s*(?:[-–,]|och)\s*[A-ZÅÄÖ]?\d+[A-Z0-9]*)*"
)
TITLE_ATTACHMENT_RE = re.compile(r"[,\s]*\(?\s*" + BILAGA_RE.pattern + r"\s*\)?\s*\.?\s*$")
ATTACHMENT_LINE_RE = re.compile(r"^\(?" + BILAGA_RE.pattern + r"\)?\s*\.?$")
DECISION_INTRO_RE = re.compile(
    r"^(?P<who>[\wÅÄÖåäö][\w\s\-åäöÅÄÖ]{0,60}?)\s+"
    r"(?:beslut|beslutade|beslutar|beslöt|besluter)\s*(?::\s*(?P<att>att\b.*)|[:.]?)\s*$",
    re.I,
)
BARE_DECISION_INTRO_RE = re.compile(r"^(?:beslut|beslutades)\s*:?\s*(?P<att>att\b.*)?$", re.I)
# A clause may be bulleted or numbered within its decision block ("1. att ...").
CLAUSE_RE = re.compile(r"^(?:[-•–]\s*|\d{1,2}\s*[.)]\s*)?(att\s+\S.*)$")
ATTENDANCE_RE = re.compile(r"^(Närvarande|Deltagare|Närvarande ledamöter)\s*:\s*(.*)$", re.I)
ABSENT_RE = re.compile(r"^(Frånvarande|Förhinder|Anmält förhinder)\s*:\s*(.*)$", re.I)
NOT_REPRESENTED_RE = re.compile(r"^Följande .*inte representerade", re.I)
JUSTERARE_RE = re.compile(r"^(?:Justerare|Justeras av)\s*:\s*(.+)$", re.I)
PLACE_RE = re.compile(r"^(?:Plats|Lokal)\s*:\s*(.+)$", re.I)
TIME_RE = re.compile(
    r"(?:\b[Kk]l\.?|\bTid\s*:)\s*(?:[Kk]l\.?\s*)?"
    r"(\d{1,2})(?:[.:](\d{2}))?\s*(?:[-–]|till)\s*(\d{1,2})(?:[.:](\d{2}))?"
    # Without "kl." or "Tid:" only a range written with minutes is a time.
    r"|\b([0-2]?\d)[.:]([0-5]\d)\s*[-–]\s*([0-2]?\d)[.:]([0-5]\d)\b"
)
ISO_DATE_RE = re.compile(r"\b(20\d{2})-(\d{2})-(\d{2})\b")
TEXT_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I)
SHORT_DATE_RE = re.compile(r"\b(\d{2})(\d{2})(\d{2})\b")

WITHDRAWN_RE = re.compile(
    r"\b(?:ärendet|punkten|frågan)\s+(?:utgår|utgick|avförs|avfördes)\b", re.I
)
TABLED_RE = re.compile(
    r"\b(?:ärendet|punkten|frågan)\s+(?:bordlades|bordläggs|bordlägges|bordlagdes|bordlägga)\b",
    re.I,
)

NAME_PARTICLES = {"van", "von", "de", "af", "der", "den", "la", "le", "di", "da"}
ROLE_SUFFIXES = (
    "chef",
    "ledare",
    "samordnare",
    "ordförande",
    "sekreterare",
    "handläggare",
    "strateg",
    "utredare",
    "direktör",
    "instruktör",
    "koordinator",
    "konsult",
    "controller",
    "specialist",
    "ansvarig",
    "rådgivare",
    "föredragande",
    "representant",
    "forskare",
    "doktorand",
    "jurist",
    "ekonom",
    "sjuksköterska",
    "läkare",
    "kurator",
    "psykolog",
    "assistent",
    "medarbetare",
    "tjänsteperson",
)
ORGANISATION_WORDS = {
    "region",
    "regionen",
    "dalarna",
    "dalarnas",
    "kommun",
    "kommuns",
    "kommunen",
    "landstinget",
    "universitet",
    "högskola",
    "högskolan",
    "länsstyrelsen",
    "skr",
    "rss",
    "avdelningen",
    "förvaltning",
    "förvaltningen",
    "hälsa",
    "välfärd",
    "enheten",
}
# Words a title ends with when it clearly goes on over the next line.
CONTINUING_WORDS = {
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
}
STANDARD_WITHOUT_DECISION = re.compile(
    r"öppna|avslut|mötet av|övriga frågor|nästa möte|mötets avslutande|information|rapport",
    re.I,
)


# --------------------------------------------------------------------------- small parsers


def _time(hour: str, minute: str | None) -> datetime.time | None:
    h, m = int(hour), int(minute or 0)
    if 0 <= h < 24 and 0 <= m < 60:
        return datetime.time(h, m)
    return None


def find_times(line: str) -> tuple[datetime.time | None, datetime.time | None, re.Match | None]:
    match = TIME_RE.search(line)
    if not match:
        return None, None, None
    if match[1] is None:
        return _time(match[5], match[6]), _time(match[7], match[8]), match
    return _time(match[1], match[2]), _time(match[3], match[4]), match


def find_date(line: str, default_year: int | None) -> datetime.date | None:
    iso = ISO_DATE_RE.search(line)
    text = TEXT_DATE_RE.search(line)
    if text and (not iso or text.start() < iso.start()):
        year = int(text[3]) if text[3] else default_year
        if year is None:
            return None
        try:
            return datetime.date(year, MONTHS[text[2].lower()], int(text[1]))
        except ValueError:
            return None
    if iso:
        try:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[\wÅÄÖåäöÉé][\w\-ÅÄÖåäöÉé]*", text)


def find_forums(text: str, resolve: ForumResolver, max_words: int = 5) -> list[tuple[int, str]]:
    """Forums named in the text, as (word position, forum name), leftmost-longest first.

    Names are tried also without a genitive -s ("Välfärdsrådets" → "Välfärdsrådet").
    """
    words = _words(text)
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(max_words, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            name = resolve(phrase)
            if name is None and phrase.endswith("s") and not phrase.endswith("ss"):
                name = resolve(phrase[:-1])
            if name is not None:
                hit = (n, name)
                break
        if hit:
            found.append((i, hit[1]))
            i += hit[0]
        else:
            i += 1
    return found


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_role(word: str) -> bool:
    folded = word.casefold().rstrip(".,")
    return folded.endswith(ROLE_SUFFIXES) or word.endswith(".")


def _is_organisation(word: str) -> bool:
    return word.casefold().rstrip(".,") in ORGANISATION_WORDS


def presenter_details(text: str) -> list[tuple[str, str]]:
    """The people and groups of a "Föredragande:" line, each with the title given.

    Each comma- or "och"-separated segment starts with a name, perhaps followed by a
    title ("Ewa Welén Processledare"), or is only a title or an organisation
    ("Avdelningschef Leksands VC", "Region Dalarna"), which belongs to the name before.
    """
    found: list[tuple[str, list[str]]] = []
    for segment in re.split(r",|\boch\b|\bsamt\b|;", text):
        segment = segment.strip().strip(".()")
        words = segment.split()
        if not words:
            continue
        run: list[str] = []
        for word in words:
            if word in NAME_PARTICLES and run:
                run.append(word)
                continue
            if not _capitalised(word) or _is_role(word) or (word.isupper() and len(word) > 1):
                break
            run.append(word)
        while run and run[-1] in NAME_PARTICLES:
            run.pop()
        is_name = (
            bool(run)
            and not any(_is_organisation(w) for w in run)
            and (len(run) >= 2 or (len(words) == 1 and len(run[0]) > 2))
        )
        if is_name:
            rest = " ".join(words[len(run) :])
            found.append((" ".join(run), [rest] if rest else []))
        elif found:
            found[-1][1].append(segment)
    return [(name, ", ".join(title)) for name, title in found]


def presenter_names(text: str) -> list[str]:
    """The people and groups of a "Föredragande:" line, without their titles."""
    return [name for name, _title in presenter_details(text)]


def _split_attendee(entry: str, principals: Sequence[str]) -> ParsedAttendee:
    entry = entry.strip().strip(".")
    for principal in sorted(principals, key=len, reverse=True):
        for spelling in (principal, principal + "s kommun", principal + " kommun"):
            if entry.casefold().endswith(" " + spelling.casefold()):
                return ParsedAttendee(entry[: -len(spelling)].strip(), principal)
    return ParsedAttendee(entry)


def classify_clause(text: str, *, own_forum: str | None, resolve: ForumResolver) -> ParsedDecision:
    """The kind of one "att"-clause, and the forum a referral goes to."""
    kind = clause_kind(text)
    # A clause stating a measure ("att kommunerna finansierar ...") decides it; the kind is
    # a default that the review page asks the secretary to check.
    decision = ParsedDecision(text=text, kind=kind or "approved", classified=kind is not None)
    if kind == "referred":
        verb = REFERRAL_VERB.search(text.casefold())
        position = len(_words(text[: verb.start()])) if verb else 0
        targets = [(i, name) for i, name in find_forums(text, resolve) if name != own_forum]
        after = [name for i, name in targets if i >= position]
        decision.referred_to = (after or [name for _, name in targets] or [None])[0]
    decision.requires_identical = requires_identical(text, decision.kind)
    return decision


# --------------------------------------------------------------------------- the parser


@dataclass
class _Line:
    text: str
    index: int


class MinutesParser:
    def __init__(
        self,
        text: str,
        *,
        resolve_forum: ForumResolver = no_forums,
        principals: Sequence[str] = (),
    ) -> None:
        self.resolve = resolve_forum
        self.principals = principals
        self.lines = normalise_text(text).split("\n")
        self.result = ParsedMeeting()

    # -- entry point

    def parse(self) -> ParsedMeeting:
        first_item = self._first_item_index()
        header = self.lines[:first_item] if first_item is not None else self.lines
        self._parse_header(header)
        body = self._strip_page_furniture(first_item or 0)
        self._parse_attendance(body)
        if first_item is not None:
            self._parse_items(body)
        self._infer_forum_from_decisions(body)
        self._finish()
        return self.result

    # -- structure

    def _first_item_index(self) -> int | None:
        for i, line in enumerate(self.lines):
            match = ITEM_RE.match(line)
            if match and match[1] == "1" and not match[2].startswith("att "):
                return i
        return None

    def _strip_page_furniture(self, start: int) -> list[_Line]:
        """The lines from the first item on, without repeated page headers and footers."""
        kept: list[_Line] = []
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            if line and _is_running_header(line):
                continue
            kept.append(_Line(line, i))
        # Removing furniture leaves runs of blank lines; keep one.
        out: list[_Line] = []
        for line in kept:
            if line.text or (out and out[-1].text):
                out.append(line)
        return out

    # -- header

    def _parse_header(self, header: list[str]) -> None:
        r = self.result
        forum_line = None
        for i, line in enumerate(header):
            if not line:
                continue
            if r.forum is None:
                cleaned = re.sub(r"\bMinnesanteckningar\b", " ", line)
                forums = find_forums(cleaned, self.resolve)
                if forums:
                    r.forum = forums[0][1]
                    r.forum_as_written = line
                    forum_line = i
            dnr = DNR_RE.match(line) or re.search(
                r"\b(?:Dnr|Diarienummer)[:.]?\s*([A-ZÅÄÖ]{1,4}\s?\d{2}/\d+)", line
            )
            if dnr and not r.registration_number:
                r.registration_number = dnr[1].replace(" ", "")
            justerare = JUSTERARE_RE.match(line)
            if justerare:
                r.justerare = presenter_names(justerare[1])
            place = PLACE_RE.match(line)
            if place and not r.place:
                r.place = place[1].strip().rstrip(".")

        # The date of the minutes comes right after "Minnesanteckningar"; the meeting
        # date is on the forum's line or after it, and may lack a year.
        for i, line in enumerate(header):
            if DATE_LABEL_RE.match(line) and (forum_line is None or i < forum_line):
                r.minutes_date = find_date(line, None)
                break
        default_year = None
        if r.minutes_date:
            default_year = r.minutes_date.year
        elif r.registration_number and re.match(r"[A-ZÅÄÖ]+(\d{2})/", r.registration_number):
            default_year = 2000 + int(re.match(r"[A-ZÅÄÖ]+(\d{2})/", r.registration_number)[1])
        start = forum_line if forum_line is not None else 0
        candidates = header[start:] + header[:start]
        for line in candidates:
            if r.minutes_date and DATE_LABEL_RE.match(line):
                continue
            found = find_date(line, default_year)
            if found:
                if r.minutes_date and found > r.minutes_date and not re.search(r"\d{4}", line):
                    found = found.replace(year=found.year - 1)
                r.date = found
                break
        if r.date is None and r.minutes_date:
            r.date = r.minutes_date

        for line in header[start:]:
            start_time, end_time, match = find_times(line)
            if match:
                r.start_time, r.end_time = start_time, end_time
                rest = line[match.end() :].strip(" ,.")
                if not r.place and rest and not PLACE_RE.match(line):
                    r.place = rest.title() if rest.isupper() else rest
                break

    # -- attendance

    def _parse_attendance(self, body: list[_Line]) -> None:
        """Attendance may stand in the header or under the first item."""
        lines = self.lines
        for i, line in enumerate(lines):
            match = ATTENDANCE_RE.match(line)
            if not match:
                continue
            block = [match[2]]
            for follower in lines[i + 1 :]:
                if not follower or ITEM_RE.match(follower) or NOT_REPRESENTED_RE.match(follower):
                    break
                if ABSENT_RE.match(follower) or DECISION_INTRO_RE.match(follower):
                    break
                block.append(follower)
            self._attendance_lines = set(range(i, i + len(block)))
            if not match[2].strip():
                # One person to a line: "Anna Andersson, Avesta".
                for entry in block[1:]:
                    name, _sep, rest = entry.partition(",")
                    attendee = _split_attendee(f"{name} {rest.strip()}", self.principals)
                    if attendee.principal:
                        self.result.attendees.append(attendee)
                    elif name.strip():
                        self.result.attendees.append(ParsedAttendee(name.strip().rstrip(".")))
            text = join_lines(block) if match[2].strip() else ""
            note = ""
            tail = re.search(r",?\s*samt\s+(föredragande.*)$", text, re.I)
            if tail:
                note = "samt " + tail[1]
                text = text[: tail.start()]
            for entry in re.split(r",|;|\.\s+(?=[A-ZÅÄÖ])", text):
                if entry.strip():
                    self.result.attendees.append(_split_attendee(entry, self.principals))
            notes = [note] if note else []
            for j, follower in enumerate(lines[i + len(block) :], start=i + len(block)):
                if NOT_REPRESENTED_RE.match(follower) or ABSENT_RE.match(follower):
                    extra = [follower]
                    for more in lines[j + 1 :]:
                        if not more:
                            break
                        extra.append(more)
                    notes.append(join_lines(extra))
                    self._attendance_lines |= set(range(j, j + len(extra)))
                    break
                if ITEM_RE.match(follower) or DECISION_INTRO_RE.match(follower):
                    break
            self.result.attendance_note = " ".join(notes)
            return
        self._attendance_lines = set()

    # -- items

    def _split_items(self, body: list[_Line]) -> list[tuple[str, str, list[_Line]]]:
        items: list[tuple[str, str, list[_Line]]] = []
        expected = 1
        current: list[_Line] | None = None
        for line in body:
            match = ITEM_RE.match(line.text)
            if match and not match[2].lower().startswith("att "):
                number = int(match[1])
                # Items are numbered in order; a numbered list inside an item
                # (proposals, points of a report) starts again from 1.
                if expected <= number <= expected + 1 and _capitalised(match[2].lstrip('"”(')):
                    current = []
                    items.append((str(number), match[2], current))
                    expected = number + 1
                    continue
            if current is not None:
                current.append(line)
        return items

    def _parse_items(self, body: list[_Line]) -> None:
        for number, first_title_line, lines in self._split_items(body):
            lines = [line for line in lines if line.index not in self._attendance_lines]
            self.result.items.append(self._parse_item(number, first_title_line, lines))

    def _parse_item(self, number: str, first: str, lines: list[_Line]) -> ParsedItem:
        texts = [line.text for line in lines]
        pos = 0
        title_lines = [first]
        attachment_refs: list[str] = []

        # The title wraps over lines that continue it: they start in lower case, or
        # the line before ends with a word that cannot end a title.
        while pos < len(texts) and len(title_lines) < 5:
            if TITLE_ATTACHMENT_RE.search(title_lines[-1]):
                break
            nxt = pos
            if not texts[nxt]:
                nxt += 1  # text from PDF sometimes has a blank line inside a title
            if nxt >= len(texts):
                break
            candidate = texts[nxt]
            if self._ends_title(candidate):
                break
            last_word = title_lines[-1].split()[-1].casefold() if title_lines[-1].split() else ""
            continues = (
                candidate[:1].islower()
                or (
                    nxt == pos
                    and candidate[:1].isdigit()
                    and len(candidate.split()) <= 3
                    and not title_lines[-1].endswith(".")
                )
                or (
                    nxt == pos
                    and (last_word in CONTINUING_WORDS or title_lines[-1].endswith((",", "-", "–")))
                )
            )
            if not continues:
                break
            title_lines.append(candidate)
            pos = nxt + 1

        raw_title = join_lines(title_lines)
        title = raw_title
        ref = TITLE_ATTACHMENT_RE.search(title)
        if ref:
            attachment_refs.append(BILAGA_RE.search(ref[0])[0])
            title = title[: ref.start()]
        title = title.strip().rstrip(",:;").strip()

        item = ParsedItem(number=number, title=title)
        discussion: list[str] = []
        presenter_parts: list[str] = []
        in_block = False
        clause_lines: list[str] | None = None
        clauses: list[list[str]] = []
        own = self.result.forum

        def close_clause() -> None:
            nonlocal clause_lines
            if clause_lines:
                clauses.append(clause_lines)
            clause_lines = None

        i = pos
        while i < len(texts):
            line = texts[i]
            if in_block:
                clause = CLAUSE_RE.match(line)
                if clause:
                    close_clause()
                    clause_lines = [clause[1]]
                    i += 1
                    continue
                if line and clause_lines is not None and not self._decision_intro(line, own):
                    clause_lines.append(line)
                    i += 1
                    continue
                if not line:
                    # A blank line ends the block unless a clause follows, or the
                    # clause so far is plainly cut off (PDF text with blank lines).
                    j = i + 1
                    while j < len(texts) and not texts[j]:
                        j += 1
                    if j < len(texts) and CLAUSE_RE.match(texts[j]):
                        i = j
                        continue
                    if j < len(texts) and clause_lines and _cut_off(clause_lines[-1], texts[j]):
                        i = j
                        continue
                    close_clause()
                    in_block = False
                    i += 1
                    continue
                close_clause()
                in_block = False
                if self._decision_intro(line, own):
                    in_block = True
                    i += 1
                    continue
            presenter = PRESENTER_RE.match(line)
            if presenter:
                parts = [presenter[1]]
                i += 1
                while i < len(texts) and texts[i] and self._continues_presenters(parts, texts[i]):
                    parts.append(texts[i])
                    i += 1
                presenter_parts.append(join_lines(parts))
                continue
            intro = self._decision_intro(line, own)
            if intro:
                in_block = True
                if intro is not True:
                    clause_lines = [intro]
                i += 1
                continue
            if ATTACHMENT_LINE_RE.match(line):
                attachment_refs.append(BILAGA_RE.search(line)[0])
                i += 1
                continue
            sub = SUB_ITEM_RE.match(line)
            if sub and sub[2]:
                sub_title = sub[2]
                sub_ref = TITLE_ATTACHMENT_RE.search(sub_title)
                if sub_ref:
                    attachment_refs.append(BILAGA_RE.search(sub_ref[0])[0])
                    sub_title = sub_title[: sub_ref.start()]
                item.sub_items.append(ParsedSubItem(sub[1], sub_title.strip().rstrip(",.:")))
            discussion.append(line)
            i += 1
        close_clause()

        item.presenters_text = "; ".join(presenter_parts)
        for part in presenter_parts:
            for name, title in presenter_details(part):
                if name not in item.presenters:
                    item.presenters.append(name)
                    if title:
                        item.presenter_titles[name] = title
        item.discussion = _paragraphs(discussion)
        for mention in BILAGA_RE.findall(item.discussion):
            attachment_refs.append(mention)
        item.attachment_refs = _merge_attachment_refs(attachment_refs)

        decided = [join_lines(c) for c in clauses]
        item.decisions = [classify_clause(t, own_forum=own, resolve=self.resolve) for t in decided]
        if any("likalydande" in d.text.casefold() for d in item.decisions):
            for decision in item.decisions:
                if decision.kind == "recommended":
                    decision.requires_identical = True

        full_text = " ".join([item.discussion, *decided])
        # "Utgår." or "Bordlagt." standing alone also says what became of the item.
        alone = {line.strip(" .").casefold() for line in discussion}
        if (
            WITHDRAWN_RE.search(full_text)
            or alone & {"utgår", "utgick", "punkten utgår"}
            or any(d.kind == "withdrawn" for d in item.decisions)
        ):
            item.outcome = WITHDRAWN
        elif (
            TABLED_RE.search(full_text)
            or alone & {"bordlagt", "bordlades", "bordläggs"}
            or any(d.kind == "tabled" for d in item.decisions)
        ):
            item.outcome = TABLED
        item.references = self._references(" ".join([raw_title, item.discussion]))
        return item

    def _ends_title(self, line: str) -> bool:
        return bool(
            PRESENTER_RE.match(line)
            or ATTACHMENT_LINE_RE.match(line)
            or SUB_ITEM_RE.match(line)
            or CLAUSE_RE.match(line)
            or self._decision_intro(line, self.result.forum)
            or ATTENDANCE_RE.match(line)
        )

    @staticmethod
    def _continues_presenters(parts: list[str], line: str) -> bool:
        if any(
            pattern.match(line)
            for pattern in (PRESENTER_RE, CLAUSE_RE, ITEM_RE, BARE_DECISION_INTRO_RE)
        ) or re.search(r"\bbeslut(ade|ar)?:?$", line, re.I):
            return False
        so_far = parts[-1].rstrip()
        if so_far.endswith((",", " och", " samt")) or line[:1].islower():
            return True
        first_segment = line.split(",")[0].split()
        return len(first_segment) <= 3 and all(
            _capitalised(w) or _is_organisation(w) or w in NAME_PARTICLES for w in first_segment
        )

    def _decision_intro(self, line: str, own: str | None) -> str | bool:
        """True (or the clause on the same line) when the line opens a decision block.

        A block introduced by another forum quotes that forum's decision in the
        discussion and is not a decision of this meeting.
        """
        bare = BARE_DECISION_INTRO_RE.match(line)
        if bare:
            return bare["att"] or True
        match = DECISION_INTRO_RE.match(line)
        if not match:
            return False
        who = match["who"].strip()
        if len(who.split()) > 4 or not _capitalised(who):
            return False
        if who.split()[-1].casefold() in {"om", "att", "ett", "och", "i", "för", "som"}:
            return False
        named = find_forums(who, self.resolve)
        if named and own and named[0][1] != own:
            return False
        return match["att"] or True

    def _references(self, text: str) -> list[tuple[str, datetime.date]]:
        """Meetings of forums the text names: "Chefsnätverkets möte 200306" and the like."""
        found: list[tuple[str, datetime.date]] = []
        year = self.result.date.year if self.result.date else None
        for match in re.finditer(
            r"((?:[A-ZÅÄÖ][\wåäö-]+\s?){1,4}?)(?:s)?\s+(?:möte\s+|p[åa] möte\s+)?(?:den\s+)?"
            rf"(\d{{6}}\b|\d{{1,2}}\s+(?:{MONTH_RE})(?:\s+\d{{4}})?)",
            text,
        ):
            forums = find_forums(match[1], self.resolve)
            if not forums:
                continue
            raw = match[2]
            date = None
            short = SHORT_DATE_RE.fullmatch(raw)
            if short:
                try:
                    date = datetime.date(2000 + int(short[1]), int(short[2]), int(short[3]))
                except ValueError:
                    date = None
            else:
                date = find_date(raw, year)
            if date and (forums[-1][1], date) not in found:
                found.append((forums[-1][1], date))
        return found

    # -- after the items

    def _infer_forum_from_decisions(self, body: list[_Line]) -> None:
        """Without a forum in the header, the body tells who decided."""
        if self.result.forum:
            return
        deciders: Counter[str] = Counter()
        for line in body:
            match = DECISION_INTRO_RE.match(line.text)
            if match:
                for _, name in find_forums(match["who"], self.resolve)[:1]:
                    deciders[name] += 1
        if deciders:
            self.result.forum = deciders.most_common(1)[0][0]
            self.result.warnings.append(ParseWarning("forum_from_decisions"))

    def _finish(self) -> None:
        r = self.result
        if not r.forum:
            r.warnings.append(ParseWarning("unknown_forum"))
        if not r.date:
            r.warnings.append(ParseWarning("no_date"))
        if not r.items:
            r.warnings.append(ParseWarning("no_items"))
        for item in r.items:
            if (
                not item.decisions
                and item.outcome == HANDLED
                and not STANDARD_WITHOUT_DECISION.search(item.title)
            ):
                r.warnings.append(ParseWarning("no_decisions", item=item.number))
            for position, decision in enumerate(item.decisions, start=1):
                if not decision.classified:
                    r.warnings.append(
                        ParseWarning("unclassified", item=item.number, clause=position)
                    )
                if decision.kind == "referred" and not decision.referred_to:
                    r.warnings.append(ParseWarning("no_target", item=item.number, clause=position))


def _cut_off(line: str, following: str) -> bool:
    """Whether a paragraph ending in ``line`` plainly goes on in ``following``."""
    if line.endswith((".", "!", "?", ")", ":")) or ITEM_RE.match(following):
        return False
    last = line.split()[-1].casefold() if line.split() else ""
    return following[:1].islower() or last in CONTINUING_WORDS or line.endswith((",", "-"))


def _paragraphs(lines: list[str]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        current = paragraphs[-1]
        # PDF text may put a blank line after every line; a paragraph whose last line
        # is cut off mid-sentence goes on in the next one.
        if (
            not current
            and len(paragraphs) > 1
            and paragraphs[-2]
            and line[:1].islower()
            and not paragraphs[-2][-1].endswith((".", "!", "?", ":"))
        ):
            paragraphs.pop()
            current = paragraphs[-1]
        current.append(line)
    return "\n\n".join(join_lines(p) for p in paragraphs if p)


def _merge_attachment_refs(refs: list[str]) -> str:
    numbers: list[str] = []
    for ref in refs:
        for part in re.split(r"\s*,\s*|\s+och\s+", re.sub(r"^[Bb]ilag(?:a|or)\s+", "", ref)):
            part = part.strip()
            if part and part not in numbers:
                numbers.append(part)
    return f"Bilaga {', '.join(numbers)}"[:200] if numbers else ""


def parse_minutes(
    text: str, *, resolve_forum: ForumResolver = no_forums, principals: Sequence[str] = ()
) -> ParsedMeeting:
    """Parse the text of one set of minutes."""
    return MinutesParser(text, resolve_forum=resolve_forum, principals=principals).parse()

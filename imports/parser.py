"""Reading the minutes of the forums from their text.

The minutes were written by different secretaries over the years, in Word, saved as text
or PDF, so the layout varies: items are numbered "1.", "1)", "§ 1", "Punkt 1", "01." or
by Word's own numbering; the header may be one line or a block of labelled lines or a
table; decision blocks are introduced as "<Forum> beslutade", "<Forum>s beslut",
"Beslut:" or "... beslutar"; paragraphs may or may not have blank lines between them and
their lines may be wrapped at any width. The rules below describe that format, not any
one file:

- Items are the longest run of headings numbered one after the other (sub-items "4a" or
  "4.1" in between), whatever their style; a list inside an item starts again at 1 and
  does not break the run.
- A block (a title, a clause, a list of presenters) ends at the next structural line or
  where the text says a new paragraph begins; it goes on over the line breaks the text
  says are wraps (``imports.text``).
- The header's dates are told apart by what stands beside them: the meeting's date beside
  Tid and Plats or in the title, the date the minutes were written beside the Dnr.

The parser is pure Python: the caller passes a forum name resolver (the database's forum
names in the application, a plain mapping in a test) so that it can run without a
database. Its cost grows linearly with the length of the text.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from meetings.clauses import (
    MONTHS,
    REFERRAL_VERB,
    SENT_ON,
    clause_kind,
    states_identical_condition,
)

from . import names
from .text import CONTINUING, FIELD_LABELS, Line, join_pair, lines_of, normalise_text

ForumResolver = Callable[[str], "str | None"]

__all__ = [
    "ForumResolver",
    "ParseWarning",
    "ParsedAttendee",
    "ParsedDecision",
    "ParsedItem",
    "ParsedMeeting",
    "mapping_resolver",
    "no_forums",
    "normalise_text",
    "parse_minutes",
]

MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# Outcomes and kinds use the values of meetings.models so that the result can be
# stored as it is; they are repeated here to keep the parser free of Django.
HANDLED, WITHDRAWN, TABLED = "handled", "withdrawn", "tabled"
# No clause of the seeds is longer than 400 characters; one several times longer has
# almost certainly swallowed the discussion after it.
LONGEST_PLAUSIBLE_CLAUSE = 900


def no_forums(name: str) -> str | None:
    return None


def mapping_resolver(names_: dict[str, str]) -> ForumResolver:
    """A resolver from a mapping of every known name (any case) to the forum's name."""
    folded = {_fold(k): v for k, v in names_.items()}
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
    """Something a person should look at; ``code`` selects the message, ``field`` the
    place on the review page it stands beside."""

    code: str
    item: str = ""
    clause: int | None = None
    detail: str = ""
    field: str = ""


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
    role: str = ""
    present: bool = True


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
    # Entries of the attendance that do not read as a person's name: shown to be checked.
    doubtful_names: list[str] = field(default_factory=list)
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


# --------------------------------------------------------------------------- patterns

# The marks a list's entries start with, as word processors, e-mail and web pages set them.
BULLET = "[-•–—*·▪»›◦‣○●■□➢►✓→]"
# An item heading: "12. Title", "12) Title", "12 Title", "§ 12 Title", "Punkt 12: Title",
# "012. Title", "4a. Title", "4.1 Title"; the title may be on the next line.
ITEM_RE = re.compile(
    r"^(?P<prefix>§|[Pp]unkt|PUNKT|[Pp]kt\.?|[Ää]rende|ÄRENDE|[Pp]aragraf)?\s*"
    r"(?P<num>0{0,2}[1-9]\d{0,3})"
    r"(?P<sub>\s?[a-h](?=[.):\s])|\.[1-9]\d?(?=[.):\s]|$))?"
    # "3/ Titel", and "14 § Titel" with the sign after the number, as protocols set it.
    r"(?P<punct>\s*[.):/](?!\d)|\s*[-–](?=\s)|\s*§(?=\s|$))?"
    # "§ 10Återrapport": after "§" the tab between number and title may be lost.
    r"(?:\s+|$|(?<=\d)(?<=§\s\d|§\d\d|\s\d\d)(?=[A-ZÅÄÖ][a-zåäö]))(?P<title>.*)$"
)
TITLE_START_RE = re.compile(r"^[\"”“'«(\[]*[A-ZÅÄÖÉÜ0-9]")
SUB_ITEM_RE = re.compile(rf"^(?:{BULLET}\s*)?([a-h])\)\s*(.*)$")
PRESENTER_RE = re.compile(
    r"^(?:(?:Föredragande|Föredragare|Föredrag av|Föredras av|Presentatör|Presenteras av)"
    r"\s*(?:\([^)]*\))?\s*[:]|Föredr\.:?|Föredr:|(?:Föredragande|Föredragare)(?=\s*$))\s*(.*)$",
    re.I,
)
# "Dragning av Sara Lindqvist, projektledare, …", "Dragning: Sara Lindqvist; Bo Ek": the
# presenters named after another word than "Föredragande", taken only when a person's
# name follows ("Dragning av rapporten" is a heading).
PRESENTER_BY_RE = re.compile(
    r"^(?:Dragning|Dragningar|Föredragning|Föredrag|Föredras|Presenteras|Dras|Redovisas)"
    r"(?:\s+av\s*:?|\s*:)\s+(.*)$",
    re.I,
)


def presenter_match(text: str) -> re.Match | None:
    """The presenters' line: "Föredragande: …", or "Dragning av" and a name; also in
    brackets under the heading ("(Föredragande: Mikael Strand, hälso- och
    sjukvårdsdirektör)"), the closing bracket left to the reader of the names."""
    text = text.removeprefix("(")
    match = PRESENTER_RE.match(text)
    if match:
        return match
    match = PRESENTER_BY_RE.match(text)
    if match and (
        len(names.name_run(match[1].rstrip(" ).").replace(",", " , ").split())) >= 2
        # "Dragning: Arbetsgrupp hemsjukvård": a group presents as a person does.
        or names.is_group(match[1].rstrip(" )."))
    ):
        return match
    return None


BILAGA_RE = re.compile(
    r"\b(?:[Bb]ilag(?:a|or)|BILAG(?:A|OR))\s+[A-ZÅÄÖ]?\d*[A-Z0-9]*"
    r"(?:\s*(?:[-–,]|och|OCH)\s*[A-ZÅÄÖ]?\d+[A-Z0-9]*)*"
)
TITLE_ATTACHMENT_RE = re.compile(r"[,\s]*\(?\s*" + BILAGA_RE.pattern + r"\s*\)?\s*\.?\s*$")
ATTACHMENT_LINE_RE = re.compile(r"^\(?" + BILAGA_RE.pattern + r"\)?\s*\.?$")
# "…, Bilaga 16,17," or "…, Bilaga" at a line end: the numbers go on over the next line.
ATTACHMENT_LIST_GOES_ON = re.compile(
    r"\b[Bb]ilag(?:a|or)(?:\s+[\w\s,–-]*)?(?:,|och|-|–|[Bb]ilag(?:a|or))\s*$"
)
DECISION_VERBS = r"(?:beslut|beslutade|beslutar|beslöt|besluter|beslutet)"
# "Nätverket beslutade vidare att …": a second decision of the same item.
# "Beslutet blev att …": the decision told by its result.
RESULT_VERB = r"(?<=Beslutet )(?:blev|blir)"
FURTHER = r"(?:\s+(?:vidare|även|också|dessutom|därutöver|därefter|slutligen|enhälligt))?"
# "Välfärdsrådet beslutar i enlighet med förslaget": what the decision follows.
ACCORDING = r"(?:\s+(?:i\s+enlighet\s+med|enligt)(?:\s+(?!att\b)[\wåäöÅÄÖ-]+){1,4}?)?"
DECISION_INTRO_RE = re.compile(
    r"^(?P<who>[\wÅÄÖåäö][\w\s\-åäöÅÄÖ.]{0,60}?)\s+"
    rf"(?P<verb>{DECISION_VERBS}){FURTHER}{ACCORDING}\s*(?::\s*(?P<att>[Aa]tt\b.*)|[:.]?)\s*$",
    re.I,
)
# "Välfärdsrådet beslutade att ...": a decision in one sentence, or an account of one.
INLINE_DECISION_RE = re.compile(
    r"^(?P<who>[\wÅÄÖåäö][\w\s\-åäöÅÄÖ]{0,60}?)\s+"
    rf"(?P<verb>beslutade|beslutar|beslöt|besluter|{RESULT_VERB}){FURTHER}{ACCORDING}"
    r"\s+(?P<att>att\b.*)$"
)
INTRO_AT_END_RE = re.compile(
    r"(?<=[.!?] )[A-ZÅÄÖ][\wåäö]+(?: [\wåäö]+){0,3}\s+(?:beslutade|beslutar|beslut|beslöt)\s*:?$"
)
INLINE_DECISION_INSIDE_RE = re.compile(
    r"(?<=[.!?] )(?P<who>[A-ZÅÄÖ][\wåäö]+(?: [\wåäö]+){0,3}?)\s+"
    rf"(?:beslutade|beslutar|beslöt|{RESULT_VERB}){FURTHER}\s+att\b"
    # "Nästa möte. Beslöts att …": the passive needs no one to decide.
    rf"|(?<=[.!?] )(?:Beslöts|Beslutades){FURTHER}\s+att\b"
)
# Who did something first and then decided: "Nätverket ställde sig bakom förslaget och".
ACTED_AND_RE = re.compile(
    r"^(?P<who>[A-ZÅÄÖ][\wåäö-]+(?: [A-ZÅÄÖ][\wåäö-]+)?)\s+(?:[a-zåäö]+(?:ade|de|te)"
    r"|gick|tog|fick|gav|såg|drog|lyfte)\b[^.]{0,80}\soch$"
)
BARE_DECISION_INTRO_RE = re.compile(
    r"^(?:Beslut|BESLUT|beslut\s*:|Beslutades|Beslutas|Beslöts|Mötet beslutade|Beslutet)"
    rf"{FURTHER}\s*[:.]?\s*(?P<att>[Aa]tt\b.*)?$"
)
PROPOSAL_RE = re.compile(
    r"^(?:Förslag till beslut|Förslag|.{0,60}?\b(?:föreslår|föreslog|förslag till beslut))\b",
    re.I,
)
# How a clause of its own opens: with who does something ("att Region Dalarna får ...")
# or with a verb of deciding ("att godkänna ...").
# The verbs a forum decides with; after a bare comma they open a decision of its own.
DECIDING_INFINITIVES = (
    r"godkänna|godta|fastställa|anta|lägga|notera|ge|uppdra|utse|välja|rekommendera|skicka"
    r"|överlämna|hänskjuta|remittera|återremittera|bordlägga|avslå|avstyrka|tillstyrka|bevilja"
    r"|avsätta|tillsätta|delegera|inrätta|bilda|förlänga|avveckla|ta del|ta emot|översända|tacka"
)
# ... and the verbs that open a clause too, but also tell what someone just named is to do
# ("att utse X, Mora, att justera …").
OPENING_VERBS = (
    rf"(?:{DECIDING_INFINITIVES}|ställa|besluta|öppna|avsluta|förklara|justera|säga|finansiera"
    r"|uppmana|föreslå|hemställa|godkänns|läggs|starta|påbörja|avbryta|återkomma"
    r"|återrapportera|se över|utreda)\b"
)
CLAUSE_OPENING_RE = re.compile(rf"^[Aa]tt\s+(?:inte\s+|ej\s+)?(?:[A-ZÅÄÖ]|{OPENING_VERBS})")
DECIDING_VERB_RE = re.compile(rf"^att\s+(?:inte\s+|ej\s+)?(?:{DECIDING_INFINITIVES})\b")
DEFINITE_SUBJECT_RE = re.compile(r"^att\s+[a-zåäö]+(?:et|en|na)\s+[a-zåäö]+(?:s|as|es)\b")
# Words that a clause's inner "att" follows ("i uppdrag att ...", "tillägget att ...").
TAKES_ATT = {
    "uppdrag",
    "uppdraget",
    "möjlighet",
    "möjligheten",
    "tillägget",
    "tillägg",
    "syfte",
    "syftet",
    "avsikt",
    "avsikten",
    "ambition",
    "ambitionen",
    "målet",
    "rätt",
    "rätten",
    "skyldighet",
    "skyldigheten",
    "behov",
    "behovet",
    "förutsättning",
    "villkor",
    "villkoret",
    "innebär",
    "innebörden",
    "för",
    "efter",
    "utan",
    "genom",
    "om",
}
# A clause may be bulleted or numbered within its decision block ("1. att ...").
CLAUSE_RE = re.compile(rf"^(?:{BULLET}\s*|\d{{1,2}}\s*[.)]\s*|[a-h]\)\s*)?([Aa]tt\s+\S.*)$")
ATTENDANCE_RE = re.compile(
    r"^(Närvarande ledamöter och ersättare|Närvarande ledamöter|Närvarande|Deltagare|Ledamöter"
    r"|Deltagande|Mötesdeltagare)\s*:?\s*(.*)$",
    re.I,
)
ABSENT_RE = re.compile(
    r"^(Frånvarande|Förhinder|Anmält förhinder|Ej närvarande|Anmäld frånvaro)\s*:?\s*(.*)$",
    re.I,
)
OTHER_ATTENDANCE_RE = re.compile(
    r"^(?P<label>Övriga(?: närvarande| deltagare)?|Adjungerade?|Gäster|Inbjudna|Inbjuden"
    r"|Sekreterare|Ordförande"
    r"|Vid protokollet|Protokollförare|Antecknare)\s*:\s*(.*)$",
    re.I,
)
# The role the people of each other list hold at the meeting.
OTHER_ROLES = {
    "sekreterare": "secretary",
    "vid protokollet": "secretary",
    "protokollförare": "secretary",
    "antecknare": "secretary",
    "ordförande": "chair",
    "gäster": "guest",
    "inbjudna": "guest",
    "inbjuden": "guest",
}
NOT_REPRESENTED_RE = re.compile(
    r"^(?:Följande .*(?:inte|ej) (?:var )?representerade|(?:Ej|Inte) representerade\b)", re.I
)
JUSTERARE_RE = re.compile(
    r"^(?:Justerare|Justeras av|Justerande|Justerat av|Justeringsperson(?:er)?)\s*:?\s*(.*)$",
    re.I,
)
JUSTERARE_CLAUSE_RE = re.compile(
    r"\b(?:utse|utses|utsågs|välja|väljs|valdes|utsåg|valde)\s+(?P<who>.+?)\s+"
    r"(?:till|som|att)\s+(?:(?:jämte|tillsammans med|med)\s+ordföranden\s+)?"
    r"(?:justerare|justera|justeringsperson)",
    re.I,
)
# "att Jenny Åkerlund, Vansbro, justerar minnesanteckningarna": the person is the subject.
JUSTERARE_SUBJECT_RE = re.compile(
    r"^att\s+(?P<who>[A-ZÅÄÖ][^.]{2,120}?)\s+(?:justerar|ska justera|justerar jämte ordföranden)"
    r"\s+(?:dagens\s+)?(?:minnesanteckningarna|anteckningarna|protokollet)\b"
)
JUSTERARE_AFTER_RE = re.compile(
    r"\b(?:till|som)\s+justerare\s+(?:utsågs|valdes|utses|väljs)\s+(?P<who>[^.]+)", re.I
)
# A clause that is only the condition ("att beslutet gäller under förutsättning av
# likalydande beslut"), not a decision that ends with one.
CONDITION_ALONE_RE = re.compile(
    r"^att\s+(?:(?:beslutet|besluten|rekommendationen|rekommendationerna|överenskommelsen"
    r"|avtalet|detta|det)\s+(?:(?:gäller|ska gälla)\s+(?:endast\s+|bara\s+)?(?:under\s+"
    r"förutsättning|om|förutsatt|på villkor)|förutsätter|villkoras|är villkorad?t?)"
    r"|under förutsättning|förutsatt)\b",
    re.I,
)
# "Plats och tid: Teams, kl. 13.00–16.00": one label for both, the time in the value.
PLACE_RE = re.compile(
    r"^(?:(?:Plats|Lokal|Mötesplats)(?:\s+och\s+tid)?|Tid\s+och\s+plats|Mötesform|Var)"
    r"\s*:?\s*(.+)$",
    re.I,
)
TIME_LABEL_RE = re.compile(r"^(?:Tid|Tidpunkt|Klockan|Kl\.?)\s*:?\s*", re.I)
DATE_LABEL_RE = re.compile(r"^(?:Datum|Mötesdatum|Sammanträdesdatum|Dag)\s*:?\s*", re.I)
DNR_RE = re.compile(
    r"\b(?:Dnr|Diarienummer|Diarienr|Dnr\.)\s*[:.]?\s*"
    r"(?P<dnr>(?:[A-ZÅÄÖ]{1,6}[ -]?)?\d{2,4}\s?[/:.-]\s?\d{1,7}(?:[/:.-]\d{1,7})?"
    r"|[A-ZÅÄÖ]{1,6}[ -]?\d{3,8})",
    re.I,
)
# Words that name where a meeting was held: a room, a building, a street, a town of the
# county, a way of meeting at a distance.
PLACE_WORD_RE = re.compile(
    r"\b(?:sal|salen|lokal|rum|rummet|huset|gatan|vägen|torget|Teams|Skype|Zoom|digitalt"
    r"|Falun|Borlänge|Avesta|Gagnef|Hedemora|Leksand|Ludvika|Malung|Mora|Orsa|Rättvik"
    r"|Smedjebacken|Säter|Vansbro|Älvdalen)\b|\w(?:huset|salen|gatan|vägen)\b",
    re.I,
)
BARE_DNR_RE = re.compile(r"[A-ZÅÄÖ]{1,6}[ -]?\d{2,4}\s?/\s?\d{2,7}(?:/\d{1,7})?")
TIME_RE = re.compile(
    r"(?:\b[Kk]l\.?|\b[Kk]lockan|\bTid\s*:?)\s*(?:[Kk]l\.?\s*)?"
    r"(\d{1,2})(?:[.:](\d{2}))?\s*(?:[-–—]|till)\s*(\d{1,2})(?:[.:](\d{2}))?"
    # Without "kl." or "Tid:" only a range written with minutes is a time.
    r"|\b([0-2]?\d)[.:]([0-5]\d)\s*[-–—]\s*([0-2]?\d)[.:]([0-5]\d)\b"
)
START_TIME_RE = re.compile(r"(?:\b[Kk]l\.?|\b[Kk]lockan|\bTid\s*:?)\s*(\d{1,2})(?:[.:](\d{2}))?\b")
ISO_DATE_RE = re.compile(r"\b(20\d{2}|19\d{2})-(\d{1,2})-(\d{1,2})\b")
TEXT_DATE_RE = re.compile(
    rf"\b(\d{{1,2}})(?:\s*:e|\s*:a)?\s+({MONTH_RE})\.?(?:\s+(\d{{4}}))?\b", re.I
)
# "12.3.2020", "12/3/2020", and "7/9 2018" (day and month, then the year after a space).
DOTTED_DATE_RE = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./]|\s)(20\d{2})\b")
SHORT_DATE_RE = re.compile(r"(?<![\d/.-])(\d{2})(\d{2})(\d{2})(?![\d/.-])")

WITHDRAWN_RE = re.compile(
    r"\b(?:ärendet|punkten|frågan|informationen)\b[^.]{0,80}?\s(?:utgår|utgick|avförs|avfördes"
    r"|stryks|ströks)\b"
    r"|\b(?:utgår|utgick|avfördes|ströks)\s+(?:ärendet|punkten|frågan)\b",
    re.I,
)
TABLED_RE = re.compile(
    r"\b(?:ärendet|punkten|frågan)\b[^.]{0,80}?\s(?:bordlades|bordläggs|bordlägges|bordlagdes|bordlägga"
    r"|bordlagts|är bordlagd|bordlagd)\b"
    r"|\b(?:bordlades|bordläggs|bordlagdes)\s+(?:ärendet|punkten|frågan)\b",
    re.I,
)
ALONE_WITHDRAWN = {"utgår", "utgick", "punkten utgår", "ärendet utgår", "ärendet utgick"}
ALONE_TABLED = {"bordlagt", "bordlades", "bordläggs", "bordlagd", "ärendet bordlades"}
STANDARD_WITHOUT_DECISION = re.compile(
    r"öppna|avslut|mötet av|övriga frågor|nästa möte|mötets avslutande|information|rapport"
    r"|aktuellt|nyheter|lägesbild|presentation|runda|inspel|omvärld|kommande|avrundning",
    re.I,
)
# Abbreviations after which a sentence goes on ("t.o.m. 2020", "bl.a. kommunerna").
ABBREVIATION_END = re.compile(
    r"(?:\b(?:t\.o\.m|fr\.o\.m|bl\.a|t\.ex|s\.k|m\.m|m\.fl|dvs|ca|inkl|ang|enl|resp|kl|p|nr"
    r"|jfr|fr|f\.d|o\.s\.v|osv|etc|ev|tex|bla|mfl|st|milj|mkr|tkr|kap)\.)$",
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


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass
class DateMention:
    date: datetime.date | None
    start: int
    end: int
    year_given: bool
    short: bool = False
    day: int = 0
    month: int = 0


def date_mentions(line: str) -> list[DateMention]:
    """The dates a line gives, in every form the minutes write them, in order."""
    found: list[DateMention] = []
    for match in ISO_DATE_RE.finditer(line):
        found.append(
            DateMention(_date(int(match[1]), int(match[2]), int(match[3])), *match.span(), True)
        )
    for match in DOTTED_DATE_RE.finditer(line):
        found.append(
            DateMention(_date(int(match[3]), int(match[2]), int(match[1])), *match.span(), True)
        )
    for match in TEXT_DATE_RE.finditer(line):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        month = MONTHS[match[2].casefold()]
        day = int(match[1])
        if match[3]:
            found.append(
                DateMention(
                    _date(int(match[3]), month, day), *match.span(), True, day=day, month=month
                )
            )
        else:
            found.append(DateMention(None, *match.span(), False, day=day, month=month))
    for match in SHORT_DATE_RE.finditer(line):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        date = _date(2000 + int(match[1]), int(match[2]), int(match[3]))
        if date:
            found.append(DateMention(date, *match.span(), True, short=True))
    found.sort(key=lambda m: m.start)
    return found


def find_date(line: str, default_year: int | None) -> datetime.date | None:
    """The first date the line gives in full, or with a year from ``default_year``."""
    for mention in date_mentions(line):
        if mention.short:
            continue
        if mention.date:
            return mention.date
        if default_year:
            return _date(default_year, mention.month, mention.day)
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[\wÅÄÖåäöÉé][\w\-ÅÄÖåäöÉé]*", text)


def find_forums(text: str, resolve: ForumResolver, max_words: int = 7) -> list[tuple[int, str]]:
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


PROPOSED_TO_RE = re.compile(
    r"^att\s+(?:föreslå|hemställa\s+(?:hos|till))\s+(?:för\s+|att\s+)?(?P<to>\S.*)$"
)


def classify_clause(text: str, *, own_forum: str | None, resolve: ForumResolver) -> ParsedDecision:
    """The kind of one "att"-clause, and the forum a referral goes to."""
    kind = clause_kind(text)
    person = re.match(r"^att ((?:[A-ZÅÄÖ][\wåäö-]+ ){2})[a-zåäö]+(?:ar|er)\b", text)
    if kind is None and person and names.looks_like_name(person[1].strip()):
        kind = "assigned"  # "att Nils Ekman samordnar ett gemensamt remissvar"
    # "att föreslå Välfärdsrådet att rekommendera …": the matter goes to that forum to
    # decide, whatever the proposal would have it do.
    proposed = PROPOSED_TO_RE.match(text)
    named = find_forums(proposed["to"], resolve)[:1] if proposed else []
    proposed_to = None
    if named and named[0][0] == 0 and named[0][1] != own_forum:
        proposed_to = named[0][1]
        kind = "referred"
    if kind in (None, "approved", "noted"):
        sent = SENT_ON.search(text.casefold())
        if sent and [
            n for _i, n in find_forums(text[sent.start("to") :], resolve) if n != own_forum
        ]:
            kind = "referred"
    # A clause stating a measure ("att kommunerna finansierar ...") decides it; the kind is
    # a default that the review page asks the secretary to check.
    decision = ParsedDecision(text=text, kind=kind or "approved", classified=kind is not None)
    if kind == "referred":
        verb = REFERRAL_VERB.search(text.casefold())
        position = len(_words(text[: verb.start()])) if verb else 0
        targets = [(i, name) for i, name in find_forums(text, resolve) if name != own_forum]
        after = [name for i, name in targets if i >= position]
        decision.referred_to = proposed_to or (after or [n for _, n in targets] or [None])[0]
    decision.requires_identical = decision.kind == "recommended" and states_identical_condition(
        text
    )
    return decision


def _ends_sentence(text: str) -> bool:
    return text.endswith((".", "!", "?")) and not ABBREVIATION_END.search(text)


def _last_word(text: str) -> str:
    space = text.rfind(" ")
    return text[space + 1 :].casefold()


# A closing remark that belongs to the decision: how it is to be carried out.
DECISION_REMARK_RE = re.compile(
    r"(?i)\b(?:åter)?rapporter|\bredovisa|\bgäller\b|\bbeslutet\b|\bska\b|\bskall\b|\bsenast\b"
)
# Verbs that make a line a sentence (of a discussion) rather than a heading's words.
FINITE_VERBS = frozenset(
    "ansåg avslutade behöver berättade beslutade blev blir bör diskuterade efterfrågade "
    "fanns finns framförde framhöll får föredrog föreslog föreslår gav gällde gäller hade "
    "har hälsade informerade kan kommer konstaterade lyft lyfte meddelade måste noterade "
    "presenterade påpekade redogjorde ska skall tog var visade är önskade öppnade".split()
)
INNER_SENTENCE_RE = re.compile(r"[a-zåäö]{2}[.!?]\s+[A-ZÅÄÖ]")
LIST_START_RE = re.compile(rf"^(?:{BULLET}\s|\d{{1,2}}\)\s|[a-h]\)\s)")


def continues(prev: str, line: Line, *, strict: bool = False) -> bool:
    """Whether ``line`` goes on with the paragraph whose text so far ends in ``prev``.

    A lower-case start goes on (new paragraphs start with a capital, and the callers
    check structural lines first); so does a line after a word that cannot end a
    sentence. A capital after a finished sentence starts a new paragraph unless the first
    word could not have fitted on the line before; a capital mid-sentence goes on when
    the line before was nearly full. ``strict`` asks for more, for headings.
    """
    text = line.text
    if not prev or LIST_START_RE.match(text):
        return False
    if line.gap:
        return _cut_off(prev, text)
    if prev.endswith(("-", ",", "–", "/", "(", "&", "+")) or _last_word(prev) in CONTINUING:
        return True
    if text[:1].islower() or (text[:1] == "(" and not _ends_sentence(prev)):
        return True
    if _ends_sentence(prev) or prev.endswith((":", ";", "!", "?")):
        return line.fill > 1.0 and not strict
    if text[:1].isdigit() and len(text.split()) <= 3:
        return True
    if strict:
        # A heading goes on in a capitalised word only where it had to wrap, and never
        # into a sentence of its own.
        return line.fill > 1.0 and not (_ends_sentence(text) or INNER_SENTENCE_RE.search(text))
    return line.fill >= 0.8


def _cut_off(prev: str, following: str) -> bool:
    """Whether a paragraph ending in ``prev`` plainly goes on in ``following`` across a
    blank line (text from PDFs sometimes has one after every line)."""
    if prev.endswith((".", "!", "?", ")", ":")) and not ABBREVIATION_END.search(prev):
        return False
    last = _last_word(prev)
    return following[:1].islower() or last in CONTINUING or prev.endswith((",", "-"))


def _is_heading_text(text: str) -> bool:
    return bool(TITLE_START_RE.match(text)) and not re.match(r"(?i)att\s", text)


# --------------------------------------------------------------------------- items


@dataclass(slots=True)
class _Candidate:
    position: int  # index in the parser's lines
    num: int
    sub: str  # "", "a", ".1"
    style: str
    title: str
    weight: float


def _sub_rank(sub: str) -> int:  # "a" is 1, ".2" is 2
    if not sub:
        return 0
    if sub.startswith("."):
        return int(sub[1:])
    return ord(sub) - ord("a") + 1


# A heading numbered in another style than the one before it still continues the run,
# at a cost: secretaries are not always consistent, but a list inside an item is.
STYLE_CHANGE_COST = 0.7


def _without_agenda_entries(candidates: list[_Candidate]) -> list[_Candidate]:
    """Without the entries of an agenda listed before the minutes: a heading with another
    right on the line under it, whose number and title come again further on."""
    at = {c.position for c in candidates}
    later: dict[tuple[int, str], list[int]] = {}
    for c in candidates:
        later.setdefault((c.num, c.sub), []).append(c.position)

    def same_title(a: str, b: str) -> bool:
        a, b = a.casefold()[:40], b.casefold()[:40]
        return bool(a) and (a.startswith(b[:25]) or b.startswith(a[:25]))

    titles = {c.position: c.title for c in candidates}
    kept = []
    for c in candidates:
        listed = c.position + 1 in at or c.position - 1 in at
        again = [p for p in later[(c.num, c.sub)] if p > c.position + 1]
        if listed and any(same_title(c.title, titles[p]) for p in again):
            continue
        kept.append(c)
    return kept


def _listed_only(chain: list[_Candidate]) -> bool:
    """Headings that stand each on the line right under the one before: a list."""
    if len(chain) < 3:
        return False
    steps = [b.position - a.position for a, b in zip(chain, chain[1:], strict=False)]
    return sum(step == 1 for step in steps) >= 0.8 * len(steps)


def longest_numbering(candidates: list[_Candidate]) -> list[_Candidate]:
    """The heaviest run of headings numbered one after another.

    A run goes 1, 2, 3 (or from any number: a protocol's paragraphs run through the
    year), with sub-items 4a, 4b or 4.1, 4.2 between 4 and 5. A table keeps, for each
    number seen so far, the best run ending there in each style, so the search is linear
    in the number of candidates.
    """
    score: list[float] = []
    previous: list[int | None] = []
    # (num, sub) -> style -> index of the best candidate ending a run there
    best: dict[tuple[int, str], dict[str, int]] = {}
    # num -> style -> index of the best candidate with that number, any sub
    best_num: dict[int, dict[str, int]] = {}

    def extend(cand: _Candidate, index_by_style: dict[str, int]) -> tuple[float, int | None]:
        top, link = -1.0, None
        for style, index in index_by_style.items():
            # Sub-items have a style of their own ("3.1" under "3.").
            change = style != cand.style and not (cand.sub or candidates[index].sub)
            value = score[index] + cand.weight - (STYLE_CHANGE_COST if change else 0)
            if value > top:
                top, link = value, index
        return top, link

    for index, cand in enumerate(candidates):
        top, link = -1.0, None
        if not cand.sub:
            top = cand.weight + (0.5 if cand.num == 1 else 0.0)
            if cand.num - 1 in best_num:
                value, at = extend(cand, best_num[cand.num - 1])
                if value > top:
                    top, link = value, at
        else:
            rank = _sub_rank(cand.sub)
            keys = []
            if rank > 1:
                keys.append(
                    (cand.num, f".{rank - 1}" if cand.sub[0] == "." else chr(ord(cand.sub) - 1))
                )
            else:
                keys.append((cand.num, ""))
            for key in keys:
                if key in best:
                    value, at = extend(cand, best[key])
                    if value > top:
                        top, link = value, at
            if rank == 1 and cand.num - 1 in best_num:
                value, at = extend(cand, best_num[cand.num - 1])
                if value > top:
                    top, link = value, at
            if link is None:
                # A sub-item does not start a run.
                score.append(-1.0)
                previous.append(None)
                continue
        score.append(top)
        previous.append(link)
        for table, key in ((best, (cand.num, cand.sub)), (best_num, cand.num)):
            styles = table.setdefault(key, {})
            current = styles.get(cand.style)
            if current is None or top > score[current]:
                styles[cand.style] = index
    if not candidates or max(score) <= 0:
        return []
    end: int | None = max(range(len(candidates)), key=lambda i: (score[i], -i))
    chain: list[_Candidate] = []
    while end is not None:
        chain.append(candidates[end])
        end = previous[end]
    return chain[::-1]


# --------------------------------------------------------------------------- the parser


class MinutesParser:
    def __init__(
        self,
        text: str,
        *,
        resolve_forum: ForumResolver = no_forums,
        principals: Sequence[str] = (),
    ) -> None:
        self.resolve = resolve_forum
        self.principals = list(principals)
        lines, self.width = lines_of(text)
        self.lines = self._without_furniture(lines)
        self.texts = [line.text for line in self.lines]
        self.result = ParsedMeeting()
        self._used: set[int] = set()

    # -- entry point

    def parse(self) -> ParsedMeeting:
        chain = self._find_items()
        first = chain[0].position if chain else len(self.lines)
        self._parse_header(first)
        self._parse_attendance(first, chain)
        for index, cand in enumerate(chain):
            end = chain[index + 1].position if index + 1 < len(chain) else len(self.lines)
            self.result.items.append(self._parse_item(cand, end))
        self._infer_forum_from_decisions()
        self._justerare_from_clauses()
        self._finish(chain)
        return self.result

    # -- page furniture

    def _without_furniture(self, lines: list[Line]) -> list[Line]:
        """The lines without page headers and footers repeated through the document.

        A line is furniture when it carries a page mark ("Sida 2 (4)"), or when a short
        line that is no heading, clause or decision, set apart by blank lines, recurs with
        only its numbers changed (the forum and date at each page top). Its appearances
        before the first item are the document's own header and stay.
        """
        first_item = next(
            (
                i
                for i, line in enumerate(lines)
                if (m := ITEM_RE.match(line.text))
                and (
                    m["title"]
                    # "3" alone over its title
                    or (i + 1 < len(lines) and _is_heading_text(lines[i + 1].text))
                )
            ),
            len(lines),
        )

        def set_apart(i: int) -> bool:
            return lines[i].gap or (i + 1 < len(lines) and lines[i + 1].gap)

        shapes: Counter[str] = Counter()
        runs: list[str | None] = []
        for i, line in enumerate(lines):
            shape = _shape(line.text) if _could_be_furniture(line.text) else None
            # A line next to other furniture is set apart with it.
            if shape is not None and not (set_apart(i) or (runs and runs[-1] is not None)):
                shape = None
            runs.append(shape)
            if shape is not None:
                shapes[shape] += 1
        # Beside a page mark, the running header repeats the document's own title lines
        # ("Socialchefsnätverket i Dalarna", "Minnesanteckningar 2018-10-19"), however
        # rarely the pages break.
        own = {_shape(line.text) for line in lines[: min(first_item, 12)]}
        beside_mark: set[int] = set()
        for i, line in enumerate(lines):
            if PAGE_MARK_RE.search(line.text) is None or i <= first_item:
                continue
            for step in (1, -1):
                j = i + step
                while 0 <= j < len(lines) and abs(j - i) <= 3 and j > first_item:
                    text = lines[j].text
                    if not (_shape(text) in own or RUNNING_TITLE_RE.match(text)):
                        break
                    beside_mark.add(j)
                    j += step
        kept: list[Line] = []
        dropped = False
        for i, line in enumerate(lines):
            shape = runs[i]
            furniture = (
                i in beside_mark
                or PAGE_MARK_RE.search(line.text) is not None
                or (PAGE_NUMBER_RE.match(line.text) is not None and set_apart(i) and line.gap)
                or (shape is not None and shapes[shape] >= 2 and i > first_item)
            )
            if furniture:
                dropped = True
                continue
            if dropped and kept:
                # The text goes on across the page break as if the furniture was not there.
                prev = kept[-1].text
                if self.width:
                    line.fill = (len(prev) + 1 + len(line.text.split(" ", 1)[0])) / self.width
                line.gap = line.gap and _ends_sentence(prev)
            dropped = False
            line.index = len(kept)
            kept.append(line)
        return kept

    # -- items

    def _find_items(self) -> list[_Candidate]:
        candidates = [
            cand
            for position in range(len(self.lines))
            if (cand := self._heading(position)) is not None
        ]
        candidates = _without_agenda_entries(candidates)
        chain = longest_numbering(candidates)
        # A numbered list or table inside one item (the actions of a plan, 1–18) is no
        # run of items: the headings that stand before and after it all round are.
        if len(chain) >= 3:
            taken = {c.position for c in chain}
            outer = longest_numbering([c for c in candidates if c.position not in taken])
            if len(outer) >= 3 and any(
                a.position < chain[0].position and chain[-1].position < b.position
                for a, b in zip(outer, outer[1:], strict=False)
            ):
                chain = outer
        # A list of the agenda before the minutes ("Dagordning" with the items one under
        # the other, nothing between them) numbers the same items: the run with the
        # minutes' text between its headings is the items.
        if _listed_only(chain):
            later = [c for c in candidates if c.position > chain[-1].position]
            body = longest_numbering(later)
            if len(body) >= max(2, len(chain) - 2):
                return body
        return chain

    def _heading(self, position: int) -> _Candidate | None:
        """The line as a numbered heading, with how much it looks like one; or None."""
        line = self.lines[position]
        match = ITEM_RE.match(line.text)
        if not match:
            return None
        title = match["title"].strip()
        explicit = bool(match["prefix"] or match["punct"])
        if not title:
            # "§ 3" alone, the title on the next line.
            following = self.texts[position + 1] if position + 1 < len(self.texts) else ""
            # A number alone on its line over a title (text copied out of a PDF, where
            # the number stood in a column of its own) is a heading too, though a
            # weaker one: the run of such numbers, 1, 2, 3 with text between, tells.
            if not _is_heading_text(following) or ITEM_RE.match(following):
                return None
        elif (
            not _is_heading_text(title)
            and not (
                # "§ 3 informationsärende" is a heading; "3 personer deltog" is not.
                match["prefix"] and title[:1].isalpha() and not title.startswith("att ")
            )
            or not explicit
            and (
                # "1 Titel": without a dot the title starts with a capital letter, and the
                # number of a date or a count does not start a heading.
                not title[:1].isupper() or re.match(rf"(?i)({MONTH_RE})\b", title)
            )
        ):
            return None
        punct = (match["punct"] or "").strip() or " "
        prefix = (match["prefix"] or "").casefold().rstrip(".")
        weight = 1.0
        if line.fill > 1.0 and not line.gap:
            weight = 0.3  # where a wrapped line would break, not where a heading stands
        if len(title) > 160:
            weight -= 0.4
        if title.endswith(".") and len(title) > 60:
            weight -= 0.3
        if match["num"].startswith("0"):
            weight -= 0.05
        if not title and not explicit:
            weight -= 0.1
        sub = (match["sub"] or "").strip()
        return _Candidate(position, int(match["num"]), sub, f"{prefix}|{punct}", title, weight)

    def _parse_item(self, cand: _Candidate, end: int) -> ParsedItem:
        lines = [
            line for line in self.lines[cand.position + 1 : end] if line.index not in self._used
        ]
        texts = [line.text for line in lines]
        pos = 0
        title = cand.title
        if not title and lines:
            title, pos = texts[0], 1
        # The title wraps over lines that continue it.
        while pos < len(lines) and pos < 6:
            line = lines[pos]
            listing = bool(ATTACHMENT_LIST_GOES_ON.search(title)) and bool(
                re.match(r"[A-ZÅÄÖ]?\d", line.text)
            )
            if not listing and (TITLE_ATTACHMENT_RE.search(title) or self._structural(line.text)):
                break
            shouting = title.isupper() and line.text.isupper()
            if not (listing or shouting or continues(title, line, strict=True)):
                break
            if (
                line.text[:1].isupper()
                and not (listing or shouting)
                and self._paragraph_after(lines, pos)
            ):
                break  # a capitalised line that opens a paragraph of its own
            title = join_pair(title, line.text, hyphen_space=line.hyphen_space)
            pos += 1
        # "Nästa möte 2024-10-17 kl. 10-12": the standing heading, and when it will be.
        next_meeting = re.match(r"(?i)(nästa möte)[\s:,–-]+(?=\d|den\b|kl\b)", title)
        if next_meeting:
            title = next_meeting[1]

        raw_title = title
        attachment_refs: list[str] = []
        ref = TITLE_ATTACHMENT_RE.search(title)
        if ref:
            attachment_refs.append(BILAGA_RE.search(ref[0])[0])
            title = title[: ref.start()]
        title = " ".join(title.split()).strip().rstrip(",:;").strip()
        number = f"{cand.num}{cand.sub}"
        item = ParsedItem(number=number, title=title)
        reader = _ItemReader(self, item, lines[pos:])
        reader.read()
        attachment_refs.extend(reader.attachment_refs)
        for mention in BILAGA_RE.findall(item.discussion):
            attachment_refs.append(mention)
        item.attachment_refs = _merge_attachment_refs(attachment_refs)
        item.references = self._references(" ".join([raw_title, item.discussion]))
        return item

    def _paragraph_after(self, lines: list[Line], pos: int) -> bool:
        """Whether the line at ``pos`` opens a sentence, not the rest of a heading: a
        discussion that starts right under the title ("Vansbro kommun har i en
        skrivelse ..."). A heading is a phrase; a sentence has a finite verb."""
        words = [w.casefold().strip(",.;:") for w in lines[pos].text.split()[:10]]
        return INNER_SENTENCE_RE.search(lines[pos].text) is not None or any(
            w in FINITE_VERBS for w in words[1:]
        )

    def _structural(self, text: str) -> bool:
        """A line that starts something of its own: never the continuation of a block."""
        return bool(
            presenter_match(text)
            or ATTACHMENT_LINE_RE.match(text)
            or SUB_ITEM_RE.match(text)
            or CLAUSE_RE.match(text)
            or self._decision_intro(text)
            or self._inline_decision(text)
            or ATTENDANCE_RE.match(text)
            or ABSENT_RE.match(text)
            or NOT_REPRESENTED_RE.match(text)
            or JUSTERARE_RE.match(text)
        )

    def _inline_decision(self, text: str) -> bool:
        """ "Mötet beslutar att …": a sentence that decides, the forum first."""
        inline = INLINE_DECISION_RE.match(text)
        return bool(inline and inline["who"][:1].isupper() and self._decider(inline["who"].strip()))

    def _decision_intro(self, text: str) -> str | bool:
        """True (or the clause on the same line) when the line opens a decision block.

        A block introduced by another forum quotes that forum's decision in the
        discussion and is not a decision of this meeting; nor is a proposal.
        """
        bare = BARE_DECISION_INTRO_RE.match(text)
        if bare:
            return bare["att"] or True
        match = DECISION_INTRO_RE.match(text)
        if not match:
            return False
        who = match["who"].strip()
        if not self._decider(who):
            return False
        return match["att"] or True

    def _is_group(self, text: str) -> bool:
        """A forum or group of the register, or a noun that names one ("Arbetsgruppen")."""
        return names.is_group(text) or bool(self.resolve(text))

    def _decider(self, who: str) -> bool:
        """Whether the words before "beslutade" name this meeting's forum (or stand for it)."""
        words = who.split()
        acted = ACTED_AND_RE.match(who)
        if acted:
            # "Nätverket tackade för informationen och beslutade att …"
            return self._decider(acted["who"])
        if len(words) > 5 or not _capitalised(who):
            return False
        if words[-1].casefold() in {"om", "att", "ett", "och", "i", "för", "som", "till"}:
            return False
        if re.search(r"(?i)förslag|föreslår|tidigare|under|efter|vid|hade|har\b", who):
            return False
        named = find_forums(who, self.resolve)
        own = self.result.forum
        return not (named and own and named[0][1] != own)

    def _references(self, text: str) -> list[tuple[str, datetime.date]]:
        """Meetings of forums the text names: "Chefsnätverkets möte 200306" and the like."""
        found: list[tuple[str, datetime.date]] = []
        year = self.result.date.year if self.result.date else None
        for match in REFERENCE_RE.finditer(text):
            forums = find_forums(match[1], self.resolve)
            if not forums:
                continue
            raw = match[2]
            date = None
            short = SHORT_DATE_RE.fullmatch(raw)
            if short:
                date = _date(2000 + int(short[1]), int(short[2]), int(short[3]))
            else:
                date = find_date(raw, year)
            if date and (forums[-1][1], date) not in found:
                found.append((forums[-1][1], date))
        return found

    # -- header

    def _parse_header(self, end: int) -> None:
        r = self.result
        header = _header_entries(self.lines[:end])
        forum_line = None
        for position, line in enumerate(header):
            text = line.text
            if r.forum is None and not ATTENDANCE_RE.match(text) and not PLACE_RE.match(text):
                cleaned = re.sub(r"\bMinnesanteckningar\b", " ", text)
                forums = find_forums(cleaned, self.resolve)
                if forums:
                    r.forum = forums[0][1]
                    r.forum_as_written = text
                    forum_line = position
            dnr = DNR_RE.search(text)
            if dnr and not r.registration_number:
                r.registration_number = " ".join(dnr["dnr"].split()).strip(" .,")
            place = PLACE_RE.match(text)
            if place and not r.place:
                r.place = _place(_without_time(place[1])) or None
        if not r.registration_number:
            # A registration number standing alone in the header, without its label.
            for line in self.lines[:end]:
                for cell in _cells(line.text) or [line.text]:
                    if BARE_DNR_RE.fullmatch(cell.strip()):
                        r.registration_number = " ".join(cell.split())
                        break
                if r.registration_number:
                    break
        if not r.place:
            r.place = self._unlabelled_place(header)
        for line in header + self.lines[end:]:
            justerare = JUSTERARE_RE.match(_label_line(line.text))
            if justerare and not r.justerare:
                value = justerare[1].strip(" :.")
                if not value and line.index + 1 < len(self.lines):
                    value = self.lines[line.index + 1].text
                r.justerare = [n for n in names.presenter_names(value) if "." not in n[:1]]
        self._header_dates(header, forum_line)
        self._header_times(header, forum_line)

    def _unlabelled_place(self, header: list[Line]) -> str | None:
        """ "12 februari 2026, kl. 13.00–16.00" over "Regionhuset, sal Dalälven, Falun":
        the line right under the meeting's date and time, when it names a place."""
        for at, line in enumerate(header[:-1]):
            if not (find_times(line.text)[2] and date_mentions(line.text)):
                continue
            below = header[at + 1].text.strip()
            if (
                below
                and ":" not in below
                and not date_mentions(below)
                and not find_forums(below, self.resolve)
                and len(below) <= 80
                and PLACE_WORD_RE.search(below)
            ):
                return _place(below)
        return None

    def _header_dates(self, header: list[Line], forum_line: int | None) -> None:
        """The meeting's date and the date of the minutes, told apart by what is beside them:
        the meeting's stands with the forum's name, Tid or Plats; the minutes' with the Dnr
        or the word "Minnesanteckningar" alone."""
        r = self.result
        near_time = _positions(header, lambda t: bool(TIME_LABEL_RE.match(t) or find_times(t)[2]))
        near_place = _positions(header, lambda t: bool(PLACE_RE.match(t)))
        near_dnr = _positions(header, lambda t: bool(DNR_RE.search(t)))
        near_title = _positions(
            header,
            lambda t: (
                bool(re.match(r"(?i)^(minnesanteckningar|protokoll|anteckningar)\b", t))
                and len(t.split()) <= 3
            ),
        )

        def close(positions: set[int], at: int, distance: int) -> bool:
            return any(abs(at - p) <= distance for p in positions)

        mentions: list[tuple[int, DateMention, float]] = []
        for position, line in enumerate(header):
            text = line.text
            for mention in date_mentions(text):
                if mention.short and not _short_date_context(text, self.resolve):
                    continue
                if OTHER_DATE_RE.search(text[: mention.start]):
                    continue  # "Justeras senast: 2019-06-28", "Nästa möte: ..."
                if MEETING_DATE_LABEL_RE.match(text):
                    # "Mötesdatum: 2024-01-19"
                    mentions.append((position, mention, MEETING_LABEL_WEIGHT))
                    continue
                by_meeting = close(near_time, position, 2) or close(near_place, position, 2)
                weight = 0.0
                if position in near_dnr or (close(near_dnr, position, 1) and not by_meeting):
                    weight -= 2
                if by_meeting:
                    weight += 2
                if position == forum_line:
                    weight += 2
                if close(near_title, position, 1) and not by_meeting:
                    weight -= 1
                if forum_line is not None:
                    weight += 0.5 if position > forum_line else -0.5
                mentions.append((position, mention, weight))
        if not mentions:
            return
        # A date without its year ("Datum: 16 april") takes it from the other dates or the Dnr.
        years = [m.date.year for _p, m, _w in mentions if m.date]
        if not years and r.registration_number:
            dnr_year = re.search(r"(?<!\d)(\d{2})\s?[/:.-]", r.registration_number)
            if dnr_year:
                years.append(2000 + int(dnr_year[1]))
        dated: list[tuple[int, datetime.date, float]] = []
        latest = max((m.date for _p, m, _w in mentions if m.date), default=None)
        for position, mention, weight in mentions:
            date = mention.date
            if date is None and years:
                date = _date(years[0], mention.month, mention.day)
                if date and latest and (date - latest).days > 31:
                    date = _date(years[0] - 1, mention.month, mention.day)
            if date:
                dated.append((position, date, weight))
        if not dated:
            return
        position, r.date, weight = max(dated, key=lambda m: (m[2], -m[0]))
        others = [d for _p, d, w in dated if d != r.date and w < weight]
        if others:
            r.minutes_date = others[0]
        # A date labelled as the meeting's ("Mötesdatum:") outweighs one only standing
        # near Tid or Plats: the two do not contend.
        labelled = weight >= MEETING_LABEL_WEIGHT
        for_meeting = {d for _p, d, w in dated if w >= (MEETING_LABEL_WEIGHT if labelled else 1)}
        if len(for_meeting) > 1:
            r.warnings.append(
                ParseWarning(
                    "date_conflict",
                    detail=", ".join(sorted(d.isoformat() for d in for_meeting)),
                    field="date",
                )
            )
        elif weight < 0 and len({d for _p, d, _w in dated}) == 1:
            # The only date stands beside the Dnr: the minutes' date, taken for the meeting's.
            r.minutes_date = r.date
            r.warnings.append(ParseWarning("date_from_minutes", field="date"))

    def _header_times(self, header: list[Line], forum_line: int | None) -> None:
        r = self.result
        start = forum_line if forum_line is not None else 0
        for line in header[start:] + header[:start]:
            text = line.text
            start_time, end_time, match = find_times(text)
            if not match:
                only = START_TIME_RE.search(text) if TIME_LABEL_RE.match(text) else None
                if only:
                    r.start_time = _time(only[1], only[2])
                    return
                continue
            r.start_time, r.end_time = start_time, end_time
            rest = text[match.end() :].strip(" ,.|")
            # "Möte 8 maj 2020 Kl. 09.30-12 SKYPE": the place may follow the time.
            plain = not re.search(r"\d", rest) or "," in rest
            if not r.place and rest and plain and not date_mentions(rest):
                r.place = _place(rest)
            return

    # -- attendance

    def _parse_attendance(self, first_item: int, chain: list[_Candidate]) -> None:
        """The lists of those present and absent, wherever they stand before the second item."""
        limit = chain[1].position if len(chain) > 1 else len(self.lines)
        r = self.result
        notes: list[str] = []
        mark = ""
        present: list[str] = []
        others: list[names.Attendee] = []
        absent: list[str] = []
        found = False
        position = 0
        while position < limit:
            text = self.texts[position]
            label = ATTENDANCE_RE.match(text)
            if label and self._opens_list(position, label):
                found = True
                first = label[2].lstrip(" |:")
                if not re.search(r"[A-ZÅÄÖ]", re.sub(r"\([^()]*\)", "", first)):
                    # A heading's words, or a legend in parentheses, are no names.
                    legends = [g for g in re.findall(r"\([^()]*\)", first) if names.is_legend(g)]
                    first = " ".join(legends)
                block, position = self._name_block(position, first, limit)
                for entry in block:
                    # "(* = frånvarande): Anna Andersson, Bo Berg*": a legend in
                    # parentheses says how the names after it are marked.
                    for legend in re.findall(r"\([^()]*\)", entry):
                        if names.is_legend(legend):
                            mark = names.absence_mark(legend) or mark
                            notes.append(legend.strip("()"))
                            entry = entry.replace(legend, " ")
                    entry = entry.strip(" :")
                    if not entry:
                        continue
                    if names.is_legend(entry):
                        mark = names.absence_mark(entry) or mark
                        notes.append(entry)
                    else:
                        present.append(entry)
                continue
            other = OTHER_ATTENDANCE_RE.match(text)
            if other and (found or position < first_item):
                block, position = self._name_block(position, other[2], limit)
                role = OTHER_ROLES.get(other["label"].casefold(), "official")
                for person in names.read_attendees(_entries(block), self.principals)[0]:
                    person.role = person.role or role
                    others.append(person)
                continue
            away = ABSENT_RE.match(text)
            if away and (found or position < first_item) and self._opens_list(position, away):
                block, position = self._name_block(position, away[2], limit)
                notes.append(f"{away[1]}: {', '.join(block)}" if block else away[1])
                absent.extend(block)
                continue
            if NOT_REPRESENTED_RE.match(text) and (found or position < first_item):
                block = [text]
                self._used.add(position)
                position += 1
                while (
                    position < limit
                    and not self._structural(self.texts[position])
                    and continues(block[-1], self.lines[position])
                ):
                    block.append(self.texts[position])
                    self._used.add(position)
                    position += 1
                notes.append(join_all(block))
                continue
            if (found or position < first_item) and names.is_legend(text) and len(text) < 120:
                mark = names.absence_mark(text) or mark
                notes.append(text)
                self._used.add(position)
            position += 1
        if not found and not absent and not others:
            return
        people, doubtful = self._people(present, mark, True)
        away_people, doubtful_away = self._people(absent, "", False)
        people += [p for p in others if p.name not in {q.name for q in people}]
        listed = {p.name for p in people}
        r.attendees = [ParsedAttendee(p.name, p.principal, p.role, p.present) for p in people]
        r.attendees += [
            ParsedAttendee(p.name, p.principal, p.role, False)
            for p in away_people
            if p.name not in listed
        ]
        r.doubtful_names = [d for d in doubtful + doubtful_away if not self._only_principals(d)]
        tail = next(
            (
                "samt " + m[1]
                for m in (
                    re.search(r"\bsamt\s+((?:föredragande|medverkande).*)$", e, re.I)
                    for e in present
                )
                if m
            ),
            "",
        )
        r.attendance_note = " ".join(([tail] if tail else []) + notes)
        if r.doubtful_names:
            r.warnings.append(
                ParseWarning(
                    "doubtful_names", detail="; ".join(r.doubtful_names), field="attendance"
                )
            )

    def _people(self, lines: list[str], mark: str, present: bool):
        """The people of a list's lines in their order: table rows read a row at a time,
        the other lines as entries."""
        people: list[names.Attendee] = []
        doubtful: list[str] = []
        text: list[str] = []

        def flush() -> None:
            found, unsure = names.read_attendees(
                _entries(text), self.principals, absent_mark=mark, present=present
            )
            people.extend(found)
            doubtful.extend(unsure)
            text.clear()

        for line in lines:
            if "|" in line:
                flush()
                people.extend(_rows([line], self.principals, present))
            else:
                text.append(line)
        flush()
        return people, doubtful

    def _opens_list(self, position: int, label: re.Match) -> bool:
        """A label with a colon, or alone on its line with names below: "Närvarande:"."""
        text = self.texts[position]
        if re.match(r"^[^:|]{1,40}[:|]", text):
            return True
        # "Närvarande (* = anmält förhinder)", "Närvarande och frånvarande ledamöter":
        # a heading of a list, with no name on its line.
        rest = re.sub(r"\([^()]*\)", " ", label[2]).strip()
        if rest and (rest[:1].isupper() or len(rest.split()) > 4):
            return False
        following = self.texts[position + 1] if position + 1 < len(self.texts) else ""
        return _looks_like_names(following)

    def _name_block(self, position: int, first: str, limit: int) -> tuple[list[str], int]:
        """The paragraphs of a list of names from its label line on, and where it ends.

        Lines that wrap a paragraph are joined; a list with one name to a line keeps a
        paragraph each."""
        block = [first.strip()] if first.strip() else []
        self._used.add(position)
        position += 1
        while position < limit:
            line = self.lines[position]
            text = line.text
            heading = ITEM_RE.match(text)
            if (
                self._structural(text)
                or (heading and _is_heading_text(heading["title"] or "X"))
                or OTHER_ATTENDANCE_RE.match(text)
                or PLACE_RE.match(_label_line(text))
                or (TIME_LABEL_RE.match(text) and find_times(text)[2])
                or DNR_RE.search(text)
            ):
                break
            legend = names.is_legend(text)
            row = "|" in text or (block and "|" in block[-1])
            if block and continues(block[-1], line) and not (line.gap or legend or row):
                block[-1] = join_pair(block[-1], text, hyphen_space=line.hyphen_space)
            elif _looks_like_names(text) or "|" in text or (legend and len(text) < 120):
                block.append(text)
            else:
                break
            self._used.add(position)
            position += 1
        return block, position

    def _only_principals(self, text: str) -> bool:
        parts = [part for part in re.split(r",|\boch\b", text) if part.strip()]
        return bool(parts) and all(names.principal_named(part, self.principals) for part in parts)

    # -- after the items

    def _infer_forum_from_decisions(self) -> None:
        """Without a forum in the header, the body tells who decided."""
        if self.result.forum:
            return
        deciders: Counter[str] = Counter()
        for text in self.texts:
            match = DECISION_INTRO_RE.match(text) or INLINE_DECISION_RE.match(text)
            if match:
                for _, name in find_forums(match["who"], self.resolve)[:1]:
                    deciders[name] += 1
        if deciders:
            self.result.forum = deciders.most_common(1)[0][0]
            self.result.warnings.append(ParseWarning("forum_from_decisions", field="forum"))

    def _justerare_from_clauses(self) -> None:
        """ "att utse Anna Berg till justerare": the clause that chooses them names them."""
        r = self.result
        if r.justerare:
            return
        for item in r.items:
            texts = [d.text for d in item.decisions] + [item.discussion]
            for text in texts:
                match = (
                    JUSTERARE_CLAUSE_RE.search(text)
                    or JUSTERARE_AFTER_RE.search(text)
                    or JUSTERARE_SUBJECT_RE.match(text)
                )
                if match:
                    who = [
                        n
                        for n in names.presenter_names(match["who"])
                        if names.looks_like_name(n, self.principals)
                    ]
                    if who:
                        r.justerare = who
                        return

    def _finish(self, chain: list[_Candidate]) -> None:
        r = self.result
        if not r.forum:
            r.warnings.append(ParseWarning("unknown_forum", field="forum"))
        if not r.date:
            r.warnings.append(ParseWarning("no_date", field="date"))
        if not r.items:
            r.warnings.append(ParseWarning("no_items"))
        first = chain[0].position if chain else 0
        # A paragraph before the first item that no header field or list of names took:
        # text that fits no block, perhaps an item whose heading was not recognised.
        stray = [
            line.text
            for line in self.lines[:first]
            if line.index not in self._used
            and len(line.text) > 160
            and find_forums(line.text, self.resolve)[:1] != [(0, r.forum)]
        ]
        if stray:
            r.warnings.append(
                ParseWarning("text_before_items", detail=stray[0][:80] + "…", field="forum")
            )
        numbers = [c.num for c in chain if not c.sub]
        for before, after in zip(numbers, numbers[1:], strict=False):
            if after != before + 1:
                r.warnings.append(ParseWarning("gap_in_numbers", detail=f"{before}–{after}"))
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
                if len(decision.text) > LONGEST_PLAUSIBLE_CLAUSE:
                    r.warnings.append(
                        ParseWarning("long_clause", item=item.number, clause=position)
                    )


class _ItemReader:
    """Reads the body of one item: presenters, discussion, decision blocks and clauses."""

    def __init__(self, parser: MinutesParser, item: ParsedItem, lines: list[Line]) -> None:
        self.parser = parser
        self.item = item
        self.lines = self._intros_apart(self._decisions_whole(_form_rows(lines)))
        self.attachment_refs: list[str] = []
        self.discussion: list[list[str]] = []  # paragraphs, each a list of lines
        self.blocks: list[_Block] = []

    def read(self) -> None:
        lines = self.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            text = line.text
            presenter = presenter_match(text)
            if presenter:
                i = self._presenters(i, presenter[1])
                continue
            intro = self.parser._decision_intro(text)
            tentative = False
            if not intro:
                inside = INLINE_DECISION_INSIDE_RE.search(text)
                if inside and (not inside["who"] or self.parser._decider(inside["who"].strip())):
                    # "... riktlinjerna. Socialchefsnätverket beslutar att ...": the
                    # sentence that decides is read on its own.
                    head = text[: inside.start()].rstrip()
                    self._add_discussion(Line(head, line.index, gap=line.gap, fill=line.fill))
                    line = Line(text[inside.start() :], line.index)
                    lines[i] = line
                    text = line.text
                    intro = self.parser._decision_intro(text)
                inline = None if intro else INLINE_DECISION_RE.match(text)
                starts_sentence = not self.discussion or _ends_sentence(self._last_text())
                if (
                    inline
                    and self.parser._decider(inline["who"].strip())
                    and (starts_sentence or line.gap or not continues(self._last_text(), line))
                ):
                    # "Välfärdsrådet beslutade att ..." decides, unless the item has a
                    # decision block of its own: then it tells of an earlier decision.
                    intro = inline["att"]
                    tentative = inline["verb"] in {"beslutade", "beslöt"}
            opens = i == 0 or line.gap or _ends_sentence(lines[i - 1].text)
            if not intro and opens and CLAUSE_RE.match(text) and not self._proposed(i):
                # An "att"-clause under no intro, where minutes set decisions in a column
                # of their own: it decides if nothing else in the item does.
                intro, tentative = CLAUSE_RE.match(text)[1], True
            if intro:
                i = self._block(i, intro, tentative)
                continue
            if ATTACHMENT_LINE_RE.match(text):
                self.attachment_refs.append(BILAGA_RE.search(text)[0])
                i += 1
                continue
            sub = SUB_ITEM_RE.match(text)
            if sub and sub[2]:
                sub_title = sub[2]
                sub_ref = TITLE_ATTACHMENT_RE.search(sub_title)
                if sub_ref:
                    self.attachment_refs.append(BILAGA_RE.search(sub_ref[0])[0])
                    sub_title = sub_title[: sub_ref.start()]
                self.item.sub_items.append(ParsedSubItem(sub[1], sub_title.strip().rstrip(",.:")))
            self._add_discussion(line)
            i += 1
        self._finish()

    def _intros_apart(self, lines: list[Line]) -> list[Line]:
        """Lines where a decision's intro closes a line of discussion ("... av hjälpmedels-
        området. Länschefsnätverket beslutade" + "att godkänna ..."), the intro on a line
        of its own."""
        out: list[Line] = []
        for i, line in enumerate(lines):
            following = lines[i + 1] if i + 1 < len(lines) else None
            found = INTRO_AT_END_RE.search(line.text)
            if (
                found
                and following is not None
                and CLAUSE_RE.match(following.text)
                and self.parser._decision_intro(found[0])
            ):
                head = line.text[: found.start()].rstrip()
                out.append(Line(head, line.index, gap=line.gap, fill=line.fill))
                out.append(Line(found[0], line.index))
                continue
            out.append(line)
        return out

    def _decisions_whole(self, lines: list[Line]) -> list[Line]:
        """Lines where a sentence that decides is wrapped after its subject
        ("... öppnade mötet. Socialchefsnätverket" + "beslutade att utse ..."), with the
        sentence brought together on the second line."""
        out = list(lines)
        for i in range(len(out) - 1):
            following = out[i + 1]
            if not re.match(r"(?:beslutade|beslutar|beslöt)\s+att\b", following.text):
                continue
            text = out[i].text
            subject = re.search(r"(?:^|(?<=[.!?] ))([A-ZÅÄÖ][\wåäö-]*(?: [\wåäö-]+){0,3})$", text)
            if not subject or not self.parser._decider(subject[1]):
                continue
            head = text[: subject.start(1)].rstrip()
            out[i] = Line(head, out[i].index, gap=out[i].gap, fill=out[i].fill)
            out[i + 1] = Line(f"{subject[1]} {following.text}", following.index, gap=not head)
        return [line for line in out if line.text]

    def _proposed(self, i: int) -> bool:
        """Whether the clause at ``i`` is one of a proposal's ("Styrgruppen föreslår:")."""
        for j in range(i - 1, max(-1, i - 12), -1):
            text = self.lines[j].text
            if CLAUSE_RE.match(text):
                continue
            return bool(PROPOSAL_RE.match(text)) or text.rstrip().endswith(":")
        return False

    def _last_text(self) -> str:
        return self.discussion[-1][-1] if self.discussion and self.discussion[-1] else ""

    def _add_discussion(self, line: Line) -> None:
        if self.discussion and self.discussion[-1] and continues(self._last_text(), line):
            self.discussion[-1].append(line.text)
        else:
            self.discussion.append([line.text])

    # -- presenters

    def _presenters(self, i: int, first: str) -> int:
        text = first.strip()
        # "(Föredragande: …)": the presenters end with the bracket that closes them.
        bracketed = self.lines[i].text.startswith("(")
        i += 1
        while i < len(self.lines):
            line = self.lines[i]
            if bracketed and re.search(r"\)\.?$", text):
                break
            if self.parser._structural(line.text) or not self._continues_presenters(text, line):
                break
            if _starts_with_name(line.text) and (
                not continues(text, line) or (text and _name_then_comma(line.text))
            ):
                # One presenter to a line: the line break stands for a comma.
                text = f"{text.rstrip(',')}, {line.text}" if text else line.text
            else:
                text = join_pair(text, line.text, hyphen_space=line.hyphen_space)
            i += 1
        text = " ".join(text.split())
        if bracketed:
            text = re.sub(r"\)\.?$", "", text).rstrip()
        self.item.presenters_text = "; ".join(filter(None, [self.item.presenters_text, text]))
        for name, title in names.presenter_details(text, is_group=self.parser._is_group):
            if name not in self.item.presenters:
                self.item.presenters.append(name)
                if title:
                    self.item.presenter_titles[name] = title
        return i

    @staticmethod
    def _continues_presenters(so_far: str, line: Line) -> bool:
        text = line.text
        if line.gap and not _cut_off(so_far, text):
            return False
        if re.search(r"\bbeslut(ade|ar)?:?$", text, re.I):
            return False
        if so_far.endswith((",", " och", " samt", "-")) or text[:1].islower():
            return True
        if line.fill > 1.0 and not _ends_sentence(so_far):
            return True
        first_segment = text.split(",")[0].split()
        return (
            len(first_segment) <= 4
            and len(text) <= 120
            and all(
                _capitalised(w) or names.is_organisation(w) or w in names.NAME_PARTICLES
                for w in first_segment
            )
            and not _ends_sentence(text)
        )

    # -- decisions

    def _block(self, i: int, intro: str | bool, tentative: bool) -> int:
        """A decision block from its intro line on; returns the index after it."""
        block = _Block(tentative=tentative, at=len(self.discussion))
        block.source.append(self.lines[i].text)
        clause: _Clause | None = None
        if intro is not True:
            # "Beslutades att punkten utgår. Frågan tas upp i juni.": the decision is the
            # first sentence, what follows on the line is discussion.
            first = _first_sentence(str(intro))
            further, rest = _further_decisions(str(intro)[len(first) :])
            clause = _Clause([_strip_bullet(first)], bulleted=False)
            for text in further:
                block.clauses.append(clause)
                clause = _Clause([text], bulleted=False)
            if rest:
                block.after = rest
        i += 1
        while i < len(self.lines):
            line = self.lines[i]
            text = line.text
            start = CLAUSE_RE.match(text)
            goes_on = start and self._clause_goes_on(clause, line)
            if start and not goes_on:
                if clause:
                    block.clauses.append(clause)
                clause = _Clause([start[1]], bulleted=start[0] != start[1])
                block.source.append(text)
                i += 1
                continue
            if clause is not None and (
                goes_on
                or (
                    not self.parser._structural(text)
                    and self._clause_continues(clause.lines[-1], i)
                )
            ):
                clause.lines.append(text)
                block.source.append(text)
                i += 1
                continue
            break
        if clause:
            block.clauses.append(clause)
        if block.after:
            self.discussion.append([block.after])
        if not block.clauses:
            # An intro with no clause after it: what it introduced is discussion.
            self.discussion.append(block.source)
            return i
        self.blocks.append(block)
        return i

    def _clause_goes_on(self, clause: _Clause | None, line: Line) -> bool:
        """Whether a line starting with "att" is the middle of the clause before it: the
        word could not have fitted on the line before, which ends mid-sentence."""
        if clause is None or not line.text.startswith("att "):
            return False
        previous = clause.lines[-1]
        if (
            not line.gap
            and previous.endswith(",")
            and _person_just_chosen(join_all(clause.lines))
            and not DECIDING_VERB_RE.match(line.text)
        ):
            return True  # "att utse Anna Berg, Mora," + "att justera …": her task
        if line.gap or previous.endswith((".", ";", ":", ",", "!", "?")):
            return False
        if _last_word(previous) in {"samt", "och", "eller"} or line.fill <= 1.0:
            return False
        if _last_word(previous) in TAKES_ATT:
            return True
        # A wrap may put a clause's inner "att" first on a line ("ett uppdrag" + "att
        # implementera ..."); a line that opens like a clause of its own after a clause
        # that already says what was decided ("... i enlighet med förslaget" + "att
        # Chefsnätverkets beslut skickas vidare ...") is the next clause.
        return not (_opens_clause(line.text) and clause_kind(join_all(clause.lines)) is not None)

    def _clause_continues(self, previous: str, i: int) -> bool:
        line = self.lines[i]
        text = line.text
        if re.fullmatch(r"(?i)beslut\.?", text):
            # "... fattar likalydande" + "beslut.": a word the line could not hold.
            return not _ends_sentence(previous)
        if not continues(previous, line):
            return False
        if not (text[:1].isupper() and _ends_sentence(previous)):
            return True
        # A new sentence after the clause's full stop belongs to the clause only when it
        # is one short sentence with nothing but structure after it (a closing remark
        # on the decision, "Arbetet återrapporteras den 17 juni.").
        following = [text]
        j = i + 1
        while j < len(self.lines):
            after = self.lines[j]
            if self.parser._structural(after.text) or not continues(following[-1], after):
                break
            following.append(after.text)
            j += 1
        sentence = join_all(following)
        return (
            len(sentence) <= 160
            and _ends_sentence(sentence)
            and _first_sentence(sentence) == sentence
            and DECISION_REMARK_RE.search(sentence) is not None
        )

    def _finish(self) -> None:
        item = self.item
        firm = [b for b in self.blocks if not b.tentative]
        blocks = firm or self.blocks
        # A tentative block beside a firm one told of an earlier decision: discussion.
        for block in reversed(self.blocks):
            if block not in blocks:
                self.discussion.insert(block.at, block.source)
        own = self.parser.result.forum
        resolve = self.parser.resolve
        for block in blocks:
            item.decisions.extend(self._decisions(block, own, resolve))
        item.discussion = _paragraphs(self.discussion)
        # A recommendation that states the condition itself carries it alone; a condition
        # stated apart (a clause of its own, the discussion) holds for every recommendation.
        identical = any(
            d.kind != "recommended" and states_identical_condition(d.text) for d in item.decisions
        ) or (bool(blocks) and states_identical_condition(item.discussion))
        if identical:
            for decision in item.decisions:
                if decision.kind == "recommended":
                    decision.requires_identical = True
        full_text = " ".join([item.discussion, *(d.text for d in item.decisions)])
        alone = {join_all(p).strip(" .").casefold() for p in self.discussion}
        # "Punkt 7 utgick." said under item 7 (under another item it is news of that one).
        own_number = re.compile(
            rf"\b(?:punkt|ärende|§)\s*{re.escape(item.number)}\s+(?:utgår|utgick)\b", re.I
        )
        if (
            _said_of_this_meeting(WITHDRAWN_RE, full_text, item.title)
            or _said_of_this_meeting(own_number, full_text)
            or alone & ALONE_WITHDRAWN
            or any(d.kind == "withdrawn" for d in item.decisions)
        ):
            item.outcome = WITHDRAWN
        elif (
            _said_of_this_meeting(TABLED_RE, full_text, item.title)
            or alone & ALONE_TABLED
            or any(d.kind == "tabled" for d in item.decisions)
        ):
            item.outcome = TABLED

    @staticmethod
    def _decisions(block: _Block, own, resolve) -> list[ParsedDecision]:
        """The clauses of a block; a lead-in ending in a colon opens each clause under it,
        until a clause stands at its level again (bulleted under it, not after)."""
        decisions: list[ParsedDecision] = []
        lead_in = ""
        under_bullets = None
        texts: list[tuple[str, bool]] = []
        for clause in block.clauses:
            text = join_all(clause.lines)
            further: list[str] = []
            if block.tentative:
                first = _first_sentence(text)
                further, _after = _further_decisions(text[len(first) :])
                text = first
            # "att inte rekommendera X och att återremittera ärendet": two decisions.
            for sentence in [text, *further]:
                parts = _two_decisions(sentence)
                texts.extend((part, clause.bulleted) for part in parts)
        # A list under a lead-in that is punctuated as one sentence (no full stop until
        # its last clause) ends at that full stop: a clause after it stands on its own.
        list_open = False
        listed: list[ParsedDecision] = []
        for text, bulleted in texts:
            clause = _Clause([text], bulleted=bulleted)
            if text.endswith(":") and len(text) < 300:
                _condition_closing(listed)
                lead_in, under_bullets, list_open, listed = text, None, False, []
                continue
            if lead_in:
                if under_bullets is None:
                    under_bullets = clause.bulleted
                elif under_bullets and not clause.bulleted:
                    lead_in = ""
                # The condition of identical decisions stands at the block's level.
                if CONDITION_ALONE_RE.match(text) and states_identical_condition(text):
                    lead_in = ""
            full = _under_lead_in(lead_in, text) if lead_in else text
            decision = classify_clause(full, own_forum=own, resolve=resolve)
            if lead_in and decision.kind == "recommended":
                decision.classified = True
                listed.append(decision)
            decisions.append(decision)
            if lead_in:
                if not _ends_sentence(text):
                    list_open = True
                elif list_open:
                    lead_in = ""
                    _condition_closing(listed)
                    listed = []
        _condition_closing(listed)
        if lead_in and not decisions:
            decisions.append(classify_clause(lead_in, own_forum=own, resolve=resolve))
        return decisions


def _condition_closing(listed: list[ParsedDecision]) -> None:
    """A condition that closes the last clause of a list under a lead-in ("- att anta
    avtalet, - att utse en kontaktperson, under förutsättning att samtliga parter
    godkänner avtalet.") holds for every clause of the list."""
    closing = len(listed) >= 2 and listed[-1].requires_identical
    # The clauses before it go on into it: a comma, a semicolon or nothing at their end,
    # not a full stop that ends a recommendation of its own.
    if closing and not any(_ends_sentence(d.text) for d in listed[:-1]):
        for decision in listed:
            decision.requires_identical = True


def _under_lead_in(lead_in: str, text: str) -> str:
    """A clause under a lead-in, read as one sentence: "att rekommendera kommunerna:" and
    "att anta överenskommelsen" give "att rekommendera kommunerna att anta
    överenskommelsen"."""
    lead = lead_in.rstrip(" :")
    if re.search(r"\batt$", lead, re.I) and re.match(r"att\s", text, re.I):
        text = text[4:]
    return f"{lead} {text}"


@dataclass
class _Clause:
    lines: list[str]
    bulleted: bool


@dataclass
class _Block:
    tentative: bool
    at: int  # where in the discussion the block stands, if it turns out to be discussion
    clauses: list[_Clause] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    after: str = ""  # what followed the decision on its line


# --------------------------------------------------------------------------- helpers

PAGE_MARK_RE = re.compile(
    r"\b(?:Sida|Sid|Page|s\.)\s+\d+\s*(?:\(\s*\d+\s*\)|av\s+\d+|/\s*\d+|of\s+\d+)"
    r"|^\s*[-–]\s*\d{1,3}\s*[-–]\s*$|^\s*\d{1,3}\s*\(\s*\d{1,3}\s*\)\s*$",
    re.I,
)
# The title a running header repeats: "Minnesanteckningar 2018-10-19", "Protokoll 3 (4)".
RUNNING_TITLE_RE = re.compile(
    r"(?i)^(?:minnesanteckningar|protokoll|anteckningar)(?:\s+[\w\d./()–-]+){0,3}\s*$"
)
# A number alone between blank lines: a page number.
PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")
REFERENCE_RE = re.compile(
    r"((?:[A-ZÅÄÖ][\wåäö-]+\s?){1,4}?)(?:s)?\s+(?:möte\s+|p[åa] möte\s+|sammanträde\s+)?"
    rf"(?:den\s+)?(\d{{6}}\b|\d{{1,2}}\s+(?:{MONTH_RE})(?:\s+\d{{4}})?)"
)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _could_be_furniture(text: str) -> bool:
    """A short line that no rule of the minutes reads: it may be a running header."""
    words = text.split()
    if not words or len(words) > 10 or len(text) > 90:
        return False
    item = ITEM_RE.match(text)
    if item and (
        _is_heading_text(item["title"] or "")
        # "§ 32" alone, its title on the next line
        or (not item["title"] and (item["prefix"] or item["punct"]))
    ):
        return False
    if CLAUSE_RE.match(text) or presenter_match(text) or re.search(DECISION_VERBS, text, re.I):
        return False
    return bool(
        re.search(r"\d", text)
        or re.search(r"(?i)minnesanteckningar|protokoll|förvaltning|region|kommun", text)
    )


# The labels of a header table's cells, each followed by its value in the next cell; the
# one who kept the minutes and the paragraphs they hold are fields of the header too.
HEADER_LABEL_RE = re.compile(
    r"^(?:Datum|Mötesdatum|Tid|Tidpunkt|Plats|Lokal|Mötesplats|Dnr|Diarienummer|Diarienr"
    r"|Justerare|Justeras av|Ordförande|Sekreterare|Antecknare|Protokollförare|Vid protokollet"
    r"|Paragrafer|Närvarande|Frånvarande|Deltagare)\s*:?$",
    re.I,
)


# The labels a header table may set in a row of their own over their values; the lists of
# people run on over many rows, so they are not among them.
COLUMN_LABEL_RE = re.compile(
    r"^(?!(?:Närvarande|Frånvarande|Deltagare)\b)" + HEADER_LABEL_RE.pattern[1:], re.I
)


# "Mötesdatum: 2025-09-26   Tid: 09:00–11:30   Plats: Dalarnasalen": labelled parts of
# one line, parted by tabs or spaces only.
INNER_LABEL_RE = re.compile(rf"(?:^|(?<=\s))(?={FIELD_LABELS}\s*:)")
LABELLED_RE = re.compile(rf"^{FIELD_LABELS}\s*:")
BARE_LABEL_RE = re.compile(rf"(?:^|(?<=\s))(?={FIELD_LABELS}\s+\S)")
BARE_LABELLED_RE = re.compile(rf"^({FIELD_LABELS})(?=\s+\S)")


def _entries_of(line: Line) -> list[Line]:
    """A header line as its entries: the cells of a row ("Datum | 17 september 2025"), or
    the labelled parts of a line ("Datum: 24 september | Tid: 9–12 | Plats: Teams")."""
    if "|" not in line.text:
        parts = [p.strip() for p in INNER_LABEL_RE.split(line.text) if p.strip()]
        if sum(bool(LABELLED_RE.match(p)) for p in parts) < 2:
            # "Datum 2024-05-17 Tid 9.00–12.00 Plats Myntgatan 2, Falun": a row of
            # fields set without colons, each label a capitalised word before its value.
            bare = [p.strip() for p in BARE_LABEL_RE.split(line.text) if p.strip()]
            if (
                ":" in line.text
                or len(bare) < 3
                or not all(BARE_LABELLED_RE.match(p) for p in bare)
            ):
                return [line]
            parts = [BARE_LABELLED_RE.sub(r"\1:", p, count=1) for p in bare]
        return [
            Line(p, line.index, gap=line.gap and i == 0, fill=line.fill)
            for i, p in enumerate(parts)
        ]
    entries: list[str] = []
    for cell in _cells(line.text):
        if entries and HEADER_LABEL_RE.match(entries[-1]):
            label = entries[-1].rstrip(" :")
            entries[-1] = f"{label}: {cell}"
        else:
            entries.append(cell)
    labelled = sum(bool(LABELLED_RE.match(e)) for e in entries)
    if len(entries) > 1 and labelled < 2 and not all(re.match(r"^[^:]{1,25}:", e) for e in entries):
        # A row of another kind (a name and a principal): one entry.
        entries = [" ".join(entries)] if not HEADER_LABEL_RE.match(entries[0]) else entries
    return [
        Line(e, line.index, gap=line.gap and i == 0, fill=line.fill) for i, e in enumerate(entries)
    ]


def _header_entries(lines: list[Line]) -> list[Line]:
    """The header's lines as their entries (``_entries_of``); a table row of labels only
    ("Datum | Tid | Plats") over a row of as many values gives each label the value below
    it ("Datum: 8 november 2024")."""
    entries: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        labels = _cells(line.text) if "|" in line.text else []
        if (
            len(labels) >= 2
            and i + 1 < len(lines)
            and all(COLUMN_LABEL_RE.match(cell) for cell in labels)
        ):
            below = lines[i + 1]
            values = _cells(below.text)
            if len(values) == len(labels) and not any(HEADER_LABEL_RE.match(v) for v in values):
                entries.extend(
                    Line(f"{label.rstrip(' :')}: {value}", below.index, fill=below.fill)
                    for label, value in zip(labels, values, strict=True)
                )
                i += 2
                continue
        # The same table copied column by column: its labels one to a line ("Datum",
        # "Tid", "Plats"), then as many values, one to a line, in the same order.
        run = 0
        while i + run < len(lines) and COLUMN_LABEL_RE.match(lines[i + run].text):
            run += 1
        values = lines[i + run : i + 2 * run]
        if (
            run >= 3
            and len(values) == run
            and not any(HEADER_LABEL_RE.match(v.text) or LABELLED_RE.match(v.text) for v in values)
        ):
            entries.extend(
                Line(f"{label.text.rstrip(' :')}: {value.text}", value.index, fill=value.fill)
                for label, value in zip(lines[i : i + run], values, strict=True)
            )
            i += 2 * run
            continue
        entries.extend(_entries_of(line))
        i += 1
    return entries


# The labels of an item's rows where minutes are a form, a table to each item
# ("Föredragande | Nadia Karimi", "Beslut | Styrgruppen beslutar").
FORM_LABEL_RE = re.compile(
    r"(?i)^(?:föredragande|föredragare|dragning|beslut|förslag till beslut|anteckningar"
    r"|diskussion|underlag|handlingar|bakgrund|ärendet|ärendebeskrivning|information"
    r"|bilagor?)\s*:?$"
)


DECISION_TABLE_HEAD_RE = re.compile(r"(?i)^(?:beslut|beslutspunkt|beslutade åtgärder)\s*:?$")
# The head of a table's other columns: a word or two ("Ansvarig", "Klart", "Klart senast").
COLUMN_HEAD_RE = re.compile(r"^[A-ZÅÄÖ][\wåäö/]{1,20}(?: [\wåäö/]{1,15})?:?$")


def _form_rows(lines: list[Line]) -> list[Line]:
    """An item's lines with each row of a form ("Label | value") as the label, then the
    value on a line of its own; the presenters' label keeps its names ("Föredragande:
    Nadia Karimi, projektledare")."""
    out: list[Line] = []
    columns = 0  # the cells of a decision table's rows ("Beslut | Ansvarig | Klart")
    for line in lines:
        cells = line.text.split(" | ")
        if (
            len(cells) >= 2
            and DECISION_TABLE_HEAD_RE.match(cells[0].strip())
            and all(COLUMN_HEAD_RE.match(c.strip()) for c in cells[1:])
        ):
            # The table's head: each row under it is a decision, then who and when.
            columns = len(cells)
            out.append(Line(cells[0].strip(), line.index, gap=line.gap, fill=line.fill))
            continue
        if columns and 2 <= len(cells) <= columns and cells[0].strip():
            out.append(Line(cells[0].strip(), line.index, gap=False, fill=line.fill))
            continue
        columns = 0
        label, sep, value = line.text.partition(" | ")
        if not sep or not FORM_LABEL_RE.match(label.strip()) or not value.strip():
            out.append(line)
            continue
        label = label.strip().rstrip(":")
        if presenter_match(f"{label}: {value}"):
            out.append(Line(f"{label}: {value}", line.index, gap=line.gap, fill=line.fill))
            continue
        out.append(Line(label, line.index, gap=line.gap, fill=line.fill))
        out.append(Line(value.strip(), line.index, gap=False, fill=line.fill))
    return out


def _label_line(text: str) -> str:
    """A table row of the header ("Plats | Teams") as the label line it stands for."""
    if "|" not in text:
        return text
    cells = _cells(text)
    if len(cells) >= 2 and len(cells[0].split()) <= 3:
        label = cells[0].rstrip(":")
        return f"{label}: {' '.join(cells[1:])}"
    return text.replace(" | ", " ")


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("|") if c.strip()]


WEEKDAY_RE = re.compile(
    r"(?i)\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?(?:\s+den)?\b"
)


def _without_time(value: str) -> str:
    """A place's value without the time or date written in it ("Teams, kl. 13.00–16.00"
    under "Plats och tid"), which the header's times and dates are read from."""
    match = find_times(value)[2] or START_TIME_RE.search(value)
    if match:
        value = f"{value[: match.start()]} {value[match.end() :]}"
    mentions = [m for m in date_mentions(value) if not m.short]
    for mention in reversed(mentions):
        value = f"{value[: mention.start]} {value[mention.end :]}"
    if mentions:  # "Onsdag 2021-09-22": the day's name goes with its date
        value = WEEKDAY_RE.sub(" ", value)
    parts = [" ".join(part.split()) for part in value.split(",")]
    return ", ".join(part for part in parts if part)


def _place(text: str) -> str:
    text = text.strip().rstrip(".").strip(" |")
    return text.title() if text.isupper() and len(text) > 3 else text


def _short_date_context(text: str, resolve: ForumResolver) -> bool:
    """A six-digit date counts in the header where the line is a title or names a forum."""
    return bool(
        re.search(r"(?i)minnesanteckningar|protokoll|möte|sammanträde|datum", text)
        or find_forums(text, resolve)
    )


MEETING_LABEL_WEIGHT = 10.0
MEETING_DATE_LABEL_RE = re.compile(r"(?i)^(?:mötesdatum|sammanträdesdatum|mötesdag)\s*[:|]")
# Dates of the header that are no meeting's: a deadline, the next meeting, a print date.
OTHER_DATE_RE = re.compile(
    r"(?i)(?:juster\w*|senast|nästa möte|nästa sammanträde|utskri\w*|skickat|upprättad"
    r"|reviderad|version|ändrad|sparad|publicerad|uppdaterad|skapad|utfärdad)[^\d|]{0,20}$"
)


def _positions(lines: list[Line], test) -> set[int]:
    return {i for i, line in enumerate(lines) if test(line.text)}


def _looks_like_names(text: str) -> bool:
    """Whether a line is the continuation of a list of names rather than a sentence."""
    if "|" in text:
        return True
    words = [w.strip(",.;:()*") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return False
    lower = [w for w in words if w[:1].islower() and w not in names.NAME_PARTICLES]
    sentence = [w for w in lower if w.casefold() in names.SENTENCE_WORDS]
    return len(lower) <= max(1, len(words) // 4) and len(sentence) <= 1


def _entries(lines: list[str]) -> list[str]:
    """The entries of a list of names: at commas, semicolons and full stops, a line to an
    entry where the lines hold one name each. Table rows are read by ``_rows``."""
    entries: list[str] = []
    for line in lines:
        if "|" in line:
            continue
        line = re.sub(r",?\s*samt\s+(?:föredragande|medverkande).*$", "", line, flags=re.I)
        for part in names.split_outside_parentheses(line, ",;"):
            entries.extend(re.split(r"(?<=[a-zåäö])\.\s+(?=[A-ZÅÄÖ])", part))
    return [e for e in (x.strip() for x in entries) if e]


TABLE_HEADINGS = {"namn", "name", "huvudman", "organisation", "kommun", "roll", "funktion"}


def _rows(lines: list[str], principals: Sequence[str], present: bool) -> list[names.Attendee]:
    """The people of the rows of an attendance table, each row read on its own."""
    people = []
    for line in lines:
        if "|" not in line:
            continue
        cells = _cells(line)
        if not cells or {c.casefold().split("/")[0] for c in cells} & TABLE_HEADINGS:
            continue
        person = names.read_row(cells, principals)
        if person is not None:
            marks = {c.strip() for c in cells if len(c.strip()) == 1}
            person.present = present and "*" not in line and not marks & ABSENT_MARKS
            people.append(person)
    return people


# Marks a table of attendance uses for someone not there.
ABSENT_MARKS = {"–", "-", "—", "0", "o"}


# "... utgick på Chefsnätverkets möte": said of that meeting; "utgår och tas upp på
# Välfärdsrådets möte i september" is said of this one, and names where it goes next.
OTHER_MEETING_RE = re.compile(
    r"^(?:(?!\b(?:och|samt|tas|skjuts|flyttas|till)\b)[^.]){0,60}?\b(?:på|vid)\s+(?:[A-ZÅÄÖ][\wåäö-]*s\s+(?:\w+\s+)?möte"
    # "vid rådets möte den 11 december", "på nätverkets möte i juni": an earlier meeting.
    r"|(?:rådets|nätverkets|styrgruppens|gruppens|förra|föregående|senaste)\s+möte\b"
    r"|mötet\s+(?:den\s+)?\d)"
)


# "Punkten om statsbidrag för äldreomsorg stryks": a point named by its subject.
POINT_BY_SUBJECT_RE = re.compile(
    r"(?i)^punkten\s+(?:om|rörande|gällande|angående|kring)\s+(?P<subject>.+?)\s+\S+$"
)


def _said_of_this_meeting(pattern: re.Pattern, text: str, title: str = "") -> bool:
    """Whether the text says so of this meeting, not of another forum's meeting
    ("... utgick ärendet på Chefsnätverkets möte den 3 april"), and of this item, not of
    another point it names by a subject that is not in this item's title."""
    return any(
        not OTHER_MEETING_RE.match(text[m.end() :]) and not _another_point(m[0], title)
        for m in pattern.finditer(text)
    )


def _another_point(said: str, title: str) -> bool:
    named = POINT_BY_SUBJECT_RE.match(said)
    if not named:
        return False
    stems = {word[:5] for word in re.findall(r"\w{4,}", title.casefold())}
    return not any(word[:5] in stems for word in re.findall(r"\w{4,}", named["subject"].casefold()))


def _two_decisions(text: str) -> list[str]:
    """A clause that joins decisions with "och att", "samt att", or a comma or semicolon
    before the next "att" ("att godkänna rapporten, att uppdra åt …"), split apart.

    Only a verb of deciding opens a decision after a bare comma, and not inside a task
    being given ("i uppdrag att utreda X, att återkomma …" lists the tasks of one
    assignment)."""
    parts = [text]
    while True:
        found = None
        for match in re.finditer(r",? (?:och|samt) (?=att )|[,;] (?=att )", parts[-1]):
            rest = parts[-1][match.end() :]
            if rest.startswith("att i "):
                continue
            if match.group().strip() in {",", ";"}:
                if not _comma_opens_decision(parts[-1][: match.start()], rest):
                    continue
            elif not _opens_clause(rest):
                continue
            found = match
            break
        if found is None:
            return parts
        parts[-1:] = [parts[-1][: found.start()], parts[-1][found.end() :]]


def _comma_opens_decision(before: str, rest: str) -> bool:
    """Whether "…, att <rest>" starts a decision of its own rather than going on with the
    one before: a verb of deciding follows, or words that decide by themselves ("att
    ärendet skickas vidare …"), and no task is being described."""
    if not DECIDING_VERB_RE.match(rest) and not (
        # "att ärendet skickas vidare …", "att kostnaden fördelas …": a matter that is
        # the subject of its own decision, not the task of someone just named.
        DEFINITE_SUBJECT_RE.match(rest) and clause_kind(rest) not in {None, "other"}
    ):
        return False
    inner = re.finditer(r"(\w+)\s+att\b", before[3:])
    return not any(m[1].lower() in TAKES_ATT for m in inner)


def _opens_clause(text: str) -> bool:
    """Whether "att ..." opens a clause of its own: a verb of deciding, or who is to act,
    but not a person named in a sentence that goes on ("tillägget att Sune Hemmingsson")."""
    if not CLAUSE_OPENING_RE.match(text):
        return False
    rest = [w.strip(",.;:()") for w in text.split()[1:4]]
    return not (rest and rest[0][:1].isupper() and len(names.name_run(rest)) >= 2)


CHOSEN_RE = re.compile(
    r"\b(?:utse|utses|välja|väljs|nominera|nomineras)\s+(?P<who>[^.;:]{3,100}),$"
)


def _person_just_chosen(text: str) -> bool:
    """Whether a clause so far ends with a person it chooses, and a comma ("att utse
    Fredrik Lindahl, Smedjebacken,"): an "att" after it says what the person is to do."""
    match = CHOSEN_RE.search(text[-120:])
    if not match or re.search(r"\batt\b", match["who"]):
        return False
    return len(names.name_run(match["who"].replace(",", " , ").split())) >= 2


def _name_then_comma(text: str) -> bool:
    """ "Mikael Strand, socialchef …": a person's entry of its own, even where the line
    before was full enough to wrap into it."""
    head = text.split(",")[0].split()
    return "," in text and 2 <= len(head) <= 4 and len(names.name_run(head)) == len(head)


def _starts_with_name(text: str) -> bool:
    return len(names.name_run(text.split(",")[0].split())) >= 2


def _strip_bullet(text: str) -> str:
    return re.sub(rf"^(?:{BULLET}\s*|\d{{1,2}}\s*[.)]\s*)", "", text)


def _further_decisions(rest: str) -> tuple[list[str], str]:
    """The decisions told in the sentences right after the first ("Mötet beslutade att
    X. Mötet beslutade vidare att Y."), each its clause, and what follows them."""
    found = []
    rest = rest.strip()
    while rest:
        match = INLINE_DECISION_RE.match(rest)
        who = match["who"].split() if match else []
        if not match or not 1 <= len(who) <= 3 or not _capitalised(who[0]):
            break
        clause = _first_sentence(match["att"])
        found.append(clause)
        rest = match["att"][len(clause) :].strip()
    return found, rest


def _first_sentence(text: str) -> str:
    """The clause of a decision told in one sentence ("... beslutade att godkänna X. Y")."""
    for match in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ])", text):
        if not ABBREVIATION_END.search(text[: match.end()]):
            return text[: match.end()]
    return text


def join_all(lines: list[str]) -> str:
    result = ""
    for line in lines:
        result = join_pair(result, line) if result else line
    return " ".join(result.split())


def _paragraphs(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(join_all(p) for p in paragraphs if p)


def _merge_attachment_refs(refs: list[str]) -> str:
    numbers: list[str] = []
    for ref in refs:
        bare = re.sub(r"^bilag(?:a|or)\s+", "", ref, flags=re.I)
        for part in re.split(r"\s*,\s*|\s+och\s+", bare, flags=re.I):
            part = part.strip()
            if part and part not in numbers:
                numbers.append(part)
    return f"Bilaga {', '.join(numbers)}"[:200] if numbers else ""


def parse_minutes(
    text: str, *, resolve_forum: ForumResolver = no_forums, principals: Sequence[str] = ()
) -> ParsedMeeting:
    """Parse the text of one set of minutes."""
    return MinutesParser(text, resolve_forum=resolve_forum, principals=principals).parse()

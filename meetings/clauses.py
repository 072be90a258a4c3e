"""The kind of an "att"-clause read from its wording, as the minutes of every forum phrase it.

One set of rules serves the minutes form (a clause whose kind the secretary left open) and
the import of old minutes. Plain strings that equal ``Decision.Kind`` values, and no model
imports, so the import parser can use them without a database.
"""

import calendar
import datetime
import re

# In order: the first rule that matches decides. A referral ("skickas vidare för
# Välfärdsrådets ställningstagande") is tested before a recommendation it may quote, and
# "att inte ..." before the verb it negates.
KIND_RULES: list[tuple[re.Pattern[str], str]] = [
    # Taking an item off the agenda or putting it off names the agenda too.
    (
        re.compile(
            r"ärendet utgår|punkten utgår|avföra|\bdra(ga)? tillbaka|återkalla|\bstryka\b"
            r"|\butgå från dagordningen"
        ),
        "withdrawn",
    ),
    (re.compile(r"^att\s+bordl[äa]|\bbordl[äa]gg"), "tabled"),
    # "att beslutet gäller under förutsättning att ...": the condition, a clause of its own.
    (
        re.compile(
            r"^att\s+(?:beslutet|besluten|rekommendationen|överenskommelsen|avtalet)\s+"
            r"(?:gäller|förutsätter|villkoras|är villkorat)"
        ),
        "other",
    ),
    # "att beslut i respektive huvudmans nämnd ska vara fattade senast …": when and where
    # the principals are to decide, a condition on the recommendation, not a decision.
    (
        re.compile(
            r"^att\s+(?:beslut|besluten)\s+(?:i|hos|av)\s+(?:respektive|varje|samtliga|alla"
            r"|huvudmännens|kommunernas|parternas)\b"
        ),
        "other",
    ),
    (
        re.compile(
            # This meeting's agenda, not "förslaget till dagordning för nästa möte".
            r"(?<!s )dagordningen(?! för)|(?:godkänna|fastställa|anta|ändra) (?:den )?"
            r"(?:föreslagna |utsända )?dagordning\b(?! för)|öppna (?:mötet|sammanträdet)"
            r"|(?:mötet|sammanträdet) (?:öppnat|avslutat)|förklara (?:mötet|sammanträdet)"
            r"|avsluta (?:mötet|sammanträdet)"
            r"|justera(re)? |till justerare|att justera|protokollet justeras"
            # How and when the minutes are approved: "att justering sker digitalt …".
            r"|^att\s+justering(?:en)?\s+(?:sker|ska ske|görs|genomförs)\b"
            r"|^att\s+(?:minnesanteckningarna|anteckningarna)\s+justeras\b"
            # "att Jenny Åkerlund, Vansbro, justerar minnesanteckningarna"
            r"|^att\s+[^.]{2,120}?\s+justerar\s+(?:dagens\s+)?(?:minnesanteckningarna"
            r"|anteckningarna|protokollet)\b"
        ),
        "procedural",
    ),
    # When and where the forum meets next ("att flytta nästa möte till 2022-04-28"): the
    # forum's own calendar, no decision on a matter.
    (
        re.compile(
            # ("att förlägga höstens första möte till Borlänge"): a few words may name it.
            r"^att\s+(?:flytta|ställa in|tidigarelägga|senarelägga|förlägga)\s+(?:nästa\s+"
            r"|kommande\s+|det planerade\s+|[\wåäö]+(?:s|a)\s+(?:första\s+|sista\s+)?)?"
            r"[\wåäö]*(?:möte|sammanträde)"
            r"|^att\s+(?:nästa|kommande)\s+(?:möte|sammanträde)\w*\s+(?:hålls|flyttas|ställs in"
            r"|äger rum)\b"
        ),
        "other",
    ),
    # "att inte rekommendera ...": a no, before the verb it negates.
    (re.compile(r"^att\s+(inte|ej)\b|\bavslå|\bavslag|\bavstyrk"), "rejected"),
    (
        re.compile(
            r"skickas vidare|skicka vidare|överlämna|hänskjut|hänför|remittera|vidare till\b"
            r"|vidare för .*ställningstagande"
        ),
        "referred",
    ),
    (re.compile(r"\brekommendera"), "recommended"),
    # "att godkänna minnesanteckningarna och lägga dem till handlingarna": what is approved
    # is then filed; the clause decides by its first verb.
    (re.compile(r"^att\s+(?:godkänna|fastställa|anta|ställa sig bakom)\b"), "approved"),
    (re.compile(r"till handlingarna|\bnotera|\banteckna|\bta del av"), "noted"),
    (re.compile(r"bordl[äa]"), "tabled"),
    # Thanks, a view stated ("att uttala att …"), and choosing people for a task decide
    # nothing else.
    (
        re.compile(
            # (Not a task to choose them: "att uppdra åt X att utse en arbetsgrupp som …".)
            r"\btack\b|\btacka|^att\s+uttala\b|^(?!att\s+(?:uppdra\b|ge\b[^.]{0,60}?\buppdrag\b))"
            r".*\b(?:utse|utses|välja|väljs|nominera)\b.*\b(?:till|som)\b"
            r"|\bersätter\b.{0,80}\bsom\b"
        ),
        "other",
    ),
    (
        re.compile(
            r"\b(i|ett|nytt|fortsatt|ge\w*|få\w*) uppdrag\b|\buppdra(r|s|ga)?\b|\bse över\b"
            r"|\butreda\b|\båterkomma med\b|\bansvara för\b"
            # A task for the forum's own people, and a report to come back.
            r"|^att\s+(?:komplettera|ta fram|arbeta fram|utarbeta|sammanställa|kartlägga"
            r"|inventera|undersöka|förbereda|bjuda in|följa upp)\b"
            r"|\b(?:redovisas|återrapporteras|rapporteras) (?:för|till|på|vid)\b"
            r"|^att\s+[\w-]*(?:samordnare|samordnaren|ledare|ledaren|chef|chefen|sekreterare"
            r"|sekreteraren)\s+\w+ar\b"
            # A body or each principal doing something: "att RSS sammanställer ...",
            # "att varje kommun senast den 1 juni utser en kontaktperson".
            r"|^att\s+(?:rss|skr|[\w-]*(?:gruppen|avdelningen|kansliet|förvaltningen|centret"
            r"|samordnaren|sekreteraren|ordföranden))\s+(?:\w+\s+){0,2}\w+(?:ar|er)\b"
            r"|^att\s+(?:varje|respektive|alla)\s+(?:kommun|huvudman|part|ledamot)\w*\b"
        ),
        "assigned",
    ),
    (
        re.compile(
            r"godkänn|fastställ|\banta\b|antag|tillstyrk|bifall|i enlighet med"
            r"|ställa sig bakom|\bbesluta\b|\bbevilja|\butse\b|\bvälja\b"
        ),
        "approved",
    ),
    # The condition of identical decisions, standing as a clause of its own.
    (re.compile(r"likalydande|förutsättning|förutsätter|gäller endast om|villkor"), "other"),
]

REFERRAL_VERB = re.compile(r"skicka|överlämna|hänskjut|hänför|remitter|vidare|lämna|lyft|översänd")
# Sending the matter on to a forum, in other words than a referral's ("skickas till
# Styrgrupp LCHNV för kännedom", "lämna frågan till ... för vidare hantering"); a forum
# must be named after "till".
SENT_ON = re.compile(
    r"\b(?:skickas|skicka|lämna\w*|lyfts|lyfta|översänd\w*|överlämna\w*|remitter\w*"
    r"|återremitter\w*|hänvisa\w*|föra upp|förs upp|ta upp|tas upp)\b"
    r"[^.;]{0,120}?\b(?:till|på)\s+(?P<to>.+)$"
)


def clause_kind(text: str) -> str | None:
    """The kind the wording shows, or None when no rule recognises it."""
    folded = text.strip().casefold()
    for pattern, kind in KIND_RULES:
        if pattern.search(folded):
            return kind
    return None


# The condition that every principal adopts the same decision, in its usual wordings:
# "under förutsättning av likalydande beslut", "förutsätter att samtliga huvudmän fattar
# likalydande beslut", "under förutsättning att samtliga parter godkänner
# överenskommelsen", "gäller endast om alla huvudmän antar ...".
IDENTICAL_CONDITION = re.compile(
    r"likalydande|identiska beslut|samma beslut i samtliga"
    r"|(?:samtliga|alla|var och en av|respektive)\s+(?:\w+\s+){0,3}?"
    r"(?:parter|parterna|huvudmän|huvudmännen|kommuner|kommunerna|avtalsparter|avtalsparterna)"
    r"\b[^.;]{0,80}?\b(?:godkänn\w*|anta\w*|antag\w*|fattar|fattat|beslut\w*|ställ\w* sig bakom"
    r"|tillstyrk\w*|ansluter sig)"
)


def states_identical_condition(text: str) -> bool:
    """Whether the text makes a decision hold only if every principal adopts it alike."""
    folded = text.casefold()
    if "likalydande" in folded or "identiska beslut" in folded:
        return True
    return bool(
        re.search(
            r"förutsättning|förutsätter|förutsatt|gäller (?:endast|bara|under)|villkor", folded
        )
        and IDENTICAL_CONDITION.search(folded)
    )


def requires_identical(text: str, kind: str) -> bool:
    """A recommendation that holds only if every principal adopts the same decision."""
    return kind == "recommended" and states_identical_condition(text)


# "att ge Styrgruppen i uppdrag att …", "att Region Dalarna får i uppdrag att …",
# "att uppdra åt LPO Barn och unga att …": who the clause gives the assignment to.
ASSIGNEE_RULES = [
    re.compile(r"^att\s+ge\s+(?P<who>.+?)\s+(?:i\s+)?(?:fortsatt\s+|nytt\s+)?uppdrag\b", re.I),
    re.compile(r"^att\s+(?P<who>.+?)\s+(?:får|ges|erhåller)\s+(?:i\s+)?(?:\w+\s+)?uppdrag", re.I),
    re.compile(r"^att\s+uppdra\s+(?:åt\s+)?(?P<who>.+?)\s+att\b", re.I),
]


def assignee_in(text: str) -> str | None:
    """Who an assignment clause names as carrying it out, as written, or None."""
    for pattern in ASSIGNEE_RULES:
        match = pattern.search(text.strip())
        if match and len(match.group("who")) <= 120:
            return match.group("who").strip(" ,")
    return None


# The months as the minutes write them, in full and shortened.
MONTH_NAMES = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)} | {
    "jan": 1,
    "feb": 2,
    "apr": 4,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "senast den 30 april 2027", "senast 2027-04-30", "senast i juni 2027", "till och med 31/12 2026"
_DUE = re.compile(
    r"\b(?:senast|till och med|innan|före)\s+(?:den\s+|i\s+|under\s+)?"
    rf"(?:(?P<iso>20\d\d-\d\d-\d\d)|(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?(?:\s+(?P<year>20\d\d))?"
    rf"|(?P<month_only>{_MONTH})(?:\s+(?P<month_year>20\d\d))?)\b"
    # "… och återrapportera till Välfärdsrådet i februari 2027": a month with its year
    rf"|\b(?:åter)?(?:rapport|redovis)\w*\b[^.;]{{0,80}}?\bi\s+(?P<report_month>{_MONTH})"
    r"\s+(?P<report_year>20\d\d)\b",
    re.I,
)
# "… och återrapportera till Länschefsnätverket", "redovisas för Välfärdsrådet"
_REPORT_TO = re.compile(
    r"\b(?:åter)?(?:rapportera\w*|redovisa\w*)\s+(?:\w+\s+){0,3}?(?:till|för)\s+"
    r"(?P<who>[^,.;]+?)"
    r"(?=\s+(?:senast|innan|före|till och med|vid|på|i|under|den|och|\d)\b|[,.;]|$)",
    re.I,
)


def due_in(text: str, after: datetime.date) -> datetime.date | None:
    """The date an assignment clause sets ("senast den 30 april 2027"), or None. A date
    without a year is the first one after ``after``; a month alone means its last day."""
    match = _DUE.search(text)
    if not match:
        return None
    try:
        if match["iso"]:
            return datetime.date.fromisoformat(match["iso"])
        if match["day"]:
            month, day = MONTHS[match["month"].casefold()], int(match["day"])
            year = int(match["year"]) if match["year"] else after.year
            due = datetime.date(year, month, day)
            return due if match["year"] or due > after else datetime.date(year + 1, month, day)
        if match["report_month"]:
            month, year = MONTHS[match["report_month"].casefold()], int(match["report_year"])
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
        month = MONTHS[match["month_only"].casefold()]
        year = int(match["month_year"]) if match["month_year"] else after.year
        if not match["month_year"] and month < after.month:
            year += 1
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:  # "senast den 31 april"
        return None


def report_to_in(text: str) -> str | None:
    """Whom an assignment clause says to report back to, as written, or None."""
    match = _REPORT_TO.search(text)
    return match["who"].strip() if match else None


def named_in(text: str, names: list[tuple[int, str]], exclude: int | None = None) -> int | None:
    """The one of ``names`` (pk, name) that the text names (also in the genitive:
    "Välfärdsrådets"), or None when it names none or several."""
    folded = text.casefold()
    found = {pk for pk, name in names if pk != exclude and name.casefold() in folded}
    return found.pop() if len(found) == 1 else None


def rules_for_script() -> list[tuple[str, str]]:
    """The kind rules as (pattern, kind) for the editor's script, which reads the kind
    from the wording as the secretary types it."""
    return [(pattern.pattern, kind) for pattern, kind in KIND_RULES]

"""A synthetic register for load tests and benchmarks.

``generate(decisions=N, seed=S)`` fills the current database with a register that
looks like the real one: meetings of the forums over the years, agenda items with
Swedish titles and discussion, presenters and attendance, decision clauses of every
kind in realistic proportions, referrals up the chain (SCHNV → LCHNV → VFR) that
later meetings answer, assignments that are reported back, cases that follow a
matter across forums, agreements with their periods of validity and, for every
recommendation, the decision of each of the 16 principals. Exactly N decisions
are created, with history rows signed by the given user, and the same seed gives
the same register (for the same ``today``).

Every synthetic row is marked so that it can be found and removed again:

* meetings and cases have a registration number starting with ``SYN-``,
* agreements have a short name starting with ``SYN-``,
* forums added to reach a large volume have a code starting with ``SYN-``,
* people have an e-mail address at ``syn.invalid``.

Rows are written with ``bulk_create`` in batches, with primary keys allocated here
so that rows can point at each other before they are written; everything happens
in one transaction (foreign keys are checked at commit). Because the keys are taken
from the highest ones in the tables, nobody else should write to the register while
the generator runs.
"""

from __future__ import annotations

import copy
import datetime
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agreements.models import Agreement, PrincipalDecision, add_months
from council.models import Forum, ForumName, Membership, Person, Principal, Role, StandingItem
from council.reference import load_reference_data
from meetings.models import (
    AgendaItem,
    AgendaItemPresenter,
    Assignment,
    Attachment,
    Attendance,
    Case,
    Decision,
    Meeting,
)

PREFIX = "SYN-"
EMAIL_DOMAIN = "syn.invalid"
START_YEAR = 2015
DECISIONS_PER_MEETING = 18  # the average the meeting plan is sized for
MAX_CASE_ITEMS = 8
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


class SyntheticDataExists(Exception):
    """Synthetic rows are already in the database."""


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Doc:
    name: str  # "länsövergripande överenskommelse"
    definite: str  # "den länsövergripande överenskommelsen"
    agreement_kind: str | None = None  # documents that become agreements


DOCS = {
    "ok": Doc(
        "länsövergripande överenskommelse",
        "den länsövergripande överenskommelsen",
        Agreement.Kind.REGIONAL,
    ),
    "avtal": Doc("samverkansavtal", "samverkansavtalet", Agreement.Kind.CONTRACT),
    "riktlinjer": Doc(
        "gemensamma riktlinjer", "de gemensamma riktlinjerna", Agreement.Kind.GUIDELINE
    ),
    "nat": Doc(
        "överenskommelse mellan staten och SKR",
        "överenskommelsen mellan staten och SKR",
        Agreement.Kind.NATIONAL,
    ),
    "handlingsplan": Doc("handlingsplan", "handlingsplanen"),
    "rutin": Doc("länsgemensam rutin", "den länsgemensamma rutinen"),
    "strategi": Doc("strategi", "strategin"),
    "uppdrag": Doc("uppdragsbeskrivning", "uppdragsbeskrivningen"),
    "plan": Doc("verksamhetsplan", "verksamhetsplanen"),
}
PLAIN_DOCS = ["handlingsplan", "rutin", "strategi", "uppdrag", "plan"]


@dataclass(frozen=True)
class Topic:
    short: str  # case and agreement short names: "TN-platser"
    label: str  # in titles: "tillnyktringsplatser"
    phrase: str  # in running text: "tillnyktringsverksamheten i Dalarna"
    docs: tuple[str, ...] = ()  # documents that can become an agreement


TOPICS = [
    Topic("TN-platser", "tillnyktringsplatser", "tillnyktringsverksamheten i Dalarna", ("avtal",)),
    Topic("Hemsjukvård", "hemsjukvård", "hemsjukvården i länet", ("avtal", "ok")),
    Topic("Äldreomsorg", "äldreomsorgen", "kompetensförsörjningen inom äldreomsorgen", ("ok",)),
    Topic("Psykisk hälsa", "psykisk hälsa", "insatser inom området psykisk hälsa", ("nat", "ok")),
    Topic("Barn och unga", "barn och unga", "samverkan kring barn och unga", ("ok", "riktlinjer")),
    Topic("Suicidprevention", "suicidprevention", "det suicidpreventiva arbetet", ("nat",)),
    Topic("SUS", "SUS", "samverkan vid utskrivning från sluten vård (SUS)", ("ok", "riktlinjer")),
    Topic("Hjälpmedel", "hjälpmedel", "förskrivning av hjälpmedel", ("ok", "riktlinjer")),
    Topic(
        "Missbruk och beroende",
        "missbruk och beroende",
        "vården av personer med missbruk och beroende",
        ("ok",),
    ),
    Topic("Kvinnofrid", "kvinnofrid", "arbetet mot våld i nära relationer", ("riktlinjer",)),
    Topic(
        "God och nära vård", "god och nära vård", "omställningen till god och nära vård", ("nat",)
    ),
    Topic(
        "Rehab/hab",
        "rehabilitering och habilitering",
        "rehabilitering, habilitering och försäkringsmedicin",
        ("ok",),
    ),
    Topic(
        "Psykisk funktionsnedsättning",
        "personer med psykisk funktionsnedsättning",
        "samverkan rörande personer med psykisk funktionsnedsättning",
        ("ok",),
    ),
    Topic("SIP", "samordnad individuell plan", "arbetet med samordnad individuell plan (SIP)"),
    Topic("Demensvård", "demensvård", "vården och omsorgen om personer med demenssjukdom"),
    Topic("Palliativ vård", "palliativ vård", "den palliativa vården i kommunerna"),
    Topic(
        "Läkemedel SÄBO",
        "läkemedelshantering i särskilt boende",
        "läkemedelshanteringen i särskilt boende",
        ("riktlinjer",),
    ),
    Topic("Välfärdsteknik", "välfärdsteknik", "införandet av välfärdsteknik"),
    Topic("Digital vårdplanering", "digital vårdplanering", "den digitala vårdplaneringen"),
    Topic(
        "Hedersrelaterat våld",
        "hedersrelaterat våld och förtryck",
        "arbetet mot hedersrelaterat våld och förtryck",
    ),
    Topic("Föräldraskapsstöd", "föräldraskapsstöd", "det länsgemensamma föräldraskapsstödet"),
    Topic("ANDT", "ANDT-förebyggande arbete", "det ANDT-förebyggande arbetet"),
    Topic("Spelberoende", "spelberoende", "stödet till personer med spelberoende"),
    Topic("Nutrition", "nutrition", "nutritionsarbetet inom vård och omsorg"),
    Topic(
        "Syn och hörsel", "syn- och hörselinstruktörer", "syn- och hörselinstruktörernas uppdrag"
    ),
    Topic("BUP", "barn- och ungdomspsykiatrin", "samverkan med barn- och ungdomspsykiatrin"),
    Topic("Elevhälsa", "elevhälsa", "samverkan mellan elevhälsan och primärvården"),
    Topic("Kompetensförsörjning", "kompetensförsörjning", "den gemensamma kompetensförsörjningen"),
    Topic("LSS", "LSS", "insatser enligt LSS", ("riktlinjer",)),
    Topic(
        "Särskilt boende", "särskilda boendeformer", "platser i särskilda boendeformer för äldre"
    ),
    Topic("Krisberedskap", "krisberedskap", "den gemensamma krisberedskapen"),
    Topic("Försörjningsstöd", "försörjningsstöd", "samverkan kring försörjningsstöd och arbete"),
    Topic(
        "Personligt ombud",
        "personligt ombud",
        "verksamheten med personligt ombud",
        ("avtal",),
    ),
    Topic("Samsjuklighet", "samsjuklighet", "vården av personer med samsjuklighet", ("ok",)),
]


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = words(
    "Anna Maria Karin Eva Lena Kristina Sara Elisabeth Ingrid Malin Emma Johanna Sofia "
    "Helena Ulrika Annika Camilla Jenny Åsa Pernilla Tanja Carina Marie Linda Susanne "
    "Hanna Frida Cecilia Elin Ida Nadia Leila Ewa Barbro Inga-Lill Annelie Jeanette Erik "
    "Lars Anders Johan Per Karl Mikael Peter Jan Thomas Hans Fredrik Daniel Magnus Jonas "
    "Mats Björn Stefan Ola Jesper Tomas Bahman Amir Göran Bengt Sune Niklas Henrik"
)
LAST_NAMES = words(
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
    "Gustafsson Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Lindqvist Lindgren "
    "Berg Bergström Lundberg Lundgren Sjöberg Hedlund Forsberg Nyström Holm Ahlin "
    "Fransson Hekkala Björk Wallin Sandberg Mårtensson Ekelöf Welén Söderlund Granath "
    "Liljeberg Hjortsberg Kastemyr Dahlberg Östlund Ström Lind Engström Falk Hedman "
    "Mattsson Ekström Nordin Sundberg Åberg Nordqvist Backlund Höglund Jakobsson Axelsson "
    "Wiklund Alami Savelius Kumlin Nystedt Freijs Zimmer Frank Björsland"
)
EXPERT_TITLES = [
    "Utvecklingsledare Hälsa och välfärd",
    "Processledare",
    "Projektledare",
    "Verksamhetschef",
    "Verksamhetschef HSL",
    "Medicinskt ansvarig sjuksköterska (MAS)",
    "Medicinskt ansvarig för rehabilitering (MAR)",
    "Enhetschef",
    "Verksamhetsutvecklare",
    "Strateg",
    "Samordnare",
    "Utredare",
]
EXTERNAL_ORGS = [
    "Länsstyrelsen Dalarna",
    "Försäkringskassan",
    "Arbetsförmedlingen",
    "Högskolan Dalarna",
    "SKR",
    "Polisen Region Bergslagen",
]
RSS = "RSS Dalarna, Avdelningen för hälsa och välfärd"
MONTHS = words(
    "januari februari mars april maj juni juli augusti september oktober november december"
)
GENITIVE = {
    "VFR": "Välfärdsrådets",
    "LCHNV": "Länschefsnätverkets",
    "SCHNV": "Socialchefsnätverkets",
    "SG-LCHNV": "Styrgruppens",
    "SG-GNV": "Styrgruppens",
    "SG-MVK": "Styrgruppens",
}

# Forum cadence: months with a meeting, weekday (0 = Monday), week of the month,
# start and end time, founded, relative size of the meeting.
CADENCE = {
    "VFR": ([3, 5, 6, 10, 12], 2, 2, (13, 0), (16, 0), D(2015, 1, 1), 0.9),
    "LCHNV": ([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], 4, 3, (9, 15), (12, 0), D(2015, 1, 1), 1.25),
    "SCHNV": ([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], 4, 4, (8, 0), (10, 0), D(2015, 1, 1), 1.05),
    "SG-LCHNV": ([2, 4, 9, 11], 1, 1, (10, 0), (11, 30), D(2015, 1, 1), 0.8),
    "SG-GNV": ([2, 4, 6, 9, 11], 1, 2, (13, 0), (14, 30), D(2020, 6, 1), 0.8),
    "SG-MVK": ([3, 9, 11], 3, 1, (10, 0), (11, 30), D(2015, 1, 1), 0.75),
    "LPO-BU": ([2, 5, 9, 11], 3, 2, (13, 0), (15, 0), D(2019, 1, 1), 0.7),
    "LPO-RHF": ([2, 5, 9, 11], 3, 3, (13, 0), (15, 0), D(2019, 1, 1), 0.7),
    "LPO-AH": ([2, 5, 9, 11], 2, 3, (9, 0), (11, 0), D(2019, 1, 1), 0.7),
    "LPO-PV": ([2, 5, 9, 11], 2, 4, (9, 0), (11, 0), D(2019, 1, 1), 0.7),
    "AG-SUS": ([1, 3, 5, 9, 11], 0, 3, (9, 0), (11, 0), D(2015, 1, 1), 0.7),
}
EXTRA_MONTHS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]

# Where a matter started in a forum goes next (referrals go up the chain).
UPWARD = {
    "SCHNV": ["LCHNV", "VFR"],
    "LCHNV": ["VFR"],
    "SG-LCHNV": ["LCHNV", "VFR"],
    "SG-GNV": ["LCHNV", "VFR"],
    "SG-MVK": ["LCHNV"],
    "LPO-BU": ["SG-LCHNV", "LCHNV"],
    "LPO-RHF": ["SG-LCHNV", "LCHNV"],
    "LPO-AH": ["SG-LCHNV", "LCHNV"],
    "LPO-PV": ["SG-LCHNV", "LCHNV"],
    "AG-SUS": ["SG-GNV", "LCHNV"],
}


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def ascii_fold(text: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉü", "aaoeAAOEu")
    return text.translate(table).lower().replace(" ", "-")


def nth_weekday(year: int, month: int, weekday: int, week: int) -> datetime.date:
    first = D(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
    if day.month != month:
        day -= datetime.timedelta(days=7)
    return day


def yymmdd(day: datetime.date) -> str:
    return f"{day:%y%m%d}"


def long_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --------------------------------------------------------------------------- finding and removing


def synthetic_querysets() -> dict[str, object]:
    """The synthetic rows of every table, as querysets (lazy subqueries)."""
    meetings = Meeting.objects.filter(registration_number__startswith=PREFIX)
    items = AgendaItem.objects.filter(meeting__in=meetings.values("pk"))
    decisions = Decision.objects.filter(item__in=items.values("pk"))
    cases = Case.objects.filter(registration_number__startswith=PREFIX)
    agreements = Agreement.objects.filter(short_name__startswith=PREFIX)
    people = Person.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
    forums = Forum.objects.filter(code__startswith=PREFIX)
    return {
        "principal_decisions": PrincipalDecision.objects.filter(
            recommendation__in=decisions.values("pk")
        ),
        "assignments": Assignment.objects.filter(decision__in=decisions.values("pk")),
        "decisions": decisions,
        "presenters": AgendaItemPresenter.objects.filter(item__in=items.values("pk")),
        "attachments": Attachment.objects.filter(meeting__in=meetings.values("pk")),
        "items": items,
        "attendance": Attendance.objects.filter(meeting__in=meetings.values("pk")),
        "meetings": meetings,
        "agreements": agreements,
        "cases": cases,
        "memberships": Membership.objects.filter(
            Q(person__in=people.values("pk")) | Q(forum__in=forums.values("pk"))
        ),
        "people": people,
        "forums": forums,
    }


def synthetic_exists() -> bool:
    sets = synthetic_querysets()
    return any(
        sets[name].exists() for name in ["meetings", "cases", "agreements", "people", "forums"]
    )


def _raw_delete(queryset) -> int:
    # Deleting through the ORM would load every row and write a history row for
    # each; the synthetic rows are removed in bulk, history included.
    return queryset._raw_delete(queryset.db)


@transaction.atomic
def delete_synthetic() -> dict[str, int]:
    """Remove every synthetic row and its history; returns rows deleted per table."""
    sets = synthetic_querysets()
    meetings, items, decisions = sets["meetings"], sets["items"], sets["decisions"]
    cases, agreements, people = sets["cases"], sets["agreements"], sets["people"]
    # Rows that are not synthetic but point at synthetic ones let go of them.
    Decision.objects.exclude(pk__in=decisions.values("pk")).filter(
        answers__in=decisions.values("pk")
    ).update(answers=None)
    AgendaItem.objects.exclude(pk__in=items.values("pk")).filter(
        case__in=cases.values("pk")
    ).update(case=None)
    Assignment.objects.filter(reported_in__in=items.values("pk")).update(reported_in=None)
    Assignment.objects.filter(report_to_meeting__in=meetings.values("pk")).update(
        report_to_meeting=None
    )
    Agreement.objects.exclude(pk__in=agreements.values("pk")).filter(
        replaces__in=agreements.values("pk")
    ).update(replaces=None)
    Meeting.objects.exclude(pk__in=meetings.values("pk")).filter(
        chair__in=people.values("pk")
    ).update(chair=None)

    deleted: dict[str, int] = {}
    history_sets = {
        "principal_decisions": PrincipalDecision,
        "assignments": Assignment,
        "decisions": Decision,
        "presenters": AgendaItemPresenter,
        "attachments": Attachment,
        "items": AgendaItem,
        "attendance": Attendance,
        "meetings": Meeting,
        "agreements": Agreement,
        "cases": Case,
        "memberships": Membership,
        "people": Person,
        "forums": Forum,
    }
    history = Agreement.history.model
    agreement_history = history.objects.filter(id__in=agreements.values("pk"))
    for m2m_name in ("parties", "cases"):
        m2m_history = getattr(history, m2m_name).model
        _raw_delete(m2m_history.objects.filter(history__in=agreement_history.values("pk")))
    for name, model in history_sets.items():
        deleted["history"] = deleted.get("history", 0) + _raw_delete(
            model.history.model.objects.filter(id__in=sets[name].values("pk"))
        )
    _raw_delete(Agreement.parties.through.objects.filter(agreement__in=agreements.values("pk")))
    _raw_delete(
        Agreement.cases.through.objects.filter(
            Q(agreement__in=agreements.values("pk")) | Q(case__in=cases.values("pk"))
        )
    )
    _raw_delete(Meeting.justerare.through.objects.filter(meeting__in=meetings.values("pk")))
    _raw_delete(ForumName.objects.filter(forum__in=sets["forums"].values("pk")))
    _raw_delete(StandingItem.objects.filter(forum__in=sets["forums"].values("pk")))
    for name in history_sets:
        deleted[name] = _raw_delete(sets[name])
    return deleted


# --------------------------------------------------------------------------- the plan


@dataclass(eq=False)
class Seat:
    """A place in a forum (or in the pool of presenters), held by one person at a time."""

    principal: Principal | None
    titles: list[str]
    role: str = Role.MEMBER
    organisation: str = ""
    holder: int | None = None
    title: str = ""
    until: datetime.date | None = None
    tenures: list[tuple[int, datetime.date, datetime.date]] = field(default_factory=list)


@dataclass(eq=False)
class ForumPlan:
    code: str
    forum_id: int
    name: str
    months: list[int]
    weekday: int
    week: int
    start: tuple[int, int]
    end: tuple[int, int]
    founded: datetime.date
    size: float
    upward: list[str]
    seats: list[Seat] = field(default_factory=list)
    queue: list[Step] = field(default_factory=list)
    topic: Topic | None = None
    last_meeting: datetime.date | None = None


@dataclass(eq=False)
class Thread:
    """A matter followed across meetings: becomes a case when it has two items or more."""

    case_id: int
    topic: Topic
    doc: Doc
    doc_key: str
    title: str
    origin: str
    path: list[str]
    presenter: int
    started: datetime.date
    items: int = 0
    last: datetime.date | None = None
    recommended: datetime.date | None = None
    approved: datetime.date | None = None
    finished: bool = False


@dataclass(eq=False)
class Step:
    """Something a forum has to take up at its next meeting after ``due``."""

    kind: str  # answer, commission, report, follow, retable
    due: datetime.date
    thread: Thread | None
    answers: int | None = None
    source: str = ""
    assignment: Assignment | None = None
    tabled: int = 0


@dataclass(eq=False)
class Clause:
    kind: str
    role: str = ""
    target: str | None = None
    answers: int | None = None
    identical: bool = False
    amount: int | None = None


@dataclass(eq=False)
class ItemPlan:
    kind: str
    title: str = ""
    clauses: list[Clause] = field(default_factory=list)
    step: Step | None = None
    filler: str = ""
    optional: bool = False
    standing: str = ""


@dataclass
class Summary:
    counts: Counter
    kinds: Counter
    extra_forums: int
    first_date: datetime.date | None
    last_date: datetime.date | None
    elapsed: float
    deleted: dict[str, int] = field(default_factory=dict)
    delete_seconds: float = 0.0


class Generator:
    def __init__(
        self,
        decisions: int,
        seed: int = 1,
        user=None,
        today: datetime.date | None = None,
        batch_size: int = 2000,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        if decisions < 1:
            raise ValueError("At least one decision is needed.")
        self.total = decisions
        self.rng = random.Random(seed)
        self.user = user
        self.today = today or timezone.localdate()
        self.batch_size = batch_size
        self.progress = progress
        self.tz = timezone.get_current_timezone()
        self.buffers: dict[type, list] = defaultdict(list)
        self.counts: Counter = Counter()
        self.kinds: Counter = Counter()
        self.next_ids: dict[type, int] = {}
        self.decisions_written = 0
        self.reg_seq = 0
        self.used_names: set[str] = set()
        self.threads: list[Thread] = []
        self.assignments: list[Assignment] = []

    # ----------------------------------------------------------------- infrastructure

    def new_id(self, model) -> int:
        if model not in self.next_ids:
            self.next_ids[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def at(self, day: datetime.date, hour: int = 10, seconds: int = 0) -> datetime.datetime:
        moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.tz)
        moment += datetime.timedelta(seconds=seconds)
        return min(moment, self.now)

    def add(self, obj, when: datetime.datetime, before=None, before_when=None) -> None:
        obj._history_date = when
        if before is not None:
            before._history_date = before_when
            obj._synthetic_before = before
        buffer = self.buffers[type(obj)]
        buffer.append(obj)
        if len(buffer) >= self.batch_size:
            self.flush(type(obj))

    def flush(self, model) -> None:
        objs = self.buffers.pop(model, [])
        if not objs:
            return
        befores = [o._synthetic_before for o in objs if hasattr(o, "_synthetic_before")]
        if befores:
            model.objects.bulk_create(objs, batch_size=self.batch_size)
            history = model.history
            created = [getattr(o, "_synthetic_before", o) for o in objs]
            history.bulk_history_create(created, batch_size=self.batch_size, default_user=self.user)
            changed = [o for o in objs if hasattr(o, "_synthetic_before")]
            history.bulk_history_create(
                changed, batch_size=self.batch_size, update=True, default_user=self.user
            )
            self.counts["history"] += len(created) + len(changed)
        else:
            bulk_create_with_history(
                objs, model, batch_size=self.batch_size, default_user=self.user
            )
            self.counts["history"] += len(objs)
        self.counts[model._meta.model_name] += len(objs)
        if model is Decision:
            self.decisions_written += len(objs)
            if self.progress:
                self.progress(self.decisions_written, self.total)

    def flush_all(self) -> None:
        for model in list(self.buffers):
            self.flush(model)

    def registration_number(self, day: datetime.date) -> str:
        self.reg_seq += 1
        return f"{PREFIX}RD{day:%y}/{self.reg_seq:05d}"

    # ----------------------------------------------------------------- people

    def new_person(self, title: str, principal: Principal | None, organisation: str, day) -> int:
        rng = self.rng
        for _ in range(6):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name not in self.used_names:
                break
        else:
            name = f"{first} {rng.choice(LAST_NAMES)} {last}"
        self.used_names.add(name)
        pid = self.new_id(Person)
        email = f"{ascii_fold(name.replace(' ', '.'))}@{EMAIL_DOMAIN}"
        person = Person(
            id=pid,
            name=name,
            other_names=[],
            title=title,
            principal_id=principal.id if principal else None,
            organisation="" if principal else organisation,
            email=email,
            active=True,
        )
        self.add(person, self.at(day, 8))
        self.person_names[pid] = name
        return pid

    def holder(self, seat: Seat, day: datetime.date) -> int:
        while seat.holder is None or day > seat.until:
            start = (
                day - datetime.timedelta(days=self.rng.randint(0, 900))
                if seat.holder is None
                else seat.until + ONE_DAY
            )
            seat.title = self.rng.choice(seat.titles)
            seat.holder = self.new_person(seat.title, seat.principal, seat.organisation, start)
            seat.until = start + datetime.timedelta(days=self.rng.randint(2 * 365, 8 * 365))
            seat.tenures.append((seat.holder, start, seat.until))
        return seat.holder

    def seats_for(self, code: str, kind: str) -> list[Seat]:
        rng = self.rng
        region = self.principals[0]
        municipalities = self.principals[1:]
        if code == "VFR":
            seats = [
                Seat(region, ["Regionråd"], Role.CHAIR),
                Seat(region, ["Ordförande hälso- och sjukvårdsnämnden", "Regionråd"]),
            ]
            seats += [
                Seat(
                    m,
                    [
                        "Ordförande socialnämnden",
                        "Kommunalråd",
                        "Ordförande omsorgsnämnden",
                        "Ordförande vård- och omsorgsnämnden",
                    ],
                )
                for m in municipalities
            ]
            return seats
        if code == "LCHNV":
            seats = [
                Seat(m, ["Förvaltningschef Socialförvaltningen", "Socialchef", "Förvaltningschef"])
                for m in municipalities
            ]
            seats[0].role = Role.CHAIR
            seats += [
                Seat(region, ["Hälso- och sjukvårdsdirektör"]),
                Seat(region, ["Divisionschef Primärvård"]),
                Seat(region, ["Divisionschef Psykiatri"]),
            ]
            return seats
        if code == "SCHNV":
            seats = [
                Seat(m, ["Socialchef", "Förvaltningschef Socialförvaltningen", "IFO-chef"])
                for m in municipalities
            ]
            seats[rng.randrange(len(seats))].role = Role.CHAIR
            return seats
        size = 6 if kind == Forum.Kind.STEERING_GROUP else 7
        titles = (
            ["Socialchef", "Divisionschef", "Förvaltningschef", "Verksamhetschef"]
            if kind == Forum.Kind.STEERING_GROUP
            else ["Verksamhetschef", "Enhetschef", "Utvecklingsledare", "MAS", "Samordnare"]
        )
        seats = [Seat(region, titles)]
        seats += [Seat(p, titles) for p in rng.sample(municipalities, size - 2)]
        seats.append(
            Seat(None, ["Utvecklingsledare Hälsa och välfärd", "Processledare"], organisation=RSS)
        )
        seats[0].role = Role.CHAIR
        return seats

    # ----------------------------------------------------------------- meeting plan

    def plan_forums(self) -> None:
        forums = {f.code: f for f in Forum.objects.all()}
        self.forum_ids = {code: f.id for code, f in forums.items()}
        self.forum_names = {code: f.name for code, f in forums.items()}
        self.plans: dict[str, ForumPlan] = {}
        for code, (months, weekday, week, start, end, founded, size) in CADENCE.items():
            if code not in forums:
                continue
            self.plans[code] = ForumPlan(
                code,
                forums[code].id,
                forums[code].name,
                months,
                weekday,
                week,
                start,
                end,
                founded,
                size,
                UPWARD.get(code, []),
            )

    def extra_forum_specs(self) -> list[tuple[str, str, str, str]]:
        """Working groups and networks that a larger register would also hold."""
        taken = set(self.forum_names.values())
        specs = []
        for kind_name, code_part, kind in [
            ("Arbetsgrupp", "AG", Forum.Kind.WORKING_GROUP),
            ("Nätverk", "NV", Forum.Kind.NETWORK),
            ("Referensgrupp", "RG", Forum.Kind.WORKING_GROUP),
        ]:
            for n, topic in enumerate(TOPICS, start=1):
                name = f"{kind_name} {topic.label}"
                if name in taken:
                    continue
                specs.append((f"{PREFIX}{code_part}{n:02d}", name, kind, topic.label))
        return specs

    def slots(self, plan: ForumPlan, first_year: int) -> list[tuple[datetime.date, str]]:
        result = []
        for year in range(first_year, self.today.year + 1):
            for month in plan.months:
                day = nth_weekday(year, month, plan.weekday, plan.week)
                if day <= self.today and (year < START_YEAR or day >= plan.founded):
                    result.append((day, plan.code))
        return result

    def plan_meetings(self) -> list[tuple[datetime.date, str]]:
        rng = self.rng
        wanted = max(1, round(self.total / DECISIONS_PER_MEETING))
        slots = [s for plan in self.plans.values() for s in self.slots(plan, START_YEAR)]
        self.extra_specs = []
        specs = self.extra_forum_specs()
        rng.shuffle(specs)
        while len(slots) < wanted and specs:
            code, name, kind, label = specs.pop()
            parent = rng.choice(["SG-LCHNV", "SG-GNV", "LCHNV", "SG-LCHNV"])
            months = sorted(rng.sample(EXTRA_MONTHS, rng.randint(8, 11)))
            founded = D(START_YEAR, 1, 1) + datetime.timedelta(days=rng.randint(0, 3 * 365))
            start_hour = rng.choice([8, 9, 10, 13, 14])
            plan = ForumPlan(
                code,
                0,
                name,
                months,
                rng.randint(0, 4),
                rng.randint(1, 4),
                (start_hour, 0),
                (start_hour + 2, 0),
                founded,
                0.85,
                [parent, "LCHNV"] if parent != "LCHNV" else ["LCHNV", "VFR"],
            )
            plan.topic = next(t for t in TOPICS if t.label == label)
            self.plans[code] = plan
            self.extra_specs.append((code, name, kind, parent, label))
            slots += self.slots(plan, START_YEAR)
        first_year = START_YEAR
        while len(slots) < wanted:
            # Even more than the forums can hold since 2015: go further back in time.
            first_year -= 1
            slots += [
                s
                for plan in self.plans.values()
                for s in self.slots(plan, first_year)
                if s[0].year == first_year
            ]
        order = {code: n for n, code in enumerate(self.plans)}
        slots.sort(key=lambda s: (s[0], order[s[1]]))
        return slots[-wanted:]

    def create_extra_forums(self, used: set[str]) -> None:
        forums = []
        for code, name, kind, parent, label in self.extra_specs:
            if code not in used:
                continue
            forum = Forum(
                id=self.new_id(Forum),
                name=name,
                code=code,
                kind=kind,
                chain_level=1,
                parent_id=self.forum_ids[parent],
                description=f"Synthetic forum for {label} (generate_synthetic).",
                active=True,
            )
            forum._history_date = self.at(self.plans[code].founded, 9)
            forums.append(forum)
            self.plans[code].forum_id = forum.id
            self.forum_ids[code] = forum.id
            self.forum_names[code] = name
        if forums:
            bulk_create_with_history(forums, Forum, default_user=self.user)
            self.counts["forum"] += len(forums)
            self.counts["history"] += len(forums)
        for code in list(self.plans):
            if code.startswith(PREFIX) and code not in used:
                del self.plans[code]

    # ----------------------------------------------------------------- run

    def run(self) -> Summary:
        started = time.perf_counter()
        self.now = timezone.now()
        load_reference_data()
        self.principals = list(Principal.objects.order_by("position", "short_name"))
        self.person_names: dict[int, str] = {}
        self.plan_forums()
        slots = self.plan_meetings()
        self.create_extra_forums({code for _, code in slots})
        kinds = dict(Forum.objects.values_list("code", "kind"))
        for code, plan in self.plans.items():
            plan.seats = self.seats_for(code, kinds.get(code, Forum.Kind.WORKING_GROUP))
        self.official = Seat(None, ["Avdelningschef Hälsa och välfärd"], Role.OFFICIAL, RSS)
        self.experts = [self.expert_seat() for _ in range(40)]

        remaining, left = self.total, len(slots)
        lo_all = min(8, self.total // len(slots))
        hi_all = 40
        for day, code in slots:
            plan = self.plans[code]
            if left == 1:
                target = remaining
            else:
                mean = remaining / left * plan.size * self.rng.uniform(0.75, 1.25)
                low = max(max(1, lo_all), remaining - hi_all * (left - 1))
                high = min(hi_all, remaining - max(1, lo_all) * (left - 1))
                target = max(low, min(high, round(mean)))
            made = self.meeting(plan, day, target)
            remaining -= made
            left -= 1
        assert remaining == 0, remaining
        self.flush(Decision)
        self.finish_assignments()
        self.finish_cases()
        self.finish_memberships()
        self.flush_all()
        self.create_agreements()
        self.reset_sequences()
        return Summary(
            counts=self.counts,
            kinds=self.kinds,
            extra_forums=sum(1 for code in self.plans if code.startswith(PREFIX)),
            first_date=slots[0][0] if slots else None,
            last_date=slots[-1][0] if slots else None,
            elapsed=time.perf_counter() - started,
        )

    def expert_seat(self) -> Seat:
        roll = self.rng.random()
        if roll < 0.3:
            return Seat(None, EXPERT_TITLES[:3], organisation=RSS)
        if roll < 0.38:
            return Seat(
                None,
                ["Handläggare", "Samordnare", "Utvecklare"],
                organisation=self.rng.choice(EXTERNAL_ORGS),
            )
        principal = self.principals[0] if roll < 0.6 else self.rng.choice(self.principals[1:])
        return Seat(principal, EXPERT_TITLES)

    def reset_sequences(self) -> None:
        models = [
            Forum,
            Person,
            Membership,
            Meeting,
            Attendance,
            Case,
            AgendaItem,
            AgendaItemPresenter,
            Decision,
            Assignment,
            PrincipalDecision,
            Agreement,
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    # ----------------------------------------------------------------- a meeting

    def meeting(self, plan: ForumPlan, day: datetime.date, target: int) -> int:
        rng = self.rng
        code = plan.code
        items = self.compose(plan, day, target)
        mid = self.new_id(Meeting)
        age = (self.today - day).days
        if age <= 14:
            status = rng.choice([Meeting.Status.MINUTES_DRAFT, Meeting.Status.HELD])
        elif age <= 35:
            status = rng.choice([Meeting.Status.APPROVED, Meeting.Status.PUBLISHED])
        else:
            status = Meeting.Status.PUBLISHED
        minutes_date = None
        if status in (Meeting.Status.APPROVED, Meeting.Status.PUBLISHED):
            minutes_date = min(self.today, day + datetime.timedelta(days=rng.randint(2, 8)))
        recorded = self.at(minutes_date or day + ONE_DAY, 11)

        chair = None
        attendance: list[tuple[int, int | None, str, bool]] = []
        seen: set[int] = set()
        absent: list[str] = []
        for seat in plan.seats:
            person = self.holder(seat, day)
            if person in seen:
                continue
            seen.add(person)
            present = seat.role == Role.CHAIR or rng.random() < 0.87
            if seat.role == Role.CHAIR:
                chair = person
            elif not present and seat.principal:
                absent.append(seat.principal.short_name)
            attendance.append(
                (person, seat.principal.id if seat.principal else None, seat.role, present)
            )
        if code in ("VFR", "LCHNV", "SCHNV"):
            person = self.holder(self.official, day)
            if person not in seen:
                seen.add(person)
                attendance.append((person, None, Role.OFFICIAL, True))

        made = 0
        bilaga = 0
        presenters_seen = False
        for position, spec in enumerate(items, start=1):
            item_id = self.new_id(AgendaItem)
            thread = spec.step.thread if spec.step else None
            if spec.filler == "start":
                thread = self.start_thread(plan, day)
            elif spec.filler == "assign" and rng.random() < 0.5:
                # A matter of the forum's own: the assignment and its report form a case.
                thread = self.start_thread(plan, day, local=True)
            case_id = None
            if thread is not None and thread.items < MAX_CASE_ITEMS:
                thread.items += 1
                thread.last = day
                case_id = thread.case_id
            topic = thread.topic if thread else self.topic_for(plan)
            title, discussion, presenter = self.item_text(plan, day, spec, thread, topic)
            attachments = ""
            if spec.kind not in (AgendaItem.Kind.PROCEDURAL, AgendaItem.Kind.OTHER_BUSINESS) and (
                rng.random() < 0.45
            ):
                bilaga += 1
                attachments = f"Bilaga {bilaga}"
                if rng.random() < 0.25:
                    bilaga += 1
                    attachments += f", {bilaga}"
            if spec.standing and code in ("VFR", "LCHNV"):
                presenters = [(None, self.forum_ids.get(spec.standing), "")]
            elif presenter is not None:
                seat = self.experts[presenter]
                presenters = [(self.holder(seat, day), None, seat.title)]
            else:
                presenters = []
            outcome = AgendaItem.Outcome.HANDLED
            if spec.clauses and spec.clauses[0].kind == Decision.Kind.TABLED:
                outcome = AgendaItem.Outcome.TABLED
            elif spec.clauses and spec.clauses[0].kind == Decision.Kind.WITHDRAWN:
                outcome = AgendaItem.Outcome.WITHDRAWN
            self.add(
                AgendaItem(
                    id=item_id,
                    meeting_id=mid,
                    position=position,
                    number=str(position),
                    title=title[:500],
                    kind=spec.kind,
                    attachment_refs=attachments,
                    discussion=discussion,
                    outcome=outcome,
                    case_id=case_id,
                ),
                self.at(minutes_date or day + ONE_DAY, 11, position),
            )
            for p_position, (person, forum_id, p_title) in enumerate(presenters):
                self.add(
                    AgendaItemPresenter(
                        id=self.new_id(AgendaItemPresenter),
                        item_id=item_id,
                        position=p_position,
                        person_id=person,
                        forum_id=forum_id,
                        title=p_title,
                    ),
                    recorded,
                )
                if person is not None and person not in seen:
                    seen.add(person)
                    presenters_seen = True
                    seat = self.experts[presenter]
                    attendance.append(
                        (
                            person,
                            seat.principal.id if seat.principal else None,
                            Role.PRESENTER,
                            True,
                        )
                    )
            for c_position, clause in enumerate(spec.clauses, start=1):
                made += 1
                self.decision(plan, day, item_id, c_position, clause, spec, thread, topic, recorded)
            if spec.step is not None:
                self.after_step(plan, day, spec, thread, item_id, mid)

        note = ""
        if absent:
            note = "Ej representerade: " + ", ".join(sorted(set(absent))) + "."
        elif presenters_seen:
            note = rng.choice(
                [
                    "samt föredragande enligt nedan.",
                    "samt föredragande och medverkande enligt nedan.",
                ]
            )
        for a_position, (person, principal_id, role, present) in enumerate(attendance):
            self.add(
                Attendance(
                    id=self.new_id(Attendance),
                    meeting_id=mid,
                    person_id=person,
                    principal_id=principal_id,
                    role=role,
                    present=present,
                    position=a_position,
                ),
                recorded,
            )
        place = self.place(day)
        meeting = Meeting(
            id=mid,
            forum_id=plan.forum_id,
            date=day,
            start_time=datetime.time(*plan.start),
            end_time=datetime.time(*plan.end),
            place=place,
            registration_number=self.registration_number(day),
            minutes_date=minutes_date,
            chair_id=chair,
            status=status,
            attendance_note=note,
        )
        planned = copy.copy(meeting)
        planned.status = Meeting.Status.PLANNED
        planned.minutes_date = None
        planned.chair_id = None
        self.add(
            meeting,
            self.at((minutes_date or day) + datetime.timedelta(days=rng.randint(1, 6)), 14),
            before=planned,
            before_when=self.at(day - datetime.timedelta(days=rng.randint(21, 35)), 9),
        )
        plan.last_meeting = day
        return made

    def place(self, day: datetime.date) -> str:
        rng = self.rng
        if day < D(2020, 3, 15):
            return rng.choice(
                [
                    "Regionhuset, Falun",
                    "Myntgatan 2, Falun",
                    "Landstingshuset, Falun",
                    "Borlänge stadshus",
                    "Lugnets konferenscenter, Falun",
                    "Hotell Dalecarlia, Tällberg",
                    "Skype",
                ]
            )
        if day < D(2022, 3, 1):
            return "Skype" if day < D(2020, 10, 1) and rng.random() < 0.5 else "Teams"
        return rng.choice(
            ["Teams", "Teams", "Myntgatan 2, Falun", "Regionhuset, Falun", "Teams och Myntgatan 2"]
        )

    # ----------------------------------------------------------------- composing an agenda

    def compose(self, plan: ForumPlan, day: datetime.date, target: int) -> list[ItemPlan]:
        rng = self.rng
        K = AgendaItem.Kind
        C = Decision.Kind
        opening = ItemPlan(
            K.PROCEDURAL,
            rng.choice(["Mötets öppnande", "Öppnande"]),
            [Clause(C.PROCEDURAL, "open")] if rng.random() < 0.5 else [],
            optional=True,
        )
        agenda = ItemPlan(
            K.PROCEDURAL, "Godkännande av dagordning", [Clause(C.PROCEDURAL, "agenda")]
        )
        head = [opening, agenda]
        if plan.last_meeting is not None:
            head.append(
                ItemPlan(
                    K.PROCEDURAL,
                    f"Föregående minnesanteckningar {yymmdd(plan.last_meeting)}",
                    [Clause(C.NOTED if rng.random() < 0.7 else C.APPROVED, "minutes")],
                    optional=True,
                )
            )
        if rng.random() < 0.8:
            head.append(
                ItemPlan(
                    K.REPORT,
                    rng.choice(
                        [
                            "Rapporter och delgivningar",
                            "Rapporter, inbjudningar m.m.",
                            "Övriga minnesanteckningar, information och rapporter",
                        ]
                    ),
                    [Clause(C.NOTED, "report")],
                    optional=True,
                )
            )
        if plan.code in ("VFR", "LCHNV") and day >= D(2020, 6, 1):
            head.append(
                ItemPlan(
                    K.REPORT,
                    "Rapport från Styrgrupp god och nära vård",
                    [Clause(C.NOTED, "report")],
                    optional=True,
                    standing="SG-GNV",
                )
            )
        tail = [ItemPlan(K.OTHER_BUSINESS, "Övriga frågor", [], optional=True)]
        if rng.random() < 0.3:
            tail[0].clauses.append(Clause(C.NOTED, "info"))
        if rng.random() < 0.6:
            tail.append(
                ItemPlan(
                    K.PROCEDURAL,
                    rng.choice(["Mötets avslutande", "Avslutning"]),
                    [Clause(C.PROCEDURAL, "close")] if rng.random() < 0.6 else [],
                    optional=True,
                )
            )

        # Matters waiting for this forum, oldest first; what has waited for more than
        # a year and a half is left unanswered.
        stale = day - datetime.timedelta(days=540)
        plan.queue = [s for s in plan.queue if s.due >= stale]
        due = [s for s in plan.queue if s.due <= day]
        due.sort(key=lambda s: s.due)
        taken = due[: max(rng.randint(3, 5), target // 2)]
        steps = [self.step_item(plan, day, step) for step in taken]

        def used() -> int:
            return sum(len(i.clauses) for i in head + steps + tail)

        # Too much on the agenda for the clauses this meeting has: trim.
        removable = [s for s in head if s.standing or s.kind == K.REPORT] + tail[1:]
        for spec in [*tail[::-1], head[0], *head[:1:-1]]:
            if used() <= target:
                break
            if not spec.clauses:
                continue
            spec.clauses = []
            if any(spec is r for r in removable):
                owner = tail if any(spec is t for t in tail) else head
                owner[:] = [s for s in owner if s is not spec]
        while used() > target and steps:
            steps.pop()
        for step in taken[: len(steps)]:
            plan.queue.remove(step)

        rest = target - used()
        size = rng.randint(10, 14)
        fillers = max(size - len(head) - len(steps) - len(tail), math.ceil(rest / 3))
        fillers = min(fillers, rest)
        counts = [1] * fillers
        for _ in range(rest - fillers):
            choices = [n for n, c in enumerate(counts) if c < 3]
            counts[rng.choice(choices)] += 1
        middle = steps + [self.filler(plan, day, c) for c in counts]
        rng.shuffle(middle)
        # Decisions come before information, as the minutes usually order them.
        middle.sort(key=lambda i: i.kind != K.DECISION)
        return head + middle + tail

    def filler(self, plan: ForumPlan, day: datetime.date, count: int) -> ItemPlan:
        rng = self.rng
        K = AgendaItem.Kind
        C = Decision.Kind
        upward = bool(plan.upward)
        vfr = plan.code == "VFR"
        # Working groups added for volume seldom send matters up: their steering
        # groups meet a few times a year and could not take them all.
        start = (0.15 if plan.code.startswith(PREFIX) else 1.0) if upward else 0
        if count == 1:
            options = [
                ("info", 70),
                ("approve", 12),
                ("assign", 3),
                ("start", 4 * start),
                ("tabled", 1.5),
                ("rejected", 1.5),
                ("other", 3),
                ("withdrawn", 0.5),
                ("commission", 4 if vfr else 0),
                ("recommend", 5 if vfr else 0),
            ]
        elif count == 2:
            options = [
                ("info", 34),
                ("approve", 28),
                ("assign", 12),
                ("start", 16 * start),
                ("rejected", 2),
                ("commission", 8 if vfr else 0),
                ("recommend", 12 if vfr else 0),
            ]
        else:
            options = [
                ("info", 20),
                ("approve", 35),
                ("assign", 18),
                ("start", 22 * start),
                ("recommend", 15 if vfr else 0),
            ]
        names, weights = zip(*options, strict=True)
        kind = rng.choices(names, weights)[0]
        if kind == "info":
            clauses = [Clause(C.NOTED, "info")] + [
                Clause(rng.choice([C.NOTED, C.NOTED, C.OTHER, C.APPROVED]), "info2")
                for _ in range(count - 1)
            ]
            item_kind = rng.choice([K.INFORMATION, K.INFORMATION, K.REPORT])
        elif kind == "approve":
            clauses = [Clause(C.APPROVED, "approve", amount=self.amount())]
            clauses += [
                Clause(rng.choice([C.APPROVED, C.NOTED, C.NOTED, C.OTHER]), "approve2")
                for _ in range(count - 1)
            ]
            item_kind = K.DECISION
        elif kind == "assign":
            clauses = [Clause(rng.choice([C.APPROVED, C.NOTED]), "approve")] if count > 1 else []
            clauses += [Clause(C.ASSIGNED, "assign") for _ in range(count - len(clauses))]
            item_kind = K.DECISION
        elif kind == "start":
            target = plan.upward[0]
            clauses = [Clause(C.APPROVED, "approve", amount=self.amount())] if count > 1 else []
            if count > 2:
                clauses.append(Clause(C.ASSIGNED, "assign"))
            clauses.append(Clause(C.REFERRED, "refer", target=target))
            item_kind = K.DECISION
        elif kind == "commission":
            clauses = [Clause(C.APPROVED, "approve")] if count > 1 else []
            clauses.append(Clause(C.ASSIGNED, "commission"))
            item_kind = K.DECISION
        elif kind == "recommend":
            clauses = [Clause(C.APPROVED, "approve")] if count > 1 else []
            clauses += [
                Clause(C.RECOMMENDED, "recommend", identical=rng.random() < 0.35)
                for _ in range(count - len(clauses))
            ]
            item_kind = K.DECISION
        else:
            clauses = [Clause(getattr(C, kind.upper()), kind)]
            item_kind = K.DECISION
        return ItemPlan(item_kind, clauses=clauses, filler=kind)

    def amount(self) -> int | None:
        if self.rng.random() < 0.12:
            return self.rng.choice([50, 120, 250, 400, 600, 1200, 2400, 5000, 18000]) * 1000
        return None

    def step_item(self, plan: ForumPlan, day: datetime.date, step: Step) -> ItemPlan:
        """The item a forum takes up for a matter waiting for it."""
        rng = self.rng
        K = AgendaItem.Kind
        C = Decision.Kind
        thread = step.thread
        if step.kind in ("answer", "retable"):
            nxt = self.next_in_path(thread, plan.code)
            roll = rng.random()
            if step.tabled < 2 and roll < 0.06:
                return ItemPlan(K.DECISION, clauses=[Clause(C.TABLED, "tabled")], step=step)
            if plan.code == "VFR":
                if roll < 0.68:
                    first = Clause(
                        C.RECOMMENDED,
                        "recommend",
                        answers=step.answers,
                        identical=rng.random() < 0.35,
                    )
                elif roll < 0.95:
                    first = Clause(C.APPROVED, "approve", answers=step.answers)
                else:
                    first = Clause(C.REJECTED, "rejected", answers=step.answers)
            elif roll < 0.8:
                first = Clause(C.APPROVED, "approve", answers=step.answers, amount=self.amount())
            elif roll < 0.92:
                first = Clause(C.NOTED, "info", answers=step.answers)
            else:
                first = Clause(C.REJECTED, "rejected", answers=step.answers)
            clauses = [first]
            if first.kind == C.RECOMMENDED and rng.random() < 0.2:
                clauses.append(Clause(C.RECOMMENDED, "recommend", identical=first.identical))
            if rng.random() < 0.12:
                clauses.append(Clause(C.ASSIGNED, "assign"))
            if nxt and first.kind == C.APPROVED:
                clauses.append(Clause(C.REFERRED, "refer", target=nxt))
            return ItemPlan(K.DECISION, clauses=clauses, step=step)
        if step.kind == "commission":
            return ItemPlan(K.INFORMATION, clauses=[Clause(C.NOTED, "info")], step=step)
        if step.kind == "report":
            clauses = [Clause(C.APPROVED, "report_back", answers=step.answers)]
            if rng.random() < 0.3:
                clauses.append(Clause(C.NOTED, "info"))
            return ItemPlan(K.REPORT, clauses=clauses, step=step)
        # follow-up of a finished matter
        return ItemPlan(
            K.INFORMATION, clauses=[Clause(C.NOTED, "follow")], step=step, filler="follow"
        )

    @staticmethod
    def next_in_path(thread: Thread | None, code: str) -> str | None:
        if thread is None or code not in thread.path:
            return None
        index = thread.path.index(code)
        return thread.path[index + 1] if index + 1 < len(thread.path) else None

    # ----------------------------------------------------------------- threads and decisions

    def topic_for(self, plan: ForumPlan) -> Topic:
        if plan.topic is not None and self.rng.random() < 0.6:
            return plan.topic
        return self.rng.choice(TOPICS)

    def start_thread(self, plan: ForumPlan, day: datetime.date, local: bool = False) -> Thread:
        rng = self.rng
        topic = self.topic_for(plan)
        agreement = bool(topic.docs) and not local and rng.random() < 0.55
        doc_key = rng.choice(topic.docs) if agreement else rng.choice(PLAIN_DOCS)
        doc = DOCS[doc_key]
        if doc_key == "nat":
            title = f"Överenskommelse om {topic.label} {day.year}"
        elif agreement:
            title = f"{cap(doc.name)} om {topic.phrase}"
        else:
            title = rng.choice(
                [
                    f"{cap(doc.name)} för {topic.phrase}",
                    f"{topic.short}: {doc.name}",
                    f"Länsgemensamma medel för {topic.label} {day.year}",
                    f"Utredning om {topic.phrase}",
                ]
            )
        upward = [] if local else list(plan.upward)
        if not agreement and len(upward) > 1 and rng.random() < 0.5:
            upward = upward[:1]
        if agreement and upward and upward[-1] != "VFR" and "VFR" in self.plans:
            upward.append("VFR")
        thread = Thread(
            case_id=self.new_id(Case),
            topic=topic,
            doc=doc,
            doc_key=doc_key,
            title=title,
            origin=plan.code,
            path=[plan.code, *upward],
            presenter=rng.randrange(len(self.experts)),
            started=day,
        )
        self.threads.append(thread)
        return thread

    def decision(self, plan, day, item_id, position, clause, spec, thread, topic, recorded):
        C = Decision.Kind
        did = self.new_id(Decision)
        assignment = None
        if clause.kind == C.ASSIGNED:
            assignment = self.assignment(plan, day, did, clause, thread, topic)
        text = self.clause_text(plan, day, clause, thread, topic, assignment)
        referred_to = self.forum_ids.get(clause.target) if clause.kind == C.REFERRED else None
        if clause.kind == C.REFERRED and referred_to is None:
            clause.kind, text = C.APPROVED, "att godkänna förslaget."
        self.add(
            Decision(
                id=did,
                item_id=item_id,
                position=position,
                text=text,
                kind=clause.kind,
                referred_to_id=referred_to,
                requires_identical=clause.identical and clause.kind == C.RECOMMENDED,
                answers_id=clause.answers,
                amount_sek=Decimal(clause.amount) if clause.amount is not None else None,
            ),
            recorded,
        )
        self.kinds[clause.kind] += 1
        if clause.kind == C.REFERRED and clause.target in self.plans:
            self.plans[clause.target].queue.append(
                Step("answer", day + ONE_DAY, thread, answers=did, source=plan.code)
            )
        elif clause.kind == C.RECOMMENDED:
            self.principal_decisions(did, day, clause.identical)
            if thread is not None:
                thread.recommended = thread.recommended or day
        elif clause.kind == C.APPROVED and thread is not None and clause.answers:
            thread.approved = thread.approved or day
        elif clause.kind == C.TABLED and spec.step is not None:
            step = spec.step
            plan.queue.append(
                Step(
                    step.kind,
                    day + ONE_DAY,
                    thread,
                    answers=step.answers,
                    source=step.source,
                    assignment=step.assignment,
                    tabled=step.tabled + 1,
                )
            )

    def after_step(self, plan, day, spec, thread, item_id, meeting_id) -> None:
        step = spec.step
        if step.kind == "report" and step.assignment is not None:
            assignment = step.assignment
            assignment.status = Assignment.Status.REPORTED
            assignment.reported_in_id = item_id
            assignment.report_to_meeting_id = meeting_id
            assignment._reported_on = day
        if thread is None or spec.clauses and spec.clauses[0].kind == Decision.Kind.TABLED:
            return
        last_forum = step.kind == "answer" and self.next_in_path(thread, plan.code) is None
        if last_forum and not thread.finished:
            thread.finished = True
            if thread.items < MAX_CASE_ITEMS - 1 and self.rng.random() < 0.45:
                forum = self.rng.choice([thread.origin, plan.code])
                if forum in self.plans:
                    self.plans[forum].queue.append(
                        Step(
                            "follow",
                            day + datetime.timedelta(days=self.rng.randint(150, 400)),
                            thread,
                        )
                    )

    def assignment(self, plan, day, did, clause, thread, topic) -> Assignment:
        rng = self.rng
        assignee_forum = assignee_principal = None
        assignee_text = ""
        report_to = plan.code
        commission = clause.role == "commission"
        who = ""
        if commission:
            assignee = rng.choice(["LCHNV", "LCHNV", "SCHNV", "SG-GNV"])
            assignee_forum = self.forum_ids.get(assignee)
            who = self.forum_names.get(assignee, "")
        else:
            roll = rng.random()
            subgroups = [
                code
                for code, p in self.plans.items()
                if code != plan.code and plan.code in p.upward[:1]
            ]
            if roll < 0.4 and subgroups:
                code = rng.choice(subgroups)
                assignee_forum = self.forum_ids[code]
                who = self.forum_names[code]
            elif roll < 0.6:
                assignee_principal = self.principals[0].id
                assignee_text = "Region Dalarna"
            elif roll < 0.85:
                assignee_text = rng.choice(
                    [
                        "Avdelningen för hälsa och välfärd, RSS",
                        f"Arbetsgruppen för {topic.label}",
                        "Ordförande och sekreterare",
                        "Styrgruppen",
                        f"Processledaren för {topic.label}",
                    ]
                )
            else:
                principal = rng.choice(self.principals[1:])
                assignee_principal = principal.id
                who = principal.name
        due = add_months(day, rng.choice([2, 3, 4, 6, 6, 9, 12]))
        task = self.task(topic)
        description = cap(task) + "."
        assignment = Assignment(
            id=self.new_id(Assignment),
            decision_id=did,
            assignee_forum_id=assignee_forum,
            assignee_principal_id=assignee_principal,
            assignee_text=assignee_text,
            description=description,
            due_date=due,
            report_to_forum_id=self.forum_ids[report_to],
            status=Assignment.Status.OPEN,
        )
        assignment._created_on = day
        assignment._who = assignee_text or who
        assignment._task = task
        self.assignments.append(assignment)
        roll = rng.random()
        if roll < 0.04:
            assignment.status = Assignment.Status.WITHDRAWN
            assignment._reported_on = min(self.today, due)
            return assignment
        if commission and assignee_forum is not None:
            code = next((c for c, i in self.forum_ids.items() if i == assignee_forum), None)
            if code in self.plans:
                self.plans[code].queue.append(Step("commission", day + ONE_DAY, thread))
        if roll < 0.88:
            late = datetime.timedelta(days=rng.choice([0, 0, 0, 30, 60, 120]))
            self.plans[report_to].queue.append(
                Step(
                    "report",
                    due - datetime.timedelta(days=20) + late,
                    thread,
                    answers=did,
                    assignment=assignment,
                )
            )
        return assignment

    def principal_decisions(self, did: int, day: datetime.date, identical: bool) -> None:
        rng = self.rng
        recorded = self.at(day + datetime.timedelta(days=rng.randint(3, 20)), 10)
        old = (self.today - day).days
        for principal in self.principals:
            decided = day + datetime.timedelta(days=rng.randint(25, 330))
            roll = rng.random()
            if decided > self.today or roll < (0.05 if old > 400 else 0.1):
                status = PrincipalDecision.Status.PENDING
            elif roll < (0.12 if identical else 0.16):
                status = PrincipalDecision.Status.ADOPTED_WITH_CHANGES
            elif roll < 0.2:
                status = PrincipalDecision.Status.REJECTED
            else:
                status = PrincipalDecision.Status.ADOPTED
            region = principal.kind == Principal.Kind.REGION
            pd = PrincipalDecision(
                id=self.new_id(PrincipalDecision),
                recommendation_id=did,
                principal_id=principal.id,
                status=status,
                decided_on=None,
                body="",
                reference="",
                adopted_text="",
            )
            if status == PrincipalDecision.Status.PENDING:
                self.add(pd, recorded)
                continue
            pending = copy.copy(pd)
            pd.decided_on = decided
            pd.body = rng.choice(
                ["Regionfullmäktige", "Regionstyrelsen", "Hälso- och sjukvårdsnämnden"]
                if region
                else [
                    "Kommunfullmäktige",
                    "Kommunstyrelsen",
                    "Socialnämnden",
                    "Omsorgsnämnden",
                    "Vård- och omsorgsnämnden",
                ]
            )
            abbr = "RD" if region else principal.short_name[:3].upper()
            pd.reference = (
                f"§ {rng.randint(1, 220)}, Dnr {abbr} {decided.year}/{rng.randint(10, 2999):05d}"
            )
            if status == PrincipalDecision.Status.ADOPTED_WITH_CHANGES:
                pd.adopted_text = rng.choice(
                    [
                        "Antogs med tillägget att uppföljning ska ske årligen till nämnden.",
                        "Antogs med undantag för avsnittet om finansiering, som återremitteras.",
                        "Antogs med ändringen att avtalstiden begränsas till två år.",
                    ]
                )
            elif status == PrincipalDecision.Status.REJECTED:
                pd.adopted_text = "Avslogs med hänvisning till kommunens ekonomiska läge."
            self.add(
                pd,
                self.at(decided + datetime.timedelta(days=rng.randint(1, 14)), 13),
                before=pending,
                before_when=recorded,
            )

    # ----------------------------------------------------------------- texts

    def task(self, topic: Topic) -> str:
        return self.rng.choice(
            [
                f"ta fram ett förslag till handlingsplan för {topic.phrase}",
                f"utreda förutsättningarna för {topic.phrase}",
                f"följa upp {topic.phrase} och redovisa resultatet",
                f"samordna det fortsatta arbetet med {topic.phrase}",
                f"se över den gemensamma rutinen för {topic.phrase}",
                f"rekvirera de länsgemensamma medlen för {topic.phrase}",
                f"formulera och organisera ett uppdrag för fortsatt arbete med {topic.phrase}",
            ]
        )

    def clause_text(self, plan, day, clause, thread, topic, assignment=None) -> str:
        rng = self.rng
        role = clause.role
        doc = thread.doc if thread else DOCS[rng.choice(PLAIN_DOCS)]
        if role == "open":
            return "att öppna mötet."
        if role == "close":
            return "att avsluta mötet."
        if role == "agenda":
            return rng.choice(
                [
                    "att godkänna dagordningen.",
                    "att godkänna dagordningen med tillägg under övriga frågor.",
                ]
            )
        if role == "minutes":
            return (
                "att lägga minnesanteckningarna till handlingarna."
                if clause.kind == Decision.Kind.NOTED
                else "att godkänna minnesanteckningarna."
            )
        if role == "report":
            return rng.choice(
                [
                    "att lägga informationen till handlingarna.",
                    "att lägga rapporterna till handlingarna.",
                    "att lägga minnesanteckningarna, informationen och rapporten till "
                    "handlingarna.",
                ]
            )
        if role in ("info", "info2", "follow"):
            if clause.kind == Decision.Kind.OTHER:
                return rng.choice(
                    [
                        f"att bjuda in {rng.choice(EXTERNAL_ORGS)} till ett kommande möte.",
                        f"att skicka ut underlaget om {topic.phrase} på remiss med svar senast "
                        f"{long_date(day + datetime.timedelta(days=30))}.",
                    ]
                )
            if clause.kind == Decision.Kind.APPROVED:
                return "att godkänna redovisningen."
            return rng.choice(
                [
                    "att lägga informationen till handlingarna.",
                    "att lägga informationen till handlingarna.",
                    f"att lägga informationen om {topic.phrase} till handlingarna.",
                    "att lägga rapporten till handlingarna.",
                    "att notera informationen och återkomma i frågan vid ett senare möte.",
                ]
            )
        if role in ("approve", "approve2"):
            if clause.kind == Decision.Kind.NOTED:
                return "att lägga informationen till handlingarna."
            if clause.kind == Decision.Kind.OTHER:
                return (
                    f"att {rng.choice(list(self.person_names.values()) or ['ordföranden'])} utses "
                    f"till kommunrepresentant i arbetet med {topic.phrase}."
                )
            if clause.amount:
                return (
                    f"att godkänna fördelningen av {clause.amount:,} kronor".replace(",", " ")
                    + f" för {topic.phrase} {day.year}."
                )
            return rng.choice(
                [
                    f"att godkänna {doc.definite} om {topic.phrase}.",
                    f"att godkänna förslaget till {doc.name} för {topic.phrase}.",
                    "att besluta i enlighet med arbetsgruppens förslag.",
                    f"att ställa sig bakom förslaget avseende {topic.phrase}.",
                    f"att godkänna förlängd giltighetstid för {doc.definite} t.o.m. "
                    f"{add_months(day, 12):%Y-%m-%d}.",
                    "att godkänna redovisningen.",
                ]
            )
        if role == "refer":
            target = clause.target or ""
            own = GENITIVE.get(plan.code)
            target_gen = GENITIVE.get(target)
            if own and target_gen:
                return f"att {own} beslut skickas vidare för {target_gen} ställningstagande" + (
                    " och beslut om rekommendation." if target == "VFR" else " och beslut."
                )
            return f"att ärendet lyfts till {self.forum_names.get(target, target)} för beslut."
        if role == "recommend":
            if clause.identical:
                return (
                    "att rekommendera kommunerna och Region Dalarna att fatta likalydande beslut "
                    f"om att anta {doc.definite} om {topic.phrase}."
                )
            return rng.choice(
                [
                    f"att rekommendera kommunerna och Region Dalarna att anta {doc.definite} "
                    f"om {topic.phrase}.",
                    f"att rekommendera huvudmännen att godkänna {doc.definite} om {topic.phrase} "
                    f"med giltighet fr.o.m. {add_months(day, 3):%Y-%m-01}.",
                ]
            )
        if role in ("assign", "commission") and assignment is not None:
            who = assignment._who
            if who.startswith(("Arbetsgruppen för", "Ordförande och", "Processledaren")):
                who = who[:1].lower() + who[1:]
            return (
                f"att ge {who} i uppdrag att {assignment._task} och återrapportera till "
                f"{self.forum_names.get(plan.code, plan.code)} senast "
                f"{long_date(assignment.due_date)}."
            )
        if role == "report_back":
            return rng.choice(
                [
                    "att godkänna återrapporteringen.",
                    "att godkänna återrapporteringen och lägga den till handlingarna.",
                    "att uppdraget därmed är slutfört.",
                ]
            )
        if role == "rejected":
            return rng.choice(
                [
                    f"att inte godkänna förslaget avseende {topic.phrase}.",
                    f"att avslå begäran om gemensam finansiering av {topic.phrase}.",
                    f"att inte föreslå ett nytt samverkansavtal avseende {topic.phrase}.",
                ]
            )
        if role == "tabled":
            return rng.choice(
                [
                    "att bordlägga ärendet till nästa möte.",
                    "att ärendet bordläggs i avvaktan på kompletterande underlag.",
                ]
            )
        if role == "withdrawn":
            return "att ärendet utgår från dagordningen."
        if role == "other":
            return rng.choice(
                [
                    f"att utse en kommunrepresentant till arbetsgruppen för {topic.label}.",
                    f"att bjuda in {rng.choice(EXTERNAL_ORGS)} till ett kommande möte.",
                    "att frågan tas upp på nästa möte.",
                ]
            )
        return "att lägga informationen till handlingarna."

    def item_text(self, plan, day, spec: ItemPlan, thread: Thread | None, topic: Topic):
        """Title, discussion and presenting expert of an item."""
        rng = self.rng
        K = AgendaItem.Kind
        if spec.kind in (K.PROCEDURAL, K.OTHER_BUSINESS) or spec.standing:
            return spec.title, "", None
        if spec.title:
            text = self.discussion(plan, day, topic, None) if rng.random() < 0.5 else ""
            return spec.title, text, None
        step = spec.step
        presenter = thread.presenter if thread else rng.randrange(len(self.experts))
        if step is not None and step.kind == "commission":
            title = f"Uppdrag från Välfärdsrådet: Utredning om {topic.label}"
        elif step is not None and step.kind == "report":
            title = f"Återrapportering: {step.assignment.description.rstrip('.')}"
        elif step is not None and step.kind == "follow":
            title = f"Uppföljning: {thread.title}"
        elif step is not None:
            source = self.forum_names.get(step.source, "")
            title = rng.choice(
                [
                    f"Beslut: {thread.title}",
                    f"Från {source}: {thread.title}" if source else f"Beslut: {thread.title}",
                    f"Fortsättning: {thread.title}",
                ]
            )
        elif thread is not None:
            title = rng.choice([f"Beslut: {thread.title}", f"Förslag: {thread.title}"])
        elif spec.filler == "info":
            title = rng.choice(
                [
                    f"Information: {cap(topic.label)}",
                    f"Information om {topic.phrase}",
                    f"Rapport: {cap(topic.phrase)}",
                    f"Lägesrapport {topic.label}",
                    f"Information från {rng.choice(EXTERNAL_ORGS)} om {topic.label}",
                    f"Rapport: Arbetet i {self.forum_names.get(rng.choice(list(self.plans)))}",
                ]
            )
        elif spec.filler == "recommend":
            title = f"Beslut om rekommendation: {cap(topic.phrase)}"
        elif spec.filler == "commission":
            title = f"Uppdrag: Utredning om {topic.label}"
        else:
            title = rng.choice(
                [
                    f"Beslut: {cap(DOCS[rng.choice(PLAIN_DOCS)].name)} för {topic.phrase}",
                    f"Beslut om fördelning av medel för {topic.label} {day.year}",
                    f"Beslut: Rekvirering av länsgemensamma medel för {topic.label} {day.year}",
                    f"Beslut om {topic.label}",
                ]
            )
        return title, self.discussion(plan, day, topic, presenter), presenter

    def discussion(self, plan, day, topic: Topic, presenter: int | None) -> str:
        rng = self.rng
        who = "Föredraganden"
        if presenter is not None:
            holder = self.holder(self.experts[presenter], day)
            who = self.person_names[holder].split()[0]
        month = MONTHS[(day.month - rng.randint(2, 8)) % 12]
        group = cap(GENITIVE.get(plan.code, "Gruppen").rstrip("s"))
        if group == "Välfärdsråde":
            group = "Välfärdsrådet"
        sentences = [
            f"{who} informerade om läget i arbetet med {topic.label}.",
            f"Arbetsgruppen har sedan {month} tagit fram ett förslag om {topic.label}.",
            "Frågan diskuterades och det framkom att flera kommuner ser behov av ett gemensamt "
            "förhållningssätt.",
            f"{group} ställde sig positivt till förslaget men önskar en tydligare uppföljning.",
            f"Synpunkter på förslaget lämnas till {who} senast "
            f"{long_date(day + datetime.timedelta(days=rng.randint(10, 40)))}.",
            "Ett förslag har skickats ut på remiss till kommunerna och regionen.",
            "Kommunerna har olika förutsättningar och behov av stöd i implementeringen.",
            f"Diskussion fördes kring hur arbetet ska finansieras efter {day.year + 1}.",
            f"Regionen och kommunerna är överens om att {topic.phrase} behöver en gemensam "
            "struktur för uppföljning.",
            f"En lägesrapport om {topic.label} lämnas vid ett kommande möte.",
        ]
        if topic.docs and "nat" in topic.docs or rng.random() < 0.1:
            sentences.append(
                f"Enligt överenskommelsen mellan staten och SKR för {day.year} tilldelas "
                f"kommunerna och regionen länsgemensamma medel om ca {rng.randint(2, 25)} mkr."
            )
        if topic.short == "SUS":
            sentences.append(
                "Uppföljningen visar att andelen utskrivningsklara patienter som skrivs ut inom "
                "tre dagar har ökat."
            )
        chosen = rng.sample(sentences, rng.randint(2, 6))
        opening = f"{who} redogjorde för {topic.phrase}."
        paragraphs = [opening + " " + " ".join(chosen[:2])]
        if len(chosen) > 2:
            paragraphs.append(" ".join(chosen[2:]))
        return "\n\n".join(paragraphs)

    # ----------------------------------------------------------------- the rest

    def finish_assignments(self) -> None:
        for assignment in self.assignments:
            created = self.at(assignment._created_on + datetime.timedelta(days=3), 11)
            if assignment.status == Assignment.Status.OPEN:
                self.add(assignment, created)
                continue
            before = copy.copy(assignment)
            before.status = Assignment.Status.OPEN
            before.reported_in_id = None
            before.report_to_meeting_id = None
            self.add(
                assignment,
                self.at(assignment._reported_on + datetime.timedelta(days=4), 15),
                before=before,
                before_when=created,
            )

    def finish_cases(self) -> None:
        singles = []
        for thread in self.threads:
            if thread.items < 2:
                singles.append(thread.case_id)
                continue
            last = thread.last or thread.started
            closed = thread.finished and (self.today - last).days > 365
            self.add(
                Case(
                    id=thread.case_id,
                    title=thread.title[:300],
                    registration_number=self.registration_number(thread.started),
                    status=Case.Status.CLOSED if closed else Case.Status.OPEN,
                    description=(
                        f"Ärendet väcktes i {self.forum_names.get(thread.origin, thread.origin)} "
                        f"{thread.started:%Y-%m-%d} och gäller {thread.topic.phrase}."
                    ),
                ),
                self.at(thread.started, 9),
            )
        self.flush(AgendaItem)
        for chunk in range(0, len(singles), 500):
            ids = singles[chunk : chunk + 500]
            AgendaItem.objects.filter(case_id__in=ids).update(case=None)
            AgendaItem.history.model.objects.filter(case_id__in=ids).update(case_id=None)
        self.case_threads = [t for t in self.threads if t.items >= 2]

    def finish_memberships(self) -> None:
        for code, plan in self.plans.items():
            seats = [*plan.seats]
            if code in ("VFR", "LCHNV", "SCHNV"):
                seats.append(self.official)
            for seat in seats:
                for person, start, until in seat.tenures:
                    self.add(
                        Membership(
                            id=self.new_id(Membership),
                            forum_id=plan.forum_id,
                            person_id=person,
                            role=seat.role,
                            principal_id=seat.principal.id if seat.principal else None,
                            start_date=start,
                            end_date=until if until < self.today else None,
                        ),
                        self.at(start, 9),
                    )

    def create_agreements(self) -> None:
        rng = self.rng
        today = self.today
        wanted = max(5, self.total // 150)
        decided = [
            t for t in self.case_threads if t.doc.agreement_kind and (t.recommended or t.approved)
        ]
        others = [
            t
            for t in self.case_threads
            if t.doc.agreement_kind and not (t.recommended or t.approved)
        ]
        rest = [t for t in self.case_threads if not t.doc.agreement_kind]
        pool = decided + others + rest
        chosen = pool[:wanted]
        while len(chosen) < wanted:
            chosen.append(pool[len(chosen) % len(pool)] if pool else None)
        chosen.sort(key=lambda t: t.started if t else today)

        agreements: list[Agreement] = []
        links: list[tuple[Agreement, list[int]]] = []
        by_topic: dict[str, list[Agreement]] = defaultdict(list)
        for n, thread in enumerate(chosen, start=1):
            topic = thread.topic if thread else rng.choice(TOPICS)
            kind = (thread.doc.agreement_kind if thread else None) or rng.choice(
                [Agreement.Kind.REGIONAL, Agreement.Kind.CONTRACT, Agreement.Kind.GUIDELINE]
            )
            base = (thread.recommended or thread.approved or thread.last) if thread else today
            base = base or today
            valid_from = add_months(base.replace(day=1), rng.randint(1, 4))
            until_further_notice = False
            if kind == Agreement.Kind.NATIONAL:
                valid_from = D(base.year, 1, 1)
                valid_until = D(base.year, 12, 31)
                title = f"Överenskommelse om {topic.phrase} {base.year}"
                short = f"ÖK {topic.short} {base.year}"
            else:
                title = cap(f"{DOCS[thread.doc_key].name if thread else 'avtal'} om {topic.phrase}")
                short = topic.short
                if rng.random() < 0.15:
                    valid_until = None
                    until_further_notice = True
                else:
                    valid_until = add_months(valid_from, rng.choice([24, 36, 36, 48])) - ONE_DAY
            auto = rng.choice([12, 24]) if valid_until and rng.random() < 0.3 else None
            notice = rng.choice([3, 6, 6, 12]) if rng.random() < 0.6 else None
            if valid_until:
                evaluation = add_months(valid_until, -rng.choice([3, 6, 9]))
            else:
                evaluation = add_months(valid_from, rng.choice([12, 24]))
            agreement = Agreement(
                id=self.new_id(Agreement),
                title=title[:300],
                short_name=f"{PREFIX}{n:04d} {short}"[:60],
                kind=kind,
                description=(
                    f"Syntetisk överenskommelse om {topic.phrase}. "
                    + (f"Ärendet väcktes {thread.started:%Y-%m-%d}." if thread else "")
                ),
                valid_from=valid_from,
                valid_until=valid_until,
                until_further_notice=until_further_notice,
                automatic_extension_months=auto,
                notice_months=notice,
                evaluation_due=evaluation if evaluation > valid_from else None,
                follow_up_interval_months=12 if rng.random() < 0.5 else None,
                follow_up_forum_id=self.forum_ids.get(rng.choice(["LCHNV", "SG-LCHNV", "SG-GNV"])),
                responsible_forum_id=self.forum_ids.get(
                    rng.choice(["LCHNV", "LCHNV", "VFR", "SG-GNV"])
                ),
                status=Agreement.Status.ACTIVE,
            )
            agreement._history_date = self.at(
                min(valid_from, today) - datetime.timedelta(days=14), 10
            )
            agreements.append(agreement)
            by_topic[topic.short].append(agreement)
            case_ids = [thread.case_id] if thread else []
            if thread and rng.random() < 0.15:
                same = [t for t in self.case_threads if t.topic is topic and t is not thread]
                if same:
                    case_ids.append(rng.choice(same).case_id)
            links.append((agreement, case_ids))

        for agreement in agreements:
            if agreement.valid_from > today:
                agreement.status = Agreement.Status.DRAFT
            elif agreement.valid_until and agreement.valid_until < today:
                agreement.status = Agreement.Status.ENDED
        # Some agreements in force run out soon; some are due for evaluation.
        running = [a for a in agreements if a.status == Agreement.Status.ACTIVE and a.valid_until]
        for agreement in running:
            if rng.random() < 0.2:
                soon = today + datetime.timedelta(days=rng.randint(10, 150))
                if soon > agreement.valid_from:
                    agreement.valid_until = soon
                    agreement.evaluation_due = max(
                        agreement.valid_from + ONE_DAY, soon - datetime.timedelta(days=90)
                    )
            elif rng.random() < 0.15:
                agreement.evaluation_due = today + datetime.timedelta(days=rng.randint(5, 80))
        for same in by_topic.values():
            for earlier, later in zip(same, same[1:], strict=False):
                follows = (
                    earlier.valid_until is not None
                    and earlier.valid_until < later.valid_from <= add_months(earlier.valid_until, 6)
                )
                if (
                    earlier.kind == later.kind
                    and earlier.status == Agreement.Status.ENDED
                    and (follows or rng.random() < 0.25)
                ):
                    later.replaces_id = earlier.id
                    earlier.status = Agreement.Status.REPLACED

        bulk_create_with_history(agreements, Agreement, default_user=self.user)
        self.counts["agreement"] += len(agreements)
        self.counts["history"] += len(agreements)
        all_principals = [p.id for p in self.principals]
        for agreement, case_ids in links:
            agreement._history_user = self.user
            if agreement.kind == Agreement.Kind.NATIONAL:
                parties = [] if rng.random() < 0.5 else [self.principals[0].id]
            else:
                parties = all_principals
            if parties:
                agreement.parties.set(parties)
                self.counts["history"] += 1
            if case_ids:
                agreement.cases.set(case_ids)
                self.counts["history"] += 1


def generate(
    decisions: int,
    seed: int = 1,
    user=None,
    today: datetime.date | None = None,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    replace: bool = False,
) -> Summary:
    """Generate a synthetic register of exactly ``decisions`` decisions, in one transaction.

    The elapsed time in the summary covers everything, the removal of an earlier
    register and the commit (where the foreign keys are checked) included.
    """
    started = time.perf_counter()
    with transaction.atomic():
        deleted: dict[str, int] = {}
        if synthetic_exists():
            if not replace:
                raise SyntheticDataExists(
                    "The database already holds synthetic data (rows marked SYN-)."
                )
            deleted = delete_synthetic()
        delete_seconds = time.perf_counter() - started
        generator = Generator(decisions, seed, user, today, batch_size, progress)
        summary = generator.run()
    summary.deleted = deleted
    summary.delete_seconds = delete_seconds if deleted else 0.0
    summary.elapsed = time.perf_counter() - started
    return summary

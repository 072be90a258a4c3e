"""Demo data: the four meetings of the seed minutes, their cases and agreements.

The meetings are transcribed from the minutes into ``meetings/*.json``; the cases,
agreements and the links between decisions are stated here with the passage of the
minutes that establishes them. Loading is idempotent and never overwrites a row
that already exists, so a demo database that people have edited keeps their work.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from agreements.models import Agreement
from council.models import Forum, Membership, Person, Principal, Role
from council.reference import load_reference_data
from meetings.models import (
    AgendaItem,
    AgendaItemPresenter,
    Assignment,
    Attendance,
    Case,
    Decision,
    Meeting,
)

MEETINGS_DIR = Path(__file__).resolve().parent / "meetings"
MEETING_FILES = [
    "vfr-2020-03-11.json",
    "chnv-2020-05-08.json",
    "lchnv-2021-04-16.json",
    "schnv-2022-09-23.json",
]

# The minutes spell some names differently from one meeting to the next; the
# first spelling is kept as the person's name and the others recognise them.
SPELLINGS = {
    "Ulrika Gärdback": "Ulrika Gärdsback",
    "Elisabeth Zimmer": "Elisabet Zimmer",
    "Malin Lindén Ohlsson": "Malin Lindén Olsson",
    "Inga-lill Frank": "Ingalill Frank",
    "Eva Björslund": "Eva Björsland",
    "Anna Ståhkloo": "Anna Ståhlkloo",
}

# Presenters that are groups, not people, as the minutes name them.
PRESENTER_GROUPS = {"Styrgruppen": "SG-LCHNV"}

CASES = {
    "tn-platser": "Tillnyktringsplatser (TN-platser)",
    "gnv-styrgrupp": "Styrgrupp och strategi för god och nära vård",
    "sus": "Samverkan vid utskrivning från sluten vård (SUS)",
    "rehab-hjalpmedel": "Överenskommelse om rehabilitering, habilitering och hjälpmedel",
    "psykisk-funktionsnedsattning": (
        "Överenskommelse om samverkan rörande personer med psykisk funktionsnedsättning"
    ),
    "medel-ok-2020": "Användning av medel enligt ÖK God och nära vård och ÖK psykisk hälsa 2020",
    "medel-psykisk-halsa-2021": "Länsgemensamma medel psykisk hälsa och suicidprevention 2021",
    "kunskapsstyrning": "Samordning av kunskapsstyrningsarbetet",
    "syn-horsel": "Syn- och hörselinstruktörer",
    "regional-resurs-gnv": "Regionalt stöd och resurs för god och nära vård",
    "hedersrelaterat-vald": "Regionalt resurscentrum mot hedersrelaterat våld och förtryck",
    "lpo-aldre-representant": "Kommunrepresentant till LPO Äldres hälsa",
}


@dataclass
class AgreementSpec:
    short_name: str
    title: str
    kind: str
    cases: list[str]
    description: str
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    automatic_extension_months: int | None = None
    evaluation_due: datetime.date | None = None
    status: str = Agreement.Status.ACTIVE
    responsible: str | None = "LCHNV"
    replaces: str | None = None
    all_principals: bool = True
    extra: dict = field(default_factory=dict)


D = datetime.date
AGREEMENTS = [
    AgreementSpec(
        short_name="TN-platser 2017",
        title="Avtal om tillnyktringsverksamhet mellan Dalarnas kommuner och Region Dalarna",
        kind=Agreement.Kind.CONTRACT,
        cases=["tn-platser"],
        description=(
            "Samverkansbeslut avseende tillnyktringsverksamhet per den 24 maj 2017. Genom "
            "förändringsbeslut per den 5 december 2018 gäller avtalet t.o.m. 2020-11-30 och "
            "avtalet ska utvärderas under första kvartalet 2020 (Välfärdsrådet 2020-03-11, p. 5)."
        ),
        valid_from=D(2017, 5, 24),
        valid_until=D(2020, 11, 30),
        evaluation_due=D(2020, 3, 31),
        status=Agreement.Status.REPLACED,
    ),
    AgreementSpec(
        short_name="TN-platser",
        title="Förlängt avtal om tillnyktringsverksamhet (TN-platser)",
        kind=Agreement.Kind.CONTRACT,
        cases=["tn-platser"],
        description=(
            "I juni 2020 rekommenderade Välfärdsrådet kommunerna och regionen att förlänga "
            "samverkansbeslutet t.o.m. 2021-11-30 med en ny utvärdering före 2021-03-30. Om "
            "inte ett nytt avtal träffas före 2021-06-30 upphör verksamheten 2021-11-30 "
            "(Länschefsnätverket 2021-04-16, p. 9)."
        ),
        valid_from=D(2020, 12, 1),
        valid_until=D(2021, 11, 30),
        evaluation_due=D(2021, 3, 30),
        replaces="TN-platser 2017",
    ),
    AgreementSpec(
        short_name="SUS",
        title=(
            "Länsövergripande överenskommelse och riktlinjer om samverkan för trygg och säker "
            "hemgång vid utskrivning från sluten vård"
        ),
        kind=Agreement.Kind.REGIONAL,
        cases=["sus"],
        description=(
            "Reviderad överenskommelse godkänd av Chefsnätverket 2020-05-08 (p. 6): avtalstid "
            "två år som förlängs med ett år om ingen part säger upp den. Enligt "
            "Länschefsnätverket 2021-04-16 (p. 11) löper den ut 2022; exakt datum anges inte "
            "i minnesanteckningarna."
        ),
        automatic_extension_months=12,
    ),
    AgreementSpec(
        short_name="Rehab/hab/hjälpmedel",
        title=(
            "Länsövergripande överenskommelse om rehabilitering, habilitering inklusive hjälpmedel"
        ),
        kind=Agreement.Kind.REGIONAL,
        cases=["rehab-hjalpmedel"],
        description=(
            "Överenskommelsen löper t.o.m. 2020-05-31. Chefsnätverket godkände 2020-05-08 "
            "(p. 7) en förlängning t.o.m. 2021-09-30 och skickade beslutet vidare för "
            "Välfärdsrådets ställningstagande."
        ),
        valid_until=D(2020, 5, 31),
    ),
    AgreementSpec(
        short_name="Psykisk funktionsnedsättning",
        title=(
            "Länsövergripande överenskommelse om samverkan rörande personer med psykisk "
            "funktionsnedsättning"
        ),
        kind=Agreement.Kind.REGIONAL,
        cases=["psykisk-funktionsnedsattning"],
        description=(
            "Reviderad av en arbetsgrupp på Länschefsnätverkets uppdrag från februari 2019; "
            "revideringen godkänd av Länschefsnätverket 2021-04-16 (p. 10)."
        ),
    ),
    AgreementSpec(
        short_name="ÖK God och nära vård 2020",
        title="Överenskommelse God och nära vård 2020",
        kind=Agreement.Kind.NATIONAL,
        cases=["medel-ok-2020"],
        description="Överenskommelse mellan staten och Sveriges Kommuner och Regioner (SKR).",
        valid_from=D(2020, 1, 1),
        valid_until=D(2020, 12, 31),
        all_principals=False,
    ),
    AgreementSpec(
        short_name="ÖK Psykisk hälsa 2020",
        title="Överenskommelse insatser inom området psykisk hälsa 2020",
        kind=Agreement.Kind.NATIONAL,
        cases=["medel-ok-2020"],
        description="Överenskommelse mellan staten och Sveriges Kommuner och Regioner (SKR).",
        valid_from=D(2020, 1, 1),
        valid_until=D(2020, 12, 31),
        all_principals=False,
    ),
    AgreementSpec(
        short_name="ÖK Psykisk hälsa 2021",
        title=("Överenskommelse om insatser inom området psykisk hälsa och suicidprevention 2021"),
        kind=Agreement.Kind.NATIONAL,
        cases=["medel-psykisk-halsa-2021"],
        description=(
            "Överenskommelse mellan staten och SKR; länsgemensamma medel om ca 18 mkr "
            "(Länschefsnätverket 2021-04-16, p. 5)."
        ),
        valid_from=D(2021, 1, 1),
        valid_until=D(2021, 12, 31),
        all_principals=False,
    ),
    AgreementSpec(
        short_name="ÖK God och nära vård 2022",
        title="Överenskommelse God och nära vård 2022",
        kind=Agreement.Kind.NATIONAL,
        cases=["regional-resurs-gnv"],
        description="Överenskommelse mellan staten och Sveriges Kommuner och Regioner (SKR).",
        valid_from=D(2022, 1, 1),
        valid_until=D(2022, 12, 31),
        all_principals=False,
    ),
    AgreementSpec(
        short_name="Hemsjukvårdsavtalet",
        title="Hemsjukvårdsavtalet",
        kind=Agreement.Kind.CONTRACT,
        cases=[],
        description=(
            "Under utredning 2022, finansierad gemensamt av kommunerna och regionen "
            "(Socialchefsnätverket 2022-09-23, p. 6)."
        ),
    ),
]


@dataclass
class DemoResult:
    meetings_created: int = 0
    meetings_kept: int = 0
    decisions_created: int = 0
    links_made: int = 0


class People:
    """Finds or creates people by any spelling of their name."""

    def __init__(self) -> None:
        self.by_name: dict[str, Person] = {}
        for person in Person.objects.all():
            for name in [person.name, *person.other_names]:
                self.by_name[name] = person

    def get(self, row: dict, principals: dict[str, Principal]) -> Person:
        written = row["name"]
        canonical = SPELLINGS.get(written, written)
        person = self.by_name.get(written) or self.by_name.get(canonical)
        if person is None:
            person = Person.objects.create(name=canonical)
            self.by_name[canonical] = person
        changed = []
        if written != person.name and written not in person.other_names:
            person.other_names = [*person.other_names, written]
            changed.append("other_names")
        principal = principals.get(row.get("principal") or "")
        if principal and person.principal_id is None:
            person.principal = principal
            changed.append("principal")
        if row.get("organisation") and not person.organisation and not person.principal_id:
            person.organisation = row["organisation"]
            changed.append("organisation")
        if row.get("title") and not person.title:
            person.title = row["title"]
            changed.append("title")
        if changed:
            person.save(update_fields=changed)
        self.by_name[written] = person
        return person


def read_meeting(filename: str) -> dict:
    return json.loads((MEETINGS_DIR / filename).read_text(encoding="utf-8"))


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


@transaction.atomic
def load_demo_data() -> DemoResult:
    """Load reference data, the seed meetings, their cases and agreements."""
    load_reference_data()
    result = DemoResult()
    forums = {f.code: f for f in Forum.objects.all()}
    principals = {p.short_name: p for p in Principal.objects.all()}
    people = People()
    cases = {key: Case.objects.get_or_create(title=title)[0] for key, title in CASES.items()}
    decisions_by_key: dict[str, Decision] = {}

    for filename in MEETING_FILES:
        data = read_meeting(filename)
        forum = forums[data["forum"]]
        date = datetime.date.fromisoformat(data["date"])
        meeting = Meeting.objects.filter(forum=forum, date=date).first()
        if meeting is not None:
            result.meetings_kept += 1
            decisions_by_key.update(_existing_decision_keys(meeting, data))
            continue
        meeting = _create_meeting(data, forum, date, forums, principals, people, cases)
        result.meetings_created += 1
        for item_data, item in zip(data["items"], meeting.items.order_by("position"), strict=True):
            for position, row in enumerate(item_data["decisions"], start=1):
                decision = Decision(
                    item=item,
                    position=position,
                    text=row["text"],
                    kind=row["kind"],
                    referred_to=forums[row["referred_to"]] if row["referred_to"] else None,
                    requires_identical=row["requires_identical"],
                    amount_sek=row["amount_sek"],
                    # Files are in date order, so the decision answered is already loaded.
                    answers=decisions_by_key[row["answers"]] if row["answers"] else None,
                )
                decision.full_clean()
                decision.save()
                result.decisions_created += 1
                result.links_made += bool(row["answers"])
                decisions_by_key[row["key"]] = decision
                if row["assignment"]:
                    _create_assignment(decision, row["assignment"], forums, principals)

    for spec in AGREEMENTS:
        _get_or_create_agreement(spec, cases, forums)
    _memberships_from_latest_attendance()
    return result


def _memberships_from_latest_attendance() -> None:
    """Who attended a forum's latest demo meeting, other than presenters, sits in it now."""
    latest: dict[int, Meeting] = {}
    for meeting in Meeting.objects.order_by("date"):
        latest[meeting.forum_id] = meeting
    attendances = Attendance.objects.filter(meeting__in=latest.values(), present=True).exclude(
        role=Role.PRESENTER
    )
    for attendance in attendances.select_related("meeting"):
        Membership.objects.get_or_create(
            forum_id=attendance.meeting.forum_id,
            person_id=attendance.person_id,
            role=attendance.role,
            end_date=None,
            defaults={"principal_id": attendance.principal_id},
        )


def _create_meeting(data, forum, date, forums, principals, people, cases) -> Meeting:
    meeting = Meeting(
        forum=forum,
        date=date,
        start_time=_time(data["start_time"]),
        end_time=_time(data["end_time"]),
        place=data["place"] or "",
        registration_number=data["registration_number"] or "",
        minutes_date=(
            datetime.date.fromisoformat(data["minutes_date"]) if data["minutes_date"] else None
        ),
        status=Meeting.Status.PUBLISHED,
        attendance_note=data["attendance_note"],
    )
    meeting.full_clean()
    meeting.save()
    for position, row in enumerate(data["attendance"]):
        person = people.get(row, principals)
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            principal=principals.get(row["principal"] or ""),
            role=row["role"],
            present=row["present"],
            position=position,
        )
        if row["role"] == "chair":
            meeting.chair = person
            meeting.save(update_fields=["chair"])
    for position, item_data in enumerate(data["items"], start=1):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            number=item_data["number"],
            title=item_data["title"],
            kind=item_data["kind"],
            attachment_refs=item_data["attachments"],
            discussion=item_data["discussion"],
            outcome=item_data["outcome"],
            case=cases[item_data["case"]] if item_data["case"] else None,
        )
        item.full_clean()
        item.save()
        for presenter_position, row in enumerate(item_data["presenters"]):
            group = PRESENTER_GROUPS.get(row["name"])
            AgendaItemPresenter.objects.create(
                item=item,
                position=presenter_position,
                person=None if group else people.get(row, principals),
                forum=forums[group] if group else None,
                title=row.get("title") or "",
            )
    return meeting


def _existing_decision_keys(meeting: Meeting, data: dict) -> dict[str, Decision]:
    by_place = {
        (d.item.number, d.position): d
        for d in Decision.objects.filter(item__meeting=meeting).select_related("item")
    }
    keys = {}
    for item_data in data["items"]:
        for position, row in enumerate(item_data["decisions"], start=1):
            decision = by_place.get((item_data["number"], position))
            if decision is not None:
                keys[row["key"]] = decision
    return keys


def _create_assignment(decision, row, forums, principals) -> Assignment:
    assignment = Assignment(
        decision=decision,
        assignee_forum=forums.get(row["assignee_forum"] or ""),
        assignee_principal=principals.get(row["assignee_principal"] or ""),
        assignee_text=row["assignee_text"] or "",
        description=row["description"],
        due_date=datetime.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
        report_to_forum=forums.get(row["report_to_forum"] or ""),
    )
    assignment.full_clean()
    assignment.save()
    return assignment


def _get_or_create_agreement(spec: AgreementSpec, cases, forums) -> Agreement:
    agreement = Agreement.objects.filter(short_name=spec.short_name).first()
    if agreement is not None:
        return agreement
    agreement = Agreement(
        short_name=spec.short_name,
        title=spec.title,
        kind=spec.kind,
        description=spec.description,
        valid_from=spec.valid_from,
        valid_until=spec.valid_until,
        automatic_extension_months=spec.automatic_extension_months,
        evaluation_due=spec.evaluation_due,
        status=spec.status,
        responsible_forum=forums.get(spec.responsible or ""),
        replaces=Agreement.objects.filter(short_name=spec.replaces).first()
        if spec.replaces
        else None,
    )
    agreement.full_clean()
    agreement.save()
    if spec.all_principals:
        agreement.set_default_parties()
    agreement.cases.set([cases[key] for key in spec.cases])
    return agreement

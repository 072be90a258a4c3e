"""Every page shape reads the database in a number of queries that does not depend on
what the register holds.

A register with every relation a page shows (items with presenters who are people and
groups, attachments named in the text, clauses of every kind, assignments to a forum, to
a principal and by text, answers to earlier meetings' referrals, adoptions opened and
recorded, agreements with cases and a successor, justering under way, an import to
review) is built once for the module at ``SMALL`` rounds, every page is requested as
each role that may see it, the register is grown to ``LARGE`` rounds (the same meeting,
forum, case, agreement and principal hold three times as much, and the lists three times
as many rows), and every page is requested again. Each page must run the same number of
queries at both sizes, and at most ``BOUND``.
"""

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, PrincipalDecision
from agreements.services import open_adoptions
from council.models import (
    Forum,
    Membership,
    Person,
    Principal,
    Representation,
    Role,
    StandingItem,
)
from council.reference import load_reference_data
from imports.batch import create_batch, read_document
from imports.models import ImportDocument
from meetings.models import (
    AgendaItem,
    AgendaItemPresenter,
    Assignment,
    Attachment,
    Attendance,
    Case,
    Decision,
    Meeting,
    MinutesReview,
)
from tests.conftest import FIXTURES

BOUND = 12
SMALL = 2
LARGE = 6
SEARCH_WORD = "hemsjukvård"


class Register:
    """The hand-built register the pages are read over, grown a round at a time."""

    def __init__(self) -> None:
        load_reference_data()
        self.today = today = timezone.localdate()
        self.rounds = 0
        self.serial = itertools.count(1)
        forums = {f.code: f for f in Forum.objects.all()}
        self.vfr, self.lchnv = forums["VFR"], forums["LCHNV"]
        self.group = forums["SG-GNV"]
        self.falun = Principal.objects.get(short_name="Falun")
        self.mora = Principal.objects.get(short_name="Mora")

        users = get_user_model().objects
        self.member = users.create_user("maja", "maja@example.se", "x-x-x-x-x-1")
        self.member_person = Person.objects.create(
            name="Maja Medlem", user=self.member, principal=self.falun
        )
        Membership.objects.create(
            forum=self.lchnv, person=self.member_person, role=Role.MEMBER, principal=self.falun
        )
        Representation.objects.create(person=self.member_person, principal=self.mora)
        self.secretary = users.create_user("vera", "vera@example.se", "x-x-x-x-x-1")
        secretary = Person.objects.create(name="Vera Sekreterare", user=self.secretary)
        Membership.objects.create(forum=self.vfr, person=secretary, role=Role.SECRETARY)
        self.administrator = users.create_superuser("ada", "ada@example.se", "x-x-x-x-x-1")
        Person.objects.create(name="Ada Administratör", user=self.administrator)

        self.case = Case.objects.create(title="Hemsjukvård i samverkan", registration_number="1")
        self.agreement = Agreement.objects.create(
            title="Överenskommelse om hemsjukvård",
            short_name="HSV",
            valid_from=today - datetime.timedelta(days=700),
            valid_until=today + datetime.timedelta(days=100),
            evaluation_due=today + datetime.timedelta(days=50),
            notice_months=3,
            responsible_forum=self.vfr,
            follow_up_forum=self.lchnv,
            status=Agreement.Status.ACTIVE,
        )
        self.agreement.parties.set(Principal.objects.all())
        self.agreement.cases.add(self.case)
        Agreement.objects.create(
            title="Ny överenskommelse om hemsjukvård",
            short_name="HSV 2",
            replaces=self.agreement,
            status=Agreement.Status.DRAFT,
        ).cases.add(self.case)

        chair = Person.objects.create(name="Carl Ordförande", principal=self.falun)
        self.published = self.meeting(Meeting.Status.PUBLISHED, -20, chair=chair)
        self.draft = self.meeting(Meeting.Status.MINUTES_DRAFT, -5, chair=chair)
        self.in_review = self.meeting(Meeting.Status.IN_REVIEW, -10, chair=chair)
        self.in_review.justerare.add(self.member_person)
        self.planned = self.meeting(Meeting.Status.PLANNED, 14)
        self.main_items = {
            m.pk: AgendaItem.objects.create(
                meeting=m, number="1", position=1, title="Hemsjukvård", case=self.case
            )
            for m in (self.published, self.draft, self.in_review, self.planned)
        }
        # A recommendation whose adoptions are opened in every round's pages.
        self.recommendation = self.clauses(self.main_items[self.published.pk], None)

        text = (FIXTURES / "seeds" / "vfr-2020-03-11.txt").read_bytes()
        batch = create_batch(
            user=self.secretary, files=[("vfr-2020-03-11.txt", text)], enqueue=False
        )
        self.document = ImportDocument.objects.get(batch=batch)
        read_document(self.document.pk)

    def meeting(self, status: str, days: int, **fields) -> Meeting:
        return Meeting.objects.create(
            forum=self.vfr,
            date=self.today + datetime.timedelta(days=days),
            start_time=datetime.time(9, 0),
            place="Falun",
            status=status,
            **fields,
        )

    def clauses(self, item: AgendaItem, answering: Decision | None) -> Decision:
        """A clause of every kind on ``item``, with what each kind brings along; the
        recommendation."""
        n = next(self.serial)
        position = item.decisions.count()
        person = Person.objects.create(name=f"Per Föredragande {n}", principal=self.mora)
        AgendaItemPresenter.objects.create(item=item, person=person, title="utredare", position=n)
        AgendaItemPresenter.objects.create(item=item, forum=self.group, position=n)
        Attachment.objects.create(
            meeting=item.meeting,
            item=item,
            number=str(n),
            title=f"Underlag {n}",
            file=f"attachments/underlag-{n}.pdf",
        )
        item.attachment_refs = f"Bilaga {n}"
        item.discussion += f"Underlaget i bilaga {n} om hemsjukvård redovisades.\n"
        item.save()

        def clause(kind: str, text: str, **fields) -> Decision:
            nonlocal position
            position += 1
            return Decision.objects.create(
                item=item, position=position, kind=kind, text=text, **fields
            )

        clause(Decision.Kind.PROCEDURAL, "att förklara punkten behandlad.")
        clause(Decision.Kind.NOTED, "att lägga informationen om hemsjukvård till handlingarna.")
        clause(Decision.Kind.APPROVED, f"att godkänna planen enligt bilaga {n}.", answers=answering)
        recommendation = clause(
            Decision.Kind.RECOMMENDED,
            f"att rekommendera huvudmännen att anta hemsjukvårdsplanen {n}.",
            requires_identical=True,
        )
        if item.meeting.status != Meeting.Status.PLANNED:
            open_adoptions(recommendation=recommendation)
            PrincipalDecision.objects.filter(
                recommendation=recommendation, principal=self.falun
            ).update(
                status=PrincipalDecision.Status.ADOPTED,
                decided_on=self.today,
                body="Kommunfullmäktige",
                adopted_text=f"att anta hemsjukvårdsplanen {n}.",
            )
        clause(
            Decision.Kind.REFERRED,
            "att skicka ärendet vidare till Länschefsnätverket.",
            referred_to=self.lchnv,
        )
        assigned = clause(Decision.Kind.ASSIGNED, "att ge i uppdrag att följa upp hemsjukvården.")
        for assignee, due in (
            ({"assignee_forum": self.group}, -5),
            ({"assignee_principal": self.falun}, 10),
            ({"assignee_text": "Kommunförbundet Dalarna"}, None),
        ):
            Assignment.objects.create(
                decision=assigned,
                description=f"Följa upp hemsjukvården {n}.",
                due_date=self.today + datetime.timedelta(days=due) if due is not None else None,
                report_to_forum=self.vfr,
                **assignee,
            )
        clause(Decision.Kind.TABLED, "att bordlägga frågan om finansiering.")
        clause(Decision.Kind.OTHER, "att ordföranden får i uppdrag att skriva till regionen.")
        return recommendation

    def grow(self, rounds: int) -> None:
        for _ in range(rounds):
            self.rounds += 1
            self.round(self.rounds)

    def round(self, r: int) -> None:
        today = self.today
        # An earlier meeting of the network refers the matter to VFR, which answers it.
        earlier = Meeting.objects.create(
            forum=self.lchnv,
            date=today - datetime.timedelta(days=60 + 7 * r),
            status=Meeting.Status.PUBLISHED,
        )
        case = Case.objects.create(title=f"Delfråga {r} om hemsjukvård")
        self.agreement.cases.add(case)
        Agreement.objects.create(
            title=f"Överenskommelse {r}",
            short_name=f"Ö{r}",
            valid_until=today + datetime.timedelta(days=30 * r),
            status=Agreement.Status.ACTIVE,
        ).cases.add(case)
        referred = AgendaItem.objects.create(
            meeting=earlier, number="1", position=1, title="Hemsjukvård", case=self.case
        )
        referral = Decision.objects.create(
            item=referred,
            position=1,
            kind=Decision.Kind.REFERRED,
            text="att skicka ärendet vidare för Välfärdsrådets ställningstagande.",
            referred_to=self.vfr,
        )
        waiting = AgendaItem.objects.create(
            meeting=earlier, number="2", position=2, title=f"Delfråga {r}", case=case
        )
        Decision.objects.create(
            item=waiting,
            position=1,
            kind=Decision.Kind.REFERRED,
            text="att skicka delfrågan vidare för Välfärdsrådets ställningstagande.",
            referred_to=self.vfr,
        )
        self.clauses(waiting, None)
        # A meeting near the minutes under review, which their links are looked for in.
        near = Meeting.objects.create(
            forum=self.lchnv,
            date=datetime.date(2020, 2, 1) + datetime.timedelta(days=r),
            status=Meeting.Status.PUBLISHED,
        )
        strategy = AgendaItem.objects.create(
            meeting=near, number="1", position=1, title="Strategi för en god och nära vård"
        )
        Decision.objects.create(
            item=strategy,
            position=1,
            kind=Decision.Kind.REFERRED,
            text="att skicka strategin för en god och nära vård till Välfärdsrådet.",
            referred_to=self.vfr,
        )

        for meeting in (self.published, self.draft, self.in_review):
            main = self.main_items[meeting.pk]
            self.clauses(main, referral if meeting == self.published else None)
            item = AgendaItem.objects.create(
                meeting=meeting,
                number=str(r + 1),
                position=r + 1,
                title=f"Delfråga {r}",
                case=case if meeting == self.published else None,
            )
            self.clauses(item, None)
        AgendaItem.objects.create(
            meeting=self.planned,
            number=str(r + 1),
            position=r + 1,
            title=f"Delfråga {r}",
            proposal_reason="Remitterad från Länschefsnätverket.",
        )
        Assignment.objects.filter(decision__item=referred).update(
            status=Assignment.Status.REPORTED, reported_in=self.main_items[self.published.pk]
        )

        person = Person.objects.create(name=f"Lena Ledamot {r}", principal=self.falun)
        Membership.objects.create(
            forum=self.vfr, person=person, role=Role.MEMBER, principal=self.falun
        )
        for meeting in (self.published, self.draft, self.in_review):
            Attendance.objects.create(
                meeting=meeting, person=person, principal=self.falun, position=r
            )
            Attendance.objects.create(
                meeting=meeting,
                person=Person.objects.create(name=f"Frida Frånvarande {r}"),
                principal=self.mora,
                present=False,
                position=100 + r,
            )
        self.in_review.justerare.add(person)
        MinutesReview.objects.create(
            meeting=self.in_review, reviewer=person, comment=f"Punkt {r} behöver ses över."
        )
        StandingItem.objects.create(
            forum=self.vfr, title=f"Stående punkt {r}", position=r, responsible=self.lchnv
        )


ANONYMOUS, MEMBER, SECRETARY, ADMINISTRATOR = "anonymous", "member", "secretary", "administrator"
EVERYONE = (ANONYMOUS, MEMBER, SECRETARY, ADMINISTRATOR)
LOGGED_IN = (MEMBER, SECRETARY, ADMINISTRATOR)
KEEPERS = (SECRETARY, ADMINISTRATOR)


def first_item(meeting: Meeting) -> AgendaItem:
    return meeting.items.order_by("position").first()


# (page, who may see it, its address in the register)
PAGES = [
    ("start", EVERYONE, lambda r: reverse("home")),
    ("decision list", EVERYONE, lambda r: reverse("decision_list")),
    ("decision list, filtered", EVERYONE, lambda r: reverse("decision_list") + "?forum=VFR"),
    ("search", EVERYONE, lambda r: reverse("decision_list") + f"?q={SEARCH_WORD}"),
    ("CSV", EVERYONE, lambda r: reverse("decision_csv") + "?forum=VFR"),
    ("meeting", EVERYONE, lambda r: reverse("meeting_detail", args=[r.published.pk])),
    ("meeting in review", LOGGED_IN, lambda r: reverse("meeting_detail", args=[r.in_review.pk])),
    ("meeting, draft", KEEPERS, lambda r: reverse("meeting_detail", args=[r.draft.pk])),
    ("print", EVERYONE, lambda r: reverse("meeting_print", args=[r.published.pk])),
    ("forum list", EVERYONE, lambda r: reverse("forum_list")),
    ("forum", EVERYONE, lambda r: reverse("forum_detail", args=["VFR"])),
    ("case", EVERYONE, lambda r: reverse("case_detail", args=[r.case.pk])),
    ("agreement list", EVERYONE, lambda r: reverse("agreement_list")),
    ("agreement", EVERYONE, lambda r: reverse("agreement_detail", args=[r.agreement.pk])),
    ("principal list", EVERYONE, lambda r: reverse("principal_list")),
    ("principal", EVERYONE, lambda r: reverse("principal_detail", args=[r.falun.slug])),
    ("assignments", EVERYONE, lambda r: reverse("assignment_list")),
    (
        "assignments of a principal",
        EVERYONE,
        lambda r: reverse("assignment_list") + f"?status=all&principal={r.falun.slug}",
    ),
    ("adoptions", EVERYONE, lambda r: reverse("adoption_list", args=[r.recommendation.pk])),
    (
        "adoption",
        (MEMBER, ADMINISTRATOR),
        lambda r: reverse("adoption_edit", args=[r.recommendation.pk, r.falun.slug]),
    ),
    ("todo", LOGGED_IN, lambda r: reverse("todo")),
    ("minutes list", KEEPERS, lambda r: reverse("minutes_list")),
    ("meeting editor", KEEPERS, lambda r: reverse("meeting_edit", args=[r.draft.pk])),
    (
        "item editor",
        KEEPERS,
        lambda r: reverse("meeting_item_edit", args=[r.draft.pk, first_item(r.draft).pk]),
    ),
    ("new item", KEEPERS, lambda r: reverse("meeting_item_create", args=[r.draft.pk])),
    ("justering", KEEPERS, lambda r: reverse("meeting_workflow", args=[r.in_review.pk])),
    ("import review", KEEPERS, lambda r: reverse("import_document", args=[r.document.pk])),
    ("agenda start", (ADMINISTRATOR,), lambda r: reverse("agenda_start")),
    (
        "agenda generation",
        (ADMINISTRATOR,),
        lambda r: reverse("agenda_generate", args=["VFR"]) + f"?date={r.planned.date:%Y-%m-%d}",
    ),
    ("notice", (ADMINISTRATOR,), lambda r: reverse("notice_page", args=[r.planned.pk])),
]

CASES = [(page, role) for page, roles, _url in PAGES for role in roles]


@dataclass
class Reading:
    status: int
    queries: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.queries)


def read(client: Client, url: str) -> Reading:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return Reading(response.status_code, [q["sql"] for q in captured.captured_queries])


def crawl(register: Register, clients: dict[str, Client]) -> dict[tuple[str, str], Reading]:
    readings = {}
    for page, roles, url_of in PAGES:
        url = url_of(register)
        for role in roles:
            readings[page, role] = read(clients[role], url)
    return readings


@pytest.fixture(scope="module")
def readings(django_db_setup, django_db_blocker):
    """Every page as every role that sees it, at both sizes of the register: built once
    for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        register = Register()
        register.grow(SMALL)
        clients = {ANONYMOUS: Client()}
        for role, user in (
            (MEMBER, register.member),
            (SECRETARY, register.secretary),
            (ADMINISTRATOR, register.administrator),
        ):
            clients[role] = Client()
            clients[role].force_login(user)
        crawl(register, clients)  # the first request of a page fills caches of its own
        small = crawl(register, clients)
        register.grow(LARGE - SMALL)
        large = crawl(register, clients)
        yield {"small": small, "large": large, "register": register}
        transaction.set_rollback(True)


def described(reading: Reading) -> str:
    return "\n".join(f"  {sql[:160]}" for sql in reading.queries)


@pytest.mark.parametrize(("page", "role"), CASES)
def test_the_page_reads_the_same_queries_at_both_sizes(readings, page, role):
    small, large = readings["small"][page, role], readings["large"][page, role]
    assert (small.status, large.status) == (200, 200)
    assert small.count == large.count, (
        f"{page} as {role}: {small.count} queries at {SMALL} rounds, {large.count} at "
        f"{LARGE}:\n{described(large)}"
    )
    assert large.count <= BOUND, f"{page} as {role}: {large.count} queries\n{described(large)}"


def test_the_register_grew_where_the_pages_read(readings, db):
    """The large register holds more of every relation on the pages read: else the
    comparison above says nothing."""
    register = readings["register"]
    meeting = register.published
    assert meeting.items.count() == LARGE + 1
    assert Assignment.objects.filter(decision__item__meeting=meeting).count() == 3 * (2 * LARGE + 1)
    assert Assignment.objects.filter(assignee_principal=register.falun).count() > 3 * LARGE
    assert Decision.objects.filter(item__meeting=meeting, answers__isnull=False).count() == LARGE
    assert AgendaItemPresenter.objects.filter(item__meeting=meeting, forum__isnull=False).count()
    assert Attachment.objects.filter(meeting=meeting).count() == 2 * LARGE + 1
    assert register.agreement.cases.count() == LARGE + 1
    assert PrincipalDecision.objects.filter(principal=register.falun).count() > 3 * LARGE
    assert Meeting.objects.filter(forum=register.vfr).count() == 4
    assert register.planned.items.count() == LARGE + 1

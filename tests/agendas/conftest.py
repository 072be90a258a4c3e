"""A hand-built register around Välfärdsrådet's meeting on 2026-12-10."""

import datetime
from types import SimpleNamespace

import pytest

from agreements.models import Agreement, PrincipalDecision
from agreements.services import open_adoptions
from council.models import Forum
from meetings.models import AgendaItem, Assignment, Case, Decision
from tests.factories import make_decision, make_item, make_meeting
from tools.demo import load_demo_data

D = datetime.date
MEETING_DATE = D(2026, 12, 10)
HORIZON_END = D(2027, 6, 10)  # six months after the meeting


@pytest.fixture
def demo(db):
    load_demo_data()


def assignment(decision, *, due, report_to, status=Assignment.Status.OPEN, **fields):
    return Assignment.objects.create(
        decision=decision,
        assignee_forum=fields.pop("assignee", None) or Forum.objects.get(code="LCHNV"),
        description=fields.pop("description", "Ta fram en plan."),
        due_date=due,
        report_to_forum=report_to,
        status=status,
        **fields,
    )


@pytest.fixture
def scenario(vfr, lchnv, schnv):
    s = SimpleNamespace(vfr=vfr, lchnv=lchnv, schnv=schnv)
    open_case = Case.objects.create(title="Hemsjukvård")
    closed_case = Case.objects.create(title="Gammalt ärende", status=Case.Status.CLOSED)

    # LCHNV sends two matters to VFR in September; VFR answers one on 1 October.
    lchnv_sep = make_meeting(lchnv, D(2026, 9, 15))
    s.sus_item = make_item(
        lchnv_sep, "5", "Beslut om reviderad SUS-överenskommelse", case=open_case
    )
    s.sus_referral = make_decision(
        s.sus_item,
        "att skickas vidare för Välfärdsrådets ställningstagande.",
        kind=Decision.Kind.REFERRED,
        referred_to=vfr,
    )
    answered_item = make_item(lchnv_sep, "6", "Beslut om TN-platser")
    s.answered_referral = make_decision(
        answered_item,
        "att skickas vidare för Välfärdsrådets ställningstagande.",
        kind=Decision.Kind.REFERRED,
        referred_to=vfr,
    )
    to_schnv = make_item(lchnv_sep, "7", "Till socialcheferna")
    make_decision(
        to_schnv, "att skickas vidare till SCHNV.", kind=Decision.Kind.REFERRED, referred_to=schnv
    )

    s.previous = make_meeting(vfr, D(2026, 10, 1))
    answer_item = make_item(s.previous, "4", "TN-platser")
    make_decision(
        answer_item,
        "att rekommendera kommunerna och regionen att förlänga avtalet.",
        kind=Decision.Kind.RECOMMENDED,
        answers=s.answered_referral,
    )
    s.recommendation = answer_item.decisions.get()
    open_adoptions(recommendation=s.recommendation)
    PrincipalDecision.objects.filter(recommendation=s.recommendation).filter(
        principal__short_name__in=["Falun", "Mora"]
    ).update(status=PrincipalDecision.Status.ADOPTED, decided_on=D(2026, 11, 1))

    # Assignments VFR gave on 1 October, reporting back to VFR.
    given = make_decision(
        make_item(s.previous, "5", "Uppdrag"),
        "att ge LCHNV i uppdrag.",
        kind=Decision.Kind.ASSIGNED,
    )
    s.overdue = assignment(given, due=D(2026, 11, 15), report_to=vfr, description="Försenad plan")
    s.due_on_day = assignment(given, due=MEETING_DATE, report_to=vfr, description="Plan i tid")
    s.due_after = assignment(given, due=D(2026, 12, 11), report_to=vfr, description="Senare plan")
    s.reported = assignment(
        given,
        due=D(2026, 11, 1),
        report_to=vfr,
        description="Klar plan",
        status=Assignment.Status.REPORTED,
        reported_in=answer_item,
    )
    s.elsewhere = assignment(given, due=D(2026, 11, 1), report_to=lchnv, description="Annan plan")

    s.tabled = make_item(s.previous, "6", "Bordlagt ärende", outcome=AgendaItem.Outcome.TABLED)
    s.withdrawn_open = make_item(
        s.previous,
        "7",
        "Utgick men återkommer",
        outcome=AgendaItem.Outcome.WITHDRAWN,
        case=open_case,
    )
    s.withdrawn_dropped = make_item(
        s.previous, "8", "Utgick helt", outcome=AgendaItem.Outcome.WITHDRAWN
    )
    s.withdrawn_closed = make_item(
        s.previous,
        "9",
        "Utgick, ärendet avslutat",
        outcome=AgendaItem.Outcome.WITHDRAWN,
        case=closed_case,
    )

    # Referred after the meeting date: not yet known on that day.
    lchnv_late = make_meeting(lchnv, D(2026, 12, 20))
    late = make_item(lchnv_late, "3", "Sent ärende")
    make_decision(
        late,
        "att skickas vidare för Välfärdsrådets ställningstagande.",
        kind=Decision.Kind.REFERRED,
        referred_to=vfr,
    )

    def agreement(short_name, **fields):
        fields.setdefault("responsible_forum", vfr)
        fields.setdefault("title", f"Avtal {short_name}")
        return Agreement.objects.create(short_name=short_name, **fields)

    s.evaluation_inside = agreement("Inne", evaluation_due=HORIZON_END)
    s.evaluation_outside = agreement("Ute", evaluation_due=HORIZON_END + datetime.timedelta(days=1))
    s.expiring = agreement("Slutar", valid_from=D(2024, 1, 1), valid_until=D(2027, 3, 31))
    s.extended = agreement(
        "Förlängs",
        valid_from=D(2024, 1, 1),
        valid_until=D(2027, 4, 30),
        automatic_extension_months=12,
        notice_months=3,
    )
    s.followed = agreement(
        "Följs upp",
        valid_from=D(2025, 2, 1),
        until_further_notice=True,
        follow_up_interval_months=24,
        follow_up_forum=vfr,
        responsible_forum=lchnv,
    )
    s.not_ours = agreement("Annans", evaluation_due=D(2027, 1, 1), responsible_forum=lchnv)
    s.ended = agreement("Slut", evaluation_due=D(2027, 1, 1), status=Agreement.Status.ENDED)
    return s

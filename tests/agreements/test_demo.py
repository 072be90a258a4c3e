"""The demo register holds the four seed meetings exactly as their minutes do."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from agreements.models import Agreement
from council.history import SYSTEM_USERNAME
from council.models import Membership
from meetings.models import AgendaItem, Assignment, Case, Decision, Meeting
from register import selectors
from tests.conftest import SEED_NAMES, seed_truth
from tools.demo import load_demo_data

FORUM_CODES = {
    "Välfärdsrådet": "VFR",
    "Länschefsnätverket": "LCHNV",
    "Socialchefsnätverket": "SCHNV",
}


@pytest.fixture
def demo(db):
    load_demo_data()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, AgendaItem, Decision, Case, Assignment, Agreement, Membership)
    }


def test_loading_twice_duplicates_nothing(db):
    call_command("load_demo", verbosity=0)
    first = counts()
    history_rows = Decision.history.count()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert Decision.history.count() == history_rows
    assert first["Meeting"] == 4


def test_demo_changes_are_signed_by_the_system_user(db):
    call_command("load_demo", verbosity=0)
    users = {row.history_user.username for row in Decision.history.all()}
    assert users == {SYSTEM_USERNAME}


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_meeting_equals_the_seed_truth(demo, seed):
    truth = seed_truth(seed)
    meeting = Meeting.objects.get(
        forum__code=FORUM_CODES[truth["forum"]], date=datetime.date.fromisoformat(truth["date"])
    )
    assert meeting.status == Meeting.Status.PUBLISHED
    start = f"{meeting.start_time:%H:%M}" if meeting.start_time else None
    end = f"{meeting.end_time:%H:%M}" if meeting.end_time else None
    assert (start, end) == (truth["start_time"], truth["end_time"])
    assert meeting.place == (truth["place"] or "")
    assert meeting.registration_number == (truth["registration_number"] or "")

    items = list(meeting.items.order_by("position").prefetch_related("decisions", "presenters"))
    assert len(items) == len(truth["items"])
    for item, expected in zip(items, truth["items"], strict=True):
        assert (item.number, item.title, item.outcome) == (
            expected["number"],
            expected["title"],
            expected["outcome"],
        )
        presenters = list(item.presenters.all())
        assert len(presenters) == len(expected["presenters"])
        for presenter, name in zip(presenters, expected["presenters"], strict=True):
            if presenter.person_id:
                assert presenter.person.known_as(name), (presenter.person.name, name)
            else:
                assert name == "Styrgruppen" and presenter.forum.code == "SG-LCHNV"
        decisions = list(item.decisions.all())
        assert [(d.text, d.kind) for d in decisions] == [
            (d["text"], d["kind"]) for d in expected["decisions"]
        ]
        for decision, clause in zip(decisions, expected["decisions"], strict=True):
            if clause["kind"] == "referred":
                assert decision.referred_to.code == FORUM_CODES[clause["referred_to"]]


def test_total_items_and_clauses(demo):
    truths = [seed_truth(name) for name in SEED_NAMES]
    assert AgendaItem.objects.count() == sum(len(t["items"]) for t in truths)
    assert Decision.objects.count() == sum(len(i["decisions"]) for t in truths for i in t["items"])


def test_tn_platser_chain_runs_across_three_forums_in_date_order(demo):
    agreement = Agreement.objects.get(short_name="TN-platser")
    cases = agreement.cases.values_list("pk", flat=True)
    chain = selectors.agreement_chain(AnonymousUser(), agreement, cases)
    rows = [(item, d) for item in chain.items for d in item.decisions]
    assert [(item.forum_code, f"{item.date}", item.number) for item, _d in rows] == [
        ("VFR", "2020-03-11", "5"),
        ("LCHNV", "2020-05-08", "8"),
        ("LCHNV", "2020-05-08", "8"),
        ("LCHNV", "2020-05-08", "8"),
        ("LCHNV", "2021-04-16", "9"),
        ("LCHNV", "2021-04-16", "9"),
    ]
    decisions = [d for _item, d in rows]
    assert decisions[1].kind == "approved" and decisions[1].answers_id == decisions[0].pk
    assert decisions[2].kind == "referred" and decisions[2].referred_to == "Välfärdsrådet"
    assert decisions[4].text.startswith("att inte föreslå ett nytt samverkansavtal")
    assert decisions[5].referred_to == "Välfärdsrådet"

    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    case_chain = selectors.case_chain(AnonymousUser(), case)
    assert [d.pk for item in case_chain.items for d in item.decisions] == [d.pk for d in decisions]
    assert agreement.replaces.short_name == "TN-platser 2017"


def test_steering_group_chain_links_the_network_decision_to_the_vfr_recommendation(demo):
    recommendation = Decision.objects.get(
        item__meeting__forum__code="VFR", item__number="3", kind="recommended"
    )
    assert recommendation.referred_to.code == "LCHNV"
    answer = recommendation.answered_by.get()
    assert (answer.item.meeting.date, answer.item.number) == (datetime.date(2020, 5, 8), "10")
    assert not Decision.objects.filter(pk=recommendation.pk).unanswered_by_target().exists()


def test_referrals_without_an_answer_among_the_seeds_stay_open(demo):
    waiting = Decision.objects.waiting_for(
        Decision.objects.get(
            item__meeting__forum__code="VFR", item__number="3", kind="recommended"
        ).item.meeting.forum
    )
    assert sorted((f"{d.date}", d.item.number) for d in waiting) == [
        ("2020-05-08", "6"),
        ("2020-05-08", "7"),
        ("2020-05-08", "8"),
        ("2021-04-16", "10"),
        ("2021-04-16", "9"),
    ]


def test_vfr_asks_for_a_report_at_the_next_council(demo):
    assignment = Assignment.objects.get(decision__item__meeting__forum__code="VFR")
    assert assignment.due_date == datetime.date(2020, 6, 17)
    assert assignment.report_to_forum.code == "VFR"
    assert assignment.assignee_forum.code == "LCHNV"
    assert assignment.is_overdue(today=datetime.date(2020, 6, 18))
    assert not assignment.is_overdue(today=datetime.date(2020, 6, 17))


def test_forum_members_come_from_the_latest_attendance(demo):
    vfr_members = Membership.objects.filter(forum__code="VFR", end_date__isnull=True)
    assert vfr_members.filter(role="member").count() == 9
    assert vfr_members.get(person__name="Fredrik Ollén").principal.short_name == "Rättvik"
    lchnv = Membership.objects.filter(forum__code="LCHNV", end_date__isnull=True)
    assert lchnv.get(role="chair").person.name == "Ulrika Gärdsback"
    # Presenters are not members: Maria Ekelöf presented at LCHNV in 2021.
    assert not lchnv.filter(person__name="Maria Ekelöf").exists()


def test_people_spelled_differently_are_one_person(demo):
    meetings_of_ulrika = Meeting.objects.filter(attendances__person__name="Ulrika Gärdsback")
    assert meetings_of_ulrika.count() == 3

"""Accepting a proposal plans the meeting; deciding on its items answers their sources."""

import datetime

import pytest
from django.db.models import F

from agendas.services import AgendaError, accept_agenda, generate_agenda, send_notice
from council.models import Forum
from meetings import services as minutes
from meetings.models import AgendaItem, AgendaItemPresenter, Assignment, Decision, Meeting
from tests.agendas.conftest import MEETING_DATE
from tests.factories import make_decision

D = datetime.date


def accept(scenario, administrator, **kwargs):
    return accept_agenda(
        forum=scenario.vfr, meeting_date=MEETING_DATE, user=administrator, **kwargs
    )


def write_clauses(item: AgendaItem, user, *clauses: Decision) -> list[Decision]:
    """The clauses saved on the item through the minutes service, as the editor saves
    them; read back from the database."""
    item.meeting.refresh_from_db()
    minutes.save_item(
        item=item,
        version=item.meeting.version,
        user=user,
        changes=minutes.ItemChanges(
            decisions=[minutes.DecisionRow(decision=clause) for clause in clauses]
        ),
    )
    return list(item.decisions.order_by("position"))


def test_accepting_creates_a_planned_meeting_with_linked_items(scenario, administrator):
    s = scenario
    AgendaItemPresenter.objects.create(item=s.tabled, forum=s.lchnv, title="")
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    meeting = accept(s, administrator, start_time=datetime.time(13), place="Lugnet, Falun")
    assert (meeting.forum, meeting.date, meeting.status) == (
        s.vfr,
        MEETING_DATE,
        Meeting.Status.PLANNED,
    )
    assert (meeting.start_time, meeting.place) == (datetime.time(13), "Lugnet, Falun")
    items = list(meeting.items.order_by("position"))
    assert [(i.number, i.title, i.proposal_key) for i in items] == [
        (p.number, p.title, p.key) for p in proposal.items
    ]
    by_key = {item.proposal_key: item for item in items}
    referral = by_key[f"referral:{s.sus_referral.pk}"]
    assert referral.source_decision == s.sus_referral
    assert referral.case == s.sus_item.case
    assert "Länschefsnätverket" in referral.proposal_reason
    assert by_key[f"assignment:{s.overdue.pk}"].source_assignment == s.overdue
    tabled = by_key[f"tabled:{s.tabled.pk}"]
    assert tabled.source_item == s.tabled
    assert [p.forum for p in tabled.presenters.all()] == [s.lchnv]
    standing = next(i for i in items if i.proposal_key.startswith("standing:"))
    assert [p.forum.code for p in standing.presenters.all()] == ["SG-GNV"]
    history_users = {row.history_user for row in AgendaItem.history.filter(meeting_id=meeting.pk)}
    assert history_users == {administrator}


def test_accepting_twice_duplicates_nothing(scenario, administrator):
    first = accept(scenario, administrator)
    count = first.items.count()
    second = accept(scenario, administrator)
    assert second.pk == first.pk
    assert Meeting.objects.filter(forum=scenario.vfr, date=MEETING_DATE).count() == 1
    assert second.items.count() == count
    proposal = generate_agenda(forum=scenario.vfr, meeting_date=MEETING_DATE)
    assert all(item.on_meeting for item in proposal.items)


def test_accepting_completes_a_planned_meeting_without_losing_its_edits(scenario, administrator):
    s = scenario
    meeting = accept(s, administrator)
    # The administrator removed the tabled item and added a free item before the closing.
    meeting.items.get(proposal_key=f"tabled:{s.tabled.pk}").delete()
    closing = meeting.items.get(proposal_key="other_business")
    meeting.items.filter(position__gte=closing.position).update(position=F("position") + 1)
    AgendaItem.objects.create(
        meeting=meeting, number="99", position=closing.position, title="Fri punkt"
    )
    # A new referral arrives after the meeting was planned.
    new = make_decision(
        s.sus_item,
        "att även skickas vidare för Välfärdsrådets ställningstagande.",
        kind=Decision.Kind.REFERRED,
        referred_to=s.vfr,
    )
    completed = accept(s, administrator)
    assert completed.pk == meeting.pk
    titles = list(completed.items.order_by("position").values_list("title", flat=True))
    assert titles.count("Fri punkt") == 1
    assert titles[-2:] == ["Övriga frågor", "Mötets avslutande"]
    keys = set(completed.items.values_list("proposal_key", flat=True))
    assert f"referral:{new.pk}" in keys
    # What the administrator removed comes back: the register still sees it as pending.
    assert f"tabled:{s.tabled.pk}" in keys
    numbers = list(completed.items.order_by("position").values_list("number", flat=True))
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]


def test_accepting_a_date_before_the_last_meeting_creates_nothing(scenario, administrator):
    with pytest.raises(AgendaError):
        accept_agenda(forum=scenario.vfr, meeting_date=D(2026, 9, 30), user=administrator)
    assert not Meeting.objects.filter(status=Meeting.Status.PLANNED).exists()


def test_a_decision_on_a_referred_item_answers_the_referral(scenario, administrator):
    s = scenario
    meeting = accept(s, administrator)
    item = meeting.items.get(proposal_key=f"referral:{s.sus_referral.pk}")
    first, second = write_clauses(
        item,
        administrator,
        Decision(text="att rekommendera kommunerna.", kind=Decision.Kind.RECOMMENDED),
        Decision(text="att godkänna uppföljningen.", kind=Decision.Kind.APPROVED),
    )
    assert first.answers == s.sus_referral
    assert second.answers is None
    assert not Decision.objects.waiting_for(s.vfr).filter(pk=s.sus_referral.pk).exists()
    # Held, the meeting is the last one; the next agenda no longer carries the referral.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    later = generate_agenda(forum=s.vfr, meeting_date=D(2027, 2, 10))
    assert f"referral:{s.sus_referral.pk}" not in [i.key for i in later.items]


def test_a_decision_that_names_its_own_answer_is_left_alone(scenario, administrator):
    s = scenario
    meeting = accept(s, administrator)
    item = meeting.items.get(proposal_key=f"referral:{s.sus_referral.pk}")
    (decision,) = write_clauses(
        item, administrator, Decision(text="att notera.", kind="noted", answers=s.answered_referral)
    )
    assert decision.answers == s.answered_referral


def test_tabling_a_referred_item_does_not_answer_it(scenario, administrator):
    s = scenario
    meeting = accept(s, administrator)
    item = meeting.items.get(proposal_key=f"referral:{s.sus_referral.pk}")
    write_clauses(
        item, administrator, Decision(text="att bordlägga ärendet.", kind=Decision.Kind.TABLED)
    )
    assert Decision.objects.waiting_for(s.vfr).filter(pk=s.sus_referral.pk).exists()


def test_a_decision_on_a_report_back_marks_the_assignment_reported(scenario, administrator):
    s = scenario
    meeting = accept(s, administrator)
    item = meeting.items.get(proposal_key=f"assignment:{s.overdue.pk}")
    write_clauses(
        item,
        administrator,
        Decision(text="att lägga återrapporteringen till handlingarna.", kind="noted"),
    )
    s.overdue.refresh_from_db()
    assert s.overdue.status == Assignment.Status.REPORTED
    assert s.overdue.reported_in == item
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    later = generate_agenda(forum=s.vfr, meeting_date=D(2027, 2, 10))
    assert f"assignment:{s.overdue.pk}" not in [i.key for i in later.items]
    assert f"assignment:{s.due_after.pk}" in [i.key for i in later.items]


def test_sending_the_notice(scenario, administrator):
    meeting = accept(scenario, administrator)
    sent = send_notice(meeting=meeting, user=administrator)
    assert sent.status == Meeting.Status.AGENDA_SENT
    assert sent.notice_sent_at is not None
    assert sent.history.first().history_user == administrator


def test_a_held_meeting_cannot_be_noticed(scenario, administrator):
    with pytest.raises(AgendaError):
        send_notice(meeting=scenario.previous, user=administrator)
    scenario.previous.refresh_from_db()
    assert scenario.previous.status == Meeting.Status.PUBLISHED


def test_an_empty_agenda_cannot_be_sent(vfr, administrator):
    meeting = Meeting.objects.create(forum=vfr, date=MEETING_DATE)
    with pytest.raises(AgendaError):
        send_notice(meeting=meeting, user=administrator)


def test_accepting_the_first_meeting_of_a_forum(reference, administrator):
    group = Forum.objects.get(code="SG-GNV")
    meeting = accept_agenda(
        forum=group, meeting_date=MEETING_DATE, user=administrator, allow_first_meeting=True
    )
    assert meeting.items.count() == 4


def test_what_an_earlier_planned_meeting_carries_is_not_proposed_again(scenario, administrator):
    s = scenario
    accept(s, administrator)
    later = generate_agenda(forum=s.vfr, meeting_date=D(2027, 1, 20))
    found = [item.key for item in later.items]
    assert f"referral:{s.sus_referral.pk}" not in found
    assert f"assignment:{s.overdue.pk}" not in found
    assert any("2026-12-10" in note for note in later.notes)
    # The standard and standing items belong on every agenda.
    assert found[:3] == ["opening", "agenda", "previous_minutes"]
    assert any(key.startswith("standing:") for key in found)
    assert found[-2:] == ["other_business", "closing"]


def test_minutes_saved_through_the_minutes_service_answer_the_sources(scenario, administrator):
    s = scenario
    meeting = accept(s, administrator)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFT)
    meeting.refresh_from_db()
    referral = meeting.items.get(proposal_key=f"referral:{s.sus_referral.pk}")
    clause = Decision(text="att rekommendera kommunerna.", kind=Decision.Kind.RECOMMENDED)
    minutes.save_item(
        item=referral,
        version=meeting.version,
        user=administrator,
        changes=minutes.ItemChanges(decisions=[minutes.DecisionRow(decision=clause)]),
    )
    assert Decision.objects.get(item=referral).answers == s.sus_referral

    report = meeting.items.get(proposal_key=f"assignment:{s.overdue.pk}")
    meeting.refresh_from_db()
    noted = Decision(text="att lägga återrapporteringen till handlingarna.", kind="noted")
    minutes.save_item(
        item=report,
        version=meeting.version,
        user=administrator,
        changes=minutes.ItemChanges(decisions=[minutes.DecisionRow(decision=noted)]),
    )
    s.overdue.refresh_from_db()
    assert (s.overdue.status, s.overdue.reported_in) == (Assignment.Status.REPORTED, report)
    assert s.overdue.history.first().history_user == administrator

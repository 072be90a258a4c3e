"""Each source of a generated agenda proposes exactly what is pending, in a meeting's order."""

import datetime

import pytest

from agendas.services import AgendaError, generate_agenda
from agreements.services import open_adoptions
from council.models import Forum, StandingItem
from meetings.models import AgendaItem, Decision
from tests.agendas.conftest import MEETING_DATE
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


def keys(proposal) -> list[str]:
    return [item.key for item in proposal.items]


def by_key(proposal) -> dict:
    return {item.key: item for item in proposal.items}


def test_the_whole_agenda_in_the_order_of_a_meeting(scenario):
    s = scenario
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    standing = StandingItem.objects.get(forum=s.vfr)
    agreement_keys = {
        f"agreement-notice:{s.extended.pk}:2027-01-30",
        f"agreement-follow-up:{s.followed.pk}:2027-02-01",
        f"agreement-evaluation:{s.evaluation_inside.pk}",
        f"agreement-expiry:{s.expiring.pk}",
    }
    found = keys(proposal)
    assert found[:9] == [
        "opening",
        "agenda",
        "previous_minutes",
        f"referral:{s.sus_referral.pk}",
        f"assignment:{s.overdue.pk}",
        f"assignment:{s.due_on_day.pk}",
        f"tabled:{s.tabled.pk}",
        f"withdrawn:{s.withdrawn_open.pk}",
        f"standing:{standing.pk}",
    ]
    assert set(found[9:13]) == agreement_keys
    assert found[13:] == [f"adoption:{s.recommendation.pk}", "other_business", "closing"]
    assert [item.number for item in proposal.items] == [str(n) for n in range(1, 17)]
    titles = [item.title for item in proposal.items]
    assert titles[0] == "Mötets öppnande"
    assert titles[2] == "Föregående minnesanteckningar 261001"
    assert titles[-2:] == ["Övriga frågor", "Mötets avslutande"]


def test_referrals_waiting_for_the_forum_and_nothing_answered(scenario):
    s = scenario
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    referrals = [item for item in proposal.items if item.key.startswith("referral:")]
    assert [item.source_id for item in referrals] == [s.sus_referral.pk]
    item = referrals[0]
    assert item.title == "Beslut om reviderad SUS-överenskommelse"
    assert item.kind == AgendaItem.Kind.DECISION
    assert item.source_type == "decision"
    assert item.source_url.endswith(f"/moten/{s.sus_item.meeting_id}/#p5")
    assert "Länschefsnätverket" in item.reason and "2026-09-15" in item.reason
    assert item.case_id == s.sus_item.case_id


def test_an_answered_referral_disappears(scenario):
    s = scenario
    before = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    assert f"referral:{s.sus_referral.pk}" in keys(before)
    # VFR answers it at an extra meeting in November.
    extra = make_meeting(s.vfr, D(2026, 11, 20))
    make_decision(
        make_item(extra, "3", "SUS"),
        "att rekommendera.",
        kind=Decision.Kind.RECOMMENDED,
        answers=s.sus_referral,
    )
    after = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    assert not [key for key in keys(after) if key.startswith("referral:")]


def test_an_answer_by_another_forum_does_not_count(scenario):
    s = scenario
    other = make_meeting(s.schnv, D(2026, 11, 20))
    make_decision(make_item(other, "3", "SUS"), "att notera.", answers=s.sus_referral)
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    assert f"referral:{s.sus_referral.pk}" in keys(proposal)


def test_assignments_due_by_the_date_and_overdue_ones_marked(scenario):
    s = scenario
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    assignments = {
        item.source_id: item for item in proposal.items if item.source_type == "assignment"
    }
    assert set(assignments) == {s.overdue.pk, s.due_on_day.pk}
    assert assignments[s.overdue.pk].overdue is True
    assert "Försenat" in assignments[s.overdue.pk].reason or "Overdue" in (
        assignments[s.overdue.pk].reason
    )
    assert assignments[s.due_on_day.pk].overdue is False
    assert assignments[s.overdue.pk].title.startswith("Återrapportering från Länschefsnätverket")
    assert proposal.overdue_count == 1


def test_tabled_and_returning_withdrawn_items(scenario):
    s = scenario
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    returning = {item.source_id for item in proposal.items if item.source_type == "item"}
    assert returning == {s.tabled.pk, s.withdrawn_open.pk}


def test_an_item_tabled_by_a_clause_returns_too(scenario):
    s = scenario
    item = make_item(s.previous, "10", "Bordlagt genom beslut")
    make_decision(item, "att bordlägga ärendet.", kind=Decision.Kind.TABLED)
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    assert f"tabled:{item.pk}" in keys(proposal)


def test_standing_items(scenario):
    s = scenario
    StandingItem.objects.create(forum=s.vfr, title="Aktuellt från regionen", position=5)
    StandingItem.objects.create(forum=s.lchnv, title="Inte Välfärdsrådets", position=6)
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    standing = [item for item in proposal.items if item.source_type == "standing_item"]
    assert [item.title for item in standing] == [
        "Rapport från Styrgrupp god och nära vård",
        "Aktuellt från regionen",
    ]
    assert "Styrgrupp god och nära vård" in standing[0].reason
    assert standing[0].presenters == ((None, Forum.objects.get(code="SG-GNV").pk, ""),)


def test_horizon_edges(scenario):
    s = scenario
    found = keys(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE))
    assert f"agreement-evaluation:{s.evaluation_inside.pk}" in found
    assert f"agreement-evaluation:{s.evaluation_outside.pk}" not in found
    wider = keys(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE, horizon_months=7))
    assert f"agreement-evaluation:{s.evaluation_outside.pk}" in wider
    narrower = keys(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE, horizon_months=1))
    assert not [key for key in narrower if key.startswith("agreement-")]


def test_agreement_deadlines_where_the_forum_is_responsible(scenario):
    s = scenario
    items = by_key(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE))
    expiry = items[f"agreement-expiry:{s.expiring.pk}"]
    assert "2027-03-31" in expiry.title and expiry.source_type == "agreement"
    # Extended automatically: no expiry item, but the last day to give notice.
    assert f"agreement-expiry:{s.extended.pk}" not in items
    notice = items[f"agreement-notice:{s.extended.pk}:2027-01-30"]
    assert "2027-01-30" in notice.title
    # Followed up every second year from 2025-02-01 by VFR, though LCHNV is responsible.
    assert f"agreement-follow-up:{s.followed.pk}:2027-02-01" in items
    agreements = {item.source_id for item in items.values() if item.source_type == "agreement"}
    assert agreements == {s.expiring.pk, s.extended.pk, s.followed.pk, s.evaluation_inside.pk}


def test_an_automatically_extended_agreement_rolls_on(scenario):
    s = scenario
    # The term ended 2026-04-30 and was extended to 2027-04-30 without anyone noting it.
    s.extended.valid_until = D(2026, 4, 30)
    s.extended.save()
    items = keys(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE))
    assert f"agreement-notice:{s.extended.pk}:2027-01-30" in items


def test_recommendations_not_yet_adopted_by_all(scenario):
    s = scenario
    items = by_key(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE))
    adoption = items[f"adoption:{s.recommendation.pk}"]
    assert "2" in adoption.reason and "16" in adoption.reason
    s.recommendation.principal_decisions.update(status="adopted", decided_on=D(2026, 11, 2))
    items = by_key(generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE))
    assert f"adoption:{s.recommendation.pk}" not in items


def test_nothing_decided_after_the_date(scenario):
    s = scenario
    sources = {
        item.source_id
        for item in generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE).items
        if item.source_type == "decision"
    }
    late = Decision.objects.get(item__title="Sent ärende")
    assert late.pk not in sources


def test_a_date_on_or_before_the_last_meeting_is_refused(scenario):
    s = scenario
    for day in (D(2026, 10, 1), D(2026, 9, 1)):
        with pytest.raises(AgendaError) as caught:
            generate_agenda(forum=s.vfr, meeting_date=day)
        assert "2026-10-01" in caught.value.message
        assert "Välfärdsrådet" in caught.value.message


def test_a_forum_without_meetings_gets_a_clear_message(scenario):
    group = Forum.objects.get(code="SG-GNV")
    with pytest.raises(AgendaError) as caught:
        generate_agenda(forum=group, meeting_date=MEETING_DATE)
    assert caught.value.first_meeting_possible
    assert "Styrgrupp god och nära vård" in caught.value.message
    first = generate_agenda(forum=group, meeting_date=MEETING_DATE, allow_first_meeting=True)
    assert [item.key for item in first.items] == ["opening", "agenda", "other_business", "closing"]
    assert first.notes


def test_a_horizon_out_of_range_is_refused(scenario):
    with pytest.raises(AgendaError):
        generate_agenda(forum=scenario.vfr, meeting_date=MEETING_DATE, horizon_months=0)


def test_a_forum_that_chooses_justerare(scenario):
    s = scenario
    s.vfr.chooses_justerare = True
    s.vfr.save()
    titles = [item.title for item in generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE).items]
    assert titles[:4] == [
        "Mötets öppnande",
        "Godkännande av dagordning",
        "Val av justerare",
        "Föregående minnesanteckningar 261001",
    ]


def test_generation_reads_a_bounded_number_of_queries(scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        generate_agenda(forum=scenario.vfr, meeting_date=MEETING_DATE)


# ---------------------------------------------------------------- the demo register


def test_demo_agenda_for_valfardsradet_after_chefsnatverket(demo):
    vfr = Forum.objects.get(code="VFR")
    proposal = generate_agenda(forum=vfr, meeting_date=D(2020, 6, 17))
    titles = [item.title for item in proposal.items]
    referrals = [item for item in proposal.items if item.key.startswith("referral:")]
    referred = " | ".join(item.title for item in referrals)
    assert len(referrals) == 3
    assert "(SUS)" in referred
    assert "rehabilitering, habilitering inklusive hjälpmedel" in referred
    assert "(TN-platser)" in referred
    for item in referrals:
        decision = Decision.objects.select_related("item__meeting").get(pk=item.source_id)
        assert decision.item.meeting.date == D(2020, 5, 8)
        assert decision.item.meeting.forum.code == "LCHNV"
    report_backs = [item for item in proposal.items if item.source_type == "assignment"]
    assert len(report_backs) == 1
    assignment = report_backs[0]
    assert "Styrgrupp för god och nära vård" in assignment.title
    assert not assignment.overdue
    assert titles[2] == "Föregående minnesanteckningar 200311"
    # Nothing LCHNV decided in 2021 is proposed for a meeting in 2020.
    later = Decision.objects.filter(item__meeting__date__gt=D(2020, 6, 17))
    decision_ids = {i.source_id for i in proposal.items if i.source_type == "decision"}
    assert not decision_ids & set(later.values_list("pk", flat=True))
    assert "Rapport från Styrgrupp god och nära vård" in titles
    assert titles[-2:] == ["Övriga frågor", "Mötets avslutande"]


def test_old_incomplete_recommendations_are_counted_not_listed(scenario):
    s = scenario
    old_meeting = make_meeting(s.vfr, D(2025, 6, 1))
    old = make_decision(
        make_item(old_meeting, "3", "Gammal rekommendation"), kind=Decision.Kind.RECOMMENDED
    )
    open_adoptions(recommendation=old)
    proposal = generate_agenda(forum=s.vfr, meeting_date=MEETING_DATE)
    assert f"adoption:{old.pk}" not in keys(proposal)
    assert f"adoption:{s.recommendation.pk}" in keys(proposal)
    assert any("1 rekommendation" in note for note in proposal.notes)

"""The database refuses rows the domain does not allow, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from agreements.models import Agreement, PrincipalDecision
from council.models import Membership, Person, Principal
from meetings.models import AgendaItem, AgendaItemPresenter, Assignment, Decision, Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


def rejected(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def item(vfr):
    return make_item(make_meeting(vfr, D(2020, 3, 11)), "3", "Strategi god och nära vård")


def test_item_number_is_unique_within_a_meeting(item):
    assert rejected(lambda: make_item(item.meeting, "3", "En annan punkt"))
    other_meeting = make_meeting(item.meeting.forum, D(2020, 6, 17))
    assert not rejected(lambda: make_item(other_meeting, "3", "Samma nummer, annat möte"))


def test_decision_order_is_unique_within_an_item(item):
    make_decision(item, "att godkänna redovisningen.", position=1)
    assert rejected(lambda: make_decision(item, "att lägga till handlingarna.", position=1))
    assert not rejected(lambda: make_decision(item, "att lägga till handlingarna.", position=2))


def test_meeting_must_end_after_it_starts(vfr):
    assert rejected(
        lambda: make_meeting(
            vfr, D(2020, 3, 11), start_time=datetime.time(12), end_time=datetime.time(9, 30)
        )
    )
    assert not rejected(
        lambda: make_meeting(
            vfr, D(2020, 3, 11), start_time=datetime.time(9, 30), end_time=datetime.time(12)
        )
    )


def test_referral_must_name_its_target(item, lchnv):
    assert rejected(lambda: make_decision(item, "att skicka vidare.", kind="referred"))
    assert not rejected(
        lambda: make_decision(item, "att skicka vidare.", kind="referred", referred_to=lchnv)
    )


def test_only_recommendations_require_identical_decisions(item):
    assert rejected(lambda: make_decision(item, kind="approved", requires_identical=True))
    assert not rejected(lambda: make_decision(item, kind="recommended", requires_identical=True))


def test_presenter_is_a_person_or_a_group_not_both(item, lchnv):
    person = Person.objects.create(name="Tanja Mårtensson")
    assert rejected(lambda: AgendaItemPresenter.objects.create(item=item))
    assert rejected(
        lambda: AgendaItemPresenter.objects.create(item=item, person=person, forum=lchnv)
    )
    assert not rejected(lambda: AgendaItemPresenter.objects.create(item=item, person=person))


def test_assignment_must_say_who_carries_it_out(item, lchnv):
    decision = make_decision(item, kind="assigned")
    assert rejected(lambda: Assignment.objects.create(decision=decision, description="Utreda."))
    assert not rejected(
        lambda: Assignment.objects.create(
            decision=decision, description="Utreda.", assignee_forum=lchnv
        )
    )


def test_one_adoption_per_recommendation_and_principal(item):
    recommendation = make_decision(
        item, "att rekommendera kommunerna och regionen", kind="recommended"
    )
    falun = Principal.objects.get(short_name="Falun")
    PrincipalDecision.objects.create(recommendation=recommendation, principal=falun)
    assert rejected(
        lambda: PrincipalDecision.objects.create(recommendation=recommendation, principal=falun)
    )


def test_a_taken_adoption_needs_its_date(item):
    recommendation = make_decision(item, kind="recommended")
    mora = Principal.objects.get(short_name="Mora")
    assert rejected(
        lambda: PrincipalDecision.objects.create(
            recommendation=recommendation, principal=mora, status="adopted"
        )
    )
    assert not rejected(
        lambda: PrincipalDecision.objects.create(
            recommendation=recommendation,
            principal=mora,
            status="adopted",
            decided_on=D(2020, 9, 1),
        )
    )


def test_agreement_validity_ends_after_it_starts(db):
    assert rejected(
        lambda: Agreement.objects.create(
            short_name="X", title="X", valid_from=D(2021, 1, 1), valid_until=D(2020, 12, 31)
        )
    )
    assert rejected(
        lambda: Agreement.objects.create(
            short_name="Y", title="Y", valid_until=D(2021, 1, 1), until_further_notice=True
        )
    )
    assert not rejected(
        lambda: Agreement.objects.create(
            short_name="Z", title="Z", valid_from=D(2020, 12, 1), valid_until=D(2021, 11, 30)
        )
    )


def test_one_current_membership_per_role(vfr):
    person = Person.objects.create(name="Sofia Jarl")
    Membership.objects.create(forum=vfr, person=person, role="chair")
    assert rejected(lambda: Membership.objects.create(forum=vfr, person=person, role="chair"))
    assert not rejected(
        lambda: Membership.objects.create(
            forum=vfr,
            person=person,
            role="chair",
            start_date=D(2019, 1, 1),
            end_date=D(2019, 12, 31),
        )
    )


def messages_of(instance) -> list[str]:
    with translation.override("sv"):
        with pytest.raises(ValidationError) as caught:
            instance.full_clean()
        return [str(m) for m in caught.value.messages]


def test_validation_explains_in_swedish(item, lchnv):
    duplicate = AgendaItem(meeting=item.meeting, number="3", title="Dubblett", position=9)
    assert "Mötet har redan en punkt med det här numret." in messages_of(duplicate)

    bad_number = AgendaItem(meeting=item.meeting, number="4 b", title="Fel", position=4)
    assert any("4a" in m and "nummer" in m for m in messages_of(bad_number))

    late = Meeting(
        forum=item.meeting.forum,
        date=D(2020, 3, 11),
        start_time=datetime.time(12),
        end_time=datetime.time(9),
    )
    assert "Mötets sluttid måste vara senare än starttiden." in messages_of(late)

    referral = Decision(item=item, position=5, text="att skicka vidare.", kind="referred")
    assert "Ange vilket forum ärendet skickas vidare till." in messages_of(referral)

    to_itself = Decision(
        item=item,
        position=6,
        text="att skicka vidare.",
        kind="referred",
        referred_to=item.meeting.forum,
    )
    assert "Ett forum kan inte skicka ett ärende vidare till sig självt." in messages_of(to_itself)

    agreement = Agreement(
        short_name="A", title="A", valid_from=D(2021, 1, 1), valid_until=D(2020, 1, 1)
    )
    assert "En överenskommelse måste upphöra efter att den har börjat gälla." in messages_of(
        agreement
    )


def test_a_decision_answers_only_earlier_decisions(item, lchnv):
    earlier = make_decision(
        item, "att rekommendera nätverket", kind="recommended", referred_to=lchnv
    )
    later_item = make_item(make_meeting(lchnv, D(2020, 5, 8)), "10", "Bilda styrgrupp")
    answer = make_decision(later_item, "att besluta i enlighet med förslaget.", answers=earlier)
    answer.full_clean()
    earlier.answers = answer
    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        earlier.full_clean()
    assert "answers" in caught.value.message_dict

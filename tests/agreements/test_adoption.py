"""A recommendation is adopted by all only when every one of the 16 principals has adopted it."""

import datetime

import pytest

from agreements.models import AdoptionSummary, PrincipalDecision
from agreements.services import open_adoptions
from council.history import changes_by, system_user
from council.models import Principal
from tests.factories import make_decision, make_item, make_meeting


@pytest.fixture
def recommendation(vfr):
    item = make_item(make_meeting(vfr, datetime.date(2020, 6, 17)), "4", "SUS")
    return make_decision(
        item,
        "att rekommendera kommunerna och regionen att anta den reviderade överenskommelsen.",
        kind="recommended",
        requires_identical=True,
    )


def summary_of(recommendation) -> AdoptionSummary:
    """The summary the adoption page shows: the recorded statuses of all 16 principals."""
    statuses = recommendation.principal_decisions.values_list("status", flat=True)
    return AdoptionSummary.of(statuses, Principal.objects.count())


def decide(recommendation, principals, status):
    PrincipalDecision.objects.filter(
        recommendation=recommendation, principal__in=principals
    ).update(status=status, decided_on=datetime.date(2020, 9, 1))


def test_opening_creates_one_pending_row_per_principal_once(recommendation):
    with changes_by(system_user()):
        open_adoptions(recommendation=recommendation)
        open_adoptions(recommendation=recommendation)
    rows = recommendation.principal_decisions.all()
    assert rows.count() == 16
    assert set(rows.values_list("status", flat=True)) == {"pending"}
    assert rows.first().principal.short_name == "Region Dalarna"
    summary = summary_of(recommendation)
    assert (summary.expected, summary.pending, summary.state) == (16, 16, "pending")
    assert not summary.adopted_by_all


def test_all_adopted_only_at_sixteen_of_sixteen(recommendation):
    open_adoptions(recommendation=recommendation)
    principals = list(Principal.objects.all())
    decide(recommendation, principals[:15], "adopted")
    summary = summary_of(recommendation)
    assert (summary.adopted, summary.not_yet_decided, summary.state) == (15, 1, "partly_adopted")
    assert not summary.adopted_by_all

    decide(recommendation, principals[15:], "adopted")
    summary = summary_of(recommendation)
    assert summary.adopted == 16 and summary.adopted_by_all
    assert summary.state == "adopted_by_all"


def test_adoption_with_changes_is_not_an_identical_adoption(recommendation):
    open_adoptions(recommendation=recommendation)
    principals = list(Principal.objects.all())
    decide(recommendation, principals[:15], "adopted")
    decide(recommendation, principals[15:], "adopted_with_changes")
    summary = summary_of(recommendation)
    assert summary.not_yet_decided == 0
    assert not summary.adopted_by_all
    assert summary.state == "partly_adopted"


def test_one_rejection_is_visible_in_the_state(recommendation):
    open_adoptions(recommendation=recommendation)
    principals = list(Principal.objects.all())
    decide(recommendation, principals[:14], "adopted")
    decide(recommendation, principals[14:15], "rejected")
    summary = summary_of(recommendation)
    assert (summary.rejected, summary.pending, summary.state) == (1, 1, "rejected_by_some")


def test_missing_rows_count_as_not_decided(recommendation):
    falun = Principal.objects.get(short_name="Falun")
    PrincipalDecision.objects.create(
        recommendation=recommendation,
        principal=falun,
        status="adopted",
        decided_on=datetime.date(2020, 9, 1),
    )
    summary = summary_of(recommendation)
    assert (summary.recorded, summary.not_yet_decided, summary.adopted_by_all) == (1, 15, False)


def test_only_recommendations_can_be_opened_for_adoption(vfr):
    from agreements.services import NotARecommendation

    item = make_item(make_meeting(vfr, datetime.date(2020, 6, 17)), "5", "Info")
    noted = make_decision(item, "att lägga informationen till handlingarna.", kind="noted")
    with pytest.raises(NotARecommendation):
        open_adoptions(recommendation=noted)
    assert not PrincipalDecision.objects.exists()

"""Only a recommendation to the principals is adopted: one addressed to a forum (VFR asking
Länschefsnätverket to form a steering group) asks for that forum's position, as a referral
does, and opens no adoptions, shows no adoption grid and waits for that forum."""

import datetime
import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from agreements.models import PrincipalDecision
from agreements.services import NotARecommendation, open_adoptions
from council.models import Principal
from meetings.models import Case, Decision
from register import selectors
from register.pictures import matter_context
from tests.factories import make_decision, make_item, make_meeting
from tests.meetings.test_minutes_editing import field_with_value, form_data

D = datetime.date
STEERING_GROUP = (
    "att rekommendera Länschefsnätverket att formera en gemensam styrgrupp för god och nära vård."
)


@pytest.fixture
def meeting(vfr, vfr_secretary):
    return make_meeting(vfr, D(2026, 10, 15), status="minutes_draft")


def post_clause(client, meeting, **clause) -> Decision:
    page = client.get(reverse("meeting_item_create", args=[meeting.pk]))
    data = form_data(page)
    data.update(
        {
            "title": "Strategi för god och nära vård",
            "kind": "decision",
            "new_case_title": "God och nära vård",
            "decisions-TOTAL_FORMS": "1",
            **{f"decisions-0-{name}": value for name, value in clause.items()},
        }
    )
    response = client.post(reverse("meeting_item_create", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()
    return Decision.objects.get(item__meeting=meeting, text=clause["text"])


def test_a_recommendation_to_a_forum_opens_no_adoptions(
    client, meeting, lchnv, vfr_secretary, django_capture_on_commit_callbacks
):
    client.force_login(vfr_secretary)
    recommendation = post_clause(
        client, meeting, text=STEERING_GROUP, kind="recommended", referred_to=str(lchnv.pk)
    )
    assert recommendation.referred_to == lchnv
    assert not recommendation.principal_decisions.exists()
    assert not Decision.objects.for_adoption().filter(pk=recommendation.pk).exists()
    # Länschefsnätverket's agenda has it among what waits for the forum, as a referral.
    assert Decision.objects.waiting_for(lchnv).filter(pk=recommendation.pk).exists()
    with pytest.raises(NotARecommendation):
        open_adoptions(recommendation=recommendation)
    # There is no adoption page for it.
    assert client.get(reverse("adoption_list", args=[recommendation.pk])).status_code == 404


def test_a_recommendation_to_the_principals_still_opens_sixteen(client, meeting, vfr_secretary):
    client.force_login(vfr_secretary)
    recommendation = post_clause(
        client,
        meeting,
        text="att rekommendera kommunerna och regionen att anta överenskommelsen.",
        kind="recommended",
    )
    assert recommendation.principal_decisions.pending().count() == 16


def test_addressing_it_to_a_forum_removes_the_undecided_adoptions_in_the_history(
    client, meeting, lchnv, vfr_secretary
):
    client.force_login(vfr_secretary)
    recommendation = post_clause(client, meeting, text=STEERING_GROUP, kind="recommended")
    assert recommendation.principal_decisions.count() == 16
    falun = recommendation.principal_decisions.get(principal__short_name="Falun")
    falun.status, falun.decided_on = PrincipalDecision.Status.ADOPTED, D(2026, 11, 1)
    falun.save()
    # Mora recorded a decision, then took it back: it was decided once, so it stays.
    mora = recommendation.principal_decisions.get(principal__short_name="Mora")
    mora.status, mora.decided_on = PrincipalDecision.Status.ADOPTED, D(2026, 11, 2)
    mora.save()
    mora.status, mora.decided_on = PrincipalDecision.Status.PENDING, None
    mora.save()

    edit = reverse("meeting_item_edit", args=[meeting.pk, recommendation.item_id])
    data = form_data(client.get(edit))
    prefix = field_with_value(data, "text", STEERING_GROUP)
    data[f"{prefix}referred_to"] = str(lchnv.pk)
    assert client.post(edit, data).status_code == 302

    kept = recommendation.principal_decisions.order_by("principal__short_name")
    assert [a.principal.short_name for a in kept] == ["Falun", "Mora"]
    removed = PrincipalDecision.history.filter(recommendation=recommendation, history_type="-")
    assert removed.count() == 14
    assert {r.history_user for r in removed} == {vfr_secretary}
    assert {r.history_change_reason for r in removed} == {
        "Inte längre en rekommendation till huvudmännen; ingen huvudman hade beslutat."
    }


def test_the_data_migration_removes_only_undecided_adoptions_of_forum_recommendations(vfr, lchnv):
    item = make_item(make_meeting(vfr, D(2020, 3, 11)), "3", "God och nära vård")
    to_forum = make_decision(item, STEERING_GROUP, kind="recommended")
    to_principals = make_decision(
        item, "att rekommendera kommunerna att anta strategin.", kind="recommended", position=2
    )
    open_adoptions(recommendation=to_forum)
    open_adoptions(recommendation=to_principals)
    decided = to_forum.principal_decisions.get(principal__short_name="Avesta")
    decided.status, decided.decided_on = PrincipalDecision.Status.REJECTED, D(2020, 5, 1)
    decided.save()
    # As the register held it before: addressed to a forum, with its sixteen adoptions.
    Decision.objects.filter(pk=to_forum.pk).update(referred_to=lchnv)

    name = "0003_no_adoptions_of_forum_recommendations"
    migration = importlib.import_module(f"agreements.migrations.{name}")
    # The models as the migration sees them, which send no signals to the history.
    state = MigrationLoader(connection).project_state(("agreements", name)).apps
    migration.remove_undecided_adoptions(state, None)

    assert list(to_forum.principal_decisions.values_list("principal__short_name", flat=True)) == [
        "Avesta"
    ]
    assert to_principals.principal_decisions.count() == Principal.objects.count() == 16
    history = PrincipalDecision.history.filter(recommendation=to_forum, history_type="-")
    assert history.count() == 15
    assert set(history.values_list("history_change_reason", flat=True)) == {migration.REASON}
    # Run again, it finds nothing more to remove.
    migration.remove_undecided_adoptions(state, None)
    assert history.count() == 15


def test_the_demo_recommendation_to_a_forum_waits_for_it_and_shows_no_grid(demo):
    case = Case.objects.get(title="Styrgrupp och strategi för god och nära vård")
    chain = selectors.case_chain(AnonymousUser(), case)
    recommendation = next(
        d for item in chain.items for d in item.decisions if d.kind == "recommended"
    )
    assert not recommendation.for_adoption and recommendation.adoption is None
    assert chain.recommendations == [] and chain.adoptions == [] and chain.principals == []
    context = matter_context(chain, f"case={case.pk}")
    assert context["matrix_svg"] is None and context["matrix_table"] is None


def test_the_case_page_shows_no_adoption_grid_for_a_recommendation_to_a_forum(client, demo):
    case = Case.objects.get(title="Styrgrupp och strategi för god och nära vård")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Huvudmännens antagande" not in page
    assert "Ej registrerat" not in page
    assert "rekommendera Länsnätverket för förvaltningschefer att formera" in page

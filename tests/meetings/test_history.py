"""Every change to the register is in the history, with the user who made it."""

import datetime

import pytest
from django.urls import reverse

from council.history import changes_by, system_user
from meetings.models import Decision, Meeting
from tests.factories import make_decision, make_item, make_meeting


@pytest.fixture
def decision(vfr):
    item = make_item(make_meeting(vfr, datetime.date(2020, 3, 11)), "5", "TN-platser")
    return make_decision(item, "att godkänna redovisningen.")


def test_change_through_the_admin_records_user_and_values(client, administrator, decision):
    client.force_login(administrator)
    url = reverse("admin:meetings_decision_change", args=[decision.pk])
    response = client.post(
        url,
        {
            "item": decision.item_id,
            "position": 1,
            "text": "att godkänna utvärderingen.",
            "kind": "approved",
            "referred_to": "",
            "answers": "",
            "amount_sek": "",
            "assignments-TOTAL_FORMS": 0,
            "assignments-INITIAL_FORMS": 0,
            "assignments-MIN_NUM_FORMS": 0,
            "assignments-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    latest, previous = decision.history.all()[:2]
    assert latest.history_user == administrator
    assert latest.history_type == "~"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("text", "att godkänna redovisningen.", "att godkänna utvärderingen.")
    ]


def test_commands_and_services_name_their_user(db, vfr):
    robot = system_user()
    with changes_by(robot):
        meeting = make_meeting(vfr, datetime.date(2021, 3, 25), place="Teams")
        meeting.place = "Falun"
        meeting.save()
    rows = list(meeting.history.order_by("history_id"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert {r.history_user for r in rows} == {robot}
    assert rows[-1].diff_against(rows[0]).changed_fields == ["place"]


def test_changes_outside_a_user_context_are_anonymous_and_detectable(db, vfr):
    # The guard above matters: without it the history cannot say who changed a row.
    meeting = make_meeting(vfr, datetime.date(2021, 3, 25))
    assert meeting.history.get().history_user is None


def test_every_model_of_the_councils_work_keeps_history():
    from django.apps import apps

    tracked = {
        m.__name__
        for app in ("council", "meetings", "agreements")
        for m in apps.get_app_config(app).get_models()
        if hasattr(m, "history") and not m.__name__.startswith("Historical")
    }
    assert {
        "Principal",
        "Forum",
        "Person",
        "Membership",
        "Meeting",
        "Attendance",
        "AgendaItem",
        "AgendaItemPresenter",
        "Case",
        "Decision",
        "Assignment",
        "Attachment",
        "Agreement",
        "PrincipalDecision",
    } <= tracked
    assert Meeting.history and Decision.history

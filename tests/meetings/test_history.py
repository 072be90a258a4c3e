"""Every change to the register is in the history, with the user who made it."""

import datetime

import pytest
from django.urls import reverse

from council.history import changes_by, system_user
from meetings.models import Case, Decision, Meeting
from tests.factories import make_decision, make_item, make_meeting


@pytest.fixture
def decision(vfr):
    item = make_item(make_meeting(vfr, datetime.date(2020, 3, 11)), "5", "TN-platser")
    return make_decision(item, "att godkänna redovisningen.")


def test_change_through_the_admin_records_user_and_values(client, administrator, decision):
    case = Case.objects.create(title="TN-platser")
    client.force_login(administrator)
    url = reverse("admin:meetings_case_change", args=[case.pk])
    response = client.post(
        url,
        {"title": "Tillnyktringsplatser", "registration_number": "", "status": "open"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    latest, previous = case.history.all()[:2]
    assert latest.history_user == administrator
    assert latest.history_type == "~"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("title", "TN-platser", "Tillnyktringsplatser")
    ]


def test_the_admin_shows_the_minutes_but_saves_no_change_to_them(client, administrator, decision):
    """A change saved in the admin would not raise the meeting's version: a secretary's
    form loaded before it would then save over it. The editor is the one way in."""
    client.force_login(administrator)
    meeting = decision.item.meeting
    version = meeting.version
    for name, obj in (
        ("meeting", meeting),
        ("agendaitem", decision.item),
        ("decision", decision),
    ):
        url = reverse(f"admin:meetings_{name}_change", args=[obj.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
        assert client.post(url, {"text": "att ändra i smyg.", "place": "Smyg"}).status_code == 403
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content
    assert reverse("meeting_edit", args=[meeting.pk]).encode() in page
    decision.refresh_from_db()
    meeting.refresh_from_db()
    assert decision.text == "att godkänna redovisningen." and meeting.version == version
    assert meeting.place != "Smyg"


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

""" "Att göra": what waits for each person, and its count in the navigation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Membership, Role
from meetings.models import Assignment, Meeting
from meetings.services import record_review, send_for_review
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(meeting, "5", "Överenskommelse om TN-platser")
    make_decision(item, "att godkänna överenskommelsen om TN-platser.")
    return meeting


def nav_count(client) -> str:
    html = client.get(reverse("home")).content.decode()
    start = html.index(f'href="{reverse("todo")}"')
    return html[start : html.index("</a>", start)]


def test_the_justerare_sees_the_minutes_until_approving_them(client, draft, vfr_secretary, member):
    draft.justerare.add(member.person)
    client.force_login(member)
    assert 'class="count"' not in nav_count(client)
    send_for_review(meeting=draft, user=vfr_secretary)
    assert ">1</span>" in nav_count(client)
    page = client.get(reverse("todo")).content.decode()
    assert "Protokoll som väntar på din justering" in page
    assert reverse("meeting_workflow", args=[draft.pk]) in page

    # The secretary sees who they wait for.
    client.force_login(vfr_secretary)
    page = client.get(reverse("todo")).content.decode()
    assert "Protokoll du för som väntar på justerarna" in page and "väntar på Maja" in page

    record_review(meeting=draft, reviewer=member.person, approved=True, comment="", user=member)
    client.force_login(member)
    assert "Inget väntar på dig just nu." in client.get(reverse("todo")).content.decode()
    assert 'class="count"' not in nav_count(client)
    client.force_login(vfr_secretary)
    page = client.get(reverse("todo")).content.decode()
    assert "Justerade protokoll att publicera" in page


def test_the_secretary_sees_a_comment_to_act_on_and_the_justerare_that_they_approved(
    client, draft, vfr_secretary, member, schnv_secretary
):
    draft.justerare.add(member.person, schnv_secretary.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    record_review(
        meeting=draft, reviewer=member.person, approved=False, comment="Fel år i p. 5.", user=member
    )
    client.force_login(vfr_secretary)
    page = client.get(reverse("todo")).content.decode()
    assert "1 kommentar att ta ställning till:" in page and "Fel år i p. 5." in page

    record_review(meeting=draft, reviewer=member.person, approved=True, comment="", user=member)
    client.force_login(member)
    page = client.get(reverse("meeting_workflow", args=[draft.pk])).content.decode()
    assert "Du har justerat protokollet." in page
    assert "Justera (godkänn) protokollet" not in page


def test_editing_minutes_out_for_justering_warns_first(client, draft, vfr_secretary, member):
    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    client.force_login(vfr_secretary)

    page = client.get(reverse("meeting_edit", args=[draft.pk])).content.decode()

    assert "Protokollet är ute på justering. Sparar du en ändring blir det ett utkast igen" in page


def test_a_representative_sees_the_adoptions_to_record(client, vfr, vfr_secretary, member):
    from meetings.services import approve, create_meeting_from_data, publish

    # Maja (Falun) sits in LCHNV, so she represents Falun.
    meeting = create_meeting_from_data(
        forum=vfr,
        user=vfr_secretary,
        data={
            "date": "2026-11-20",
            "items": [
                {
                    "number": "5",
                    "title": "TN-platser",
                    "decisions": [
                        {"text": "att rekommendera kommunerna att anta.", "kind": "recommended"}
                    ],
                }
            ],
        },
    )
    client.force_login(member)
    assert "Beslut att registrera" not in client.get(reverse("todo")).content.decode()
    approve(meeting=meeting, user=vfr_secretary)
    publish(meeting=meeting, user=vfr_secretary)
    page = client.get(reverse("todo")).content.decode()
    assert "Beslut att registrera för din huvudman" in page
    assert "/antaganden/falun/" in page
    assert ">1</span>" in nav_count(client)


def test_assignments_due_for_my_forums(client, member, lchnv, vfr):
    meeting = make_meeting(vfr, D(2026, 3, 1))
    item = make_item(meeting, "4", "Uppföljning")
    decision = make_decision(item, "att ge LCHNV i uppdrag att följa upp.", kind="assigned")
    today = timezone.localdate()
    Assignment.objects.create(
        decision=decision,
        assignee_forum=lchnv,
        description="Följ upp",
        due_date=today - datetime.timedelta(days=3),
    )
    Assignment.objects.create(
        decision=decision,
        assignee_forum=lchnv,
        description="Långt fram",
        due_date=today + datetime.timedelta(days=200),
    )
    client.force_login(member)
    page = client.get(reverse("todo")).content.decode()
    assert '<span class="tag overdue">Försenade</span> Länschefsnätverket: Följ upp' in page
    assert "Långt fram" not in page


def test_administrators_see_notices_to_send_and_agendas_to_prepare(
    client, administrator, vfr, lchnv
):
    today = timezone.localdate()
    make_meeting(vfr, today - datetime.timedelta(days=30))
    planned = make_meeting(
        lchnv, today + datetime.timedelta(days=20), status=Meeting.Status.PLANNED
    )
    make_meeting(lchnv, today - datetime.timedelta(days=40))
    client.force_login(administrator)
    page = client.get(reverse("todo")).content.decode()
    assert "Kallelser att skicka" in page and reverse("notice_page", args=[planned.pk]) in page
    assert "Dagordningar att förbereda" in page
    assert reverse("agenda_generate", args=["VFR"]) in page
    assert reverse("agenda_generate", args=["LCHNV"]) not in page


def test_the_count_costs_one_query(client, member, django_assert_num_queries, draft, vfr_secretary):
    from register.todo import todo_count

    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    member.refresh_from_db()
    Membership.objects.filter(person=member.person).update(role=Role.MEMBER)
    # The forums the user keeps (read once per request and kept on the user), then the
    # count itself, which works out the principals they represent within it.
    with django_assert_num_queries(2):
        assert todo_count(member) == 1

"""Draft → sent for justering → approved → published, and corrections with a reason."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.services import (
    WorkflowError,
    publish,
    record_review,
    return_to_draft,
    send_for_review,
)
from tests.factories import make_decision, make_item, make_meeting
from tests.meetings.test_minutes_editing import form_data

D = datetime.date


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(meeting, "5", "Överenskommelse om TN-platser")
    make_decision(item, "att godkänna överenskommelsen om TN-platser.")
    return meeting


def test_justering_approval_and_publishing(client, draft, vfr_secretary, member):
    justerare = member.person
    draft.justerare.add(justerare)
    client.force_login(vfr_secretary)
    workflow = reverse("meeting_workflow", args=[draft.pk])
    page = client.get(workflow).content.decode()
    assert "Skicka för justering" in page
    client.post(reverse("meeting_send_for_review", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.IN_REVIEW
    assert "Väntar på justering av" in client.get(workflow).content.decode()

    # The justerare, an ordinary member, reads the draft and comments, then approves.
    client.force_login(member)
    detail = client.get(reverse("meeting_detail", args=[draft.pk])).content.decode()
    assert "att godkänna överenskommelsen om TN-platser." in detail
    assert "Justera protokollet" in detail
    client.post(reverse("meeting_review", args=[draft.pk]), {"comment": "Stavfel i punkt 5."})
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.IN_REVIEW
    client.post(reverse("meeting_review", args=[draft.pk]), {"approve": "1", "comment": ""})
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.APPROVED
    # Approved but unpublished minutes are no longer the justerare's to see.
    assert client.get(reverse("meeting_detail", args=[draft.pk])).status_code == 404

    client.force_login(vfr_secretary)
    page = client.get(workflow).content.decode()
    assert "Stavfel i punkt 5." in page
    client.post(reverse("meeting_publish", args=[draft.pk]), {"confirm": "1"})
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.PUBLISHED and draft.published_at
    statuses = list(draft.history.order_by("history_date").values_list("status", "history_user"))
    assert (Meeting.Status.IN_REVIEW, vfr_secretary.pk) in statuses
    assert (Meeting.Status.APPROVED, member.pk) in statuses
    assert (Meeting.Status.PUBLISHED, vfr_secretary.pk) in statuses

    client.logout()
    assert client.get(reverse("meeting_detail", args=[draft.pk])).status_code == 200


def test_a_member_who_is_not_justerare_never_sees_the_draft_in_review(
    client, draft, member, vfr_secretary
):
    draft.justerare.add(vfr_secretary.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    client.force_login(member)
    assert client.get(reverse("meeting_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("meeting_workflow", args=[draft.pk])).status_code == 403


def test_minutes_cannot_be_published_before_approval(client, draft, vfr_secretary):
    client.force_login(vfr_secretary)
    publish = reverse("meeting_publish", args=[draft.pk])
    response = client.post(publish, {"confirm": "1"}, follow=True)
    assert "Bara ett justerat protokoll kan publiceras." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.MINUTES_DRAFT


def test_minutes_with_justerare_wait_for_them(draft, vfr_secretary, member):
    from meetings.services import approve

    draft.justerare.add(member.person)
    with pytest.raises(WorkflowError):
        approve(meeting=draft, user=vfr_secretary)
    send_for_review(meeting=draft, user=vfr_secretary)
    with pytest.raises(WorkflowError):
        approve(meeting=draft, user=vfr_secretary)


def test_an_approval_counts_only_for_the_version_sent(draft, vfr_secretary, member, vfr):
    from council.models import Person

    second = Person.objects.create(name="Andra Justeraren")
    draft.justerare.add(member.person, second)
    send_for_review(meeting=draft, user=vfr_secretary)
    record_review(meeting=draft, reviewer=member.person, approved=True, comment="", user=member)
    return_to_draft(meeting=draft, user=vfr_secretary)
    send_for_review(meeting=draft, user=vfr_secretary)
    record_review(meeting=draft, reviewer=second, approved=True, comment="", user=vfr_secretary)
    draft.refresh_from_db()
    # The first approval was of the earlier version: the minutes still wait for it.
    assert draft.status == Meeting.Status.IN_REVIEW
    record_review(meeting=draft, reviewer=member.person, approved=True, comment="", user=member)
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.APPROVED


def test_a_correction_of_published_minutes_needs_a_reason_shown_on_the_page(
    client, draft, vfr_secretary
):
    from meetings.services import approve

    approve(meeting=draft, user=vfr_secretary)
    publish(meeting=draft, user=vfr_secretary)
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[draft.pk])
    data = form_data(client.get(url))
    data["place"] = "Rättad plats"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ange skälet till rättelsen" in response.content.decode()
    draft.refresh_from_db()
    assert draft.place == ""

    data["reason"] = "Fel mötesplats angiven."
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.place == "Rättad plats" and draft.status == Meeting.Status.PUBLISHED
    row = draft.history.filter(place="Rättad plats").get()
    assert (row.history_change_reason, row.history_user) == (
        "Fel mötesplats angiven.",
        vfr_secretary,
    )

    client.logout()
    page = client.get(reverse("meeting_detail", args=[draft.pk])).content.decode()
    assert "Rättelser efter publicering" in page
    assert "Fel mötesplats angiven." in page

    # An item is corrected the same way.
    client.force_login(vfr_secretary)
    item = draft.items.get()
    item_url = reverse("meeting_item_edit", args=[draft.pk, item.pk])
    data = form_data(client.get(item_url))
    data["discussion"] = "Tillägg."
    assert client.post(item_url, data).status_code == 200
    data["reason"] = "Diskussionen saknades."
    assert client.post(item_url, data).status_code == 302
    assert draft.history.filter(history_change_reason="Diskussionen saknades.").exists()


def test_workflow_page_answers_in_bounded_queries(
    client, draft, vfr_secretary, member, django_assert_max_num_queries
):
    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    client.force_login(vfr_secretary)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meeting_workflow", args=[draft.pk])).status_code == 200


def test_a_change_during_justering_sends_the_minutes_back_to_draft(
    client, draft, vfr_secretary, member
):
    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[draft.pk])
    data = form_data(client.get(url))
    data["place"] = "Teams"
    response = client.post(url, data, follow=True)
    assert "är ett utkast igen" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.MINUTES_DRAFT and draft.place == "Teams"


def test_the_justerare_reads_the_draft_in_bounded_queries(
    client, draft, vfr_secretary, member, django_assert_max_num_queries
):
    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meeting_detail", args=[draft.pk]))
    assert "att godkänna överenskommelsen om TN-platser." in page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meeting_workflow", args=[draft.pk])).status_code == 200


def test_publishing_waits_for_the_secretary_to_confirm_whom_it_tells(client, draft, vfr_secretary):
    Meeting.objects.filter(pk=draft.pk).update(status=Meeting.Status.APPROVED)
    client.force_login(vfr_secretary)
    page = client.get(reverse("meeting_workflow", args=[draft.pk])).content.decode()
    assert "Ja, publicera protokollet nu" in page and "får e-post" in page

    response = client.post(reverse("meeting_publish", args=[draft.pk]), follow=True)

    assert "Protokollet publicerades inte. Kryssa i rutan" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.APPROVED

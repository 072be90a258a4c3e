"""Justering by e-mail: the request reaches each justerare, and the minutes complete in the app."""

import datetime
import re

import pytest
from django.urls import reverse

from council.models import OutboxMessage
from meetings.models import Attendance, Meeting
from meetings.services import record_review, send_for_review
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


@pytest.fixture
def draft(vfr):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    item = make_item(meeting, "5", "Överenskommelse om TN-platser")
    make_decision(item, "att godkänna överenskommelsen om TN-platser.")
    return meeting


@pytest.mark.django_db(transaction=True)
def test_the_justering_request_reaches_each_justerare_once_with_a_working_link(
    client, draft, vfr_secretary, member, schnv_secretary, smtp_server, start_worker, settings
):
    settings.SITE_URL = "http://beslut.example.se"
    draft.justerare.add(member.person, schnv_secretary.person)
    start_worker(smtp_server.port)
    client.force_login(vfr_secretary)
    url = reverse("meeting_send_for_review", args=[draft.pk])
    # The same action twice (a double click): the second is refused, nothing more is sent.
    client.post(url)
    second = client.post(url, follow=True)
    assert "Bara ett utkast kan skickas för justering." in second.content.decode()

    received = smtp_server.wait_for(2)
    assert sorted(r for m in received for r in m.envelope_to) == [
        "maja@example.se",
        "sixten@example.se",
    ]
    for message in received:
        assert message["Subject"].strip() == "Protokoll att justera: Välfärdsrådet 20 november 2026"
        assert message["From"] == settings.DEFAULT_FROM_EMAIL
    body = received[0].get_content()
    assert "Du är vald att justera protokollet från Välfärdsrådet 20 november 2026" in body
    link = re.search(r"http://beslut\.example\.se(/\S+)", body).group(1)
    assert link == reverse("meeting_workflow", args=[draft.pk])

    # The link works: the justerare logs in and approves where it leads.
    client.force_login(member)
    page = client.get(link).content.decode()
    assert "Justera (godkänn) protokollet" in page
    import time

    time.sleep(1.0)  # anything sent twice would have arrived by now
    assert len(smtp_server.messages) == 2
    assert OutboxMessage.objects.filter(state="sent").count() == 2


def test_comment_and_approval_are_sent_to_the_secretaries(draft, vfr_secretary, member):
    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    record_review(
        meeting=draft, reviewer=member.person, approved=False, comment="Stavfel.", user=member
    )
    record_review(meeting=draft, reviewer=member.person, approved=True, comment="", user=member)
    to_secretary = OutboxMessage.objects.filter(recipient="vera@example.se").order_by("pk")
    assert [m.subject for m in to_secretary] == [
        "Maja har kommenterat protokollet från Välfärdsrådet 20 november 2026",
        "Maja har justerat protokollet från Välfärdsrådet 20 november 2026",
    ]
    assert "Stavfel." in to_secretary[0].body


def test_a_person_who_said_no_to_justering_mail_is_not_sent_it(draft, vfr_secretary, member):
    person = member.person
    person.muted_emails = ["justering_requested"]
    person.save()
    draft.justerare.add(person)
    send_for_review(meeting=draft, user=vfr_secretary)
    assert not OutboxMessage.objects.filter(kind="justering_requested").exists()


def test_the_justerare_are_chosen_among_those_present(client, draft, vfr_secretary, member):
    from tests.meetings.test_minutes_editing import form_data

    Attendance.objects.create(meeting=draft, person=vfr_secretary.person, present=True)
    Attendance.objects.create(meeting=draft, person=member.person, present=False)
    client.force_login(vfr_secretary)
    url = reverse("meeting_edit", args=[draft.pk])
    data = form_data(client.get(url))
    data["justerare"] = [str(member.person.pk)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Justerare väljs bland de närvarande: Maja var inte närvarande." in (
        response.content.decode()
    )
    assert not draft.justerare.exists()


def test_a_justering_on_paper_is_recorded_with_date_and_note_and_printed(
    client, draft, vfr_secretary, member
):
    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    client.force_login(vfr_secretary)
    workflow = reverse("meeting_workflow", args=[draft.pk])
    assert (
        "Registrera en justering gjord på papper eller via e-post"
        in client.get(workflow).content.decode()
    )
    url = reverse("meeting_record_justering", args=[draft.pk])
    # A date before the meeting is refused with a reason, and nothing is stored.
    bad = client.post(
        url,
        {"reviewer": member.person.pk, "method": "paper", "reviewed_on": "2026-11-01", "note": "x"},
    )
    assert bad.status_code == 400
    assert "Protokollet kan inte ha justerats före mötet." in bad.content.decode()
    assert not draft.reviews.exists()
    # Nor is a note left out.
    assert (
        client.post(
            url,
            {
                "reviewer": member.person.pk,
                "method": "paper",
                "reviewed_on": "2026-11-24",
                "note": "",
            },
        ).status_code
        == 400
    )

    response = client.post(
        url,
        {
            "reviewer": member.person.pk,
            "method": "paper",
            "reviewed_on": "2026-11-24",
            "note": "Undertecknat blad i diariet.",
        },
        follow=True,
    )
    assert "Justeringen registrerades." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.APPROVED
    review = draft.reviews.get()
    assert review.method == "paper" and review.recorded_by == vfr_secretary
    assert review.history.get().history_change_reason == "Undertecknat blad i diariet."
    assert draft.history.filter(
        status="approved", history_change_reason="Undertecknat blad i diariet."
    ).exists()
    page = client.get(workflow).content.decode()
    assert "på papper, registrerad av Vera" in page
    printed = client.get(reverse("meeting_print", args=[draft.pk])).content.decode()
    assert "Justerade den 24 november 2026 av Maja" in printed


def test_the_pdf_says_when_and_by_whom_the_minutes_were_approved(
    client, draft, vfr_secretary, member
):
    import io

    from pypdf import PdfReader

    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    record_review(meeting=draft, reviewer=member.person, approved=True, comment="", user=member)
    client.force_login(vfr_secretary)
    pdf = client.get(reverse("meeting_pdf", args=[draft.pk])).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    today = datetime.date.today()
    from django.utils.formats import date_format

    assert f"Justerade den {date_format(today, 'j F Y')} av Maja" in " ".join(text.split())


def test_publishing_tells_the_forums_members(draft, vfr_secretary, member, vfr):
    from council.models import Membership, Person
    from meetings.services import approve, publish

    jonas = Person.objects.create(name="Jonas", email="jonas@example.se")
    Membership.objects.create(forum=vfr, person=jonas, role="member")
    approve(meeting=draft, user=vfr_secretary)
    publish(meeting=draft, user=vfr_secretary)
    published = OutboxMessage.objects.filter(kind="minutes_published")
    assert sorted(m.recipient for m in published) == ["jonas@example.se", "vera@example.se"]
    assert published[0].subject == "Protokoll publicerat: Välfärdsrådet 20 november 2026"


def test_the_request_names_the_secretary_and_a_second_round_says_the_minutes_changed(
    draft, vfr_secretary, member
):
    from meetings.services import return_to_draft

    draft.justerare.add(member.person)
    send_for_review(meeting=draft, user=vfr_secretary)
    first = OutboxMessage.objects.get(recipient="maja@example.se", kind="justering_requested")
    assert "Vera, vera@example.se" in first.body
    assert "har ändrats" not in first.body

    record_review(
        meeting=draft, reviewer=member.person, approved=False, comment="Fel år.", user=member
    )
    draft.refresh_from_db()
    return_to_draft(meeting=draft, user=vfr_secretary)
    draft.refresh_from_db()
    send_for_review(meeting=draft, user=vfr_secretary)

    again = OutboxMessage.objects.filter(recipient="maja@example.se", kind="justering_requested")
    second = again.order_by("pk").last()
    assert again.count() == 2
    assert second.subject.startswith("Ändrat protokoll att justera på nytt")
    assert "Protokollet har ändrats efter den förra justeringsomgången" in second.body

"""The notice with its PDF and calendar invitation, and a recommendation sent to the principals."""

import datetime

import pytest
from icalendar import Calendar

from agendas.services import send_notice
from agendas.tasks import email_notice
from agreements.models import PrincipalDecision
from agreements.tasks import email_recommendation
from council.models import Membership, OutboxMessage, Person, Principal, Role
from meetings.models import Meeting
from meetings.services import approve, publish
from tests.factories import make_item, make_meeting

D = datetime.date


@pytest.fixture
def planned(vfr):
    meeting = make_meeting(
        vfr,
        D(2027, 2, 10),
        status=Meeting.Status.PLANNED,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(15, 30),
        place="Samverkanslokalen, Borlänge",
    )
    make_item(meeting, "1", "Mötets öppnande")
    make_item(meeting, "2", "Överenskommelse om TN-platser")
    return meeting


def member_of(forum, name: str, email: str, **fields) -> Person:
    person = Person.objects.create(name=name, email=email, **fields)
    Membership.objects.create(forum=forum, person=person, role=Role.MEMBER)
    return person


def test_the_notice_goes_to_each_member_with_its_pdf_and_a_calendar_invitation(
    planned, vfr, administrator, django_capture_on_commit_callbacks
):
    member_of(vfr, "Jonas", "jonas@example.se")
    member_of(vfr, "Lisa", "lisa@example.se", muted_emails=["notice"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_notice(meeting=planned, user=administrator)
    assert len(callbacks) == 1  # the worker is asked once the notice is committed
    planned.refresh_from_db()
    assert email_notice.call(planned.pk, planned.version) == 1
    assert email_notice.call(planned.pk, planned.version) == 0  # run twice: sent once
    message = OutboxMessage.objects.get(kind="notice")
    assert message.recipient == "jonas@example.se"
    assert message.subject == "Kallelse: Välfärdsrådet 10 februari 2027"
    assert "2. Överenskommelse om TN-platser" in message.body
    ics, pdf = message.attachments.order_by("filename")
    assert pdf.filename == "kallelse-vfr-2027-02-10.pdf" and bytes(pdf.content).startswith(b"%PDF")
    event = Calendar.from_ical(bytes(ics.content)).walk("VEVENT")[0]
    assert ics.mimetype == "text/calendar"
    assert str(event["summary"]) == "Välfärdsrådet"
    assert str(event["location"]) == "Samverkanslokalen, Borlänge"
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (13, 0, "Europe/Stockholm")


def test_a_published_recommendation_reaches_each_principals_representatives(
    vfr, lchnv, vfr_secretary, django_capture_on_commit_callbacks
):
    from meetings.services import create_meeting_from_data

    falun = Principal.objects.get(short_name="Falun")
    mora = Principal.objects.get(short_name="Mora")
    politician = Person.objects.create(name="Fia Falun", email="fia@falun.se", principal=falun)
    Membership.objects.create(forum=vfr, person=politician, role=Role.MEMBER, principal=falun)
    chief = Person.objects.create(name="Mats Mora", email="mats@mora.se", principal=mora)
    Membership.objects.create(forum=lchnv, person=chief, role=Role.MEMBER, principal=mora)
    meeting = create_meeting_from_data(
        forum=vfr,
        user=vfr_secretary,
        data={
            "date": "2026-11-20",
            "items": [
                {
                    "number": "5",
                    "title": "Överenskommelse om TN-platser",
                    "decisions": [
                        {
                            "text": "att rekommendera kommunerna och regionen att anta "
                            "överenskommelsen om TN-platser.",
                            "kind": "recommended",
                            "requires_identical": True,
                        }
                    ],
                }
            ],
        },
    )
    recommendation = meeting.items.get().decisions.get()
    approve(meeting=meeting, user=vfr_secretary)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(meeting=meeting, user=vfr_secretary)
    assert callbacks  # the recommendation is handed to the worker after the commit
    assert email_recommendation.call(recommendation.pk) == 2
    assert email_recommendation.call(recommendation.pk) == 0
    messages = {m.recipient: m for m in OutboxMessage.objects.filter(kind="recommendation")}
    assert set(messages) == {"fia@falun.se", "mats@mora.se"}
    to_falun = messages["fia@falun.se"]
    assert to_falun.subject == (
        "Välfärdsrådet rekommenderar Falu kommun att anta: Överenskommelse om TN-platser"
    )
    assert "likalydande beslut" in to_falun.body
    assert f"/beslut/{recommendation.pk}/antaganden/{falun.slug}/" in to_falun.body
    [extract] = to_falun.attachments.all()
    assert extract.filename == "protokollsutdrag-vfr-2026-11-20-punkt-5.pdf"
    import io

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(extract.content))).pages)
    assert "Utdrag ur minnesanteckningar" in text and "överenskommelsen om TN-platser" in " ".join(
        text.split()
    )
    # The extract is certified as a true one by the forum's secretary.
    assert (
        "Utdragsbestyrkande" in text
        and "Rätt utdraget ur minnesanteckningarna intygar" in " ".join(text.split())
    )
    # A principal that has decided is not asked again.
    assert PrincipalDecision.objects.filter(recommendation=recommendation).count() == 16

"""The notice (kallelse) as PDF, Word document and calendar invitation."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from council.pdf import render_pdf
from meetings.models import AgendaItem, AgendaItemPresenter, Attachment, Meeting
from meetings.word import DOCX_TYPE as DOCX_TYPE  # the views' content type of the notice
from meetings.word import notice_docx


def notice_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda of the notice with what each item shows, read in three queries."""
    return list(
        meeting.items.order_by("position", "id").prefetch_related(
            Prefetch(
                "presenters",
                queryset=AgendaItemPresenter.objects.select_related("person", "forum"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.order_by("number")),
        )
    )


def pdf_bytes(meeting: Meeting, items: list[AgendaItem], request=None) -> bytes:
    return render_pdf("agendas/notice_pdf.html", {"meeting": meeting, "items": items}, request)


def ics_bytes(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """The meeting as an iCalendar invitation, so it lands in each member's calendar.

    The UID stays the same for the meeting, so a notice sent again updates the event
    instead of adding a second one; SEQUENCE follows the meeting's version."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//RSS Dalarna//Beslutsregistret//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@beslutsregistret")
    event.add("sequence", meeting.version)
    event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
    event.add("summary", meeting.forum.name)
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
        end_time = meeting.end_time or (start + datetime.timedelta(hours=2)).time()
        event.add("dtstart", start)
        event.add("dtend", datetime.datetime.combine(meeting.date, end_time, tzinfo=zone))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    agenda = "\n".join(f"{item.number}. {item.title}" for item in items)
    event.add("description", f"{_('Agenda')}:\n{agenda}")
    calendar.add_component(event)
    return calendar.to_ical()


def filename(meeting: Meeting, extension: str) -> str:
    return f"kallelse-{meeting.forum.code.lower()}-{meeting.date:%Y-%m-%d}.{extension}"


def time_range(meeting: Meeting) -> str:
    if not meeting.start_time:
        return ""
    text = f"{meeting.start_time:%H.%M}"
    if meeting.end_time:
        text += f"–{meeting.end_time:%H.%M}"
    return text


def docx_bytes(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """A notice a secretary can open, adjust and send as it is, in the house style."""
    return notice_docx(meeting, items)

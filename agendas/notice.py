"""The notice (kallelse) as PDF, Word document and calendar invitation."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from council.pdf import render_pdf
from meetings.models import AgendaItem, AgendaItemPresenter, Attachment, Meeting
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


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID in every calendar: the notice's invitation and the feeds name
    the same event, so a calendar that has both shows it once."""
    return f"meeting-{meeting.pk}@beslutsregistret"


def meeting_event(
    meeting: Meeting,
    agenda: list[tuple[str, str]] | None,
    *,
    url: str = "",
    stamp: datetime.datetime | None = None,
) -> Event:
    """The one way a meeting is written as a VEVENT, for the notice and the calendar feeds.

    ``agenda`` is the items as (number, title), or None to leave the agenda out. The UID
    stays the same for the meeting, so a notice sent again or a feed read again updates
    the event instead of adding a second one; SEQUENCE follows the meeting's version,
    which every change raises. Times are local (Europe/Stockholm), with the zone's
    VTIMEZONE added by ``calendar_bytes``.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.version)
    event.add("dtstamp", stamp or datetime.datetime.now(tz=datetime.UTC))
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
    # A meeting only planned may still move; once the notice is out it is confirmed.
    event.add("status", "TENTATIVE" if meeting.status == Meeting.Status.PLANNED else "CONFIRMED")
    lines = []
    if agenda:
        lines += [f"{_('Agenda')}:", *(f"{number}. {title}" for number, title in agenda)]
    if url:
        event.add("url", url)
        lines += ["", url] if lines else [url]
    if lines:
        event.add("description", "\n".join(lines))
    return event


def new_calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//RSS Dalarna//Beslutsregistret//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    return calendar


def calendar_bytes(calendar: Calendar) -> bytes:
    """The calendar as a file, with the VTIMEZONE of each zone its events use."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_bytes(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """The meeting as an iCalendar invitation, so it lands in each member's calendar."""
    calendar = new_calendar()
    calendar.add_component(meeting_event(meeting, [(i.number, i.title) for i in items]))
    return calendar_bytes(calendar)


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

"""The notice (kallelse) as an editable Word document, in the layout of an ordinary one."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from icalendar import Calendar, Event

from council.pdf import render_pdf
from meetings.models import AgendaItem, AgendaItemPresenter, Attachment, Meeting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def presenters_line(item: AgendaItem) -> str:
    return "; ".join(f"{p.name}, {p.title}" if p.title else p.name for p in item.presenters.all())


def attachments_line(item: AgendaItem) -> str:
    parts = [item.attachment_refs] if item.attachment_refs else []
    parts += [f"{_('Attachment')} {a.number}: {a.title}" for a in item.attachments.all()]
    return "; ".join(parts)


def docx_bytes(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """A notice a secretary can open, adjust and send as it is."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    document.core_properties.title = f"{_('Notice')} {meeting.forum.name} {meeting.date:%Y-%m-%d}"
    document.core_properties.language = "sv-SE"

    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run("RSS Dalarna").italic = True
    document.add_heading(_("Notice"), level=0)
    document.add_heading(meeting.forum.name, level=1)

    facts = document.add_table(rows=0, cols=2)
    rows = [(_("Date"), date_format(meeting.date, "j F Y"))]
    if meeting.start_time:
        rows.append((_("Time"), time_range(meeting)))
    rows.append((_("Place"), meeting.place or _("Announced later")))
    if meeting.registration_number:
        rows.append(("Dnr", meeting.registration_number))
    for label, value in rows:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value

    document.add_heading(_("Agenda"), level=2)
    for item in items:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{item.number}. {item.title}").bold = True
        for label, value in (
            (_("Presenter"), presenters_line(item)),
            (_("Attachments"), attachments_line(item)),
        ):
            if value:
                line = document.add_paragraph()
                line.paragraph_format.left_indent = Pt(18)
                line.paragraph_format.space_after = Pt(0)
                line.add_run(f"{label}: ").italic = True
                line.add_run(value)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

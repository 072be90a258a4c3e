"""The notice (kallelse) as an editable Word document, in the layout of an ordinary one."""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from meetings.models import AgendaItem, Meeting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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

"""Attachments for the demo register: a one-page PDF for each attachment the seed minutes
name ("Bilaga 4, 5", "Bilaga 6-9"), so that a newcomer sees how members open them.

The originals are not part of the seeds; each page says so."""

import re

from django.core.files.base import ContentFile
from django.utils.html import escape

from meetings.models import AgendaItem, Attachment

_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def numbers_named(refs: str) -> list[str]:
    """The attachment numbers in "Bilaga 4, 5", "Bilaga 6-9" or "Bilaga 16,17,18, 19"."""
    found: list[str] = []
    for start, end in _RANGE.findall(refs):
        found += [str(n) for n in range(int(start), int(end) + 1)]
    found += re.findall(r"\d+", _RANGE.sub(" ", refs))
    return sorted(set(found), key=int)


def _page(item: AgendaItem, number: str) -> bytes:
    from weasyprint import HTML

    meeting = item.meeting
    html = (
        '<html lang="sv"><head><meta charset="utf-8"><title>Bilaga {number}</title></head>'
        '<body style="font-family: sans-serif"><h1>Bilaga {number}</h1>'
        "<p>{forum} {date}, punkt {item}: {title}</p>"
        "<p>Demonstrationsbilaga. Originalet finns hos RSS Dalarna.</p></body></html>"
    ).format(
        number=escape(number),
        forum=escape(meeting.forum.name),
        date=f"{meeting.date:%Y-%m-%d}",
        item=escape(item.number),
        title=escape(item.title),
    )
    return HTML(string=html).write_pdf()


def attach_demo_papers(meetings) -> int:
    """Give the demo meetings' items the attachments they name; those present are kept."""
    created = 0
    items = AgendaItem.objects.filter(meeting__in=meetings).exclude(attachment_refs="")
    for item in items.select_related("meeting__forum"):
        taken = set(item.meeting.attachments.values_list("number", flat=True))
        for number in numbers_named(item.attachment_refs):
            if number in taken:
                continue
            Attachment.objects.create(
                meeting=item.meeting,
                item=item,
                number=number,
                title=f"Underlag till {item.title}"[:300],
                file=ContentFile(_page(item, number), f"bilaga-{number}.pdf"),
            )
            taken.add(number)
            created += 1
    return created

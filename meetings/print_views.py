"""The minutes as a document: a printable page and a PDF laid out like the Word minutes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext

from council.models import Forum, Principal, Role
from council.pdf import pdf_response, render_pdf
from meetings.access import visible_meeting_or_404
from meetings.attachments import attachment_urls, meeting_attachments
from meetings.models import AgendaItem, AgendaItemPresenter, Attendance, Decision, Meeting
from meetings.services import justering_line

# Rows that sit at the table as the forum's own members; everyone else present is
# listed after them, as the minutes do with officials and guests.
SEATED_ROLES = {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.DEPUTY}


@dataclass
class PrincipalGroup:
    principal: Principal | None
    people: list[Attendance] = field(default_factory=list)


@dataclass
class AttendanceList:
    # Grouped lists show `groups` then `others`; flat lists show `present` in order.
    grouped: bool
    groups: list[PrincipalGroup]
    present: list[Attendance]
    others: list[Attendance]
    absent: list[Attendance]
    # "samt föredragande enligt nedan" continues the list of names; other notes stand alone.
    inline_note: str = ""
    note: str = ""


def attendance_list(meeting: Meeting, attendances: list[Attendance]) -> AttendanceList:
    """Who was there, in the order the forum's minutes name them.

    Presenters are left out: the minutes name them under their items. Välfärdsrådet, the
    council of the principals, lists its members principal by principal with the region
    first (Principal.position); the networks list names in the secretary's order.
    """
    present = [a for a in attendances if a.present and a.role != Role.PRESENTER]
    seated = [a for a in present if a.role in SEATED_ROLES]
    others = [a for a in present if a.role not in SEATED_ROLES]
    absent = [a for a in attendances if not a.present]
    grouped = meeting.forum.kind == Forum.Kind.COUNCIL
    groups: list[PrincipalGroup] = []
    if grouped:
        by_principal: dict[int | None, PrincipalGroup] = {}
        for row in sorted(
            seated,
            key=lambda a: (
                a.principal is None,
                a.principal.position if a.principal else 0,
                a.principal.short_name if a.principal else "",
                a.position,
                a.pk,
            ),
        ):
            group = by_principal.get(row.principal_id)
            if group is None:
                group = by_principal[row.principal_id] = PrincipalGroup(row.principal)
                groups.append(group)
            group.people.append(row)
    note = meeting.attendance_note.strip()
    continues = not grouped and note[:5].casefold() == "samt "
    return AttendanceList(
        grouped,
        groups,
        present,
        others,
        absent,
        inline_note=note if continues else "",
        note="" if continues else note,
    )


def _minutes_context(request: HttpRequest, pk: int) -> dict:
    return minutes_context(visible_meeting_or_404(request, pk))


def minutes_context(meeting: Meeting, *, only_item: AgendaItem | None = None) -> dict:
    """What the minutes template needs; with ``only_item``, an extract of that item
    (protokollsutdrag): the head of the minutes and that one item."""
    prefetch_related_objects([meeting], "justerare", "reviews")
    items = meeting.items.all() if only_item is None else meeting.items.filter(pk=only_item.pk)
    items = list(
        items.prefetch_related(
            Prefetch(
                "presenters",
                queryset=AgendaItemPresenter.objects.select_related("person", "forum"),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("position")),
        )
    )
    for item in items:
        # Sub-items ("4a") are written "a)" under their main item, as in the Word minutes.
        item.is_sub = item.number[-1:].isalpha()
        item.label = f"{item.number[-1]})" if item.is_sub else f"{item.number}."
    attendances = list(
        meeting.attendances.select_related("person", "principal").order_by("position", "id")
    )
    # Documents leave the site (printed, e-mailed, saved): their links are absolute.
    every_attachment = meeting_attachments(meeting, items)
    return {
        "meeting": meeting,
        "items": items,
        "attendance": attendance_list(meeting, attendances),
        "justerare": list(meeting.justerare.all()),
        "justering": _justering(meeting),
        "attachments": [a for item in items for a in item.attachment_list]
        + ([a for a in every_attachment if a.item_id is None] if only_item is None else []),
        "attachment_urls": attachment_urls(every_attachment, settings.SITE_URL),
        "link_base": settings.SITE_URL,
        "extract": only_item is not None,
        "certified": _certified(meeting) if only_item is not None else None,
    }


def _certified(meeting: Meeting) -> dict:
    """The utdragsbestyrkande of an extract: the forum's secretaries certify it as a true
    extract, on the day the minutes were published (today for minutes not yet so)."""
    from meetings.notifications import forum_people

    names = [p.name for p in forum_people(meeting, roles=[Role.SECRETARY])]
    when = (
        timezone.localdate(meeting.published_at) if meeting.published_at else timezone.localdate()
    )
    return {"names": get_text_list(names, gettext("and")) if names else "", "date": when}


def extract_pdf(item: AgendaItem) -> bytes:
    """The extract of one item of the minutes as PDF, as sent to the principals."""
    return render_pdf(
        "meetings/print/minutes_pdf.html", minutes_context(item.meeting, only_item=item)
    )


def extract_filename(item: AgendaItem) -> str:
    meeting = item.meeting
    return (
        f"protokollsutdrag-{slugify(meeting.forum.code)}-{meeting.date:%Y-%m-%d}"
        f"-punkt-{slugify(item.number)}.pdf"
    )


def _justering(meeting: Meeting) -> dict | None:
    line = justering_line(meeting)
    if line is None:
        return None
    date, names = line
    return {"date": date, "names": get_text_list(names, gettext("and"))}


def minutes_filename(meeting: Meeting) -> str:
    return f"minnesanteckningar-{slugify(meeting.forum.code)}-{meeting.date:%Y-%m-%d}.pdf"


def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    context = _minutes_context(request, pk)
    return render(request, "meetings/print/minutes_page.html", context)


def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _minutes_context(request, pk)
    pdf = render_pdf("meetings/print/minutes_pdf.html", context, request)
    return pdf_response(pdf, minutes_filename(context["meeting"]))


def extract_item(request: HttpRequest, pk: int, item_pk: int) -> AgendaItem:
    """One item of minutes the user may read; its meeting comes along for the extract."""
    meeting = visible_meeting_or_404(request, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    item.meeting = meeting
    return item


def item_extract_pdf(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = extract_item(request, pk, item_pk)
    return pdf_response(extract_pdf(item), extract_filename(item))

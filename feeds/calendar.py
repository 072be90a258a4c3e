"""Meetings as iCalendar feeds: all of them, a forum's, and a person's own.

Each meeting is written by the notice's own ``meeting_event`` (one UID per meeting in
every calendar, SEQUENCE from its version). A feed reads its meetings and their agenda
in two queries, however many meetings it holds.
"""

import datetime
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from agendas.notice import calendar_bytes, meeting_event, new_calendar
from meetings.models import AgendaItem, Meeting

# Calendars want what is coming and what just was; the minutes of older meetings are a
# search away, and a feed that grows with the register is read again every hour.
PAST_DAYS = 366


# A calendar holds what has been announced: a meeting once its notice has been sent or
# its minutes published. A meeting only planned (its agenda still being drafted) and
# minutes never announced are in no calendar, whoever reads it.
ANNOUNCED = Q(status=Meeting.Status.PUBLISHED) | Q(notice_sent_at__isnull=False)


def feed_meetings(meetings: QuerySet) -> list[Meeting]:
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    return list(
        meetings.filter(ANNOUNCED, date__gte=since)
        .select_related("forum")
        .order_by("date", "start_time", "pk")
    )


def agenda_shown(meeting: Meeting, editor: bool) -> bool:
    """The agenda is the notice's while the notice is out, and the minutes' once they
    are published; in between, the items are the minutes being written, for their
    editors only."""
    if meeting.status in (Meeting.Status.AGENDA_SENT, Meeting.Status.PUBLISHED):
        return True
    return editor


def agendas_of(meetings: list[Meeting]) -> dict[int, list[tuple[str, str]]]:
    """The items of each of the meetings, from one query."""
    agendas: dict[int, list[tuple[str, str]]] = {}
    rows = (
        AgendaItem.objects.filter(meeting_id__in=[m.pk for m in meetings])
        .order_by("meeting_id", "position", "pk")
        .values_list("meeting_id", "number", "title")
    )
    for meeting_id, number, title in rows:
        agendas.setdefault(meeting_id, []).append((number, title))
    return agendas


def calendar_response(
    request: HttpRequest,
    meetings: list[Meeting],
    *,
    name: str,
    filename: str,
    edits: Callable[[Meeting], bool] = lambda meeting: False,
    private: bool = False,
) -> HttpResponse:
    """The meetings as an .ics file. Each event links to the meeting's page where the
    reader may open it (published minutes, or minutes the reader ``edits``), else to
    its forum's."""
    agendas = agendas_of(meetings)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    calendar = new_calendar(name)
    # RFC 7986 and the older Apple/Microsoft name for it: read again every hour.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        editor = edits(meeting)
        if editor or meeting.status == Meeting.Status.PUBLISHED:
            path = reverse("meeting_detail", args=[meeting.pk])
        else:
            path = reverse("forum_detail", args=[meeting.forum.code])
        calendar.add_component(
            meeting_event(
                meeting,
                agendas.get(meeting.pk) if agenda_shown(meeting, editor) else None,
                url=request.build_absolute_uri(path),
                stamp=stamp,
            )
        )
    response = HttpResponse(calendar_bytes(calendar), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private or request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response

"""Member pages: meetings (the minutes on screen), forums and assignments."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from council.permissions import can_edit_meeting
from meetings.access import visible_meeting_or_404
from meetings.models import Assignment, Meeting
from register import selectors


def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every meeting the reader may see, those to come first, a page at a time."""
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            **selectors.meeting_page(request.user, request.GET, timezone.localdate()),
            "querystring": params.urlencode(),
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting_or_404(request, pk)
    minutes = selectors.meeting_minutes(meeting)
    reviewer = next(
        (
            p
            for p in minutes["justerare"]
            if request.user.is_authenticated and p.user_id == request.user.pk
        ),
        None,
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            **minutes,
            "can_edit": can_edit_meeting(request.user, meeting),
            "reviewer": reviewer if meeting.status == Meeting.Status.IN_REVIEW else None,
        },
    )


def forum_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/forum_list.html",
        {"forums": selectors.forums_with_meeting_counts(request.user)},
    )


def forum_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request, "meetings/forum_detail.html", selectors.forum_overview(request.user, code)
    )


def assignment_list(request: HttpRequest) -> HttpResponse:
    """Assignments by status, grouped by who carries them out, a page at a time; for one
    principal or forum with ``?principal=<slug>`` or ``?forum=<code>``."""
    today = timezone.localdate()
    status = request.GET.get("status", Assignment.Status.OPEN)
    if status not in selectors.ASSIGNMENT_STATUSES:
        raise Http404
    found = selectors.assignment_page(request.user, request.GET, status, today)
    keep = request.GET.copy()
    for name in ("page", "status"):
        keep.pop(name, None)
    return render(
        request,
        "meetings/assignment_list.html",
        {
            **found,
            "status": status,
            # The chosen principal or forum, for the status tabs, and with the status
            # for the pages.
            "narrowed": keep.urlencode(),
            "querystring": f"status={status}&{keep.urlencode()}".rstrip("&"),
            "today": today,
        },
    )

"""Pages for members: meetings (the minutes on screen), forums and assignments."""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from council.models import Forum, Membership, Principal
from council.permissions import can_edit_meeting
from meetings.attachments import attachment_urls, meeting_attachments
from meetings.models import (
    AgendaItemPresenter,
    Assignment,
    Decision,
    Meeting,
    visible_meetings_q,
)
from meetings.services import corrections


def visible_meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may read it; minutes in justering also to their justerare."""
    readable = visible_meetings_q(request.user)
    # An empty Q means every meeting; OR-ing it would narrow it to the other operand.
    if request.user.is_authenticated and readable:
        chosen = Meeting.justerare.through.objects.filter(
            meeting=OuterRef("pk"), person__user=request.user
        )
        readable |= Q(status=Meeting.Status.IN_REVIEW) & Exists(chosen)
    meeting = Meeting.objects.filter(readable).select_related("forum", "chair").filter(pk=pk)
    return get_object_or_404(meeting)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting_or_404(request, pk)
    can_edit = can_edit_meeting(request.user, meeting)
    justerare = list(meeting.justerare.all())
    reviewer = next(
        (p for p in justerare if request.user.is_authenticated and p.user_id == request.user.pk),
        None,
    )
    unfinished = meeting.status != Meeting.Status.PUBLISHED
    items = meeting.items.select_related("case").prefetch_related(
        Prefetch(
            "presenters", queryset=AgendaItemPresenter.objects.select_related("person", "forum")
        ),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related(
                "referred_to", "answers__item__meeting__forum"
            ).prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related(
                        "assignee_forum", "assignee_principal"
                    ),
                )
            ),
        ),
    )
    items = list(items)
    urls = attachment_urls(meeting_attachments(meeting, items))
    attendances = meeting.attendances.select_related("person", "principal").order_by(
        "position", "id"
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "attendances": attendances,
            "justerare": justerare,
            "can_edit": can_edit,
            "attachment_urls": urls,
            "reviewer": reviewer if meeting.status == Meeting.Status.IN_REVIEW else None,
            "corrections": corrections(meeting) if not unfinished else [],
        },
    )


def forum_list(request: HttpRequest) -> HttpResponse:
    visible = Q(meetings__in=Meeting.objects.visible_to(request.user))
    forums = (
        Forum.objects.filter(active=True)
        .select_related("parent")
        .annotate(meeting_count=Count("meetings", filter=visible))
        .prefetch_related("former_names")
        .order_by(*Forum._meta.ordering)  # a grouped query drops the model's own order
    )
    return render(request, "meetings/forum_list.html", {"forums": forums})


def forum_detail(request: HttpRequest, code: str) -> HttpResponse:
    forum = get_object_or_404(Forum.objects.select_related("parent"), code__iexact=code)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(forum=forum)
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-date", "-start_time")
    )
    by_year = [(year, list(group)) for year, group in groupby(meetings, key=lambda m: m.date.year)]
    members = (
        Membership.objects.filter(forum=forum, end_date__isnull=True)
        .select_related("person", "principal")
        .order_by("principal__position", "person__name")
    )
    return render(
        request,
        "meetings/forum_detail.html",
        {
            "forum": forum,
            "by_year": by_year,
            "members": members,
            "former_names": forum.former_names.all(),
            "standing_items": forum.standing_items.select_related("responsible"),
            "subgroups": forum.subgroups.all(),
        },
    )


ASSIGNMENT_PAGE = 100


def assignment_list(request: HttpRequest) -> HttpResponse:
    """Assignments by status, grouped by who carries them out, a page at a time; for one
    principal or forum with ``?principal=<slug>`` or ``?forum=<code>``."""
    today = timezone.localdate()
    status = request.GET.get("status", Assignment.Status.OPEN)
    if status not in {*Assignment.Status.values, "overdue", "all"}:
        raise Http404
    # Joined to their minutes: ``decision__in`` visible decisions would have the database
    # list every visible decision of the register first.
    assignments = Assignment.objects.filter(
        visible_meetings_q(request.user, "decision__item__meeting__")
    ).select_related(
        "assignee_forum",
        "assignee_principal",
        "report_to_forum",
        "decision__item__meeting__forum",
        "reported_in__meeting__forum",
    )
    principal = forum = None
    if request.GET.get("principal"):
        principal = get_object_or_404(Principal, slug=request.GET["principal"])
        assignments = assignments.filter(assignee_principal=principal)
    elif request.GET.get("forum"):
        forum = get_object_or_404(Forum, code=request.GET["forum"])
        assignments = assignments.filter(assignee_forum=forum)
    if status == "overdue":
        assignments = assignments.overdue(today)
    elif status != "all":
        assignments = assignments.filter(status=status)
    # Grouped by Assignment.assignee: the forum, else the principal, else the text.
    assignments = assignments.order_by(
        F("assignee_forum__name").asc(nulls_last=True),
        F("assignee_principal__name").asc(nulls_last=True),
        "assignee_text",
        "due_date",
        "id",
    )
    page = Paginator(assignments, ASSIGNMENT_PAGE).get_page(request.GET.get("page"))
    groups = [(name, list(rows)) for name, rows in groupby(page, key=lambda a: a.assignee)]
    keep = request.GET.copy()
    for name in ("page", "status"):
        keep.pop(name, None)
    return render(
        request,
        "meetings/assignment_list.html",
        {
            "groups": groups,
            "page": page,
            "status": status,
            "assignee": principal or forum,
            # The chosen principal or forum, for the status tabs, and with the status
            # for the pages.
            "narrowed": keep.urlencode(),
            "querystring": f"status={status}&{keep.urlencode()}".rstrip("&"),
            "today": today,
        },
    )

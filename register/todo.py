"""What waits for each logged-in person: the page "Att göra" and the count in the navigation.

Each part is one queryset, so that the page lists exactly what the count counts; the
count reads every part in one query, as subqueries of a single SELECT.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agreements.models import PrincipalDecision
from council.models import Forum, Membership
from council.permissions import (
    editable_forum_ids,
    is_administrator,
    represented_principals_known,
    represented_principals_q,
    secretary_forum_ids,
)
from council.prepared import PreparedQueries, stand_in
from meetings.models import Assignment, Meeting, MinutesReview, visible_meetings_q
from meetings.services import pending_justerare

LIST_LIMIT = 50
# Assignments are listed from this many days before they are due.
DUE_SOON_DAYS = 30
UPCOMING = [Meeting.Status.PLANNED, Meeting.Status.AGENDA_SENT]


def _my_justering(user) -> QuerySet:
    approved = MinutesReview.objects.filter(
        Q(created_at__gte=OuterRef("review_requested_at"))
        | Q(meeting__review_requested_at__isnull=True),
        meeting=OuterRef("pk"),
        reviewer__user=user,
        approved=True,
    )
    return (
        Meeting.objects.filter(status=Meeting.Status.IN_REVIEW, justerare__user=user)
        .exclude(Exists(approved))
        .distinct()
    )


def _kept(user, status: str) -> QuerySet:
    forums = editable_forum_ids(user)
    meetings = Meeting.objects.filter(status=status)
    return meetings if forums is None else meetings.filter(forum_id__in=forums)


def _adoptions(user) -> QuerySet:
    if is_administrator(user):
        # Administrators may record every principal's decision: listing all would drown
        # the page. The principals' own representatives see theirs.
        return PrincipalDecision.objects.none()
    return PrincipalDecision.objects.pending().filter(
        represented_principals_q(user),
        recommendation__item__meeting__status=Meeting.Status.PUBLISHED,
    )


def _assignments(user, today: datetime.date) -> QuerySet:
    forums = Membership.objects.filter(person__user=user, end_date__isnull=True).values("forum")
    return (
        Assignment.objects.open()
        .filter(assignee_forum__in=forums, due_date__lte=today + datetime.timedelta(DUE_SOON_DAYS))
        .filter(visible_meetings_q(user, "decision__item__meeting__"))
    )


def _notices(user, today: datetime.date) -> QuerySet:
    if not is_administrator(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(status=Meeting.Status.PLANNED, date__gte=today)


def _agendas(user, today: datetime.date) -> QuerySet:
    """Forums that met within the last year and have no meeting planned yet."""
    if not is_administrator(user):
        return Forum.objects.none()
    planned = Meeting.objects.filter(forum=OuterRef("pk"), status__in=UPCOMING, date__gte=today)
    recent = Meeting.objects.filter(
        forum=OuterRef("pk"), date__gte=today - datetime.timedelta(days=365), date__lte=today
    )
    return Forum.objects.filter(active=True).filter(Exists(recent)).exclude(Exists(planned))


def _parts(user, today: datetime.date) -> dict[str, QuerySet]:
    return {
        "to_review": _my_justering(user),
        "waiting": _kept(user, Meeting.Status.IN_REVIEW),
        "to_publish": _kept(user, Meeting.Status.APPROVED),
        "adoptions": _adoptions(user),
        "assignments": _assignments(user, today),
        "notices": _notices(user, today),
        "agendas": _agendas(user, today),
    }


def _count_query(user, today: datetime.date) -> QuerySet | None:
    """The user's row with how many of each part wait for them; None if no part can."""
    counts = {
        name: Coalesce(
            Subquery(
                qs.order_by()
                .annotate(_one=Value(1, output_field=IntegerField()))
                .values("_one")
                .annotate(n=Count("pk", distinct=True))
                .values("n")[:1]
            ),
            0,
        )
        for name, qs in _parts(user, today).items()
        if not qs.query.is_empty()
    }
    if not counts:
        return None
    return get_user_model().objects.filter(pk=user.pk).annotate(**counts).values_list(*counts)


# The count's SQL differs only by the user's id among users of the same roles on one day:
# it is built once for each (council.prepared).
_PREPARED = PreparedQueries()


def todo_count(user: User) -> int:
    """How many things wait for the user, in one query."""
    today = timezone.localdate()
    administrator = is_administrator(user)
    # What shapes the query besides the user's id: the roles it is built from (the
    # represented principals as a subquery where they are not kept on the user), the day.
    principals = None if administrator else represented_principals_known(user)
    key = (
        administrator,
        None if administrator else frozenset(secretary_forum_ids(user)),
        "read within" if principals is None else principals,
        today,
    )
    prepared = _PREPARED.statement(
        key, lambda marker: _count_query(stand_in(user, marker), today), user.pk
    )
    if prepared is None:
        return 0
    sql, params = prepared
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return sum(row or ())


@dataclass
class Todo:
    to_review: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    to_publish: list = field(default_factory=list)
    adoptions: list = field(default_factory=list)
    adoptions_total: int = 0
    assignments: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    agendas: list = field(default_factory=list)
    today: datetime.date | None = None

    @property
    def empty(self) -> bool:
        return not any(
            [
                self.to_review,
                self.waiting,
                self.to_publish,
                self.adoptions,
                self.assignments,
                self.notices,
                self.agendas,
            ]
        )


def todo_for(user: User) -> Todo:
    today = timezone.localdate()
    parts = _parts(user, today)
    by_date = ("date", "forum__name")
    todo = Todo(today=today)
    todo.to_review = list(parts["to_review"].select_related("forum").order_by(*by_date))
    waiting = list(
        parts["waiting"]
        .select_related("forum")
        .prefetch_related("justerare", "reviews__reviewer")
        .order_by(*by_date)[:LIST_LIMIT]
    )
    for meeting in waiting:
        meeting.pending = pending_justerare(meeting)
        # Comments of this round, which the secretary is to act on.
        since = meeting.review_requested_at
        meeting.comments = [
            r
            for r in meeting.reviews.all()
            if not r.approved and (since is None or r.created_at >= since)
        ]
    todo.waiting = waiting
    todo.to_publish = list(parts["to_publish"].select_related("forum").order_by(*by_date))
    adoptions = parts["adoptions"].select_related(
        "principal", "recommendation__item__meeting__forum"
    )
    todo.adoptions = list(adoptions.order_by("recommendation__item__meeting__date")[:LIST_LIMIT])
    todo.adoptions_total = (
        len(todo.adoptions) if len(todo.adoptions) < LIST_LIMIT else adoptions.count()
    )
    todo.assignments = list(
        parts["assignments"]
        .select_related("assignee_forum", "decision__item__meeting__forum")
        .order_by("due_date", "pk")[:LIST_LIMIT]
    )
    todo.notices = list(parts["notices"].select_related("forum").order_by(*by_date)[:LIST_LIMIT])
    todo.agendas = list(parts["agendas"].order_by("name")[:LIST_LIMIT])
    return todo

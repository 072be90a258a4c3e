"""Every read of the member pages, by name: the pages call these, and so do the tests.

A page asks one function here for what it shows and renders it; none reads the database
by itself. Where a page of a large register was too slow through model instances, the
function reads plain columns instead (the start page, the decision list, the CSV, the
chain in ``register.chain``); the figures that justified each are in its docstring and
in ``manage.py bench``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db import models as db
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Replace
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, PrincipalDecision
from council.models import (
    Forum,
    ForumName,
    ForumNames,
    Membership,
    Principal,
    former_name_at,
    name_at,
)
from council.permissions import Reader
from meetings import search
from meetings.attachments import attachment_urls, meeting_attachments, readable_attachments_q
from meetings.models import (
    AgendaItem,
    AgendaItemPresenter,
    Assignment,
    Attachment,
    AttachmentText,
    Case,
    Decision,
    DecisionQuerySet,
    Meeting,
    visible_meetings_q,
)
from meetings.services import corrections
from register import charts
from register.chain import Chain, Links, read_chain
from register.filters import CaseFilter, DecisionFilter, MeetingFilter, span_years
from register.todo import Todo, todo_count, todo_for

__all__ = ["Todo", "todo_count", "todo_for"]  # what waits for a person: register.todo

PAGE_SIZE = 50
COUNT_LIMIT = 2000
HORIZON_DAYS = 183  # "within six months"


class CappedPaginator(Paginator):
    """Counts no further than COUNT_LIMIT rows.

    Counting every visible decision of a large register costs more than the rest of
    the page; past a few thousand hits a member narrows the search rather than pages.
    ``counted`` is a queryset of the same rows to count instead, where it costs less
    than the one paged (which a grouped annotation orders).
    """

    def __init__(self, object_list: Any, per_page: int, *, counted: QuerySet | None = None) -> None:
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        rows = self.object_list if self.counted is None else self.counted
        if isinstance(rows, list):
            return len(rows)
        # Neither the order nor the search rank changes how many rows there are.
        counted: QuerySet = rows  # type: ignore[assignment]  # a list is counted above
        return counted.order_by().values("pk")[: COUNT_LIMIT + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_LIMIT


def visible_decisions(user: Reader) -> DecisionQuerySet:
    """The decisions ``user`` may read: those of published minutes, and of the drafts
    they edit."""
    return Decision.objects.visible_to(user)


def words(text: str, count: int) -> str:
    """At most ``count`` words of ``text``, as the truncatewords filter gives them."""
    return Truncator(text).words(count, truncate=" …")


def filtered_decisions(params: QueryDict, user: Reader) -> DecisionFilter:
    """The decision list's filter on ``params``, over what ``user`` may read: newest
    minutes first, or by relevance when there is a search."""
    queryset = (
        visible_decisions(user)
        .select_related("item__meeting__forum", "item__case", "referred_to")
        .annotate(forum_name_then=FORUM_NAME_THEN)
    )
    if not params.get("q"):
        queryset = queryset.in_minutes_order(newest_first=True)
    decision_filter = DecisionFilter(params or None, queryset=queryset)
    if params.get("q"):
        decision_filter.analysis = search.analyse(str(params["q"]))
    return decision_filter


def agreements_by_case(case_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """The agreements (pk, short name) of each case, from one query."""
    found: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Agreement.cases.through.objects.filter(case_id__in=case_ids)
        .order_by("agreement__short_name")
        .values_list("case_id", "agreement_id", "agreement__short_name")
    )
    for case_id, agreement_id, short_name in rows:
        found.setdefault(case_id, []).append((agreement_id, short_name))
    return found


# The name a decision's forum had on the meeting's date, where it was another, read in
# the query that reads the decisions.
FORUM_NAME_THEN = former_name_at("item__meeting__forum", "item__meeting__date")


def decision_rows(rows: list[Decision]) -> list[dict]:
    """What the decision list shows of each row, as plain values for a lean template.

    Each meeting's forum is named as it was called on its date: from the rows'
    ``forum_name_then`` where they were read with it, else from one read of the names."""
    links = Links()
    annotated = all(hasattr(d, "forum_name_then") for d in rows)
    names = None if annotated else ForumNames()
    kinds = {value: str(label) for value, label in Decision.Kind.choices}
    agreements = agreements_by_case({d.item.case_id for d in rows if d.item.case_id})
    shown = []
    for d in rows:
        item = d.item
        meeting = item.meeting
        forum = meeting.forum
        case_id = item.case_id
        shown.append(
            {
                "day": links.day(meeting.date),
                "forum_url": links.url("forum_detail", forum.code),
                "forum": (
                    names.name(forum.pk, meeting.date)
                    if names is not None
                    else d.forum_name_then or forum.name  # type: ignore[attr-defined]
                ),
                "item_url": f"{links.url('meeting_detail', meeting.pk)}#p{item.number}",
                "item": f"p. {item.number} {Truncator(item.title).words(12, truncate=' …')}",
                "case_url": links.url("case_detail", case_id) if case_id else "",
                "case": item.case.title if item.case is not None else "",
                "agreements": [
                    (links.url("agreement_detail", pk), name)
                    for pk, name in (agreements.get(case_id, []) if case_id else [])
                ],
                "text": getattr(d, "headline", None) or d.text,
                "context": getattr(d, "context", None),
                "kind": d.kind,
                "kind_label": kinds.get(d.kind, d.kind),
                "referred_to": d.referred_to.name if d.referred_to is not None else "",
                "requires_identical": d.requires_identical,
            }
        )
    return shown


def searched_page(
    user: Reader, decision_filter: DecisionFilter, query: str, number: str | int | None
) -> tuple[Page, list[Decision]]:
    """A page of search hits, with the clause and discussion marked where they match.

    Ranking reads every hit, so the ranked keys (as many as are counted) are fetched
    once: they give the count and the page, whose rows are then read by key. Counting
    and paging on the ranked query itself would rank every hit twice. A search that
    nothing else narrows ranks on the search entries alone.
    """
    analysis = getattr(decision_filter, "analysis", None) or search.analyse(query)
    ranked = None
    if not decision_filter.narrows_beyond_text():
        ranked = search.ranked_keys(user, analysis, COUNT_LIMIT + 1)
    if ranked is None:
        ranked = list(decision_filter.qs.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
    page = CappedPaginator(ranked, PAGE_SIZE).get_page(number)
    found = (
        Decision.objects.filter(pk__in=page.object_list)
        .select_related("item__meeting__forum", "item__case", "referred_to")
        .annotate(forum_name_then=FORUM_NAME_THEN)
    )
    by_key = {d.pk: d for d in found}
    rows = [by_key[key] for key in page.object_list if key in by_key]
    highlight = search.Highlighter(analysis)
    for row in rows:
        row.headline = highlight(row.text)
        row.context = highlight(row.item.discussion, fragment=True)
    return page, rows


# --- the start page -------------------------------------------------------------------


UPCOMING = [Meeting.Status.PLANNED, Meeting.Status.AGENDA_SENT]
CHANGES_LISTED = 10  # of each kind of change since the last visit


def home_lists(user: Reader, today: datetime.date, since: datetime.datetime | None = None) -> dict:
    """The start page's lists: the latest decisions, recommendations waiting for
    adoptions, overdue assignments, agreements running out or due for evaluation, the
    latest meetings and those to come with their notices; and, ``since`` a member's
    previous visit, what has changed.

    Each list is read as plain columns and written out here, as the decision list's
    rows are: model instances and template filters cost more than the queries. Each
    meeting's forum is named as it was on its date in the query that reads it. Six
    queries whatever the register holds; with the changes since a visit, two more (the
    decisions of the minutes published since, the principals' decisions recorded), the
    meetings published since being read with the other meetings (home_meetings).
    """
    links = Links()
    decisions = home_decisions(user, since, links)
    meetings = home_meetings(user, today, since, links)
    oldest_overdue = (
        Assignment.objects.overdue(today)
        .filter(Exists(visible_decisions(user).filter(pk=OuterRef("decision_id"))))
        .order_by("due_date", "id")
        .values("pk")[:10]
    )
    # The ten oldest first, by key in a subquery, and only then their assignees and
    # forums: joined before the limit, every visible decision of the register was read.
    overdue = [
        {
            # By the forum's current name where there is one, as Assignment.assignee.
            "assignee": row["forum_name"] or row["principal_name"] or row["assignee_text"],
            "description": words(row["description"], 20),
            "due": links.day(row["due_date"]),
            "report_to": row["report_to"],
        }
        for row in Assignment.objects.filter(pk__in=oldest_overdue)
        .order_by("due_date", "id")
        .values(
            "description",
            "due_date",
            "assignee_text",
            forum_name=F("assignee_forum__name"),
            principal_name=F("assignee_principal__name"),
            report_to=F("report_to_forum__name"),
        )
    ]

    # Both kinds of deadline from one query, each agreement marked by the rule it meets.
    expiring = Agreement.objects.expiring_within(HORIZON_DAYS, today)
    evaluations = Agreement.objects.evaluation_due_within(HORIZON_DAYS, today)
    due = (
        (expiring | evaluations)
        .annotate(
            expires=Exists(expiring.filter(pk=OuterRef("pk"))),
            evaluated=Exists(evaluations.filter(pk=OuterRef("pk"))),
        )
        .order_by()
        .values_list("pk", "short_name", "valid_until", "evaluation_due", "expires", "evaluated")
    )
    deadlines: dict[str, list] = {"valid_until": [], "evaluation_due": []}
    for pk, name, valid_until, evaluation_due, expires, evaluated in due:
        for column, day, shown in (
            ("valid_until", valid_until, expires),
            ("evaluation_due", evaluation_due, evaluated),
        ):
            if shown:
                deadlines[column].append((day, pk, name))

    def listed(field: str) -> list[dict]:
        return [
            {"url": links.url("agreement_detail", pk), "short_name": name, "day": links.day(day)}
            for day, pk, name in sorted(deadlines[field])
        ]

    changes = None
    if since is not None:
        adoptions = home_adoptions(user, since, links)
        changes = {
            "since": since,
            "meetings": meetings["changed"],
            "decisions": decisions["changed"],
            "adoptions": adoptions,
            "any": bool(meetings["changed"] or decisions["changed"] or adoptions),
        }
    return {
        "upcoming": meetings["upcoming"],
        "changes": changes,
        "latest": decisions["latest"],
        "pending": decisions["pending"],
        "overdue": overdue,
        "expiring": listed("valid_until"),
        "evaluations": listed("evaluation_due"),
        "latest_meetings": meetings["latest"],
    }


def home_decisions(user: Reader, since: datetime.datetime | None, links: Links) -> dict:
    """The start page's decisions: the ten latest (``latest``), the ten oldest
    recommendations still waiting for principals' adoptions (``pending``), and those in
    the minutes published ``since`` the member's last visit (``changed``); a query each,
    which walks the index its order needs and stops at its limit, with the forum's name
    of the meeting's day read in it.

    Read in one query, by their keys' UNION and a mark per list, the three took longer
    at 100k decisions on PostgreSQL (home_lists 47 ms against 33 ms): the planner plans
    each limited subquery twice, and Django builds a far larger statement.
    """
    visible = visible_decisions(user)
    listed = visible.exclude(kind__in=[Decision.Kind.PROCEDURAL, Decision.Kind.NOTED])
    waiting = PrincipalDecision.objects.filter(
        recommendation=OuterRef("pk"), status=PrincipalDecision.Status.PENDING
    )
    columns = {
        "meeting_id": F("item__meeting_id"),
        "number": F("item__number"),
        "date": F("item__meeting__date"),
    }
    kinds = {value: str(label) for value, label in Decision.Kind.choices}

    def rows(decisions: QuerySet, *extra: str, limit: int) -> list[dict]:
        return list(
            decisions.annotate(
                forum_name=name_at("item__meeting__forum", "item__meeting__date")
            ).values("text", "kind", "forum_name", *extra, **columns)[:limit]
        )

    def shown(row: dict, length: int) -> dict:
        day = links.day(row["date"])
        return {
            "forum": row["forum_name"],
            "day": day,
            "number": row["number"],
            "url": f"{links.url('meeting_detail', row['meeting_id'])}#p{row['number']}",
            "text": words(row["text"], length),
            "kind": row["kind"],
            "kind_label": kinds.get(row["kind"], row["kind"]),
            "place": f"{row['forum_name']} {day}, p. {row['number']}",
        }

    # Subqueries per row rather than a join and GROUP BY: the waiting adoptions are
    # counted for the ten chosen, not for every recommendation.
    pending = (
        visible.for_adoption()
        .filter(Exists(waiting))
        .annotate(
            pending_count=Subquery(
                waiting.order_by().values("recommendation").annotate(n=Count("pk")).values("n")
            )
        )
    )
    lists = {
        "latest": [
            shown(row, 30) for row in rows(listed.in_minutes_order(newest_first=True), limit=10)
        ],
        "pending": [
            {**shown(row, 20), "pending_count": row["pending_count"]}
            for row in rows(pending.in_minutes_order(), "pending_count", limit=10)
        ],
        "changed": [],
    }
    if since is not None:
        published = listed.filter(
            item__meeting__published_at__gt=since,
            item__meeting__status=Meeting.Status.PUBLISHED,
        )
        lists["changed"] = [
            shown(row, 30)
            for row in rows(published.in_minutes_order(newest_first=True), limit=CHANGES_LISTED)
        ]
    return lists


def chosen_rows(objects: db.Manager, chosen: dict[str, QuerySet]) -> QuerySet:
    """The rows of any of the lists ``chosen`` (name: a queryset of keys, ordered and
    limited), unordered, each marked ``in_<name>`` for the lists it belongs to."""
    return (
        objects.filter(any_of(chosen.values()))
        .order_by()
        .annotate(
            **{
                f"in_{name}": ExpressionWrapper(Q(pk__in=keys), BooleanField())
                for name, keys in chosen.items()
            }
        )
    )


def any_of(chosen: Iterable[QuerySet]) -> Q:
    """The rows whose key is among those of any of ``chosen`` (querysets of keys, each
    ordered and limited). Where the database takes limited queries in a UNION, one
    subquery of them all, which PostgreSQL joins by key (at 100k decisions 3 ms, where
    an OR of one subquery each made it test every row, 170 ms); SQLite takes none, and
    looks each OR's keys up by rowid."""
    keys = list(chosen)
    if connection.features.supports_slicing_ordering_in_compound:
        first, *rest = keys
        return Q(pk__in=first.union(*rest, all=True))
    either = Q()
    for some in keys:
        either |= Q(pk__in=some)
    return either


def home_meetings(
    user: Reader, today: datetime.date, since: datetime.datetime | None, links: Links
) -> dict:
    """The start page's meetings, in one query: the eight latest the user may open
    (``latest``), the eight to come listed for them with their notices (``upcoming``),
    and those published ``since`` the last visit with their count of decisions
    (``changed``); each list chosen by its keys in a limited subquery (chosen_rows), and
    put back in that order here."""
    readable = Meeting.objects.visible_to(user)
    chosen = {
        "latest": readable.order_by(
            "-date", F("start_time").desc(nulls_last=True), "forum__name"
        ).values("pk")[:8],
        "upcoming": Meeting.objects.listed_for(user)
        .filter(date__gte=today, status__in=UPCOMING)
        .order_by("date", F("start_time").asc(nulls_first=True), "forum__name")
        .values("pk")[:8],
    }
    if since is not None:
        chosen["changed"] = (
            readable.published()
            .filter(published_at__gt=since)
            .order_by("-published_at", "pk")
            .values("pk")[:CHANGES_LISTED]
        )
    counted = Decision.objects.filter(item__meeting=OuterRef("pk")).exclude(
        kind__in=[Decision.Kind.PROCEDURAL]
    )
    rows = (
        chosen_rows(Meeting.objects, chosen)
        .annotate(
            readable=readable_flag(user),
            forum_name_then=name_at("forum", "date"),
            decisions=Subquery(
                counted.order_by().values("item__meeting").annotate(n=Count("pk")).values("n")
            )
            if since is not None
            else Value(0),
        )
        .values(
            "pk",
            "date",
            "start_time",
            "place",
            "status",
            "notice_sent_at",
            "published_at",
            "readable",
            "forum_name_then",
            "decisions",
            *(f"in_{name}" for name in chosen),
            forum_name=F("forum__name"),
        )
    )
    statuses = {value: str(label) for value, label in Meeting.Status.choices}
    latest: list[tuple[dict, dict]] = []
    upcoming: list[tuple[dict, dict]] = []
    changed: list[tuple[dict, dict]] = []
    for row in rows:
        url = links.url("meeting_detail", row["pk"])
        label = f"{row['forum_name_then']} {links.day(row['date'])}"
        if row["in_latest"]:
            latest.append(
                (
                    row,
                    {
                        "url": url,
                        "label": label,
                        "status": ""
                        if row["status"] == Meeting.Status.PUBLISHED
                        else statuses[row["status"]],
                    },
                )
            )
        if row["in_upcoming"]:
            upcoming.append(
                (
                    row,
                    {
                        "url": url if row["readable"] else "",
                        # A meeting to come by its forum's name of today.
                        "label": f"{row['forum_name']} {links.day(row['date'])}",
                        "time": f"{row['start_time']:%H.%M}" if row["start_time"] else "",
                        "place": row["place"],
                        "status": statuses[row["status"]],
                        "notice_url": links.url("notice_page", row["pk"])
                        if row["notice_sent_at"]
                        else "",
                    },
                )
            )
        if row.get("in_changed"):
            changed.append((row, {"url": url, "label": label, "decisions": row["decisions"] or 0}))
    # Each list in the order its subquery chose it by.
    latest.sort(key=lambda pair: pair[0]["forum_name"])
    latest.sort(key=lambda pair: (pair[0]["date"], pair[0]["start_time"] or MIDNIGHT), reverse=True)
    upcoming.sort(
        key=lambda pair: (
            pair[0]["date"],
            pair[0]["start_time"] is not None,
            pair[0]["start_time"] or MIDNIGHT,
            pair[0]["forum_name"],
        )
    )
    changed.sort(key=lambda pair: pair[0]["pk"])
    changed.sort(key=lambda pair: pair[0]["published_at"], reverse=True)
    return {
        "latest": [shown for _row, shown in latest],
        "upcoming": [shown for _row, shown in upcoming],
        "changed": [shown for _row, shown in changed],
    }


MIDNIGHT = datetime.time(0, 0)


def home_adoptions(user: Reader, since: datetime.datetime, links: Links) -> list[dict]:
    """The principals' decisions on recommendations the user may read, recorded by
    others ``since`` the last visit (from the history, which dates each record), the
    latest record of each of the latest CHANGES_LISTED; one query."""
    statuses = {value: str(label) for value, label in PrincipalDecision.Status.choices}
    recorded = (
        PrincipalDecision.history.filter(
            visible_meetings_q(user, "recommendation__item__meeting__"),
            history_date__gt=since,
        )
        .exclude(status=PrincipalDecision.Status.PENDING)
        .exclude(history_type="-")
        .exclude(history_user_id=user.pk)
        .annotate(
            forum_name=name_at(
                "recommendation__item__meeting__forum", "recommendation__item__meeting__date"
            )
        )
        .order_by("-history_date", "-history_id")
        .values_list(
            "id",
            "principal__short_name",
            "status",
            "decided_on",
            "recommendation_id",
            "recommendation__item__number",
            "forum_name",
            "recommendation__item__meeting__date",
        )[: CHANGES_LISTED * 4]
    )
    adoptions: list[dict] = []
    seen = set()
    for pk, principal, status, decided_on, recommendation, number, forum, date in recorded:
        if pk in seen or len(adoptions) == CHANGES_LISTED:
            continue  # the latest record of each adoption only
        seen.add(pk)
        adoptions.append(
            {
                "principal": principal,
                "status": statuses.get(status, status),
                "decided_on": links.day(decided_on) if decided_on else "",
                "url": links.url("adoption_list", recommendation),
                "place": f"{forum} {links.day(date)}, p. {number}",
            }
        )
    return adoptions


# --- the decision list and its CSV ----------------------------------------------------


def decision_page(params: QueryDict, user: Reader) -> tuple[DecisionFilter, Page, list[Decision]]:
    """The filter, the page asked for in ``params`` and its decisions in the order shown."""
    decision_filter = filtered_decisions(params, user)
    query = params.get("q", "")
    number = params.get("page")
    if query:
        page, rows = searched_page(user, decision_filter, query, number)
    else:
        page = CappedPaginator(decision_filter.qs, PAGE_SIZE).get_page(number)
        rows = list(page.object_list)
    return decision_filter, page, rows


CSV_COLUMNS = (
    "item__meeting__date",
    "item__meeting__forum__name",
    "item__number",
    "item__title",
    "text",
    "kind",
    "referred_to__name",
    "requires_identical",
    "item__case__title",
    "item__meeting_id",
)


def csv_rows(params: QueryDict, user: Reader) -> QuerySet:
    """The filtered decisions as tuples of CSV_COLUMNS, to be iterated in chunks.

    Plain columns rather than model instances: at 20,000 decisions instances and a
    translated kind label per row took 9.2 s on SQLite (19,679 rows), these 1 s
    (``bench`` prints the figure)."""
    return filtered_decisions(params, user).qs.values_list(*CSV_COLUMNS)


# --- the lists of meetings and cases ---------------------------------------------------

MEETING_PAGE = 50


@dataclass
class MeetingRow:
    url: str  # the minutes, or the notice of a meeting only announced to the reader
    day: str
    time: str
    forum: str  # as the forum was called on the meeting's date
    forum_url: str
    place: str
    registration_number: str
    status: str  # the status's label, empty once published
    notice_url: str  # once the notice is sent


def readable_flag(user: Reader) -> db.Case | Value:
    """Whether ``user`` may open each meeting, worked out by the database in the query
    that lists them (visible_meetings_q); a meeting only announced to them is not."""
    readable = visible_meetings_q(user)
    if not readable:  # an administrator opens every meeting
        return Value(True)
    return db.Case(
        When(readable, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def meeting_page(user: Reader, params: QueryDict, today: datetime.date) -> dict:
    """A page of the meetings listed for ``user`` (``Meeting.objects.listed_for``),
    filtered by forum, year and status: those to come first, the soonest first, then
    the rest, the newest first; each with its notice once it has been sent.

    Plain columns in four queries whatever the register holds: the forums and their
    names, the span of years, the count and the page."""
    links = Links()
    names = ForumNames()
    listed = Meeting.objects.listed_for(user)
    span = listed.aggregate(first=Min("date"), last=Max("date"))
    upcoming = Q(date__gte=today)
    ordered = listed.annotate(
        upcoming=db.Case(When(upcoming, then=Value(True)), default=Value(False)),
        readable=readable_flag(user),
    ).order_by(
        F("upcoming").desc(),
        db.Case(When(upcoming, then=F("date"))).asc(nulls_last=True),
        F("date").desc(),
        F("start_time").asc(nulls_first=True),
        "pk",
    )
    meeting_filter = MeetingFilter(
        params or None,
        queryset=ordered,
        names=names,
        years=span_years(span["first"], span["last"]),
    )
    columns = meeting_filter.qs.values_list(
        "pk",
        "date",
        "start_time",
        "end_time",
        "forum_id",
        "place",
        "registration_number",
        "status",
        "notice_sent_at",
        "readable",
    )
    page = Paginator(columns, MEETING_PAGE).get_page(params.get("page"))
    statuses = {value: str(label) for value, label in Meeting.Status.choices}
    coming: list[MeetingRow] = []
    held: list[MeetingRow] = []
    for pk, date, start, end, forum_id, place, dnr, status, notice_sent, readable in page:
        notice = links.url("notice_page", pk) if notice_sent else ""
        row = MeetingRow(
            url=links.url("meeting_detail", pk) if readable else notice,
            day=links.day(date),
            time=f"{start:%H.%M}" + (f"–{end:%H.%M}" if end else "") if start else "",
            forum=names.name(forum_id, date),
            forum_url=links.url("forum_detail", names.code(forum_id)),
            place=place,
            registration_number=dnr,
            status="" if status == Meeting.Status.PUBLISHED else statuses[status],
            notice_url=notice,
        )
        (coming if date >= today else held).append(row)
    return {"filter": meeting_filter, "page": page, "coming": coming, "held": held}


CASE_PAGE = 50


@dataclass
class CaseRow:
    url: str
    title: str
    registration_number: str
    status: str
    is_open: bool
    trail: list[tuple[str, str]] = field(default_factory=list)  # forum page, name then
    agreements: list[tuple[str, str]] = field(default_factory=list)
    last: dict | None = None  # the latest decision: day, forum, kind, url


def case_page(user: Reader, params: QueryDict) -> dict:
    """A page of the cases with an item ``user`` may read, the most recently handled
    first, filtered by title or Dnr, status, forum, agreement and year; each with its
    forum trail (the forums it passed through, in order), agreements and its latest
    decision (date, forum, kind).

    The page's cases, their items and decisions, their agreements and the forums are
    read in four queries, however many cases the register holds.
    """
    links = Links()
    names = ForumNames()
    items = AgendaItem.objects.filter(visible_meetings_q(user, "meeting__"), case=OuterRef("pk"))
    case_filter = CaseFilter(
        params or None, queryset=Case.objects.filter(Exists(items)), names=names, items=items
    )
    # The page is ordered by each case's latest readable meeting, found in one grouped
    # pass over the items (which also leaves out the cases without one): at 100,000
    # decisions 50 ms on PostgreSQL, where a subquery per case took 120 ms and the two
    # together 100 ms. The count asks whether each case has a readable item (14 ms).
    latest = Max("items__meeting__date", filter=visible_meetings_q(user, "items__meeting__"))
    ordered = Case.objects.annotate(latest=latest).filter(latest__isnull=False)
    counted = case_filter.qs  # validates the choices, which then filter both the same
    if case_filter.is_bound:
        ordered = case_filter.filter_queryset(ordered)
    found = ordered.order_by(F("latest").desc(), "title", "pk").values_list(
        "pk", "title", "registration_number", "status"
    )
    page = CappedPaginator(found, CASE_PAGE, counted=counted).get_page(params.get("page"))
    statuses = {value: str(label) for value, label in Case.Status.choices}
    rows = {
        pk: CaseRow(
            url=links.url("case_detail", pk),
            title=title,
            registration_number=dnr,
            status=statuses.get(status, status),
            is_open=status == Case.Status.OPEN,
        )
        for pk, title, dnr, status in page
    }
    for case_id, named in agreements_by_case(list(rows)).items():
        rows[case_id].agreements = [(links.url("agreement_detail", pk), n) for pk, n in named]
    kinds = {value: str(label) for value, label in Decision.Kind.choices}
    # The items with their clauses in date order: a row per clause, one for an item without.
    steps = (
        AgendaItem.objects.filter(visible_meetings_q(user, "meeting__"), case_id__in=list(rows))
        .order_by(
            "meeting__date",
            F("meeting__start_time").asc(nulls_first=True),
            "meeting_id",
            "position",
            "decisions__position",
        )
        .values_list(
            "case_id",
            "number",
            "meeting_id",
            "meeting__date",
            "meeting__forum_id",
            "decisions__kind",
        )
    )
    for case_id, number, meeting_id, date, forum_id, kind in steps:
        row = rows[case_id]
        forum_url = links.url("forum_detail", names.code(forum_id))
        if not row.trail or row.trail[-1][0] != forum_url:
            row.trail.append((forum_url, names.name(forum_id, date)))
        if kind and kind != Decision.Kind.PROCEDURAL:
            row.last = {
                "day": links.day(date),
                "forum": names.name(forum_id, date),
                "kind": kind,
                "kind_label": kinds.get(kind, kind),
                "url": f"{links.url('meeting_detail', meeting_id)}#p{number}",
            }
    return {"filter": case_filter, "page": page, "cases": list(rows.values())}


# --- cases and agreements -------------------------------------------------------------

CASE_FIELDS = ["id", "title", "registration_number", "status", "description"]


def case_with_agreements(pk: int) -> tuple[Case, list[dict]]:
    """The case and the agreements it concerns, from one query; Http404 if there is none."""
    rows = list(
        Case.objects.filter(pk=pk)
        .order_by("agreements__short_name")
        .values(*CASE_FIELDS, "agreements__pk", "agreements__title", "agreements__short_name")
    )
    if not rows:
        raise Http404
    case = Case.from_db(None, CASE_FIELDS, [rows[0][name] for name in CASE_FIELDS])
    agreements = [
        {"pk": row["agreements__pk"], "title": row["agreements__title"], "short_name": name}
        for row in rows
        if (name := row["agreements__short_name"]) is not None
    ]
    return case, agreements


def case_chain(user: Reader, case: Case) -> Chain:
    """Every item and decision of the case that ``user`` may read, in chain order."""
    return read_chain(user, AgendaItem.objects.filter(case_id=case.pk))


AGREEMENT_PAGE = 60
AGREEMENT_VIEWS = {
    "all": None,
    "current": [Agreement.Status.ACTIVE, Agreement.Status.DRAFT],
    "ended": [Agreement.Status.ENDED, Agreement.Status.REPLACED],
}


def agreement_page(shown: str, number: str | int | None) -> tuple[Page, list[charts.TimelineRow]]:
    """A page of agreements, those in force first, and their rows on the timeline.

    ``shown`` is one of AGREEMENT_VIEWS."""
    agreements = Agreement.objects.order_by("status", "valid_until", "short_name")
    if AGREEMENT_VIEWS[shown]:
        agreements = agreements.filter(status__in=AGREEMENT_VIEWS[shown])
    page = Paginator(agreements, AGREEMENT_PAGE).get_page(number)
    rows = [
        charts.TimelineRow(
            short_name=a.short_name,
            title=a.title,
            url=reverse("agreement_detail", args=[a.pk]),
            valid_from=a.valid_from,
            valid_until=a.valid_until,
            until_further_notice=a.until_further_notice,
            notice_deadline=a.notice_deadline(),
            evaluation_due=a.evaluation_due,
            status=a.status,
        )
        for a in page
    ]
    return page, rows


def agreement_with_cases(pk: int) -> tuple[Agreement, list[Agreement], dict[int, str]]:
    """The agreement, those that replace it and the titles of its cases by key, in title
    order, from one query (a row per agreement and case); Http404 if there is none."""
    rows = (
        Agreement.objects.select_related("replaces")
        .filter(Q(pk=pk) | Q(replaces_id=pk))
        .annotate(case_id=F("cases__id"), case_title=F("cases__title"))
        .order_by("case_title", "case_id")
    )
    agreements: dict[int, Agreement] = {}
    cases: dict[int, str] = {}
    for row in rows:
        agreements.setdefault(row.pk, row)
        if row.pk == pk and row.case_id is not None:
            cases[row.case_id] = row.case_title
    agreement = agreements.pop(pk, None)
    if agreement is None:
        raise Http404
    return agreement, sorted(agreements.values(), key=lambda a: a.short_name), cases


def agreement_chain(user: Reader, agreement: Agreement, case_ids: Iterable[int]) -> Chain:
    """The chain of every case about the agreement, its principals marked ``is_party``."""
    parties = Agreement.parties.through.objects.filter(
        agreement_id=agreement.pk, principal_id=OuterRef("pk")
    )
    return read_chain(
        user,
        AgendaItem.objects.filter(case_id__in=case_ids),
        principals=Principal.objects.annotate(is_party=Exists(parties)),
    )


# --- principals -----------------------------------------------------------------------


def principals_with_pending() -> QuerySet:
    """Every principal, with ``pending``: how many adoptions wait for it."""
    return Principal.objects.annotate(
        pending=Count(
            "principal_decisions",
            filter=Q(principal_decisions__status=PrincipalDecision.Status.PENDING),
        )
    ).order_by("position", "short_name")  # a grouped query drops the model's own order


PRINCIPAL_ROWS = 25  # of each list on a principal's page; the rest is a link away


def principal_overview(user: Reader, principal: Principal) -> dict:
    """What waits for a principal, the decisions it has taken and its assignments.

    A principal of a large register has taken hundreds of decisions and been given
    thousands of assignments: each list holds the latest PRINCIPAL_ROWS.
    """
    # Joined to their minutes: ``recommendation__in`` visible decisions would have the
    # database list every visible decision of the register first.
    adoptions = PrincipalDecision.objects.filter(
        visible_meetings_q(user, "recommendation__item__meeting__"), principal=principal
    )
    counts = dict(
        adoptions.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    pending_count = counts.pop(PrincipalDecision.Status.PENDING, 0)

    def latest(queryset):
        return list(
            queryset.select_related("recommendation__item__meeting__forum").order_by(
                "-recommendation__item__meeting__date", "-recommendation_id"
            )[:PRINCIPAL_ROWS]
        )

    assignments = list(
        Assignment.objects.filter(
            visible_meetings_q(user, "decision__item__meeting__"),
            assignee_principal=principal,
        )
        .select_related("report_to_forum", "decision__item__meeting__forum")
        .order_by("status", "due_date", "id")[: PRINCIPAL_ROWS + 1]
    )
    return {
        "pending": latest(adoptions.filter(status=PrincipalDecision.Status.PENDING)),
        "pending_count": pending_count,
        "decided": latest(adoptions.exclude(status=PrincipalDecision.Status.PENDING)),
        "decided_count": sum(counts.values()),
        "assignments": assignments[:PRINCIPAL_ROWS],
        "more_assignments": len(assignments) > PRINCIPAL_ROWS,
        "agreements": principal.agreements.in_force(),
    }


# --- meetings, forums and assignments -------------------------------------------------


def meeting_minutes(meeting: Meeting) -> dict:
    """What the minutes page shows of a meeting the reader may open: its items with
    presenters, decisions, answers and assignments, attendance, justerare, the links of
    its attachments and, once published, its corrections."""
    items = list(
        meeting.items.select_related("case").prefetch_related(
            Prefetch(
                "presenters",
                queryset=AgendaItemPresenter.objects.select_related("person", "forum"),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "referred_to", "answers__item__meeting__forum"
                )
                # The meeting answered, by the name its forum had then.
                .annotate(
                    answers_forum_name=former_name_at(
                        "answers__item__meeting__forum", "answers__item__meeting__date"
                    )
                )
                .prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=Assignment.objects.select_related(
                            "assignee_forum", "assignee_principal"
                        ),
                    ),
                ),
            ),
        )
    )
    published = meeting.status == Meeting.Status.PUBLISHED
    return {
        "items": items,
        "attendances": meeting.attendances.select_related("person", "principal").order_by(
            "position", "id"
        ),
        "justerare": list(meeting.justerare.all()),
        "attachment_urls": attachment_urls(meeting_attachments(meeting, items)),
        "corrections": corrections(meeting) if published else [],
    }


def forums_with_meeting_counts(user: Reader) -> QuerySet:
    """The active forums, each with ``meeting_count``: the meetings ``user`` may read."""
    visible = Q(meetings__in=Meeting.objects.visible_to(user))
    return (
        Forum.objects.filter(active=True)
        .select_related("parent")
        .annotate(meeting_count=Count("meetings", filter=visible))
        .prefetch_related("former_names")
        # A grouped query drops the model's own order.
        .order_by(*(str(field) for field in Forum._meta.ordering or []))
    )


def forum_overview(user: Reader, code: str) -> dict:
    """A forum, its meetings by year (newest first), its members and its groups."""
    forum = get_object_or_404(Forum.objects.select_related("parent"), code__iexact=code)
    meetings = (
        Meeting.objects.visible_to(user)
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
    return {
        "forum": forum,
        "by_year": by_year,
        "members": members,
        "former_names": forum.former_names.all(),
        "standing_items": forum.standing_items.select_related("responsible"),
        "subgroups": forum.subgroups.all(),
    }


ASSIGNMENT_PAGE = 100
ASSIGNMENT_STATUSES = {*Assignment.Status.values, "overdue", "all"}


def assignment_page(user: Reader, params: QueryDict, status: str, today: datetime.date) -> dict:
    """A page of the assignments ``user`` may read, by status (one of
    ASSIGNMENT_STATUSES), grouped by who carries them out; for one principal or forum
    with ``principal=<slug>`` or ``forum=<code>`` in ``params``."""
    # Joined to their minutes: ``decision__in`` visible decisions would have the database
    # list every visible decision of the register first.
    assignments = Assignment.objects.filter(
        visible_meetings_q(user, "decision__item__meeting__")
    ).select_related(
        "assignee_forum",
        "assignee_principal",
        "report_to_forum",
        "decision__item__meeting__forum",
        "reported_in__meeting__forum",
    )
    principal = forum = None
    if params.get("principal"):
        principal = get_object_or_404(Principal, slug=params["principal"])
        assignments = assignments.filter(assignee_principal=principal)
    elif params.get("forum"):
        forum = get_object_or_404(Forum, code=params["forum"])
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
    page = Paginator(assignments, ASSIGNMENT_PAGE).get_page(params.get("page"))
    groups = [(name, list(rows)) for name, rows in groupby(page, key=lambda a: a.assignee)]
    return {"groups": groups, "page": page, "assignee": principal or forum}


# --- the search page ------------------------------------------------------------------

SEARCH_GROUP_ROWS = 5  # the best hits of each kind on the search page
SEARCH_PAGE = 25  # a page of one kind's hits
# The kinds of hits in the order the page shows them, by the name the address uses.
SEARCH_KINDS = {
    "beslut": "decision",
    "punkter": "item",
    "moten": "meeting",
    "arenden": "case",
    "overenskommelser": "agreement",
    "bilagor": "attachment",
}
SEARCH_KIND_LABELS = {
    "decision": _("Decisions"),
    "item": _("Items without decisions"),
    "meeting": _("Meetings"),
    "case": _("Cases"),
    "agreement": _("Agreements"),
    "attachment": _("Attachments"),
}


@dataclass
class SearchGroup:
    kind: str
    slug: str
    label: str
    count: int
    capped: bool
    rows: list[dict]
    page: Page | None = None  # when the page shows this kind alone, a page at a time

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)


@dataclass
class SiteSearch:
    query: str
    analysis: search.Analysis
    groups: list[SearchGroup]
    kind: str | None = None

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def _page_of(number: str | int | None, count: int, per_page: int) -> Page:
    """The page ``number`` (clamped) of ``count`` hits, without counting them again."""
    paginator = Paginator(range(count), per_page)
    return paginator.get_page(number)


def _rows_with_total(queryset: QuerySet, start: int, end: int) -> tuple[list, int]:
    """Rows ``start`` to ``end`` of the ranked ``queryset`` and how many match in all,
    from one query (a window count beside each row)."""
    rows = list(queryset.annotate(hits=Window(Count("pk")))[start:end])
    if rows:
        return rows, rows[0].hits
    if start == 0:
        return [], 0
    return [], queryset.count()  # a page beyond the last: how many there are, to clamp


def _decision_hits(
    user: Reader,
    analysis: search.Analysis,
    start: int,
    end: int,
    highlight: search.Highlighter,
    links: Links,
) -> tuple[list, int]:
    ranked = search.ranked_keys(user, analysis, COUNT_LIMIT + 1)
    if ranked is None:
        ranked = list(
            search.search(visible_decisions(user), analysis).values_list("pk", flat=True)[
                : COUNT_LIMIT + 1
            ]
        )
    keys = ranked[start:end]
    found = {
        d.pk: d
        for d in Decision.objects.filter(pk__in=keys).select_related(
            "item__meeting__forum", "referred_to"
        )
    }
    kinds = {value: str(label) for value, label in Decision.Kind.choices}
    rows = []
    for key in keys:
        d = found.get(key)
        if d is None:
            continue
        item, meeting = d.item, d.item.meeting
        rows.append(
            {
                "pk": d.pk,
                "url": f"{links.url('meeting_detail', meeting.pk)}#p{item.number}",
                "title": highlight(d.text),
                "where": f"{meeting.forum.name} {links.day(meeting.date)}, p. {item.number} "
                f"{words(item.title, 12)}",
                "tag": kinds.get(d.kind, d.kind),
                "context": highlight(item.discussion, fragment=True),
            }
        )
    return rows, len(ranked)


def _item_hits(
    user: Reader,
    analysis: search.Analysis,
    start: int,
    end: int,
    highlight: search.Highlighter,
    links: Links,
) -> tuple[list, int]:
    items = AgendaItem.objects.filter(visible_meetings_q(user, "meeting__")).exclude(
        Exists(Decision.objects.filter(item=OuterRef("pk")))
    )
    ranked = search.ranked(items, analysis, "item", search.item_document()).order_by(
        "-rank", "-meeting__date", "-meeting_id", "position"
    )
    found, count = _rows_with_total(ranked.select_related("meeting__forum"), start, end)
    kinds = {value: str(label) for value, label in AgendaItem.Kind.choices}
    rows = [
        {
            "pk": i.pk,
            "url": f"{links.url('meeting_detail', i.meeting_id)}#p{i.number}",
            "title": highlight(f"p. {i.number} {i.title}"),
            "where": f"{i.meeting.forum.name} {links.day(i.meeting.date)}",
            "tag": kinds.get(i.kind, i.kind),
            "context": highlight(i.discussion, fragment=True),
        }
        for i in found
    ]
    return rows, count


def _meeting_hits(
    user: Reader,
    analysis: search.Analysis,
    start: int,
    end: int,
    highlight: search.Highlighter,
    links: Links,
) -> tuple[list, int]:
    document = None
    if search.uses_full_text():
        former = (
            ForumName.objects.filter(forum=OuterRef("forum_id"))
            .order_by()
            .values("forum")
            .annotate(names=StringAgg("name", " "))
            .values("names")
        )
        document = SearchVector(
            "forum__name",
            "forum__code",
            Subquery(former, output_field=TextField()),
            weight="A",
            config=search.CONFIG,
        ) + SearchVector(
            "place",
            "registration_number",
            Replace(Cast("date", TextField()), Value("-"), Value(" "), output_field=TextField()),
            weight="B",
            config=search.CONFIG,
        )
    ranked = search.ranked(Meeting.objects.visible_to(user), analysis, "meeting", document)
    ranked = ranked.select_related("forum").order_by("-rank", "-date", "-id")
    found, count = _rows_with_total(ranked, start, end)
    statuses = {value: str(label) for value, label in Meeting.Status.choices}
    rows = [
        {
            "pk": m.pk,
            "url": links.url("meeting_detail", m.pk),
            "title": highlight(f"{m.forum.name} {links.day(m.date)}"),
            "where": highlight(
                " · ".join(part for part in (m.place, m.registration_number) if part)
            ),
            "tag": "" if m.status == Meeting.Status.PUBLISHED else statuses[m.status],
            "context": "",
        }
        for m in found
    ]
    return rows, count


def _case_hits(
    user: Reader,
    analysis: search.Analysis,
    start: int,
    end: int,
    highlight: search.Highlighter,
    links: Links,
) -> tuple[list, int]:
    document = None
    if search.uses_full_text():
        document = (
            SearchVector("title", weight="A", config=search.CONFIG)
            + SearchVector("registration_number", weight="B", config=search.CONFIG)
            + SearchVector("description", weight="C", config=search.CONFIG)
        )
    ranked = search.ranked(Case.objects.all(), analysis, "case", document).order_by(
        "-rank", "title", "pk"
    )
    found, count = _rows_with_total(ranked, start, end)
    statuses = {value: str(label) for value, label in Case.Status.choices}
    rows = [
        {
            "pk": c.pk,
            "url": links.url("case_detail", c.pk),
            "title": highlight(c.title),
            "where": highlight(c.registration_number),
            "tag": statuses.get(c.status, c.status),
            "context": highlight(c.description, fragment=True),
        }
        for c in found
    ]
    return rows, count


def _agreement_hits(
    user: Reader,
    analysis: search.Analysis,
    start: int,
    end: int,
    highlight: search.Highlighter,
    links: Links,
) -> tuple[list, int]:
    document = None
    if search.uses_full_text():
        document = (
            SearchVector("title", weight="A", config=search.CONFIG)
            + SearchVector("short_name", weight="B", config=search.CONFIG)
            + SearchVector("description", weight="C", config=search.CONFIG)
        )
    ranked = search.ranked(Agreement.objects.all(), analysis, "agreement", document).order_by(
        "-rank", "short_name", "pk"
    )
    found, count = _rows_with_total(ranked, start, end)
    statuses = {value: str(label) for value, label in Agreement.Status.choices}
    rows = [
        {
            "pk": a.pk,
            "url": links.url("agreement_detail", a.pk),
            "title": highlight(a.short_name),
            "where": highlight(a.title),
            "tag": statuses.get(a.status, a.status),
            "context": highlight(a.description, fragment=True),
        }
        for a in found
    ]
    return rows, count


def _attachment_hits(
    user: Reader,
    analysis: search.Analysis,
    start: int,
    end: int,
    highlight: search.Highlighter,
    links: Links,
) -> tuple[list, int]:
    attachments = Attachment.objects.filter(readable_attachments_q(user))
    if search.uses_full_text():
        tsq = analysis.tsquery()
        title = SearchVector("title", weight="A", config=search.CONFIG)
        in_text = AttachmentText.objects.filter(document=tsq).values("attachment_id")
        text_rank = AttachmentText.objects.filter(attachment=OuterRef("pk")).annotate(
            r=SearchRank(F("document"), tsq)
        )
        ranked = (
            attachments.annotate(title_document=title)
            .filter(Q(title_document=tsq) | Q(pk__in=in_text))
            .annotate(
                rank=SearchRank(F("title_document"), tsq)
                + Coalesce(Subquery(text_rank.values("r")), 0.0)
            )
        )
    else:
        ranked = search.ranked(attachments, analysis, "attachment")
    ranked = ranked.select_related("meeting__forum").order_by(
        "-rank", "-meeting__date", "meeting_id", "number"
    )
    found, count = _rows_with_total(ranked, start, end)
    texts = (
        dict(
            AttachmentText.objects.filter(attachment__in=[a.pk for a in found]).values_list(
                "attachment_id", "text"
            )
        )
        if found
        else {}
    )
    label = _("Attachment %(number)s: %(title)s")
    rows = [
        {
            "pk": a.pk,
            "url": links.url("attachment_download", a.pk),
            "title": highlight(label % {"number": a.number, "title": a.title}),
            "where": f"{a.meeting.forum.name} {links.day(a.meeting.date)}",
            "where_url": links.url("meeting_detail", a.meeting_id),
            "tag": a.extension.upper(),
            "context": highlight(texts.get(a.pk, ""), fragment=True),
        }
        for a in found
    ]
    return rows, count


SEARCH_READERS = {
    "decision": _decision_hits,
    "item": _item_hits,
    "meeting": _meeting_hits,
    "case": _case_hits,
    "agreement": _agreement_hits,
    "attachment": _attachment_hits,
}


def site_search(
    user: Reader,
    query: str,
    slug: str | None = None,
    number: str | int | None = None,
    group_rows: int = SEARCH_GROUP_ROWS,
) -> SiteSearch:
    """What the search page shows for ``query``: the hits of every kind ``user`` may
    read, grouped by kind, each group's best first (``group_rows`` of each), or with
    ``slug`` (one of SEARCH_KINDS) that kind's hits a page at a time.

    Each kind is one query (its hits of the page and how many there are, by a window
    count), decisions two (ranked keys, then the rows), and the reading of the search one.
    """
    analysis = search.analyse(query)
    kind = SEARCH_KINDS.get(slug or "")
    result = SiteSearch(query=query, analysis=analysis, groups=[], kind=kind)
    if not analysis:
        return result
    highlight = search.Highlighter(analysis)
    links = Links()
    for group_slug, group_kind in SEARCH_KINDS.items():
        if kind and group_kind != kind:
            continue
        page = None
        if kind:
            # The count first from the first page's query would cost one more: the page
            # asked for is read, and clamped only when it lies beyond the last.
            try:
                wanted = max(1, int(number or 1))
            except (TypeError, ValueError):
                wanted = 1
            start = (wanted - 1) * SEARCH_PAGE
            rows, count = SEARCH_READERS[group_kind](
                user, analysis, start, start + SEARCH_PAGE, highlight, links
            )
            page = _page_of(wanted, count, SEARCH_PAGE)
            if page.number != wanted:
                start = (page.number - 1) * SEARCH_PAGE
                rows, count = SEARCH_READERS[group_kind](
                    user, analysis, start, start + SEARCH_PAGE, highlight, links
                )
        else:
            rows, count = SEARCH_READERS[group_kind](
                user, analysis, 0, group_rows, highlight, links
            )
        result.groups.append(
            SearchGroup(
                kind=group_kind,
                slug=group_slug,
                label=str(SEARCH_KIND_LABELS[group_kind]),
                count=min(count, COUNT_LIMIT),
                capped=count > COUNT_LIMIT,
                rows=rows,
                page=page,
            )
        )
    return result

"""Pages for members: the start page, decisions, agreements, cases and principals."""

import csv
from dataclasses import replace

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements import charts
from agreements.chain import Chain, Links, read_chain
from agreements.filters import DecisionFilter
from agreements.models import Agreement, PrincipalDecision
from council.models import Principal
from meetings import search
from meetings.models import AgendaItem, Assignment, Case, Decision, Meeting, visible_meetings_q

PAGE_SIZE = 50
COUNT_LIMIT = 2000


class CappedPaginator(Paginator):
    """Counts no further than COUNT_LIMIT rows.

    Counting every visible decision of a large register costs more than the rest of
    the page; past a few thousand hits a member narrows the search rather than pages.
    """

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):
            return len(self.object_list)
        # Neither the order nor the search rank changes how many rows there are.
        return self.object_list.order_by().values("pk")[: COUNT_LIMIT + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_LIMIT


HORIZON_DAYS = 183  # "within six months"


def visible_decisions(request: HttpRequest):
    return Decision.objects.visible_to(request.user)


def home(request: HttpRequest) -> HttpResponse:
    """The member's start page: what is new, what waits, what runs out.

    Each list is read as plain columns and written out here, as the decision list's
    rows are: model instances and template filters cost more than the queries.
    """
    today = timezone.localdate()
    links = Links()
    kinds = {value: str(label) for value, label in Decision.Kind.choices}
    decisions = visible_decisions(request)
    where = {
        "meeting_id": F("item__meeting_id"),
        "number": F("item__number"),
        "date": F("item__meeting__date"),
        "forum": F("item__meeting__forum__name"),
    }

    def place(row) -> dict:
        url = links.url("meeting_detail", row["meeting_id"])
        return {**row, "day": links.day(row["date"]), "url": f"{url}#p{row['number']}"}

    latest = [
        {**place(row), "text": words(row["text"], 30), "kind_label": kinds.get(row["kind"])}
        for row in decisions.exclude(kind__in=[Decision.Kind.PROCEDURAL, Decision.Kind.NOTED])
        .order_by("-item__meeting__date", "-item__meeting_id", "item__position", "position")
        .values("text", "kind", **where)[:10]
    ]
    # Subqueries per row rather than a join and GROUP BY: the oldest ten are found by
    # walking the meetings in date order instead of grouping every pending adoption.
    waiting = PrincipalDecision.objects.filter(
        recommendation=OuterRef("pk"), status=PrincipalDecision.Status.PENDING
    )
    pending = [
        {**place(row), "text": words(row["text"], 20)}
        for row in decisions.recommendations()
        .filter(Exists(waiting))
        .annotate(
            pending_count=Subquery(
                waiting.order_by().values("recommendation").annotate(n=Count("pk")).values("n")
            )
        )
        .order_by("item__meeting__date", "item__meeting_id", "item__position", "position")
        .values("text", "pending_count", **where)[:10]
    ]
    # The ten oldest first, by key, and only then their assignees and forums: joined
    # before the limit, every visible decision of the register was read.
    oldest_overdue = list(
        Assignment.objects.overdue(today)
        .filter(Exists(decisions.filter(pk=OuterRef("decision_id"))))
        .order_by("due_date", "id")
        .values_list("pk", flat=True)[:10]
    )
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

    def deadlines(agreements, field: str) -> list[dict]:
        return [
            {"url": links.url("agreement_detail", pk), "short_name": name, "day": links.day(day)}
            for pk, name, day in agreements.order_by(field).values_list("pk", "short_name", field)
        ]

    statuses = {value: str(label) for value, label in Meeting.Status.choices}
    meetings = [
        {
            "url": links.url("meeting_detail", pk),
            "label": f"{forum} {links.day(date)}",
            "status": "" if status == Meeting.Status.PUBLISHED else statuses[status],
        }
        for pk, forum, date, status in Meeting.objects.visible_to(request.user)
        .order_by("-date", "-start_time", "forum__name")
        .values_list("pk", "forum__name", "date", "status")[:8]
    ]
    return render(
        request,
        "agreements/home.html",
        {
            "latest": latest,
            "pending": pending,
            "overdue": overdue,
            "expiring": deadlines(
                Agreement.objects.expiring_within(HORIZON_DAYS, today), "valid_until"
            ),
            "evaluations": deadlines(
                Agreement.objects.evaluation_due_within(HORIZON_DAYS, today), "evaluation_due"
            ),
            "latest_meetings": meetings,
            "today": today,
        },
    )


def words(text: str, count: int) -> str:
    """At most ``count`` words of ``text``, as the truncatewords filter gives them."""
    return Truncator(text).words(count, truncate=" …")


def filtered_decisions(request: HttpRequest) -> DecisionFilter:
    queryset = visible_decisions(request).select_related(
        "item__meeting__forum", "item__case", "referred_to"
    )
    if not request.GET.get("q"):
        queryset = queryset.order_by(
            "-item__meeting__date", "-item__meeting_id", "item__position", "position"
        )
    return DecisionFilter(request.GET or None, queryset=queryset, request=request)


def agreements_by_case(case_ids) -> dict[int, list[tuple[int, str]]]:
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


def listing(rows: list[Decision]) -> list[dict]:
    """What the decision list shows of each row, as plain values for a lean template."""
    links = Links()
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
                "forum": forum.name,
                "item_url": f"{links.url('meeting_detail', meeting.pk)}#p{item.number}",
                "item": f"p. {item.number} {Truncator(item.title).words(12, truncate=' …')}",
                "case_url": links.url("case_detail", case_id) if case_id else "",
                "case": item.case.title if case_id else "",
                "agreements": [
                    (links.url("agreement_detail", pk), name)
                    for pk, name in agreements.get(case_id, ())
                ],
                "text": getattr(d, "headline", None) or d.text,
                "context": getattr(d, "context", None),
                "kind": d.kind,
                "kind_label": kinds.get(d.kind, d.kind),
                "referred_to": d.referred_to.name if d.referred_to_id else "",
                "requires_identical": d.requires_identical,
            }
        )
    return shown


def searched_page(request: HttpRequest, decision_filter: DecisionFilter, query: str, number):
    """A page of search hits, with the clause and discussion marked where they match.

    Ranking reads every hit, so the ranked keys (as many as are counted) are fetched
    once: they give the count and the page, whose rows are then read by key. Counting
    and paging on the ranked query itself would rank every hit twice. A search that
    nothing else narrows ranks on the search entries alone.
    """
    ranked = None
    if not decision_filter.narrows_beyond_text():
        ranked = search.ranked_keys(request.user, query, COUNT_LIMIT + 1)
    if ranked is None:
        ranked = list(decision_filter.qs.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
    page = CappedPaginator(ranked, PAGE_SIZE).get_page(number)
    found = Decision.objects.filter(pk__in=page.object_list).select_related(
        "item__meeting__forum", "item__case", "referred_to"
    )
    by_key = {d.pk: d for d in found}
    rows = [by_key[key] for key in page.object_list if key in by_key]
    highlight = search.Highlighter(query)
    for row in rows:
        row.headline = highlight(row.text)
        row.context = highlight(row.item.discussion, fragment=True)
    return page, rows


def decision_list(request: HttpRequest) -> HttpResponse:
    decision_filter = filtered_decisions(request)
    query = request.GET.get("q", "")
    number = request.GET.get("page")
    if query:
        page, rows = searched_page(request, decision_filter, query, number)
    else:
        page = CappedPaginator(decision_filter.qs, PAGE_SIZE).get_page(number)
        rows = list(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "agreements/decision_list.html",
        {
            "filter": decision_filter,
            "page": page,
            "rows": rows,
            "listing": listing(rows),
            "query": query,
            "querystring": params.urlencode(),
            "count_limit": COUNT_LIMIT,
            "case": decision_filter.form.cleaned_data.get("case")
            if decision_filter.form.is_valid()
            else None,
        },
    )


# OWASP's list: a cell starting with one of these may be read as a formula or command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Keep a spreadsheet from reading register text as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


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


def decision_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered decisions as CSV, streamed a chunk of rows at a time in constant memory.

    Rows are read as plain columns and each label and link is worked out once, not per
    row: at 20,000 decisions model instances and a translated kind label per row took
    9.2 s on SQLite (19,679 rows), this 1 s (``bench`` prints the figure)."""
    decision_filter = filtered_decisions(request)
    writer = csv.writer(_Echo(), delimiter=";")
    header = [
        _("Date"),
        _("Forum"),
        _("Item"),
        _("Item title"),
        _("Clause"),
        _("Kind"),
        _("Referred to"),
        _("Requires identical decisions"),
        _("Case"),
        _("Link"),
    ]
    kinds = {value: str(label) for value, label in Decision.Kind.choices}
    yes = str(_("yes"))
    marker = 987654321  # a meeting id no register has, replaced in each row's link
    link = request.build_absolute_uri(reverse("meeting_detail", args=[marker]))
    before, _marker, after = link.partition(str(marker))
    rows_read = decision_filter.qs.values_list(*CSV_COLUMNS)

    def rows():
        yield "\ufeff" + writer.writerow(header)  # BOM so Excel reads UTF-8
        for (
            date,
            forum,
            number,
            title,
            text,
            kind,
            referred,
            identical,
            case,
            meeting,
        ) in rows_read.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    date.isoformat(),
                    spreadsheet_safe(forum),
                    spreadsheet_safe(number),
                    spreadsheet_safe(title),
                    spreadsheet_safe(text),
                    kinds.get(kind, kind),
                    spreadsheet_safe(referred or ""),
                    yes if identical else "",
                    spreadsheet_safe(case or ""),
                    f"{before}{meeting}{after}#p{number}",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="beslut.csv"'
    return response


LANES = ["SCHNV", "LCHNV", "VFR"]


def lane_of(forum_code: str) -> str:
    return forum_code if forum_code in LANES else _("Other groups")


def chain_events(chain: Chain) -> list[charts.ChainEvent]:
    events = []
    for item in chain.items:
        # An item without decisions (information, withdrawn) still marks the path.
        points = [
            (f"d{d.pk}", d.text, d.kind, f"d{d.answers_id}" if d.answers_id else None)
            for d in item.decisions
        ] or [(f"i{item.pk}", item.title, "information", None)]
        for event_id, summary, kind, answers in points:
            events.append(
                charts.ChainEvent(
                    id=event_id,
                    date=item.date,
                    lane=lane_of(item.forum_code),
                    label=f"p. {item.number}",
                    summary=summary,
                    url=item.url,
                    kind=kind,
                    answers=answers,
                )
            )
    principals_lane = _("Principals")
    statuses = {value: str(label) for value, label in PrincipalDecision.Status.choices}
    for adoption in chain.adoptions:
        if adoption.decided_on:
            events.append(
                charts.ChainEvent(
                    id=f"a{adoption.pk}",
                    date=adoption.decided_on,
                    lane=principals_lane,
                    label=adoption.principal,
                    summary=statuses.get(adoption.status, adoption.status),
                    url=None,
                    kind="adoption",
                    answers=f"d{adoption.recommendation_id}",
                )
            )
    # An answer to a decision not on this page (another case, or not visible) is drawn
    # without its arrow.
    known = {e.id for e in events}
    return [
        e if e.answers in known or e.answers is None else replace(e, answers=None) for e in events
    ]


def chain_picture(chain: Chain) -> dict:
    """The chain's timeline, with a legend of the colours and lanes it uses."""
    events = chain_events(chain)
    lanes = [*LANES, _("Other groups"), _("Principals")]
    used = [lane for lane in lanes if any(e.lane == lane for e in events)]
    kinds = {
        **{value: str(label) for value, label in Decision.Kind.choices},
        "adoption": _("A principal's decision"),
        "information": _("Item without a decision"),
    }
    present = {e.kind for e in events}
    names = dict(chain.forums.values())
    return {
        "svg": charts.case_chain(events, used),
        # Each kind's swatch takes its colour from a class (static/css/site.css).
        "kinds": [(kind, label) for kind, label in kinds.items() if kind in present],
        "lanes": [(code, names[code]) for code in LANES if code in used and code in names],
    }


def matrix_columns(chain: Chain) -> list[charts.MatrixColumn]:
    return [
        charts.MatrixColumn(
            id=d.pk,
            label=f"{item.forum_code} {item.date:%Y-%m-%d} p.{item.number}",
            url=item.url,
        )
        for item, d in chain.recommendations
    ]


def matrix_cells(chain: Chain) -> dict[tuple[int, str], str]:
    return {(a.recommendation_id, a.principal): a.status for a in chain.adoptions}


def matrix_picture(chain: Chain) -> str:
    principals = [p.short_name for p in chain.principals]
    return charts.adoption_matrix(matrix_columns(chain), principals, matrix_cells(chain))


def matrix_table(chain: Chain) -> dict:
    """The matrix's facts as a table, each status in words: for those who do not read
    pictures, and for a screen reader (WCAG 1.1.1, 1.3.1)."""
    columns = matrix_columns(chain)
    cells = matrix_cells(chain)
    labels = charts.status_labels()
    rows = [
        (p.short_name, [labels[cells.get((c.id, p.short_name), "missing")] for c in columns])
        for p in chain.principals
    ]
    return {"columns": columns, "rows": rows}


def matter_context(chain: Chain, list_filter: str) -> dict:
    """What the case and agreement pages show of their chain: pictures, items, history."""
    return {
        "items": chain.items,
        "recommendations": [d for _item, d in chain.recommendations],
        "chain_picture": chain_picture(chain) if chain.items else None,
        "matrix_svg": matrix_picture(chain) if chain.recommendations else None,
        "matrix_table": matrix_table(chain) if chain.recommendations else None,
        "history": chain.history,
        "list_filter": list_filter,
    }


CASE_FIELDS = ["id", "title", "registration_number", "status", "description"]


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The case and the agreements it concerns, a row for each, from one query.
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
    chain = read_chain(request.user, AgendaItem.objects.filter(case_id=case.pk))
    return render(
        request,
        "agreements/case_detail.html",
        {
            "case": case,
            "agreements": agreements,
            **matter_context(chain, f"case={case.pk}"),
        },
    )


AGREEMENT_PAGE = 60
AGREEMENT_VIEWS = {
    "all": None,
    "current": [Agreement.Status.ACTIVE, Agreement.Status.DRAFT],
    "ended": [Agreement.Status.ENDED, Agreement.Status.REPLACED],
}


def agreement_list(request: HttpRequest) -> HttpResponse:
    """The agreements on a timeline and in a table, those in force first, a page at a time."""
    today = timezone.localdate()
    shown = request.GET.get("status", "all")
    if shown not in AGREEMENT_VIEWS:
        raise Http404
    agreements = Agreement.objects.order_by("status", "valid_until", "short_name")
    if AGREEMENT_VIEWS[shown]:
        agreements = agreements.filter(status__in=AGREEMENT_VIEWS[shown])
    page = Paginator(agreements, AGREEMENT_PAGE).get_page(request.GET.get("page"))
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
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "agreements": page,
            "page": page,
            "shown": shown,
            "querystring": f"status={shown}",
            "timeline_svg": charts.agreement_timeline(rows, today) if rows else None,
            "today": today,
        },
    )


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The agreement and those that replace it, from one query.
    found = list(Agreement.objects.select_related("replaces").filter(Q(pk=pk) | Q(replaces_id=pk)))
    agreement = next((a for a in found if a.pk == pk), None)
    if agreement is None:
        raise Http404
    today = timezone.localdate()
    cases = dict(agreement.cases.order_by("title").values_list("id", "title"))
    parties = Agreement.parties.through.objects.filter(
        agreement_id=agreement.pk, principal_id=OuterRef("pk")
    )
    chain = read_chain(
        request.user,
        AgendaItem.objects.filter(case_id__in=cases),
        principals=Principal.objects.annotate(is_party=Exists(parties)),
    )
    forums = chain.forums
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "successors": [a for a in found if a.pk != pk],
            "cases": cases,
            "parties": [p for p in chain.principals if p.is_party],
            "responsible_forum": forums.get(agreement.responsible_forum_id),
            "follow_up_forum": forums.get(agreement.follow_up_forum_id),
            "in_force": agreement.is_in_force(today),
            "today": today,
            **matter_context(chain, f"agreement={agreement.pk}"),
        },
    )


def principal_list(request: HttpRequest) -> HttpResponse:
    principals = Principal.objects.annotate(
        pending=Count(
            "principal_decisions",
            filter=Q(principal_decisions__status=PrincipalDecision.Status.PENDING),
        )
    ).order_by("position", "short_name")  # a grouped query drops the model's own order
    return render(request, "agreements/principal_list.html", {"principals": principals})


PRINCIPAL_ROWS = 25  # of each list on a principal's page; the rest is a link away


def principal_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What waits for a principal, the decisions it has taken and its assignments.

    A principal of a large register has taken hundreds of decisions and been given
    thousands of assignments: each list shows the latest and links to all of them.
    """
    principal = get_object_or_404(Principal, slug=slug)
    # Joined to their minutes: ``recommendation__in`` visible decisions would have the
    # database list every visible decision of the register first.
    adoptions = PrincipalDecision.objects.filter(
        visible_meetings_q(request.user, "recommendation__item__meeting__"), principal=principal
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
            visible_meetings_q(request.user, "decision__item__meeting__"),
            assignee_principal=principal,
        )
        .select_related("report_to_forum", "decision__item__meeting__forum")
        .order_by("status", "due_date", "id")[: PRINCIPAL_ROWS + 1]
    )
    return render(
        request,
        "agreements/principal_detail.html",
        {
            "principal": principal,
            "pending": latest(adoptions.filter(status=PrincipalDecision.Status.PENDING)),
            "pending_count": pending_count,
            "decided": latest(adoptions.exclude(status=PrincipalDecision.Status.PENDING)),
            "decided_count": sum(counts.values()),
            "assignments": assignments[:PRINCIPAL_ROWS],
            "more_assignments": len(assignments) > PRINCIPAL_ROWS,
            "rows": PRINCIPAL_ROWS,
            "agreements": principal.agreements.in_force(),
            "today": timezone.localdate(),
        },
    )

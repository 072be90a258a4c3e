"""The member pages: each asks ``register.selectors`` for what it shows and renders it."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Principal
from meetings.models import Decision
from people import visits
from register import charts, selectors
from register.pictures import matter_context


def home(request: HttpRequest) -> HttpResponse:
    """The member's start page: what is new, what is coming, what waits, what runs out;
    for a member, what has changed since the last visit, which this one then becomes."""
    today = timezone.localdate()
    now = timezone.now()
    me = visits.visitor(request.user)
    since = me.since(now) if me else None
    response = render(
        request,
        "agreements/home.html",
        {**selectors.home_lists(request.user, today, since), "today": today, "member": me},
    )
    if me:
        visits.record_visit(me, now)
    return response


def decision_list(request: HttpRequest) -> HttpResponse:
    decision_filter, page, rows = selectors.decision_page(request.GET, request.user)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "agreements/decision_list.html",
        {
            "filter": decision_filter,
            "page": page,
            "rows": rows,
            "listing": selectors.decision_rows(rows),
            "query": request.GET.get("q", ""),
            "querystring": params.urlencode(),
            "count_limit": selectors.COUNT_LIMIT,
            "case": decision_filter.form.cleaned_data.get("case")
            if decision_filter.form.is_valid()
            else None,
        },
    )


MAX_QUERY_LENGTH = 200


def search_page(request: HttpRequest) -> HttpResponse:
    """Search everything the reader may read, the hits grouped by kind; with ``typ``,
    one kind's hits a page at a time."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    slug = request.GET.get("typ")
    if slug not in selectors.SEARCH_KINDS:
        slug = None
    result = (
        selectors.site_search(request.user, query, slug, request.GET.get("page")) if query else None
    )
    only_query = QueryDict(mutable=True)
    only_query["q"] = query
    params = only_query.copy()
    if slug:
        params["typ"] = slug
    return render(
        request,
        "agreements/search.html",
        {
            "query": query,
            "result": result,
            "querystring": params.urlencode(),  # for the pager of one kind
            "query_only": only_query.urlencode(),  # for the links to all of a kind
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


def decision_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered decisions as CSV, streamed a chunk of rows at a time in constant
    memory; each label and link is worked out once, not per row."""
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
    rows_read = selectors.csv_rows(request.GET, request.user)

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


def case_list(request: HttpRequest) -> HttpResponse:
    """The cases, the most recently handled first, a page at a time."""
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "agreements/case_list.html",
        {
            **selectors.case_page(request.user, request.GET),
            "querystring": params.urlencode(),
            "count_limit": selectors.COUNT_LIMIT,
        },
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, agreements = selectors.case_with_agreements(pk)
    chain = selectors.case_chain(request.user, case)
    return render(
        request,
        "agreements/case_detail.html",
        {
            "case": case,
            "agreements": agreements,
            **matter_context(chain, f"case={case.pk}"),
        },
    )


def agreement_list(request: HttpRequest) -> HttpResponse:
    """The agreements on a timeline and in a table, those in force first, a page at a time."""
    today = timezone.localdate()
    shown = request.GET.get("status", "all")
    if shown not in selectors.AGREEMENT_VIEWS:
        raise Http404
    page, rows = selectors.agreement_page(shown, request.GET.get("page"))
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
    agreement, successors, cases = selectors.agreement_with_cases(pk)
    today = timezone.localdate()
    chain = selectors.agreement_chain(request.user, agreement, cases)
    forums = chain.forums
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "successors": successors,
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
    return render(
        request,
        "agreements/principal_list.html",
        {"principals": selectors.principals_with_pending()},
    )


def principal_detail(request: HttpRequest, slug: str) -> HttpResponse:
    principal = get_object_or_404(Principal, slug=slug)
    return render(
        request,
        "agreements/principal_detail.html",
        {
            "principal": principal,
            **selectors.principal_overview(request.user, principal),
            "rows": selectors.PRINCIPAL_ROWS,
            "today": timezone.localdate(),
        },
    )


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """What waits for the logged-in person: justering, adoptions, assignments, agendas."""
    return render(request, "people/todo.html", {"todo": selectors.todo_for(request.user)})

"""URLs for ``manage.py bench``: the project's pages plus a bare baseline page.

The baseline renders a table of decisions from ONE query with a minimal inline
template, so that the benchmark can say how far each real page is from what the
same amount of HTML costs at the least. ``?rows=N`` sets its size: the benchmark
picks N for a page of the same size in bytes as the page it is compared with, and
for as many rows as that page lists.
"""

from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import path

import council.urls
from meetings.models import Decision, Meeting

BASELINE_TEMPLATE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Baseline</title></head>
<body><main><h1>Beslut</h1>
<table><thead><tr><th>Datum</th><th>Forum</th><th>Punkt</th><th>Beslut</th><th>Typ</th>
<th>Ärende</th></tr></thead>
<tbody>{% for pk, text, kind, number, title, meeting, date, code, forum, target, case in rows %}
<tr id="d{{ pk }}"><td>{{ date|date:"Y-m-d" }}</td>
<td><a href="/forum/{{ code|urlencode }}/" title="{{ forum }}">{{ code }}</a></td>
<td><a href="/moten/{{ meeting }}/#p{{ number }}">{{ number }}. {{ title }}</a></td>
<td>{{ text }}{% if target %} → {{ target }}{% endif %}</td><td>{{ kind }}</td>
<td>{{ case|default:"" }}</td></tr>{% endfor %}
</tbody></table></main></body></html>
"""

_template: Template | None = None


def baseline_view(request: HttpRequest) -> HttpResponse:
    """The latest published decisions, ?rows=N of them (default 50), from one query."""
    global _template
    if _template is None:
        _template = Template(BASELINE_TEMPLATE)
    try:
        count = max(1, min(int(request.GET.get("rows", 50)), 1000))
    except ValueError:
        count = 50
    rows = (
        Decision.objects.filter(item__meeting__status=Meeting.Status.PUBLISHED)
        .order_by("-item__meeting__date", "-item__meeting_id", "item__position", "position")
        .values_list(
            "pk",
            "text",
            "kind",
            "item__number",
            "item__title",
            "item__meeting_id",
            "item__meeting__date",
            "item__meeting__forum__code",
            "item__meeting__forum__name",
            "referred_to__code",
            "item__case__title",
        )[:count]
    )
    return HttpResponse(_template.render(Context({"rows": rows})))


urlpatterns = [
    path("_bench/baseline/", baseline_view, name="bench_baseline"),
    *council.urls.urlpatterns,
]

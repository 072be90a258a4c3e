"""Free-text search over agenda item titles, discussion and decision clauses.

PostgreSQL uses full-text search with the Swedish configuration, prefix matching
and ranking, backed by expression indexes (migration 0002). SQLite, the
zero-setup default, falls back to case-insensitive substring matching that folds
å, ä and ö, which its own LIKE does not.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, TextField
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import AgendaItem, Decision

CONFIG = "swedish"
SEARCHED_FIELDS = ("text", "item__title", "item__discussion")


def terms_of(query: str) -> list[str]:
    return re.findall(r"\w+", query.casefold())[:8]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


@receiver(connection_created)
def register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "bsr_fold", 1, lambda value: value.casefold() if value else value, deterministic=True
        )


class Fold(Func):
    function = "bsr_fold"
    output_field = TextField()


def ts_query(terms: list[str]) -> SearchQuery:
    # Every term as a prefix, so that "äldre" also finds "äldreomsorgen".
    return SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config=CONFIG)


def search(queryset, query: str):
    """Decisions matching every word of ``query``, best first where ranking exists."""
    terms = terms_of(query)
    if not terms:
        return queryset
    if uses_full_text():
        tsq = ts_query(terms)
        # Each condition stands alone on one table so that its GIN index answers
        # it; an OR across the join would compute every row's vector instead.
        by_text = Decision.objects.annotate(v=SearchVector("text", config=CONFIG)).filter(v=tsq)
        by_item = AgendaItem.objects.annotate(
            v_title=SearchVector("title", config=CONFIG),
            v_discussion=SearchVector("discussion", config=CONFIG),
        ).filter(Q(v_title=tsq) | Q(v_discussion=tsq))
        # Ranked on the clause and its item's title; a match in the discussion
        # alone still counts, after them.
        weighted = SearchVector("text", config=CONFIG, weight="A") + SearchVector(
            "item__title", config=CONFIG, weight="B"
        )
        return (
            queryset.filter(Q(pk__in=by_text.values("pk")) | Q(item_id__in=by_item.values("pk")))
            .annotate(rank=SearchRank(weighted, tsq))
            .order_by("-rank", "-item__meeting__date", "item__position", "position")
        )
    folded = {f"f_{f}": Fold(F(f)) for f in SEARCHED_FIELDS}
    queryset = queryset.annotate(**folded)
    for term in terms:
        anywhere = Q()
        for field in SEARCHED_FIELDS:
            anywhere |= Q(**{f"f_{field}__contains": term})
        queryset = queryset.filter(anywhere)
    return queryset


def with_headlines(queryset, query: str):
    """Annotate ``headline`` (clause) and ``context`` (discussion) with marked matches."""
    terms = terms_of(query)
    if not terms or not uses_full_text():
        return queryset
    tsq = ts_query(terms)
    # Control characters mark the matches, so that the text can be escaped as a
    # whole before the marks become HTML (see marked()).
    options = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    return queryset.annotate(
        headline=SearchHeadline("text", tsq, highlight_all=True, **options),
        context=SearchHeadline(
            "item__discussion", tsq, max_fragments=2, max_words=20, min_words=8, **options
        ),
    )


START, STOP = "\x02", "\x03"


def marked(headline: str | None) -> SafeString:
    """A database headline as safe HTML: the text escaped, the matches in <mark>."""
    if not headline:
        return mark_safe("")
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))


def highlight(text: str, query: str, *, fragment: bool = False) -> SafeString:
    """Mark the words of ``text`` that begin with a search term (SQLite and fallbacks)."""
    terms = terms_of(query)
    if not terms or not text:
        return escape(text or "")
    pattern = re.compile(r"(\w*(?:" + "|".join(re.escape(t) for t in terms) + r")\w*)", re.I)
    if fragment:
        found = pattern.search(text)
        if not found:
            return mark_safe("")
        start = max(0, found.start() - 80)
        end = min(len(text), found.end() + 120)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    parts = pattern.split(text)
    return mark_safe(
        "".join(f"<mark>{escape(p)}</mark>" if i % 2 else escape(p) for i, p in enumerate(parts))
    )

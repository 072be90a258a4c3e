"""Free-text search over agenda item titles, discussion and decision clauses.

PostgreSQL uses full-text search with the Swedish configuration, prefix matching
and ranking, backed by stored vectors of clauses and titles (migration 0005) and an
expression index on discussions (migration 0002). SQLite, the
zero-setup default, falls back to case-insensitive substring matching that folds
å, ä and ö, which its own LIKE does not.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Expression, F, Func, Q, Subquery, TextField
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


class StoredVector(Expression):
    """The ``search_vector`` column PostgreSQL keeps beside the models' own (migration 0005).

    ``via`` names a real field on the same table, so that the column is read from the
    table the query reaches that field through ("text" for the clause itself,
    "item__title" for its agenda item), under whatever alias the query gives it.
    """

    output_field = SearchVectorField()

    def __init__(self, via: str) -> None:
        super().__init__()
        self.via = via
        self.alias: str | None = None

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        if self.alias is not None:
            return self  # already placed; a subquery's annotations are resolved again
        resolved = self.copy()
        resolved.alias = F(self.via).resolve_expression(query, allow_joins, reuse, summarize).alias
        return resolved

    def relabeled_clone(self, relabels):
        clone = self.copy()
        clone.alias = relabels.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.search_vector", []

    def get_group_by_cols(self):
        return [self]


class AnyOf(Func):
    """``column = ANY(ARRAY(subquery))``, true where the column holds one of its values.

    PostgreSQL runs the subquery once and looks its few thousand values up in the
    column's index; for ``column IN (subquery)`` it estimates the rows that could
    match and, for a common word, reads the whole table instead.
    """

    output_field = BooleanField()

    def __init__(self, column: str, subquery) -> None:
        super().__init__(F(column), Subquery(subquery))

    def as_sql(self, compiler, connection):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", (*column_params, *subquery_params)


def search(queryset, query: str):
    """Decisions matching every word of ``query``, best first where ranking exists."""
    terms = terms_of(query)
    if not terms:
        return queryset
    if uses_full_text():
        tsq = ts_query(terms)
        # Each condition stands alone on one table so that its GIN index answers it,
        # and the union of the two gives the hits: an OR across them would read every
        # decision of the register instead.
        by_text = Decision.objects.annotate(v=StoredVector("text")).filter(v=tsq)
        by_item = AgendaItem.objects.annotate(
            v_title=StoredVector("title"),
            v_discussion=SearchVector("discussion", config=CONFIG),
        ).filter(Q(v_title=tsq) | Q(v_discussion=tsq))
        hits = (
            by_text.order_by()
            .values("pk")
            .union(
                Decision.objects.filter(AnyOf("item_id", by_item.order_by().values("pk")))
                .order_by()
                .values("pk")
            )
        )
        # Ranked on the stored vectors of the clause (A) and its item's title (B); a
        # match in the discussion alone still counts, after them.
        weighted = Func(
            StoredVector("text"),
            StoredVector("item__title"),
            template="(%(expressions)s)",
            arg_joiner=" || ",
            output_field=SearchVectorField(),
        )
        return (
            queryset.filter(AnyOf("pk", hits))
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

"""Free-text search over agenda item titles, discussion and decision clauses.

PostgreSQL uses full-text search with the Swedish configuration, prefix matching
and ranking, over the search entries it keeps of every decision (``SearchEntry``,
migration 0006): the clause, its item's title and discussion as one weighted vector.
SQLite, the zero-setup default, falls back to case-insensitive substring matching
that folds å, ä and ö, which its own LIKE does not.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, TextField
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import SearchEntry, visible_meetings_q

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


def ts_raw(terms: list[str]) -> str:
    # Every term as a prefix, so that "äldre" also finds "äldreomsorgen".
    return " & ".join(f"{t}:*" for t in terms)


def ts_query(terms: list[str]) -> SearchQuery:
    return SearchQuery(ts_raw(terms), search_type="raw", config=CONFIG)


def search(queryset, query: str):
    """Decisions matching every word of ``query``, best first where ranking exists."""
    terms = terms_of(query)
    if not terms:
        return queryset
    if uses_full_text():
        tsq = ts_query(terms)
        return (
            queryset.filter(search_entry__document=tsq)
            .annotate(rank=SearchRank(F("search_entry__document"), tsq))
            .order_by("-rank", *(related_order("search_entry", key) for key in RANKED_TIES))
        )
    folded = {f"f_{f}": Fold(F(f)) for f in SEARCHED_FIELDS}
    queryset = queryset.annotate(**folded)
    for term in terms:
        anywhere = Q()
        for field in SEARCHED_FIELDS:
            anywhere |= Q(**{f"f_{field}__contains": term})
        queryset = queryset.filter(anywhere)
    return queryset


# Among hits of the same rank: the latest meeting first, then in the order of its minutes.
RANKED_TIES = ("-date", "-meeting_id", "item_position", "position", "decision_id")


def related_order(relation: str, key: str) -> str:
    """``key`` of RANKED_TIES read through ``relation``: "-date" → "-search_entry__date"."""
    descending, name = key.startswith("-"), key.removeprefix("-")
    return f"{'-' if descending else ''}{relation}__{name}"


def ranked_keys(user, query: str, limit: int) -> list[int] | None:
    """The keys of at most ``limit`` decisions ``user`` may see that match ``query``,
    best first, in the order ``search()`` gives them.

    Read from the search entries alone: a search narrowed by nothing else then needs no
    join to the minutes, whose tables it would otherwise read once for every hit.
    None where the database keeps no entries (SQLite).
    """
    terms = terms_of(query)
    if not terms or not uses_full_text():
        return None
    tsq = ts_query(terms)
    return list(
        SearchEntry.objects.filter(visible_meetings_q(user), document=tsq)
        .annotate(rank=SearchRank(F("document"), tsq))
        .order_by("-rank", *RANKED_TIES)
        .values_list("decision_id", flat=True)[:limit]
    )


def lexemes(query: str) -> list[str]:
    """The words of ``query`` as the Swedish stemmer reads them ("utvärderingar" →
    "utvärdering"), or as typed where the database has no stemmer."""
    terms = terms_of(query)
    if not terms or not uses_full_text():
        return terms
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsquery(%s::regconfig, %s)::text", [CONFIG, ts_raw(terms)])
        (parsed,) = cursor.fetchone()
    # The query reads like 'utvärdering':* & 'äldr':*; a stop word leaves nothing.
    return [word.replace("''", "'") for word in re.findall(r"'((?:[^']|'')+)'", parsed)]


class Highlighter:
    """Marks the words of a text that a search matched, escaping the rest.

    On PostgreSQL a word matches where it begins with a stemmed search word, as the
    full-text search matches it; on SQLite where it holds a search word anywhere, as
    the fallback does. The pattern is made once for all the rows of a page.
    """

    def __init__(self, query: str) -> None:
        words = lexemes(query)
        if not words:
            self.pattern = None
            return
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        if uses_full_text():
            self.pattern = re.compile(rf"(?<!\w)((?:{alternatives})\w*)", re.IGNORECASE)
        else:
            self.pattern = re.compile(rf"(\w*(?:{alternatives})\w*)", re.IGNORECASE)

    def __call__(self, text: str, *, fragment: bool = False) -> SafeString:
        """``text`` with its matches in <mark>; with ``fragment``, only the words around
        the first match, or nothing where none matches."""
        if not text or self.pattern is None:
            return mark_safe("") if fragment else escape(text or "")
        if fragment:
            found = self.pattern.search(text)
            if not found:
                return mark_safe("")
            start = max(0, found.start() - 80)
            end = min(len(text), found.end() + 120)
            text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        parts = self.pattern.split(text)
        marked = (f"<mark>{escape(p)}</mark>" if i % 2 else escape(p) for i, p in enumerate(parts))
        return mark_safe("".join(marked))

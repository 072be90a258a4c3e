"""Free-text search over what members read: decisions, items, meetings, cases,
agreements and the text of attachments.

A search is read first (``analyse``): its words, less the Swedish stop words, each
with its stem and the words of the register that hold the stem inside them, so that
"omsorg" also finds "äldreomsorgen" (a compound) and, where the stem stands in no word
at all, the register's words spelled nearly so ("tillnyktrinsplatser" finds
"tillnyktringsplatser"). Every word of a search must match, each in any of its forms.

PostgreSQL: full-text search with the Swedish configuration, each stem as a prefix,
ranked, over the search entries of the decisions (``SearchEntry``, migration 0006) and
the indexes of migration 0011; the words of the register are its stems in
``meetings_searchword``, looked up through pg_trgm's trigram index (LIKE for the
compounds, similarity for the spellings).

SQLite: FTS5 (unicode61, å, ä and ö kept apart from a and o) over one table of every
searchable thing (``meetings_search_fts``, written by triggers), ranked by bm25, each
word's Swedish stem (snowball) as a prefix; the words of the register are the index's
own vocabulary (fts5vocab), and a near spelling is one that difflib finds close among
the words that begin as the searched word does.
"""

import difflib
import re
from dataclasses import dataclass, field

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import SearchEntry, visible_meetings_q

CONFIG = "swedish"
# Whether a searched word also finds the register's compounds and near spellings of it;
# off only to measure what they add (``bench_search --plain``).
EXPAND = True
MAX_TERMS = 8
MAX_TERM_LENGTH = 60
# A stem shorter than this is looked for only as the beginning of a word: "vård" is
# found inside "primärvården", but "ort" would be inside "rapport" and "kortare".
MIN_INNER_STEM = 4
MAX_EXPANSIONS = 40
# Near spellings: only for words this long, and only where the stem is in no word.
MIN_NEAR_LENGTH = 6
NEAR_SIMILARITY_PG = 0.5  # pg_trgm's similarity of the stems
NEAR_RATIO_SQLITE = 0.85  # difflib's ratio of the words, or of a word and a beginning
MAX_NEAR = 3

# The kinds of the rows of the SQLite index: a row's rowid is the object's id * 8 + kind.
KINDS = {"decision": 1, "item": 2, "meeting": 3, "case": 4, "agreement": 5, "attachment": 6}

# Snowball's Swedish stop words, PostgreSQL's list for the 'swedish' configuration.
STOP_WORDS = frozenset(
    """och det att i en jag hon som han på den med var sig för så till är men ett om hade
    de av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid
    kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla
    under någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt
    ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess
    inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt
    våra ert era vilkas""".split()
)

_stemmer = snowballstemmer.stemmer("swedish")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def words_of(query: str) -> list[str]:
    """The searched words: letters and digits, lower case, without stop words."""
    found = re.findall(r"[^\W_]+", (query or "")[:1000].casefold())
    words = []
    for word in found:
        if word not in STOP_WORDS and word not in words:
            words.append(word[:MAX_TERM_LENGTH])
    return words[:MAX_TERMS]


@dataclass
class Term:
    """One searched word: as typed, its stem, and other words of the register it finds."""

    typed: str
    stem: str
    inner: list[str] = field(default_factory=list)  # compounds holding the stem
    near: list[str] = field(default_factory=list)  # near spellings


@dataclass
class Analysis:
    query: str
    terms: list[Term]
    only_stop_words: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def corrected(self) -> list[tuple[str, str]]:
        """The words found only as near spellings, with the first spelling found."""
        return [(t.typed, t.near[0]) for t in self.terms if t.near and not t.inner]

    def tsquery(self) -> "TsQuery":
        def quoted(word: str) -> str:
            return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"

        parts = []
        for term in self.terms:
            forms = [f"{quoted(term.stem)}:*", *(quoted(w) for w in term.inner + term.near)]
            parts.append("(" + " | ".join(forms) + ")")
        return TsQuery(" & ".join(parts))

    def fts_match(self) -> str:
        def quoted(word: str) -> str:
            return '"' + word.replace('"', '""') + '"'

        parts = []
        for term in self.terms:
            forms = [f"{quoted(term.stem)}*", *(quoted(w) for w in term.inner + term.near)]
            parts.append("(" + " OR ".join(forms) + ")")
        return " AND ".join(parts)

    def highlight_words(self) -> list[str]:
        words: list[str] = []
        for term in self.terms:
            for word in [term.stem, *term.inner, *term.near]:
                if word not in words:
                    words.append(word)
        return words


class TsQuery(SearchQuery):
    """A tsquery written out already (stems and the register's own words): cast, not
    parsed by a configuration again, which would stem the stems a second time."""

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.source_expressions[0].value]


def analyse(query: str) -> Analysis:
    """What the search ``query`` looks for (see the module's description)."""
    typed = words_of(query)
    if not typed:
        return Analysis(query, [], only_stop_words=bool(re.search(r"[^\W_]", query or "")))
    terms = _pg_terms(typed) if uses_full_text() else _sqlite_terms(typed)
    return Analysis(query, terms)


def _pg_terms(typed: list[str]) -> list[Term]:
    with connection.cursor() as cursor:
        # The stems as the Swedish configuration reads the words, and for each the
        # register's words holding it (the trigram index serves LIKE) and those spelled
        # nearly so: one statement for all the words of a search.
        cursor.execute(
            """
            SELECT t, s,
                   ARRAY(SELECT w.word FROM meetings_searchword w
                          WHERE length(s) >= %s AND w.word LIKE '%%' || s || '%%'
                            AND w.word NOT LIKE s || '%%'
                          ORDER BY length(w.word), w.word LIMIT %s),
                   EXISTS(SELECT 1 FROM meetings_searchword w WHERE w.word LIKE s || '%%'),
                   ARRAY(SELECT w.word FROM meetings_searchword w
                          WHERE length(t) >= %s AND w.word %% s
                            AND similarity(w.word, s) >= %s
                          ORDER BY similarity(w.word, s) DESC, w.word LIMIT %s)
              FROM unnest(%s::text[]) WITH ORDINALITY AS typed(t, n),
                   LATERAL (SELECT COALESCE(
                       (SELECT string_agg(lexeme, ' ') FROM
                          unnest(to_tsvector(%s::regconfig, t)) AS v(lexeme)), '') AS s) stems
             ORDER BY n
            """,
            [
                MIN_INNER_STEM,
                MAX_EXPANSIONS,
                MIN_NEAR_LENGTH,
                NEAR_SIMILARITY_PG,
                MAX_NEAR,
                typed,
                CONFIG,
            ],
        )
        rows = cursor.fetchall()
    terms = []
    for word, stem, inner, has_prefix, near in rows:
        if not EXPAND:
            inner, near = [], []
        if not stem or " " in stem:  # a stop word of the configuration, or not one word
            stem = stem.split(" ")[0] if stem else ""
        if not stem:
            continue
        inner = list(inner)
        if word.isdigit():
            # PostgreSQL's parser reads the number of "Covid-19" as "-19", a signed number.
            inner.append(f"-{stem}")
        terms.append(Term(word, stem, inner, [] if inner or has_prefix else list(near)))
    return terms


def _sqlite_terms(typed: list[str]) -> list[Term]:
    stems = [_stemmer.stemWord(word) or word for word in typed]
    inner_of = [s for s in stems if len(s) >= MIN_INNER_STEM]
    beginnings = sorted({word[:3] for word in typed if len(word) >= MIN_NEAR_LENGTH})
    conditions = ["instr(term, %s) > 1" for _ in inner_of]
    conditions += ["substr(term, 1, length(%s)) = %s" for _ in stems]
    conditions += ["substr(term, 1, 3) = %s" for _ in beginnings]
    params: list[str] = [*inner_of]
    for stem in stems:
        params += [stem, stem]
    params += beginnings
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM meetings_search_vocab WHERE {' OR '.join(conditions)}", params
        )
        vocabulary = [row[0] for row in cursor.fetchall()]
    terms = []
    for word, stem in zip(typed, stems, strict=True):
        inner = []
        if len(stem) >= MIN_INNER_STEM:
            inner = sorted(
                (w for w in vocabulary if stem in w and not w.startswith(stem)),
                key=lambda w: (len(w), w),
            )[:MAX_EXPANSIONS]
        has_prefix = any(w.startswith(stem) for w in vocabulary)
        near = []
        if not inner and not has_prefix and len(word) >= MIN_NEAR_LENGTH:
            near = _near_spellings(word, [w for w in vocabulary if w[:3] == word[:3]])
        if not EXPAND:
            inner, near = [], []
        terms.append(Term(word, stem, inner, near))
    return terms


def _near_spellings(word: str, candidates: list[str]) -> list[str]:
    """The candidates spelled nearly as ``word``, closest first: the whole word, or its
    beginning where the word is the first part of a compound ("kunskapstyrning" is
    close to the beginning of "kunskapsstyrningsarbetet")."""
    scored = []
    matcher = difflib.SequenceMatcher(b=word)
    for candidate in candidates:
        best = 0.0
        for form in (candidate, candidate[: len(word) + 1]):
            matcher.set_seq1(form)
            best = max(best, matcher.ratio())
        if best >= NEAR_RATIO_SQLITE:
            scored.append((-best, len(candidate), candidate))
    return [candidate for _score, _length, candidate in sorted(scored)[:MAX_NEAR]]


# --- matching ---------------------------------------------------------------------------


def fts_keys(analysis: Analysis, kind: str) -> RawSQL:
    """SQLite: the ids of the rows of ``kind`` that match, as a subquery."""
    return RawSQL(
        "SELECT rowid / 8 FROM meetings_search_fts "
        f"WHERE meetings_search_fts MATCH %s AND rowid %% 8 = {KINDS[kind]}",
        [analysis.fts_match()],
    )


def fts_rank(analysis: Analysis, kind: str, table: str) -> RawSQL:
    """SQLite: how well each row of ``table`` matches, higher is better (bm25, weighted
    10, 4 and 1 by column)."""
    return RawSQL(
        "(SELECT -bm25(meetings_search_fts, 10.0, 4.0, 1.0) FROM meetings_search_fts "
        f"WHERE meetings_search_fts MATCH %s AND rowid = {table}.id * 8 + {KINDS[kind]})",
        [analysis.fts_match()],
    )


def ranked(queryset, analysis: Analysis, kind: str, document=None):
    """``queryset`` narrowed to the rows of ``kind`` that match, with ``rank`` (higher is
    better). ``document`` is the PostgreSQL vector the rows are matched on."""
    if uses_full_text():
        tsq = analysis.tsquery()
        return (
            queryset.annotate(search_document=document)
            .filter(search_document=tsq)
            .annotate(rank=SearchRank(F("search_document"), tsq))
        )
    table = queryset.model._meta.db_table
    return queryset.filter(pk__in=fts_keys(analysis, kind)).annotate(
        rank=fts_rank(analysis, kind, table)
    )


def item_document() -> Func:
    """PostgreSQL: an item's title (A) and discussion (C), as indexed (migration 0011)."""
    from django.contrib.postgres.search import SearchVectorField

    return Func(
        F("title"),
        F("discussion"),
        function="meetings_search_item_document",
        output_field=SearchVectorField(),
    )


def text_document(field_name: str) -> Func:
    """PostgreSQL: an attachment's text (C), as indexed (migration 0011)."""
    from django.contrib.postgres.search import SearchVectorField

    return Func(
        F(field_name), function="meetings_search_text_document", output_field=SearchVectorField()
    )


# --- decisions: the decision list ------------------------------------------------------

# Among hits of the same rank: the latest meeting first, then in the order of its minutes.
RANKED_TIES = ("-date", "-meeting_id", "item_position", "position", "decision_id")
DECISION_TIES = (
    "-item__meeting__date",
    "-item__meeting_id",
    "item__position",
    "position",
    "pk",
)


def related_order(relation: str, key: str) -> str:
    """``key`` of RANKED_TIES read through ``relation``: "-date" → "-search_entry__date"."""
    descending, name = key.startswith("-"), key.removeprefix("-")
    return f"{'-' if descending else ''}{relation}__{name}"


def search(queryset, query: "str | Analysis"):
    """Decisions matching every word of ``query``, best first."""
    analysis = query if isinstance(query, Analysis) else analyse(query)
    if not analysis:
        return queryset.none() if analysis.only_stop_words else queryset
    if uses_full_text():
        tsq = analysis.tsquery()
        return (
            queryset.filter(search_entry__document=tsq)
            .annotate(rank=SearchRank(F("search_entry__document"), tsq))
            .order_by("-rank", *(related_order("search_entry", key) for key in RANKED_TIES))
        )
    return ranked(queryset, analysis, "decision").order_by("-rank", *DECISION_TIES)


def ranked_keys(user, analysis: Analysis, limit: int) -> list[int] | None:
    """The keys of at most ``limit`` decisions ``user`` may see that match, best first,
    in the order ``search()`` gives them.

    On PostgreSQL read from the search entries alone: a search narrowed by nothing else
    then needs no join to the minutes, whose tables it would otherwise read once for
    every hit. None on SQLite, where ``search()`` itself is as quick.
    """
    if not analysis:
        return [] if analysis.only_stop_words else None
    if not uses_full_text():
        return None
    tsq = analysis.tsquery()
    return list(
        SearchEntry.objects.filter(visible_meetings_q(user), document=tsq)
        .annotate(rank=SearchRank(F("document"), tsq))
        .order_by("-rank", *RANKED_TIES)
        .values_list("decision_id", flat=True)[:limit]
    )


class Highlighter:
    """Marks the words of a text that a search matched, escaping the rest.

    A word matches where it begins with a searched stem or with one of the register's
    words the search found for it (a compound, a near spelling), as the search matches
    it. The pattern is made once for all the rows of a page.
    """

    def __init__(self, query: "str | Analysis") -> None:
        analysis = query if isinstance(query, Analysis) else analyse(query)
        words = analysis.highlight_words()
        if not words:
            self.pattern = None
            return
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![^\W_])((?:{alternatives})\w*)", re.IGNORECASE)

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

"""The relevance benchmark of the search: the searches of ``relevance.json`` run on the
register in use, scored by recall@10 and MRR@10.

Each expected hit is looked for among the first ten hits of its own kind, as the search
page ranks them (the page shows each kind's best and links to the rest): recall@10 is the
share of a search's expected hits found there, MRR@10 the reciprocal of the best place
any of them takes (0 when none is in the first ten); both are averaged over the searches.
"""

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AnonymousUser

from agreements.models import Agreement
from meetings.models import AgendaItem, Attachment, Case, Decision, Meeting
from register.selectors import site_search

QUERIES = Path(__file__).resolve().parent / "relevance.json"
DEPTH = 10


def _day(forum: str, date) -> str:
    return f"{forum} {date:%Y-%m-%d}"


def natural_keys(kind: str, pks: list[int]) -> dict[int, str]:
    """The stable keys of relevance.json for the objects ``pks`` of ``kind``."""
    if not pks:
        return {}
    if kind == "decision":
        rows = Decision.objects.filter(pk__in=pks).values_list(
            "pk", "item__meeting__forum__code", "item__meeting__date", "item__number", "position"
        )
        return {pk: f"decision:{_day(f, d)}/{n}/{p}" for pk, f, d, n, p in rows}
    if kind == "item":
        rows = AgendaItem.objects.filter(pk__in=pks).values_list(
            "pk", "meeting__forum__code", "meeting__date", "number"
        )
        return {pk: f"item:{_day(f, d)}/{n}" for pk, f, d, n in rows}
    if kind == "meeting":
        rows = Meeting.objects.filter(pk__in=pks).values_list("pk", "forum__code", "date")
        return {pk: f"meeting:{_day(f, d)}" for pk, f, d in rows}
    if kind == "case":
        return {
            pk: f"case:{t}" for pk, t in Case.objects.filter(pk__in=pks).values_list("pk", "title")
        }
    if kind == "agreement":
        rows = Agreement.objects.filter(pk__in=pks).values_list("pk", "short_name")
        return {pk: f"agreement:{name}" for pk, name in rows}
    rows = Attachment.objects.filter(pk__in=pks).values_list(
        "pk", "meeting__forum__code", "meeting__date", "number"
    )
    return {pk: f"attachment:{_day(f, d)}/{n}" for pk, f, d, n in rows}


@dataclass
class Scored:
    query: str
    expected: list[str]
    ranks: dict[str, int] = field(default_factory=dict)  # expected key → place in its kind
    ms: float = 0.0

    @property
    def recall(self) -> float:
        return len(self.ranks) / len(self.expected)

    @property
    def reciprocal_rank(self) -> float:
        return 1 / min(self.ranks.values()) if self.ranks else 0.0

    @property
    def missed(self) -> list[str]:
        return [key for key in self.expected if key not in self.ranks]


@dataclass
class Benchmark:
    scored: list[Scored]

    @property
    def recall_at_10(self) -> float:
        return statistics.mean(s.recall for s in self.scored)

    @property
    def mrr(self) -> float:
        return statistics.mean(s.reciprocal_rank for s in self.scored)

    @property
    def median_ms(self) -> float:
        return statistics.median(s.ms for s in self.scored)


def load_queries(path: Path = QUERIES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def run(queries: list[dict] | None = None, user=None) -> Benchmark:
    """Each search of ``queries`` (relevance.json's) as ``user`` (anonymous) sees it."""
    user = user or AnonymousUser()
    scored = []
    for entry in queries if queries is not None else load_queries():
        started = time.perf_counter()
        result = site_search(user, entry["q"], group_rows=DEPTH)
        ms = (time.perf_counter() - started) * 1000
        ranks: dict[str, int] = {}
        for group in result.groups:
            keys = natural_keys(group.kind, [row["pk"] for row in group.rows])
            for place, row in enumerate(group.rows, start=1):
                key = keys.get(row["pk"])
                if key in entry["expect"] and key not in ranks:
                    ranks[key] = place
        scored.append(Scored(entry["q"], entry["expect"], ranks, ms))
    return Benchmark(scored)

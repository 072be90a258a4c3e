"""How far a reading of minutes is from their hand-checked transcription.

Counts exact units in the seeds' JSON schema: each header field, each item (number,
title, presenters and outcome together) and each clause (text, kind, target and the
likalydande flag together). Items the reading invented and clauses in excess count
against it. Used by the tests of the corpus and by ``bench_import``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADER_FIELDS = (
    "forum",
    "date",
    "start_time",
    "end_time",
    "place",
    "registration_number",
    "justerare",
)


@dataclass
class Miss:
    """One unit the reading got wrong: a header field, an item or a clause."""

    unit: str  # "header", "item" or "clause"
    item: str  # the item's number, "" for the header
    name: str  # the header field, or the clause's position
    got: object
    want: object


@dataclass
class Score:
    exact: int = 0
    total: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.exact / self.total if self.total else 1.0


# The seeds' schema has no key for the condition of identical decisions; transcriptions
# written apart from the project name it "likalydande".
TRUTH_ALIASES = {"likalydande": "requires_identical"}


def _as_ours(clause: dict) -> dict:
    return {TRUTH_ALIASES.get(key, key): value for key, value in clause.items()}


def score(parsed: dict, truth: dict) -> Score:
    result = Score()
    truth = {
        **truth,
        "items": [
            {**item, "decisions": [_as_ours(c) for c in item["decisions"]]}
            for item in truth["items"]
        ],
    }
    for name in HEADER_FIELDS:
        result.total += 1
        if parsed.get(name) == truth.get(name):
            result.exact += 1
        else:
            result.misses.append(Miss("header", "", name, parsed.get(name), truth.get(name)))
    by_number = {item["number"]: item for item in parsed["items"]}
    wanted = {item["number"] for item in truth["items"]}
    for item in truth["items"]:
        got = by_number.get(item["number"])
        result.total += 1 + len(item["decisions"])
        if got is None:
            result.misses.append(Miss("item", item["number"], "", None, item["title"]))
            for position, clause in enumerate(item["decisions"], start=1):
                result.misses.append(Miss("clause", item["number"], str(position), None, clause))
            continue
        keys = ("title", "presenters", "outcome")
        if all(got[k] == item[k] for k in keys):
            result.exact += 1
        else:
            result.misses.append(
                Miss(
                    "item",
                    item["number"],
                    ",".join(k for k in keys if got[k] != item[k]),
                    {k: got[k] for k in keys if got[k] != item[k]},
                    {k: item[k] for k in keys if got[k] != item[k]},
                )
            )
        clauses = got["decisions"]
        for position, clause in enumerate(item["decisions"], start=1):
            mine = clauses[position - 1] if position <= len(clauses) else None
            if mine == clause:
                result.exact += 1
            else:
                result.misses.append(Miss("clause", item["number"], str(position), mine, clause))
        for position in range(len(item["decisions"]) + 1, len(clauses) + 1):
            result.total += 1
            result.misses.append(
                Miss("clause", item["number"], str(position), clauses[position - 1], None)
            )
    for number in by_number.keys() - wanted:
        result.total += 1
        result.misses.append(Miss("item", number, "", by_number[number]["title"], None))
    return result


def warned(miss: Miss, warnings) -> bool:
    """Whether the reading's warnings point a person at the unit it got wrong."""
    for warning in warnings:
        if miss.unit == "header":
            if not warning.item and (warning.field in {miss.name, ""}):
                return True
        elif warning.item == miss.item or (not warning.item and warning.code == "gap_in_numbers"):
            return True
    return False

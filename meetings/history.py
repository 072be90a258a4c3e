"""Readable change lists from the history tables."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

IGNORED = {"id", "history_id", "history_date", "history_change_reason", "history_type"}


@dataclass(frozen=True)
class Change:
    when: datetime
    user: str
    object_label: str
    field: str
    old: Any
    new: Any


def changes(history_rows, label, fields: list[str]) -> list[Change]:
    """Field-level changes between consecutive history rows of each object.

    ``history_rows`` are mappings (``values()`` of a history table) of ``id``,
    ``history_date``, ``user`` (the user name, or None) and ``fields``, ordered by
    object and date; creation rows only set the starting values, so what is listed
    is every later change.
    """
    result: list[Change] = []
    previous: dict[int, Any] = {}
    for row in history_rows:
        before = previous.get(row["id"])
        if before is not None:
            for name in fields:
                old, new = before[name], row[name]
                if old != new:
                    user = row["user"] or "–"
                    result.append(Change(row["history_date"], user, label(row), name, old, new))
        previous[row["id"]] = row
    return result

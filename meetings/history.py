"""Readable change lists from the history tables."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps

IGNORED = {"id", "history_id", "history_date", "history_change_reason", "history_type"}


@dataclass(frozen=True)
class Change:
    when: datetime
    user: str
    object_label: str
    field: str
    old: Any
    new: Any


def history_model(model):
    """The history table's model of ``model``.

    ``Model.history`` builds a new manager class on every access, which a page that
    reads the history on every request would pay each time.
    """
    return apps.get_model(model._meta.app_label, f"Historical{model.__name__}")


def changes(history_rows, label, fields: list[str], shown=None) -> list[Change]:
    """Field-level changes between consecutive history rows of each object.

    ``history_rows`` are mappings (``values()`` of a history table) of ``id``,
    ``history_date``, ``user`` (the user name, or None) and ``fields``, ordered by
    object and date; creation rows only set the starting values, so what is listed
    is every later change. ``shown`` maps a field to what its value reads as in a row
    (a foreign key by the name the row carries beside it).
    """
    shown = shown or {}
    result: list[Change] = []
    previous: dict[int, Any] = {}
    for row in history_rows:
        before = previous.get(row["id"])
        if before is not None:
            for name in fields:
                old, new = before[name], row[name]
                if old != new:
                    if name in shown:
                        old, new = shown[name](before), shown[name](row)
                    user = row["user"] or "–"
                    result.append(Change(row["history_date"], user, label(row), name, old, new))
        previous[row["id"]] = row
    return result

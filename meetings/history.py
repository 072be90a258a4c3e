"""Readable change lists from the history tables."""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from council.history import ADMINISTRATOR


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


@dataclass(frozen=True)
class HistoryQuery:
    """The history rows of some objects of one model, and what to read of each.

    ``fields`` are attribute names of the model ("case_id"); ``columns`` name further
    values to read beside them by a path across foreign keys ("case__title").
    """

    model: type
    ids: list[int]
    fields: list[str]
    columns: dict[str, str]


def history_rows(queries: list[HistoryQuery]) -> list[list[dict]]:
    """The history rows of each query, as mappings of ``id``, ``history_date``, ``user``
    (the user name, or None), its fields and columns, ordered by object and date.

    All are read in one statement, each history table in its own part of a UNION ALL
    with every value as text, then typed again by its field. A page that lists the
    changes of several kinds of rows would otherwise pay the ORM's building of a joined
    query for each kind, several times what the database takes to answer them.
    """
    quote = connection.ops.quote_name
    # Who made a change is shown by name, on public pages too: never the user name,
    # which is an e-mail address for most accounts.
    who = [
        "history_user__person__name",
        "history_user__first_name",
        "history_user__last_name",
        "history_user__is_staff",
    ]
    width = max((len(q.fields) + len(q.columns) for q in queries), default=0)
    parts, params, readers = [], [], []
    for index, query in enumerate(queries):
        if not query.ids:
            continue
        history = history_model(query.model)
        joins: dict[tuple[str, str], tuple[str, str]] = {}
        paths = [*who, *query.fields, *query.columns.values()]
        resolved = [_column(history, path, joins, quote) for path in paths]
        cells = [f"CAST({sql} AS TEXT)" for sql, _field in resolved]
        cells += ["CAST(NULL AS TEXT)"] * (width + len(who) - len(cells))
        parts.append(
            f"SELECT {index}, h.{quote('id')}, h.{quote('history_id')}, "
            f"h.{quote('history_date')}, {', '.join(cells)} "
            f"FROM {quote(history._meta.db_table)} h "
            + " ".join(join for join, _alias in joins.values())
            + f" WHERE h.{quote('id')} IN ({', '.join(['%s'] * len(query.ids))})"
        )
        params += list(query.ids)
        keys = ["user", "user_first", "user_last", "user_staff", *query.fields, *query.columns]
        readers.append((index, keys, [_reader(f) for _sql, f in resolved]))
    found: list[list[dict]] = [[] for _ in queries]
    if not parts:
        return found
    by_index = {index: (keys, read) for index, keys, read in readers}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 2, 4, 3", params)
        for index, pk, _history_id, when, *values in cursor.fetchall():
            keys, read = by_index[index]
            # The row's own values, then the padding of the widest part.
            cells = zip(keys, read, values, strict=False)
            row = {key: convert(value) for key, convert, value in cells}
            full = " ".join(filter(None, [row.pop("user_first"), row.pop("user_last")]))
            staff = row.pop("user_staff")
            row["user"] = row["user"] or full or (str(ADMINISTRATOR) if staff else None)
            row["id"], row["history_date"] = pk, _aware(when)
            found[index].append(row)
    return found


def _column(model, path: str, joins: dict, quote) -> tuple[str, models.Field]:
    """The SQL for ``path`` read from the history row ``h``, with the LEFT JOINs it needs
    added to ``joins``, and the field it ends at."""
    *relations, name = path.split("__")
    alias, current = "h", model
    for relation in relations:
        key = current._meta.get_field(relation)
        target = key.related_model
        if (alias, relation) not in joins:
            joined = f"j{len(joins)}"
            if key.auto_created and not key.concrete:  # a reverse one-to-one (user.person)
                own = current._meta.pk.column
                on = f"{joined}.{quote(key.field.column)} = {alias}.{quote(own)}"
            else:
                on = f"{joined}.{quote(target._meta.pk.column)} = {alias}.{quote(key.column)}"
            joins[alias, relation] = (
                f"LEFT JOIN {quote(target._meta.db_table)} {joined} ON {on}",
                joined,
            )
        alias, current = joins[alias, relation][1], target
    field = current._meta.get_field(name)
    return f"{alias}.{quote(field.column)}", field


def _reader(field: models.Field):
    """How a value of ``field``, read as text, becomes a value of its own type again."""
    if field.is_relation or isinstance(field, models.IntegerField | models.AutoField):
        return lambda value: None if value is None else int(value)
    if isinstance(field, models.BooleanField):
        return lambda value: None if value is None else value.lower() in {"1", "t", "true"}
    if isinstance(field, models.DateTimeField):
        return lambda value: None if value is None else _aware(value)
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else dt.date.fromisoformat(value[:10])
    return lambda value: value


def _aware(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


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

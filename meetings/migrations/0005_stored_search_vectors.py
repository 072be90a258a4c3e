"""Stored search vectors for the Swedish search, on PostgreSQL only.

Ranking a common word read every hit's clause and item title through the Swedish
stemmer again on each search. PostgreSQL now keeps each row's vector in a
generated column (the clause with weight A, the item title with weight B) with a
GIN index, so matching and ranking read it instead. They replace the expression
indexes on the clause and the title; the discussion keeps its expression index,
since it is matched but not ranked.

The columns are not fields of the models: Django never writes them, PostgreSQL
fills them on every insert and update. SQLite gets nothing; its fallback search
needs none of it.

It also indexes the open assignments by due date, so that the start page finds the
ten most overdue by walking the index instead of checking every open assignment.

PostgreSQL refuses to change the type of a column that a generated column reads:
a later migration that alters ``meetings_decision.text`` or
``meetings_agendaitem.title`` (a new max_length, say) must drop the vector column
first and run ``create`` again after.
"""

from django.db import migrations

VECTORS = [
    (
        "meetings_decision",
        "decision_search_vector",
        "setweight(to_tsvector('swedish'::regconfig, COALESCE(text, '')), 'A')",
    ),
    (
        "meetings_agendaitem",
        "agendaitem_search_vector",
        "setweight(to_tsvector('swedish'::regconfig, COALESCE(title, '')::text), 'B')",
    ),
]
INDEXES = [
    (
        "assignment_open_by_due_date",
        "CREATE INDEX IF NOT EXISTS assignment_open_by_due_date "
        "ON meetings_assignment (due_date, id) WHERE status = 'open'",
    ),
]
REPLACED = [
    ("decision_text_fts", "meetings_decision", "COALESCE(text, '')"),
    ("agendaitem_title_fts", "meetings_agendaitem", "(COALESCE(title, ''::varchar))::text"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, expression in VECTORS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)"
        )
    for name, _table, _expression in REPLACED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for _name, sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in REPLACED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('swedish'::regconfig, {expression}))"
        )
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for table, index, _expression in VECTORS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_agenda_sources_versions_reviews")]
    operations = [migrations.RunPython(create, drop)]

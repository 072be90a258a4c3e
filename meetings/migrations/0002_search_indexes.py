"""Full-text indexes for the Swedish search, created on PostgreSQL only.

The expressions equal those that meetings.search queries with, so the planner
uses them. SQLite has no such indexes; its fallback search does not need them.
"""

from django.db import migrations

INDEXES = [
    ("decision_text_fts", "meetings_decision", "text"),
    ("agendaitem_title_fts", "meetings_agendaitem", "title"),
    ("agendaitem_discussion_fts", "meetings_agendaitem", "discussion"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('swedish'::regconfig, COALESCE({column}, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

"""Full-text indexes for the Swedish search, created on PostgreSQL only.

The expressions equal those that meetings.search queries with, so the planner
uses them. SQLite has no such indexes; its fallback search does not need them.
"""

from django.db import migrations

INDEXES = [
    ("decision_text_fts", "meetings_decision", "COALESCE(text, '')"),
    # title is a varchar column: Django casts it to text inside the expression.
    ("agendaitem_title_fts", "meetings_agendaitem", "(COALESCE(title, ''::varchar))::text"),
    ("agendaitem_discussion_fts", "meetings_agendaitem", "COALESCE(discussion, '')"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('swedish'::regconfig, {expression}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

"""Agreements in the search: by title, short name and description.

On SQLite as rows of kind 5 of ``meetings_search_fts`` (meetings 0011), written by
triggers; on PostgreSQL their words go to ``meetings_searchword`` for the compounds and
near spellings, and the agreements themselves are matched as they are.
"""

from django.db import migrations

DOCUMENT = (
    "SELECT g.id * 8 + 5, g.title, g.short_name, g.description "
    "FROM agreements_agreement g WHERE {where}"
)


def refresh(where: str) -> str:
    return (
        "DELETE FROM meetings_search_fts WHERE rowid IN "
        f"(SELECT g.id * 8 + 5 FROM agreements_agreement g WHERE {where}); "
        f"INSERT INTO meetings_search_fts (rowid, a, b, c) {DOCUMENT.format(where=where)};"
    )


SQLITE_TRIGGERS = {
    "search_agreement_inserted": ("AFTER INSERT ON agreements_agreement", refresh("g.id = NEW.id")),
    "search_agreement_updated": (
        "AFTER UPDATE OF title, short_name, description ON agreements_agreement",
        refresh("g.id = NEW.id"),
    ),
    "search_agreement_deleted": (
        "AFTER DELETE ON agreements_agreement",
        "DELETE FROM meetings_search_fts WHERE rowid = OLD.id * 8 + 5;",
    ),
}
COLUMNS = ["title", "short_name", "description"]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, (event, body) in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {event} BEGIN {body} END")
        schema_editor.execute(
            f"INSERT INTO meetings_search_fts (rowid, a, b, c) {DOCUMENT.format(where='1')}"
        )
    elif vendor == "postgresql":
        arguments = ", ".join(f"'{c}'" for c in COLUMNS)
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER search_words_{event.lower()} AFTER {event} "
                "ON agreements_agreement REFERENCING NEW TABLE AS written FOR EACH STATEMENT "
                f"EXECUTE FUNCTION meetings_search_words({arguments})"
            )
        schema_editor.execute(
            "INSERT INTO meetings_searchword (word) SELECT DISTINCT w FROM agreements_agreement, "
            "unnest(tsvector_to_array(to_tsvector('swedish'::regconfig, "
            f"concat_ws(' ', {', '.join(COLUMNS)})))) w ON CONFLICT DO NOTHING"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DELETE FROM meetings_search_fts WHERE rowid % 8 = 5")
    elif vendor == "postgresql":
        for event in ("insert", "update"):
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS search_words_{event} ON agreements_agreement"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0002_plain_text'),
        ('meetings', '0011_search_everything'),
    ]

    operations = [migrations.RunPython(create, drop)]

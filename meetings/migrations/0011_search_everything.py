"""The search reaches everything a member reads: items without clauses, meetings, cases,
agreements (their own migration) and the text of attachments, which the worker reads.

SQLite: one FTS5 table, ``meetings_search_fts``, with the unicode61 tokenizer keeping
å, ä and ö apart from a and o (remove_diacritics 0), written by triggers on every table
it reads. A row's rowid is the object's id times eight plus its kind (1 decision, 2
item, 3 meeting, 4 case, 5 agreement, 6 attachment), so that a trigger reaches its row
without a scan. Each row has three columns, weighted in that order when ranked: a
(clause, title, forum), b (item title, Dnr, place, short name), c (discussion,
description, text). ``meetings_search_vocab`` (fts5vocab) lists the words of the
index, where the search looks up the compounds and near spellings of a searched word.

PostgreSQL: decisions stay in ``meetings_searchentry`` (0006); items are matched through
an index on their title and discussion, attachments' texts through the vector written
with them (``AttachmentText.document``), and
the few meetings, cases and agreements are read as they are. ``meetings_searchword``
holds every word (as its Swedish stem) of what is searched, written by triggers, with a
trigram index (pg_trgm) for the compounds and near spellings.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# -- SQLite ---------------------------------------------------------------------------

DOCUMENTS = {
    1: (
        "SELECT d.id * 8 + 1, d.text, i.title, i.discussion FROM meetings_decision d "
        "JOIN meetings_agendaitem i ON i.id = d.item_id WHERE {where}"
    ),
    2: "SELECT i.id * 8 + 2, i.title, '', i.discussion FROM meetings_agendaitem i WHERE {where}",
    3: (
        "SELECT m.id * 8 + 3, f.name || ' ' || f.code || COALESCE((SELECT ' ' || "
        "group_concat(n.name, ' ') FROM council_forumname n WHERE n.forum_id = f.id), ''), "
        "m.place || ' ' || m.registration_number || ' ' || m.date, '' FROM meetings_meeting m "
        "JOIN council_forum f ON f.id = m.forum_id WHERE {where}"
    ),
    4: (
        "SELECT c.id * 8 + 4, c.title, c.registration_number, c.description "
        "FROM meetings_case c WHERE {where}"
    ),
    6: (
        "SELECT t.id * 8 + 6, t.title, 'Bilaga ' || t.number, COALESCE((SELECT x.text FROM "
        "meetings_attachmenttext x WHERE x.attachment_id = t.id), '') "
        "FROM meetings_attachment t WHERE {where}"
    ),
}
ALIAS = {1: "d", 2: "i", 3: "m", 4: "c", 6: "t"}
TABLE = {
    1: "meetings_decision",
    2: "meetings_agendaitem",
    3: "meetings_meeting",
    4: "meetings_case",
    6: "meetings_attachment",
}


def refresh(kind: int, where: str) -> str:
    """Statements that write the rows of ``kind`` whose source rows match ``where``."""
    alias = ALIAS[kind]
    return (
        f"DELETE FROM meetings_search_fts WHERE rowid IN "
        f"(SELECT {alias}.id * 8 + {kind} FROM {TABLE[kind]} {alias} WHERE {where}); "
        f"INSERT INTO meetings_search_fts (rowid, a, b, c) {DOCUMENTS[kind].format(where=where)};"
    )


def drop_row(kind: int, key: str) -> str:
    return f"DELETE FROM meetings_search_fts WHERE rowid = {key} * 8 + {kind};"


SQLITE_TRIGGERS = {
    "search_decision_inserted": ("AFTER INSERT ON meetings_decision", refresh(1, "d.id = NEW.id")),
    "search_decision_updated": (
        "AFTER UPDATE OF text, item_id ON meetings_decision",
        drop_row(1, "OLD.id") + refresh(1, "d.id = NEW.id"),
    ),
    "search_decision_deleted": ("AFTER DELETE ON meetings_decision", drop_row(1, "OLD.id")),
    "search_item_inserted": (
        "AFTER INSERT ON meetings_agendaitem",
        refresh(2, "i.id = NEW.id") + refresh(1, "d.item_id = NEW.id"),
    ),
    "search_item_updated": (
        "AFTER UPDATE OF title, discussion ON meetings_agendaitem",
        refresh(2, "i.id = NEW.id") + refresh(1, "d.item_id = NEW.id"),
    ),
    "search_item_deleted": ("AFTER DELETE ON meetings_agendaitem", drop_row(2, "OLD.id")),
    "search_meeting_inserted": ("AFTER INSERT ON meetings_meeting", refresh(3, "m.id = NEW.id")),
    "search_meeting_updated": (
        "AFTER UPDATE OF place, registration_number, date, forum_id ON meetings_meeting",
        refresh(3, "m.id = NEW.id"),
    ),
    "search_meeting_deleted": ("AFTER DELETE ON meetings_meeting", drop_row(3, "OLD.id")),
    "search_forum_updated": (
        "AFTER UPDATE OF name, code ON council_forum",
        refresh(3, "m.forum_id = NEW.id"),
    ),
    "search_forumname_inserted": (
        "AFTER INSERT ON council_forumname",
        refresh(3, "m.forum_id = NEW.forum_id"),
    ),
    "search_forumname_updated": (
        "AFTER UPDATE ON council_forumname",
        refresh(3, "m.forum_id = NEW.forum_id") + refresh(3, "m.forum_id = OLD.forum_id"),
    ),
    "search_forumname_deleted": (
        "AFTER DELETE ON council_forumname",
        refresh(3, "m.forum_id = OLD.forum_id"),
    ),
    "search_case_inserted": ("AFTER INSERT ON meetings_case", refresh(4, "c.id = NEW.id")),
    "search_case_updated": (
        "AFTER UPDATE OF title, registration_number, description ON meetings_case",
        refresh(4, "c.id = NEW.id"),
    ),
    "search_case_deleted": ("AFTER DELETE ON meetings_case", drop_row(4, "OLD.id")),
    "search_attachment_inserted": (
        "AFTER INSERT ON meetings_attachment",
        refresh(6, "t.id = NEW.id"),
    ),
    "search_attachment_updated": (
        "AFTER UPDATE OF title, number ON meetings_attachment",
        refresh(6, "t.id = NEW.id"),
    ),
    "search_attachment_deleted": ("AFTER DELETE ON meetings_attachment", drop_row(6, "OLD.id")),
    "search_attachmenttext_inserted": (
        "AFTER INSERT ON meetings_attachmenttext",
        refresh(6, "t.id = NEW.attachment_id"),
    ),
    "search_attachmenttext_updated": (
        "AFTER UPDATE OF text ON meetings_attachmenttext",
        refresh(6, "t.id = NEW.attachment_id"),
    ),
    "search_attachmenttext_deleted": (
        "AFTER DELETE ON meetings_attachmenttext",
        refresh(6, "t.id = OLD.attachment_id"),
    ),
}


def sqlite_create(schema_editor) -> None:
    schema_editor.execute(
        "CREATE VIRTUAL TABLE meetings_search_fts USING fts5("
        "a, b, c, tokenize = 'unicode61 remove_diacritics 0')"
    )
    schema_editor.execute(
        "CREATE VIRTUAL TABLE meetings_search_vocab USING fts5vocab(meetings_search_fts, 'row')"
    )
    for name, (event, body) in SQLITE_TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {event} BEGIN {body} END")
    for kind, sql in DOCUMENTS.items():
        schema_editor.execute(
            f"INSERT INTO meetings_search_fts (rowid, a, b, c) {sql.format(where='1')}"
        )


def sqlite_drop(schema_editor) -> None:
    for name in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute("DROP TABLE IF EXISTS meetings_search_vocab")
    schema_editor.execute("DROP TABLE IF EXISTS meetings_search_fts")


# -- PostgreSQL -----------------------------------------------------------------------

FUNCTIONS = """
CREATE TABLE meetings_searchword (word text PRIMARY KEY);
CREATE INDEX searchword_trigrams ON meetings_searchword USING gin (word gin_trgm_ops);

-- The words (Swedish stems) of the columns named as the trigger's arguments, of the
-- rows the statement wrote.
CREATE OR REPLACE FUNCTION meetings_search_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO meetings_searchword (word) SELECT DISTINCT w FROM written, '
    'unnest(tsvector_to_array(to_tsvector(''swedish''::regconfig, concat_ws('' '', %s)))) w '
    'ON CONFLICT DO NOTHING',
    (SELECT string_agg(quote_ident(c), ', ') FROM unnest(TG_ARGV) c));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_item_document(title text, discussion text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('swedish'::regconfig, COALESCE(title, '')), 'A')
      || setweight(to_tsvector('swedish'::regconfig, COALESCE(discussion, '')), 'C')
$$;

CREATE OR REPLACE FUNCTION meetings_search_text_document(body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('swedish'::regconfig, COALESCE(body, '')), 'C')
$$;

CREATE INDEX agendaitem_search ON meetings_agendaitem
  USING gin (meetings_search_item_document(title, discussion));
CREATE INDEX attachmenttext_search ON meetings_attachmenttext USING gin (document);

CREATE OR REPLACE FUNCTION meetings_search_attachmenttext_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.document := meetings_search_text_document(NEW.text);
  RETURN NEW;
END $$;
CREATE TRIGGER search_attachmenttext_document BEFORE INSERT OR UPDATE OF text
  ON meetings_attachmenttext FOR EACH ROW
  EXECUTE FUNCTION meetings_search_attachmenttext_document();
"""

WORD_SOURCES = {
    "meetings_decision": ["text"],
    "meetings_agendaitem": ["title", "discussion"],
    "meetings_meeting": ["place", "registration_number"],
    "meetings_case": ["title", "registration_number", "description"],
    "meetings_attachment": ["title"],
    "meetings_attachmenttext": ["text"],
    "council_forum": ["name", "code"],
    "council_forumname": ["name"],
}


def word_triggers(schema_editor, table: str, columns: list[str]) -> None:
    """Triggers that add the words of ``columns`` of ``table``, and the words already there."""
    arguments = ", ".join(f"'{c}'" for c in columns)
    for event in ("INSERT", "UPDATE"):
        schema_editor.execute(
            f"CREATE TRIGGER search_words_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING NEW TABLE AS written FOR EACH STATEMENT "
            f"EXECUTE FUNCTION meetings_search_words({arguments})"
        )
    schema_editor.execute(
        "INSERT INTO meetings_searchword (word) SELECT DISTINCT w FROM "
        f"{table}, unnest(tsvector_to_array(to_tsvector('swedish'::regconfig, "
        f"concat_ws(' ', {', '.join(columns)})))) w ON CONFLICT DO NOTHING"
    )


def postgres_create(schema_editor) -> None:
    # pg_trgm is a trusted extension (PostgreSQL 13 and newer): the database's owner may
    # create it. It stays when the migration is reversed, as other things may use it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(FUNCTIONS, None)  # as written: its format() has a %s
    for table, columns in WORD_SOURCES.items():
        word_triggers(schema_editor, table, columns)


def postgres_drop(schema_editor) -> None:
    for table in WORD_SOURCES:
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_words_{event} ON {table}")
    schema_editor.execute("DROP INDEX IF EXISTS agendaitem_search")
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS search_attachmenttext_document ON meetings_attachmenttext"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS meetings_search_attachmenttext_document()")
    schema_editor.execute("DROP FUNCTION IF EXISTS meetings_search_words()")
    schema_editor.execute("DROP FUNCTION IF EXISTS meetings_search_item_document(text, text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS meetings_search_text_document(text)")
    schema_editor.execute("DROP TABLE IF EXISTS meetings_searchword")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sqlite_create(schema_editor)
    elif vendor == "postgresql":
        postgres_create(schema_editor)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sqlite_drop(schema_editor)
    elif vendor == "postgresql":
        postgres_drop(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0001_initial'),
        ('meetings', '0010_plain_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='AttachmentText',
            fields=[
                ('attachment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='extracted_text', serialize=False, to='meetings.attachment', verbose_name='attachment')),
                ('file_name', models.CharField(max_length=200, verbose_name='file read')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('error', models.CharField(blank=True, max_length=300, verbose_name='why no text was read')),
                ('extracted_at', models.DateTimeField(auto_now=True, verbose_name='read')),
                ('document', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                'verbose_name': 'text of an attachment',
                'verbose_name_plural': 'texts of attachments',
            },
        ),
        migrations.RunPython(create, drop),
    ]

"""Search entries: one row per decision that the Swedish search matches, ranks and filters.

A search read the clauses' stored vectors, then their items' titles and
discussions, then joined every hit to its item and meeting to rank it and to see
whether the member may read it: for a common word, thousands of joins. PostgreSQL
now keeps, for each decision, its clause (weight A), its item's title (B) and
discussion (C) as one vector beside the meeting's status, forum and date, in
``meetings_searchentry``, through triggers on decisions, items and meetings. A
search is then one index lookup in one table, and a word may match in the clause,
the title or the discussion.

The triggers work per statement on the rows it wrote, so that bulk inserts cost
one pass; they skip updates that change nothing the search reads, and complete an
entry whichever of the decision, its item and its meeting is written last. They replace
the stored vectors of migration 0005 and the discussion's index of 0002. SQLite
gets the empty table only; its fallback search reads the minutes.
"""

import importlib

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


FUNCTIONS = """
CREATE OR REPLACE FUNCTION meetings_search_document(clause text, title text, discussion text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('swedish'::regconfig, COALESCE(clause, '')), 'A')
      || setweight(to_tsvector('swedish'::regconfig, COALESCE(title, '')), 'B')
      || setweight(to_tsvector('swedish'::regconfig, COALESCE(discussion, '')), 'C')
$$;

CREATE OR REPLACE FUNCTION meetings_search_refresh(decisions bigint[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO meetings_searchentry
         (decision_id, meeting_id, forum_id, status, date, item_position, position, document)
  SELECT d.id, m.id, m.forum_id, m.status, m.date, i.position, d.position,
         meetings_search_document(d.text, i.title, i.discussion)
    FROM meetings_decision d
    JOIN meetings_agendaitem i ON i.id = d.item_id
    JOIN meetings_meeting m ON m.id = i.meeting_id
   WHERE d.id = ANY(decisions)
  ON CONFLICT (decision_id) DO UPDATE SET
         meeting_id = EXCLUDED.meeting_id, forum_id = EXCLUDED.forum_id,
         status = EXCLUDED.status, date = EXCLUDED.date,
         item_position = EXCLUDED.item_position, position = EXCLUDED.position,
         document = EXCLUDED.document
$$;

CREATE OR REPLACE FUNCTION meetings_search_decisions_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meetings_search_refresh(ARRAY(SELECT id FROM written));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_decisions_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meetings_search_refresh(ARRAY(
    SELECT n.id FROM written n JOIN previous o ON o.id = n.id
     WHERE (n.text, n.item_id, n.position) IS DISTINCT FROM (o.text, o.item_id, o.position)));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_decisions_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM meetings_searchentry WHERE decision_id IN (SELECT id FROM removed);
  RETURN NULL;
END $$;

-- Rows may arrive in any order within a transaction (foreign keys are checked at
-- commit, and bulk loads write in batches): a decision inserted before its item or
-- meeting gets its entry when they arrive.
CREATE OR REPLACE FUNCTION meetings_search_items_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meetings_search_refresh(ARRAY(
    SELECT d.id FROM meetings_decision d JOIN written n ON n.id = d.item_id));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_meetings_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meetings_search_refresh(ARRAY(
    SELECT d.id FROM meetings_decision d
      JOIN meetings_agendaitem i ON i.id = d.item_id JOIN written n ON n.id = i.meeting_id));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_items_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meetings_search_refresh(ARRAY(
    SELECT d.id FROM meetings_decision d
      JOIN written n ON n.id = d.item_id JOIN previous o ON o.id = n.id
     WHERE (n.title, n.discussion, n.position, n.meeting_id)
           IS DISTINCT FROM (o.title, o.discussion, o.position, o.meeting_id)));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_meetings_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meetings_search_refresh(ARRAY(
    SELECT d.id FROM meetings_decision d
      JOIN meetings_agendaitem i ON i.id = d.item_id
      JOIN written n ON n.id = i.meeting_id JOIN previous o ON o.id = n.id
     WHERE (n.status, n.date, n.forum_id) IS DISTINCT FROM (o.status, o.date, o.forum_id)));
  RETURN NULL;
END $$;
"""

TRIGGERS = [
    ("search_decisions_inserted", "INSERT", "meetings_decision", "NEW TABLE AS written"),
    (
        "search_decisions_updated",
        "UPDATE",
        "meetings_decision",
        "NEW TABLE AS written OLD TABLE AS previous",
    ),
    ("search_decisions_deleted", "DELETE", "meetings_decision", "OLD TABLE AS removed"),
    ("search_items_inserted", "INSERT", "meetings_agendaitem", "NEW TABLE AS written"),
    ("search_meetings_inserted", "INSERT", "meetings_meeting", "NEW TABLE AS written"),
    (
        "search_items_updated",
        "UPDATE",
        "meetings_agendaitem",
        "NEW TABLE AS written OLD TABLE AS previous",
    ),
    (
        "search_meetings_updated",
        "UPDATE",
        "meetings_meeting",
        "NEW TABLE AS written OLD TABLE AS previous",
    ),
]
FUNCTION_NAMES = [
    "meetings_search_decisions_inserted()",
    "meetings_search_decisions_updated()",
    "meetings_search_decisions_deleted()",
    "meetings_search_items_inserted()",
    "meetings_search_meetings_inserted()",
    "meetings_search_items_updated()",
    "meetings_search_meetings_updated()",
    "meetings_search_refresh(bigint[])",
    "meetings_search_document(text, text, text)",
]


def earlier(name: str):
    return importlib.import_module(f"meetings.migrations.{name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for name, event, table, referencing in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION meetings_{name}()"
        )
    schema_editor.execute("SELECT meetings_search_refresh(ARRAY(SELECT id FROM meetings_decision))")
    schema_editor.execute(
        "CREATE INDEX searchentry_document ON meetings_searchentry USING gin (document)"
    )
    # What searches read before, and nothing reads now.
    for table, index, _expression in earlier("0005_stored_search_vectors").VECTORS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("DROP INDEX IF EXISTS agendaitem_discussion_fts")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _event, table, _referencing in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for function in FUNCTION_NAMES:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    # Back to the state after 0005: 0002's indexes, of which 0005 keeps the discussion's.
    earlier("0002_search_indexes").create(apps, schema_editor)
    earlier("0005_stored_search_vectors").create(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0001_initial'),
        ('meetings', '0005_stored_search_vectors'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('decision', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_entry', serialize=False, to='meetings.decision')),
                ('status', models.CharField(max_length=20)),
                ('date', models.DateField()),
                ('item_position', models.PositiveSmallIntegerField()),
                ('position', models.PositiveSmallIntegerField()),
                ('document', django.contrib.postgres.search.SearchVectorField(null=True)),
                ('forum', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='council.forum')),
                ('meeting', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting')),
            ],
        ),
        migrations.RunPython(create, drop),
    ]

"""Stored, weighted search documents for /search/ on PostgreSQL; nothing on SQLite.

Each searched table gets a `search_document` tsvector column that PostgreSQL computes and
keeps current itself (a STORED generated column: every INSERT, UPDATE, COPY or raw SQL goes
through it, no code path can forget it), weighted A (the words themselves), B (translation),
C (context, role). It is indexed with RUM when the `rum` extension can be installed (Debian:
postgresql-15-rum), so results come out of the index already ranked and a search for the
commonest word reads 20 rows, not every match; otherwise with GIN, and statements/search.py
ranks a bounded set of the newest matches instead (docs/site.md).

A materialised view of the words in claims and speaker names, with a trigram index, answers
"did you mean"; `manage.py refresh_search_words` refreshes it.

Not declared in the models: SQLite has no tsvector. Replaces the expression indexes of 0007.
On a large live table, add the columns in a maintenance window: each rewrites its table.
"""

from django.conf import settings
from django.db import migrations

DOCUMENTS = {
    "statements_statement": (
        "setweight(to_tsvector({config}, COALESCE(text, '')), 'A') || "
        "setweight(to_tsvector({config}, COALESCE(translation, '')), 'B') || "
        "setweight(to_tsvector({config}, COALESCE(context, '')), 'C')"
    ),
    "statements_claim": "setweight(to_tsvector({config}, COALESCE(text, '')), 'A')",
    "statements_speaker": (
        "setweight(to_tsvector({config}, COALESCE(name, '')), 'A') || "
        "setweight(to_tsvector({config}, COALESCE(role, '')), 'C')"
    ),
}
OLD_INDEXES = {
    "statement_text_search": ("statements_statement", "text"),
    "claim_text_search": ("statements_claim", "text"),
    "speaker_name_search": ("statements_speaker", "name"),
}
WORDS = "statements_searchword"


def has_rum(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')")
        if not cursor.fetchone()[0]:
            return False
    try:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SAVEPOINT rum")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
            cursor.execute("RELEASE SAVEPOINT rum")
        return True
    except Exception:  # noqa: BLE001 - e.g. a role that may not create extensions: use GIN
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ROLLBACK TO SAVEPOINT rum")
        return False


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = schema_editor.quote_value(settings.SEARCH_CONFIG) + "::regconfig"
    rum = has_rum(schema_editor)
    method = "rum (search_document rum_tsvector_ops)" if rum else "gin (search_document)"
    for name in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for table, document in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document.format(config=config)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table.removeprefix('statements_')}_search_document "
            f"ON {table} USING {method}"
        )
    schema_editor.execute(
        f"CREATE MATERIALIZED VIEW {WORDS} AS "
        "SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('simple', text) FROM "
        "statements_claim UNION ALL SELECT to_tsvector('simple', name) "
        "FROM statements_speaker$$) WHERE length(word) > 2"
    )
    schema_editor.execute(f"CREATE UNIQUE INDEX searchword_word ON {WORDS} (word)")
    schema_editor.execute(
        f"CREATE INDEX searchword_trigram ON {WORDS} USING gin (word gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP MATERIALIZED VIEW IF EXISTS {WORDS}")
    for table in DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")
    config = schema_editor.quote_value(settings.SEARCH_CONFIG)
    for name, (table, column) in OLD_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector({config}::regconfig, COALESCE({column}, '')))"
        )


class Migration(migrations.Migration):
    dependencies = [("statements", "0009_list_order_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]

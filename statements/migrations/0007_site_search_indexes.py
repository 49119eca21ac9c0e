"""GIN indexes for /search/ on PostgreSQL; nothing on SQLite, which searches without them.

Each index is on exactly the expression statements/search.py queries with,
`to_tsvector(SEARCH_CONFIG, COALESCE(field, ''))`, or the planner will not use it. They are
not declared in Meta because SQLite cannot build them; tests/test_search.py checks on
PostgreSQL that the query plan uses them. On a large live table, create them CONCURRENTLY by
hand before deploying (docs/site.md).
"""

from django.conf import settings
from django.db import migrations

INDEXES = [
    ("statement_text_search", "statements_statement", "text"),
    ("claim_text_search", "statements_claim", "text"),
    ("speaker_name_search", "statements_speaker", "name"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = schema_editor.quote_value(settings.SEARCH_CONFIG)
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector({config}::regconfig, COALESCE({column}, '')))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("statements", "0006_desk_trigram")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

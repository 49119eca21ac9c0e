"""
The one place public data is watched: database triggers that bump `Generation`.

Every write to a table whose rows a public page, feed, sitemap or API response shows bumps
the generation in the same transaction. Triggers rather than signals, so that nothing can skip
them: admin forms, services, `QuerySet.update()`, `bulk_create()`, COPY, cascading deletes,
`loaddata`, history restores, management commands and raw SQL all fire them.

What is watched is every table of the public apps (`PUBLIC_APPS`) except those in
`NOT_PUBLIC`, plus the named columns of `PUBLIC_COLUMNS` elsewhere. So a model another part
of the project adds to those apps is watched without anyone remembering to: the worst a table
wrongly watched can do is empty the cache more often than needed, never serve a stale page.

On PostgreSQL one trigger fires per SQL statement, not per row, so a bulk load bumps the
generation once per statement. The bump takes the generation row's lock until the writing
transaction commits: writers of public data commit one after another (a desk save is
milliseconds), which is what makes the number and the data it stands for appear together.
"""

from django.apps import apps
from django.db import models

from factcheck.dbtriggers import SQLITE_EVENTS, TriggerFamily

from .models import Generation

TABLE = Generation._meta.db_table
FUNCTION = "publiccache_bump"

PUBLIC_APPS = ("statements", "pages", "graph", "promises")
# Rows no reader sees: the API's change log (written by triggers beside the rows it logs),
# the reader submissions queue (a flood of them must not empty the cache).
NOT_PUBLIC = {"statements.ClaimChange", "pages.ClaimSubmission"}
# Tables outside the public apps of which a few columns are shown: a verdict's authors by name.
PUBLIC_COLUMNS = {"accounts.User": ("username", "first_name", "last_name")}


def public_models() -> list[type[models.Model]]:
    """Every model of the public apps whose rows a reader may see."""
    from simple_history.models import HistoricalChanges

    return [
        model
        for label in PUBLIC_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in NOT_PUBLIC and not issubclass(model, HistoricalChanges)
    ]


def watched_tables() -> list[str]:
    """The tables of every public model (and its many-to-many tables), sorted."""
    tables = set()
    for model in public_models():
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables)


def column_watched_tables() -> dict[str, tuple[str, ...]]:
    """Tables of which only some columns are public, with those columns."""
    return {
        apps.get_model(label)._meta.db_table: tuple(
            apps.get_model(label)._meta.get_field(name).column for name in names
        )
        for label, names in PUBLIC_COLUMNS.items()
    }


def _postgresql() -> list[tuple[str | None, str]]:
    # An upsert, so a table emptied by TRUNCATE (test runs, a restore) starts counting again.
    bump = (
        f"INSERT INTO {TABLE} (id, number, changed_at) VALUES (1, 1, clock_timestamp()) "  # noqa: S608  # nosec B608
        f"ON CONFLICT (id) DO UPDATE SET number = {TABLE}.number + 1, "
        "changed_at = EXCLUDED.changed_at"
    )
    sql: list[tuple[str | None, str]] = [
        (
            None,
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {bump}; RETURN NULL; END $$",
        )
    ]
    for table in watched_tables():
        name = TRIGGERS.name(table)
        sql += [
            (table, f"DROP TRIGGER IF EXISTS {name} ON {table}"),
            (
                table,
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
            ),
        ]
    for table, columns in column_watched_tables().items():
        name = TRIGGERS.name(table)
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        sql += [
            (table, f"DROP TRIGGER IF EXISTS {name} ON {table}"),
            (
                table,
                f"CREATE TRIGGER {name} AFTER UPDATE OF {', '.join(columns)} ON {table} "
                f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {FUNCTION}()",
            ),
        ]
    return sql


def _sqlite() -> list[tuple[str | None, str]]:
    # SQLite has neither statement-level triggers nor upserts in trigger bodies; it has a
    # single writer, so a row-level REPLACE is as safe there.
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"
    bump = (
        f"INSERT OR REPLACE INTO {TABLE} (id, number, changed_at) VALUES (1, "  # noqa: S608  # nosec B608
        f"COALESCE((SELECT number FROM {TABLE} WHERE id = 1), 0) + 1, {now})"
    )
    sql: list[tuple[str | None, str]] = []
    for table in watched_tables():
        for event in SQLITE_EVENTS:
            name = f"{TRIGGERS.name(table)}_{event}"
            sql += [
                (table, f"DROP TRIGGER IF EXISTS {name}"),
                (
                    table,
                    f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                    f"FOR EACH ROW BEGIN {bump}; END",
                ),
            ]
    for table, columns in column_watched_tables().items():
        name = f"{TRIGGERS.name(table)}_update"
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        sql += [
            (table, f"DROP TRIGGER IF EXISTS {name}"),
            (
                table,
                f"CREATE TRIGGER {name} AFTER UPDATE ON {table} FOR EACH ROW WHEN {changed} "
                f"BEGIN {bump}; END",
            ),
        ]
    return sql


TRIGGERS = TriggerFamily(
    suffix="publiccache",
    what="public-cache",
    tables=lambda: [*watched_tables(), *column_watched_tables()],
    builders={"postgresql": _postgresql, "sqlite": _sqlite},
    target_table=TABLE,
)
# The names the migrations, apps.py and tests use.
install_triggers = TRIGGERS.install
uninstall_triggers = TRIGGERS.uninstall
installed_trigger_tables = TRIGGERS.installed_tables
install_triggers_after_migrate = TRIGGERS.install_after_migrate
drop_sqlite_triggers_before_migrate = TRIGGERS.drop_sqlite_triggers_before_migrate

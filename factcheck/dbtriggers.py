"""
Families of database triggers that the project installs from Python.

Two apps keep triggers in step with a list of tables: the claim change log
(`statements/changelog.py`) and the public cache's generation (`publiccache/triggers.py`).
What each trigger does is theirs; how a family is installed, dropped and found again is the
same, and lives here:

- installed after every `migrate`, once the table the triggers write to exists, so a table
  added to a list gets its trigger without a migration of its own; a table a later migration
  creates is skipped until then;
- dropped on SQLite before `migrate`: altering a table there rebuilds it, which a trigger on a
  neighbouring table breaks and which silently drops the table's own triggers (PostgreSQL keeps
  them through `ALTER TABLE`);
- named `<table>_<suffix>` (on SQLite `<table>_<suffix>_<event>`, as its triggers are per
  event), which is how the catalogue is asked which tables carry one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connections

SQLITE_EVENTS = ("insert", "update", "delete")

# For one database vendor: the SQL that (re)creates the family, each with the table it needs
# to exist (None: runs whatever exists, such as a shared function).
Builder = Callable[[], list[tuple[str | None, str]]]


@dataclass(frozen=True)
class TriggerFamily:
    suffix: str  # the end of every trigger's name: "claimchange", "publiccache"
    what: str  # for error messages: "change-log", "public-cache"
    tables: Callable[[], Iterable[str]]  # every table the family may put a trigger on
    builders: dict[str, Builder]  # by connection.vendor
    target_table: str  # the table the triggers write to; nothing is installed before it exists
    function_per_table: bool = False  # on PostgreSQL, a function named like each trigger

    def name(self, table: str) -> str:
        return f"{table}_{self.suffix}"

    def install(self, connection) -> None:
        """(Re)create the family's triggers on every table of it that exists. Safe to rerun."""
        if connection.vendor not in self.builders:
            raise NotImplementedError(f"No {self.what} triggers for {connection.vendor}.")
        existing = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for table, sql in self.builders[connection.vendor]():
                if table is None or table in existing:
                    cursor.execute(sql)

    def uninstall(self, connection) -> None:
        """Drop every trigger of the family (SQLite before migrate; unapplying a migration)."""
        existing = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for table in self.tables():
                name = self.name(table)
                if connection.vendor == "postgresql":
                    if table in existing:
                        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    if self.function_per_table:
                        cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                else:
                    for event in SQLITE_EVENTS:
                        cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")

    def installed_tables(self, connection) -> set[str]:
        """The tables that carry a trigger of the family, read from the database catalogue."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                    "WHERE trigger_name LIKE %s",
                    [f"%\\_{self.suffix}"],
                )
            else:
                cursor.execute(
                    "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                    "AND name LIKE %s ESCAPE '\\'",
                    [f"%\\_{self.suffix}\\_%"],
                )
            return {row[0] for row in cursor.fetchall()}

    def install_after_migrate(self, sender, using, **kwargs) -> None:
        """post_migrate: every table exists by now, including ones added since."""
        connection = connections[using]
        if self.target_table in connection.introspection.table_names():
            self.install(connection)

    def drop_sqlite_triggers_before_migrate(self, sender, using, **kwargs) -> None:
        """pre_migrate: SQLite rebuilds altered tables, which the triggers would break."""
        connection = connections[using]
        if connection.vendor == "sqlite":
            self.uninstall(connection)

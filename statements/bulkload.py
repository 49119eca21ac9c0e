"""
Bulk writes for loads of thousands of rows: COPY on PostgreSQL, executemany elsewhere.

Shared by the demo-data generator and the archive imports, so that there is one COPY writer.
Rows are built as plain tuples with primary keys reserved up front (`reserve_ids`), which is
what lets later tables point at earlier ones without reading anything back. Database triggers
fire on COPY as on INSERT, so the public cache and the change log see these rows like any other.
"""

import contextlib
import datetime
import io
import itertools
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Protocol

from django.db import connection, models

BATCH = 20_000
# A load of this many rows into a table, if it is also at least a quarter of what the table
# holds, drops the table's full-text indexes and builds them again after it (see below).
DEFER_TEXT_INDEXES_FROM = 10_000
DEFER_TEXT_INDEXES_SHARE = 4


class Progress(Protocol):
    """Anything told how many more rows are written (a progress bar)."""

    def advance(self, n: int) -> None: ...


def copy_value(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            value = value.replace("\r", "")
        return value
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return copy_value(str(value))


class TableWriter:
    """Writes rows of one model fast: COPY on PostgreSQL, executemany elsewhere.

    Columns are the model's concrete fields; a field the generator does not set gets the
    model's default, so a field added later needs no change here. On PostgreSQL the database
    loads one batch while Python builds the next (a second thread feeding COPY on the same
    connection and transaction).
    """

    def __init__(self, model: type[models.Model], given: tuple[str, ...], now):
        self.model = model
        self.table = model._meta.db_table
        self.fields = fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in fields]
        index = {f.attname: n for n, f in enumerate(fields)}
        self.positions = [index[name] for name in given]
        self.template: list = [None] * len(fields)
        self.callables: list[tuple[int, object]] = []
        for n, field in enumerate(fields):
            if field.attname in given:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.template[n] = now
            elif field.has_default() and callable(field.default):
                self.callables.append((n, field.default))
            elif field.has_default():
                self.template[n] = field.get_default()
            elif not field.null:
                self.template[n] = field.get_default()  # "" for text, as Django would save

    def rows(self, values: Iterable[tuple], fmt=lambda value: value) -> Iterator[list]:
        template = [fmt(value) for value in self.template]
        positions, callables = self.positions, self.callables
        for given in values:
            row = template.copy()
            for position, value in zip(positions, given, strict=True):
                row[position] = fmt(value)
            for position, default in callables:
                row[position] = fmt(default())
            yield row

    def write(self, values: Iterable[tuple], progress: Progress | None = None) -> None:
        if connection.vendor == "postgresql":
            self._copy(values, progress)
            return
        # Elsewhere (SQLite) each value goes through its field, as the ORM would send it: a
        # UUID as the backend stores it, a datetime as text.
        rows = (
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(self.fields, row, strict=True)
            ]
            for row in self.rows(values)
        )
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        while batch := list(itertools.islice(rows, BATCH)):
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(self.table)} "  # noqa: S608  # nosec B608
                    f"({columns}) VALUES ({marks})",
                    batch,
                )
            if progress is not None:
                progress.advance(len(batch))

    def _copy(self, values: Iterable[tuple], progress: Progress | None) -> None:
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        sql = f"COPY {connection.ops.quote_name(self.table)} ({columns}) FROM STDIN"
        connection.ensure_connection()
        raw = connection.connection  # the same session, so the same transaction
        batches: queue.Queue = queue.Queue(maxsize=2)
        failure: list[BaseException] = []

        def load():
            with raw.cursor() as cursor:
                while (item := batches.get()) is not None:
                    if failure:
                        continue  # drain, so the producer never blocks
                    buffer, count = item
                    try:
                        cursor.copy_expert(sql, buffer)
                    except BaseException as error:  # re-raised in the main thread
                        failure.append(error)
                        continue
                    if progress is not None:
                        progress.advance(count)

        loader = threading.Thread(target=load, name=f"copy {self.table}")
        loader.start()
        try:
            rows = self.rows(values, fmt=copy_value)
            while not failure and (batch := list(itertools.islice(rows, BATCH))):
                buffer = io.StringIO("".join(["\t".join(row) + "\n" for row in batch]))
                batches.put((buffer, len(batch)))
        finally:
            batches.put(None)
            loader.join()
        if failure:
            raise failure[0]


def reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of `count` consecutive primary keys no other writer will be given."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            cursor.execute(
                f"SELECT setval(%s, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "  # noqa: S608  # nosec B608
                "nextval(%s)) + %s)",
                [sequence, sequence, count],
            )
            (last,) = cursor.fetchone()
            return last - count + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608  # nosec B608
        return cursor.fetchone()[0] + 1


def created_revisions_write(model: type[models.Model], ids: range, *, reason: str) -> None:
    """A 'created' revision for each row of `model` with an id in `ids`, in one statement.

    What simple_history's bulk_create_with_history writes, dated when the row was created,
    but copied by the database from the rows themselves instead of built in Python.
    """
    historical = model.history.model
    columns = ", ".join(
        f.column for f in historical._meta.concrete_fields if not f.name.startswith("history_")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {historical._meta.db_table} ({columns}, history_date, "  # noqa: S608  # nosec B608
            "history_change_reason, history_type) "
            f"SELECT {columns}, created_at, %s, '+' FROM {model._meta.db_table} "
            "WHERE id >= %s AND id < %s",
            [reason, ids.start, ids.stop],
        )


@contextlib.contextmanager
def text_indexes_rebuilt(model: type[models.Model], *, rows: int):
    """Drop the table's full-text indexes for a big load and build them again after it.

    Building a RUM or GIN index over the whole table at once is several times cheaper than
    inserting each new row's words into it (RUM logs every page it touches), but only while
    the load is a good share of the table: a small load, or one into a large table, keeps
    the indexes. The dropped index is part of the transaction, so readers of the table wait
    for it (seconds for an archive import) and a failed load leaves the index as it was.
    """
    if connection.vendor != "postgresql" or rows < DEFER_TEXT_INDEXES_FROM:
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table]
        )
        if rows * DEFER_TEXT_INDEXES_SHARE < cursor.fetchone()[0]:
            indexes = []
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s "
                "AND (indexdef LIKE '%%USING gin%%' OR indexdef LIKE '%%USING rum%%')",
                [table],
            )
            indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    if not indexes:
        return
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still queued on the table would refuse CREATE INDEX
        # ("pending trigger events"): run them now, then defer the rest again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)

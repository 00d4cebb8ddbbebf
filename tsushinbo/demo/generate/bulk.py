"""Fast inserts for the big demo tables (votes, reports, comments).

Rows are plain tuples already in the database's text form, written with
COPY on PostgreSQL (psycopg 3) and executemany elsewhere: no model
instances, so ten million votes cost seconds of Python, not minutes.
Tables whose rows other rows point at get explicit ids (`IdBlock`), and the
sequences are moved past them afterwards (`reset_sequences`).
"""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

Row = tuple[Any, ...]


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def tune_for_bulk_load() -> None:
    """Give SQLite a page cache big enough for the vote indexes (this connection only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -131072")  # 128 MiB


def timestamp_formatter() -> Callable[[float], str]:
    """UTC seconds since the epoch → the text a DateTimeField column stores."""
    pattern = "%Y-%m-%d %H:%M:%S" + ("+00" if is_postgresql() else "")
    strftime, gmtime = time.strftime, time.gmtime
    return lambda seconds: strftime(pattern, gmtime(seconds))


class RowWriter:
    """Insert tuples into one model's table, naming only the columns that vary.

    Every other concrete column gets its field default (converted once), so a
    column added later by another app does not break the demo.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.table = model._meta.db_table
        given = [model._meta.get_field(name) for name in fields]
        self.constant: list[Any] = []
        constant_columns = []
        for field in model._meta.concrete_fields:
            if field in given or (field.primary_key and "id" not in fields):
                continue
            constant_columns.append(field.column)
            self.constant.append(_default_for(field))
        self.columns = [str(f.column) for f in given] + constant_columns  # type: ignore[union-attr]
        self.extra = tuple(self.constant)

    def write(self, rows: Sequence[Row]) -> int:
        if not rows:
            return 0
        connection.ensure_connection()
        raw = connection.connection
        quote = connection.ops.quote_name
        names = ", ".join(quote(column) for column in self.columns)
        extra = self.extra
        if is_postgresql():
            with raw.cursor() as cursor:  # type: ignore[union-attr]
                sql = f"COPY {quote(self.table)} ({names}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row + extra)
        else:
            marks = ", ".join("?" for _ in self.columns)
            cursor = raw.cursor()  # type: ignore[union-attr]
            sql = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})"
            cursor.executemany(sql, [row + extra for row in rows] if extra else rows)
            cursor.close()
        return len(rows)


def _default_for(field: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value: Any = timezone.now()
    elif field.has_default() or (field.empty_strings_allowed and not field.null):
        value = field.get_default()  # "" for a blank text column
    elif field.null:
        return None
    else:
        raise ValueError(f"demo rows must set {field.model.__name__}.{field.name}")
    prepared = field.get_db_prep_save(value, connection)
    if is_postgresql() and hasattr(prepared, "dumps"):  # a JSON adapter
        return prepared.dumps(prepared.obj)
    return prepared


class IdBlock:
    """Hand out ids above the table's current maximum, for rows others point at."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.next_id = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def take(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value


def reset_sequences(*models_with_ids: type[models.Model]) -> None:
    """Move PostgreSQL's id sequences past explicitly inserted ids (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_with_ids))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class InstanceWriter(RowWriter):
    """Write unsaved model instances (with their ids set) through the fast path."""

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = [field for field in model._meta.concrete_fields]
        super().__init__(model, [field.name for field in self.fields])
        self.stamp = timestamp_formatter()
        self.auto_now = {
            field.attname for field in self.fields if getattr(field, "auto_now", False)
        }

    def write_instances(self, instances: Sequence[models.Model]) -> int:
        now = time.time()
        return self.write([self.row_of(instance, now) for instance in instances])

    def row_of(self, instance: models.Model, now: float) -> Row:
        values = []
        for field in self.fields:
            value = getattr(instance, field.attname)
            if field.attname in self.auto_now or (value is None and not field.null):
                value = field.pre_save(instance, add=True)
            if isinstance(value, datetime.datetime):
                value = self.stamp(value.timestamp())
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False)
            values.append(value)
        return tuple(values)


class IndexesDeferred:
    """Drop a still-empty table's secondary indexes for a bulk load and rebuild them after.

    Building an index once over sorted data is far cheaper than keeping it up
    to date row by row. Unique indexes are rebuilt as unique, so a duplicate
    still fails the load. A table that already holds rows is left alone.
    """

    def __init__(self, *models_to_load: type[models.Model]) -> None:
        self.tables = [m._meta.db_table for m in models_to_load if not m._default_manager.exists()]
        self.dropped: list[str] = []

    def __enter__(self) -> IndexesDeferred:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.tables:
                for name, sql in _secondary_indexes(cursor, table):
                    cursor.execute(f"DROP INDEX {quote(name)}")
                    self.dropped.append(sql)
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            return  # the transaction rolls back, indexes included
        with connection.cursor() as cursor:
            if is_postgresql() and self.dropped:
                # PostgreSQL builds no index over rows with foreign-key checks
                # still pending: run those checks now rather than at commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for sql in self.dropped:
                cursor.execute(sql)


def _secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    if is_postgresql():
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [connection.ops.quote_name(table)],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [table],
        )
    return list(cursor.fetchall())

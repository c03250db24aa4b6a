"""Writing demo data fast: batches of rows through Core ``insert``, or on SQLite straight to the
driver as tuples bound exactly as SQLAlchemy would bind them, with the collector and foreign-key
checks paused (``bulk_mode``). Used by demo/generate.py; kept apart so the generator stays about
what a realistic case looks like."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import sqltypes


def _fast_bind(dialect: Dialect, column: Any) -> Callable[[Any], Any] | None:
    """The value SQLAlchemy would bind for ``column`` on SQLite, cheaper where that is exact: its
    DateTime and Date store ``isoformat`` text (a naive datetime: "2026-11-23 10:00:00.000000"),
    sqlite3 stores a bool as 1/0 as SQLAlchemy's Boolean does; anything else uses SQLAlchemy's own."""
    from sqlalchemy.dialects.sqlite import DATE, DATETIME

    impl = column.type.dialect_impl(dialect)
    slow = impl.bind_processor(dialect)
    if slow is None or isinstance(column.type, sqltypes.Boolean):
        return None
    if isinstance(impl, DATETIME) and impl._storage_format == DATETIME._storage_format:
        return lambda v: (v.isoformat(" ", "microseconds") if type(v) is datetime and v.tzinfo is None
                          else slow(v))
    if isinstance(impl, DATE) and impl._storage_format == DATE._storage_format:
        return lambda v: v.isoformat() if type(v) is date else slow(v)
    return slow  # None included: SQLAlchemy's JSON stores None as 'null'


class Writer:
    """Writes batches of rows, table by table, through Core ``insert``; ``finish()`` before commit."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(table.insert(), rows)

    def finish(self) -> None:
        pass


class SqliteWriter(Writer):
    """On SQLite the rows go to the driver's ``executemany`` as tuples, bound as SQLAlchemy would bind
    them (``_fast_bind``) without its per-row parameter processing, which costs more than SQLite's own
    work. The search index is filled in one pass at the end (FTS5 'rebuild', a quarter of the work of
    its insert trigger row by row); the trigger is dropped inside the transaction and put back, so a
    failure rolls both back."""

    TRIGGER = "case_search_ai"

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.plans: dict[tuple[str, tuple[str, ...]], tuple[str, Callable[[dict[str, Any]], Any], list[Any]]] = {}
        self.trigger_sql: str | None = None

    def write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if table.name == "case_search" and self.trigger_sql is None:
            self._defer_search_index()
        sql, get, binds = self._plan(table, tuple(rows[0]))
        if binds:
            values: list[Any] = []
            for row in rows:
                value = list(get(row))
                for i, bind in binds:
                    value[i] = bind(value[i])
                values.append(tuple(value))
        else:
            values = [get(row) for row in rows]
        self.conn.exec_driver_sql(sql, values)

    def _plan(self, table: Table, keys: tuple[str, ...]) -> tuple[str, Callable[[dict[str, Any]], Any], list[Any]]:
        plan = self.plans.get((table.name, keys))
        if plan is None:
            quote = self.conn.dialect.identifier_preparer.quote
            sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
                   f"VALUES ({', '.join('?' * len(keys))})")
            binds = [(i, f) for i, k in enumerate(keys) if (f := _fast_bind(self.conn.dialect, table.c[k])) is not None]
            get = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
            plan = self.plans[(table.name, keys)] = (sql, get, binds)
        return plan

    def _defer_search_index(self) -> None:
        self.trigger_sql = ""
        if not self.conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            return  # DDL outside a transaction would not be undone by a rollback: keep the trigger
        found = self.conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                          (self.TRIGGER,)).scalar()
        if found:
            self.conn.exec_driver_sql(f"DROP TRIGGER {self.TRIGGER}")
            self.trigger_sql = found

    def finish(self) -> None:
        if self.trigger_sql:
            self.conn.exec_driver_sql("INSERT INTO case_search_fts(case_search_fts) VALUES ('rebuild')")
            self.conn.exec_driver_sql(self.trigger_sql)
            self.trigger_sql = ""


@contextmanager
def bulk_mode(conn: Connection) -> Iterator[None]:
    """Pause the garbage collector (millions of acyclic rows: 20% faster) and, on SQLite, foreign-key
    checks (rows are consistent by construction; the tests run foreign_key_check) and the small page
    cache. The pragmas are per connection and only work outside a transaction: set before, reset after."""
    was_enabled = gc.isenabled()
    gc.disable()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql("PRAGMA cache_size=-262144")
        conn.commit()
    try:
        yield
    finally:
        if sqlite:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.exec_driver_sql("PRAGMA cache_size=-2000")
            conn.commit()
        if was_enabled:
            gc.enable()

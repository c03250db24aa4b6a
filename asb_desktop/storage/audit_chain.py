"""The audit trail as a hash chain: each entry carries the SHA-256 of the one before it.

Why: the triggers of the first migration stop the app from changing or deleting audit entries,
but someone with direct access to the database file or server could still do it. With the chain,
a changed entry no longer matches its own hash, and a removed one breaks the link of the next;
``asb audit verify`` walks the chain in id order and names the first entry that does not fit.

Entries are chained in insertion order. Two writers must not both read the same last hash: on
PostgreSQL a transaction-level advisory lock is taken before the last hash is read and held until
commit; on SQLite the write lock is taken first (``BEGIN IMMEDIATE``). The ids of new entries are
given here, under that lock, so id order is chain order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, DateTime, Integer, String, Text, column, table, text

# The columns this module reads and writes, named here rather than imported from orm.py (which
# imports this module to install the session hooks): no import cycle.
AUDIT_LOG = table("audit_log", column("id", Integer), column("at", DateTime), column("username", String),
                  column("action", String), column("entity", String), column("entity_id", String),
                  column("case_reference", String), column("summary", Text), column("detail", JSON),
                  column("prev_hash", String), column("hash", String))
GENESIS = ""  # the "previous hash" of the first entry
LOCK_KEY = 0x41534241  # "ASBA": the PostgreSQL advisory lock guarding the end of the chain
FIELDS = ("at", "username", "action", "entity", "entity_id", "case_reference", "summary", "detail")
BATCH = 2000


def normalise_at(at: datetime) -> datetime:
    """The moment as both backends store it: naive local time (an aware time is converted)."""
    if at.tzinfo is not None:
        return at.astimezone().replace(tzinfo=None)
    return at


def normalise_detail(detail: Any) -> Any:
    """The detail as it reads back from the JSON column (tuples become lists, keys strings)."""
    return json.loads(json.dumps(detail if detail is not None else {}))


def entry_hash(prev_hash: str, at: datetime, username: str, action: str, entity: str, entity_id: str,
               case_reference: str | None, summary: str, detail: Any) -> str:
    """SHA-256 (hex) of one entry's fields and the previous entry's hash, canonically serialised."""
    canonical = json.dumps(
        {"v": 1, "prev": prev_hash or GENESIS, "at": normalise_at(at).isoformat(timespec="microseconds"),
         "username": username, "action": action, "entity": entity, "entity_id": entity_id or "",
         "case_reference": case_reference, "summary": summary or "", "detail": normalise_detail(detail)},
        sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def hash_of_row(prev_hash: str, row: Any) -> str:
    """The hash an entry (an ORM object, a Row or a mapping of FIELDS) should carry."""
    get: Any = row.get if isinstance(row, dict) else (lambda name: getattr(row, name))
    return entry_hash(prev_hash, get("at"), get("username"), get("action"), get("entity"), get("entity_id"),
                      get("case_reference"), get("summary"), get("detail"))


def lock_chain_end(conn: Connection) -> None:
    """Serialise writers of the audit trail until this transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        return
    dbapi = conn.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:  # type: ignore[attr-defined]
        # pysqlite begins a transaction only at the first write: take the write lock now, before the
        # last hash is read, so another process cannot append in between.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def chain_end(conn: Connection) -> tuple[int, str]:
    """The id and hash of the last entry (0 and GENESIS when the trail is empty). Call under the lock."""
    row = conn.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    return (0, GENESIS) if row is None else (int(row[0]), row[1] or "")


def next_ids(conn: Connection, last_id: int, count: int) -> list[int]:
    """Ids for ``count`` new entries, in order. PostgreSQL takes them from the table's sequence."""
    if conn.dialect.name == "postgresql":
        return list(conn.scalars(text("SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) "
                                      "FROM generate_series(1, :n) ORDER BY 1"), {"n": count}))
    return list(range(last_id + 1, last_id + 1 + count))


def append_rows(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Insert audit entries (mappings of FIELDS) at the end of the chain, without the ORM."""
    rows = [dict(r) for r in rows]
    if not rows:
        return
    lock_chain_end(conn)
    last_id, prev = chain_end(conn)
    for row, new_id in zip(rows, next_ids(conn, last_id, len(rows)), strict=True):
        row["at"] = normalise_at(row["at"])
        row.setdefault("entity_id", "")
        row.setdefault("case_reference", None)
        row.setdefault("summary", "")
        row["detail"] = normalise_detail(row.get("detail"))
        row["id"], row["prev_hash"] = new_id, prev
        row["hash"] = prev = hash_of_row(prev, row)
    conn.execute(AUDIT_LOG.insert(), rows)


def chain_new_entries(conn: Connection, entries: list[Any]) -> None:
    """Give new ORM AuditEntry objects (in insertion order) their ids and hashes, under the lock."""
    lock_chain_end(conn)
    last_id, prev = chain_end(conn)
    for entry, new_id in zip(entries, next_ids(conn, last_id, len(entries)), strict=True):
        entry.at = normalise_at(entry.at)
        entry.entity_id = entry.entity_id or ""
        entry.summary = entry.summary or ""
        entry.detail = normalise_detail(entry.detail)
        entry.id, entry.prev_hash = new_id, prev
        entry.hash = prev = hash_of_row(prev, entry)


# ------------------------------------------------------------------------------------------ verify
@dataclass(frozen=True)
class ChainBreak:
    id: int
    at: datetime
    reason: str  # "changed" | "missing_before" | "unhashed"

    @property
    def plain(self) -> str:
        when = self.at.strftime("%d/%m/%Y %H:%M:%S") if isinstance(self.at, datetime) else str(self.at)
        if self.reason == "changed":
            return (f"Entry {self.id} (recorded {when}) has been changed since it was written: its contents "
                    "no longer match its fingerprint.")
        if self.reason == "unhashed":
            return f"Entry {self.id} (recorded {when}) has no fingerprint: it was not written by ASB Desktop."
        return (f"Entry {self.id} (recorded {when}) does not follow on from the entry before it: an earlier "
                "entry has been removed, or changed and given a new fingerprint.")


@dataclass(frozen=True)
class ChainReport:
    entries: int
    last_id: int | None
    last_hash: str
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _rows(conn: Connection) -> Iterator[Any]:
    """Every entry in id order, a batch at a time (keyset pages: no long server-side cursor)."""
    from sqlalchemy import select

    t = AUDIT_LOG
    after = None
    while True:
        stmt = select(t.c.id, t.c.prev_hash, t.c.hash, *[t.c[f] for f in FIELDS]).order_by(t.c.id).limit(BATCH)
        if after is not None:
            stmt = stmt.where(t.c.id > after)
        batch = conn.execute(stmt).all()
        if not batch:
            return
        yield from batch
        after = batch[-1].id


def verify_chain(conn: Connection) -> ChainReport:
    """Walk the chain in id order; the first entry that does not fit is reported."""
    prev, count, last_id = GENESIS, 0, None
    for row in _rows(conn):
        count += 1
        if not row.hash:
            return ChainReport(count, row.id, prev, ChainBreak(row.id, row.at, "unhashed"))
        if (row.prev_hash or GENESIS) != prev:
            return ChainReport(count, row.id, prev, ChainBreak(row.id, row.at, "missing_before"))
        if hash_of_row(prev, row) != row.hash:
            return ChainReport(count, row.id, prev, ChainBreak(row.id, row.at, "changed"))
        prev, last_id = row.hash, row.id
    return ChainReport(count, last_id, prev, None)


# ------------------------------------------------------------------------------------- ORM hooks
PENDING = "asb_audit_pending"


def defer(session: Any, entry: Any) -> None:
    """Add ``entry`` when ``session`` commits rather than now, so the chain's lock is held only for
    the last moment of the transaction (not from an early autoflush to the end)."""
    session.info.setdefault(PENDING, []).append(entry)


def _before_flush(session: Any, _flush_context: Any, _instances: Any) -> None:
    from sqlalchemy import inspect

    new = [obj for obj in session.new if getattr(type(obj), "__tablename__", None) == "audit_log"]
    if new:
        new.sort(key=lambda obj: inspect(obj).insert_order)
        chain_new_entries(session.connection(), new)


def _before_commit(session: Any) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        session.flush()  # everything else first, so the lock is held only for the audit rows and the commit
        session.add_all(pending)
        session.flush()


def _after_soft_rollback(session: Any, _previous: Any) -> None:
    session.info.pop(PENDING, None)


def register_listeners() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    for name, fn in (("before_flush", _before_flush), ("before_commit", _before_commit),
                     ("after_soft_rollback", _after_soft_rollback)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)

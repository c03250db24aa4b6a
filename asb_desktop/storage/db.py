"""Engines, connection settings and schema upgrades.

SQLite (the single-user default) runs in WAL mode with foreign keys on; any other SQLAlchemy URL
(``postgresql+psycopg://...``) is used as given for a team. On open, a database older than this
version of the app is upgraded with Alembic after a backup is taken.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from .errors import DatabaseError
from .revisions import MIGRATIONS, alembic_config, head_revision, revision_of

__all__ = ["DatabaseError", "MIGRATIONS", "alembic_config", "head_revision", "make_engine", "revision_of",
           "upgrade"]

if TYPE_CHECKING:  # Alembic is imported only when a schema has to be read or changed (it is slow to import)
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)


def normalise_url(url: str) -> str:
    """Accept a bare file path or ``postgresql://`` and make an explicit SQLAlchemy URL."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"'{url}' is not a database address. Use a file path or postgresql://user@host/db.") \
            from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            folder.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, poolclass=NullPool if parsed.database == ":memory:" else None)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise DatabaseError(f"Database type '{parsed.get_backend_name()}' is not supported: use SQLite or PostgreSQL.")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_of(conn)


def backup_sqlite_file(engine: Engine, dest: Path) -> Path:
    """A consistent copy of a live SQLite database (the sqlite3 backup API, safe under WAL).

    Written under a temporary name and renamed when complete, so a copy stopped half-way (kill -9,
    power cut) never lies under ``dest`` looking like a backup, and a retry never opens it."""
    import tempfile

    from .files import fsync_dir

    src_path = engine.url.database
    assert src_path
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    os.close(fd)
    try:
        _copy_sqlite(src_path, tmp_name)
        os.replace(tmp_name, dest)
        fsync_dir(dest.parent)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return dest


def _copy_sqlite(src_path: str, dest: str) -> None:
    src = sqlite3.connect(src_path)
    try:
        out = sqlite3.connect(dest)
        try:
            with out:
                src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, whatever the source's mode
            fd = os.open(dest, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        finally:
            out.close()
    finally:
        src.close()


def _known(script: ScriptDirectory, revision: str) -> bool:
    """Whether this version of the app has the migration (Alembic raises, not returns None, when not)."""
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _declared_heads() -> str | None:
    """head_revision() read from the migration files' ``revision``/``down_revision`` lines without
    importing Alembic; None when a file is not that plain (then Alembic decides)."""
    import ast
    import re

    revisions: set[str] = set()
    parents: set[str] = set()
    files = sorted((MIGRATIONS / "versions").glob("*.py"))
    for path in files:
        found = re.findall(r"^(revision|down_revision|depends_on)\s*(?::[^=\n]*)?=\s*(.*?)\s*$",
                           path.read_text(encoding="utf-8"), re.M)
        try:
            values = {name: ast.literal_eval(value) for name, value in found}
        except (ValueError, SyntaxError):
            return None
        revision, down = values.get("revision"), values.get("down_revision")
        downs = down if isinstance(down, tuple | list) else (down,) if down is not None else ()
        if (len(found) != len(values) or not isinstance(revision, str) or values.get("depends_on")
                or not all(isinstance(d, str) for d in downs)):
            return None
        revisions.add(revision)
        parents.update(downs)
    return "+".join(sorted(revisions - parents)) if files else None


def _stored_heads(engine: Engine) -> str | None:
    """The revisions in ``alembic_version`` in head_revision() form; None when there is no such table."""
    try:
        with engine.connect() as conn:
            return "+".join(sorted(conn.scalars(text("SELECT version_num FROM alembic_version")))) or None
    except Exception:  # noqa: BLE001 - no table (a new database) or unreadable: Alembic decides below
        return None


def upgrade(engine: Engine, backup_dir: Path | None = None, key_file: Path | None = None) -> str | None:
    """Bring the schema to the newest revision. Returns the path of the backup taken, if any.

    An empty database is created from scratch; an older one is backed up first (into
    ``backup_dir``; on PostgreSQL a backup signed with the key in ``key_file``, made if missing). A database made
    by a newer version of the app is refused rather than touched.
    """
    declared = _declared_heads()
    if declared is not None and _stored_heads(engine) == declared:
        return None  # already current: the common start, answered without importing Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    script = ScriptDirectory.from_config(alembic_config(engine))
    if current is not None and not all(_known(script, rev) for rev in current.split("+")):
        raise DatabaseError("This database was made by a newer version of ASB Desktop. Install the newer "
                            "version, or open a different database.")
    backup_path = None
    if current is None:
        if inspect(engine).get_table_names():
            raise DatabaseError("This database already holds tables that are not ASB Desktop's. "
                                "Choose an empty database or an ASB Desktop one.")
    elif backup_dir is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        if is_sqlite(engine):
            backup_path = str(backup_sqlite_file(engine, backup_dir / f"before-upgrade-{stamp}.sqlite"))
        else:
            from .keys import load_key
            from .snapshot import write_snapshot

            if key_file is None:
                raise ValueError("a backup taken before an upgrade needs the organisation's key file")
            key = load_key(key_file, create=True)
            backup_path = str(write_snapshot(engine, backup_dir / f"before-upgrade-{stamp}.asbbackup", key))
        log.info("backed up database to %s before upgrading from %s", backup_path, current)
    command.upgrade(alembic_config(engine), "heads")
    return backup_path

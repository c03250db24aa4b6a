"""Backend-neutral backup and restore of the whole database and the evidence files.

Why: a team moving from one officer's SQLite file to PostgreSQL (or back) needs a backup that
depends on neither pg_dump nor a copy of a live SQLite file. A backup (``.asbbackup``) is a zip:
``manifest.json`` (format, schema revision, row counts, SHA-256 of every member), ``manifest.sig``
(the manifest's HMAC under the organisation's key, storage/keys.py), one JSON-lines file per table
under ``tables/``, the evidence store under ``files/`` and the files the app generated (documents,
notice packs, bundles; ``layout.GENERATED``) under ``data/``.

The tables are read in one consistent snapshot. A restore checks the whole backup before it
touches the database, then drops, recreates and reloads the schema in ONE transaction (both
backends have transactional DDL), so a failed restore leaves the old database as it was. The check
covers each value against the schema (types, lengths, the procedure's vocabularies, references
between rows) and names the table, row and column of the first bad value.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO, Any

from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..domain import enums
from . import keys
from .errors import DatabaseError
from .files import fsync_dir
from .layout import GENERATED
from .orm import Base
from .revisions import alembic_config, head_revision, revision_of

FORMAT = "asb-desktop-backup"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
BATCH = 1000
CHUNK = 1 << 20
INT_RANGE = (-(2**31), 2**31 - 1)  # PostgreSQL INTEGER
# Already compressed: stored as they are rather than deflated again.
COMPRESSED = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp3", ".m4a", ".aac", ".ogg",
                        ".opus", ".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".zip", ".gz", ".7z",
                        ".docx", ".xlsx", ".pptx", ".odt", ".pdf"})


class SnapshotError(DatabaseError):
    """A backup that cannot be written, read or restored, said in plain English."""


class RestoreRefused(SnapshotError):
    """The target database holds cases and the caller did not ask to replace them."""


# The procedure's vocabularies, by table and column: a restore refuses any other value.
VOCABULARIES: dict[tuple[str, str], type[enums.LabelledEnum]] = {
    ("cases", "channel"): enums.Channel, ("cases", "status"): enums.CaseStatus,
    ("cases", "closure_reason"): enums.ClosureReason, ("cases", "risk_band"): enums.RiskBand,
    ("case_links", "kind"): enums.LinkKind, ("case_parties", "role"): enums.PartyRole,
    ("case_parties", "third_party_kind"): enums.ThirdPartyKind, ("tenancies", "tenancy_type"): enums.TenancyType,
    ("tenancies", "rent_period"): enums.RentPeriod,
    ("tasks", "kind"): enums.TaskKind, ("contacts", "method"): enums.ContactMethod,
    ("contacts", "outcome"): enums.ContactOutcome, ("interviews", "kind"): enums.InterviewKind,
    ("notes", "kind"): enums.NoteKind, ("risk_assessments", "band"): enums.RiskBand,
    ("remedies", "kind"): enums.RemedyKind, ("remedies", "status"): enums.RemedyStatus,
}
ROLE_LISTS = {("users", "roles")}  # JSON lists of enums.Role


# ------------------------------------------------------------------------------------------ write
def write_snapshot(engine: Engine, dest: Path, key: bytes, files_root: Path | None = None,
                   data_dir: Path | None = None) -> Path:
    """Write a backup to ``dest`` (a file, or a folder to put a dated file in); returns its path.

    ``files_root``: the evidence store; ``data_dir``: the data folder, whose generated files
    (``layout.GENERATED``) are kept too; ``key``: the organisation's signing key.

    Written under a temporary name and renamed at the end, so a crash never leaves a
    half-written backup that looks complete.
    """
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"asb-{datetime.now():%Y%m%d-%H%M%S}.asbbackup"
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        members: dict[str, str] = {}
        counts: dict[str, int] = {}
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            with _read_snapshot(engine) as conn:
                revision = revision_of(conn)
                if revision is None:
                    raise SnapshotError("This database has no ASB Desktop tables, so there is nothing to back up.")
                for table in _tables(conn, revision):
                    name = f"tables/{table.name}.jsonl"
                    counts[table.name], members[name] = _write_table(zf, conn, table, name)
            files = _write_files(zf, Path(files_root), members, "files/") if files_root is not None else 0
            generated = sum(_write_files(zf, Path(data_dir) / area, members, f"data/{area}/")
                            for area in GENERATED) if data_dir is not None else 0
            manifest = {"format": FORMAT, "version": VERSION, "app_version": __version__,
                        "schema_revision": revision, "app_schema_revision": head_revision(),
                        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                        "source_backend": engine.dialect.name, "tables": counts, "files": files,
                        "generated_files": generated, "members": members}
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
            zf.writestr(MANIFEST, body)
            zf.writestr(SIGNATURE, json.dumps({"algorithm": "HMAC-SHA256", "key_id": keys.key_id(key),
                                               "signature": keys.sign(key, body)}))
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


@contextmanager
def _read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one moment of the database."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn
        else:
            conn.exec_driver_sql("BEGIN")  # pysqlite would otherwise read each table in its own transaction
            try:
                yield conn
            finally:
                conn.rollback()


def _tables(conn: Connection, revision: str) -> list[Table]:
    """This app's tables; an older schema (the backup taken before an upgrade) is read as it is."""
    if revision == head_revision():
        return list(Base.metadata.sorted_tables)
    reflected = MetaData()
    reflected.reflect(conn, only=lambda name, _: name != "alembic_version"
                      and not name.startswith(("case_search_fts", "sqlite_")))
    return list(reflected.sorted_tables)


def _encode(value: Any) -> Any:
    """JSON for the values json cannot write itself: dates as ISO 8601, binary (a drawn signature) as base64."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):  # PostgreSQL's driver returns bytea as memoryview
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _batch(table: Table) -> int:
    """Rows read or written at a time: few for the team file store's 1 MiB chunks, so memory stays small."""
    return 4 if table.name == "stored_blob_chunks" else BATCH


def _write_table(zf: zipfile.ZipFile, conn: Connection, table: Table, name: str) -> tuple[int, str]:
    columns = [c for c in table.columns if c.computed is None]  # e.g. PostgreSQL's generated tsvector
    order = list(table.primary_key.columns) or columns
    digest, count = hashlib.sha256(), 0
    with zf.open(name, "w", force_zip64=True) as out:
        result = conn.execution_options(yield_per=_batch(table)).execute(select(*columns).order_by(*order))
        for row in result.mappings():
            line = (json.dumps(dict(row), default=_encode, ensure_ascii=False, separators=(",", ":"))
                    + "\n").encode("utf-8")
            digest.update(line)
            out.write(line)
            count += 1
    return count, digest.hexdigest()


def _write_files(zf: zipfile.ZipFile, root: Path, members: dict[str, str], prefix: str) -> int:
    """A folder's files, streamed (files may be hours of video); symlinks and unfinished
    ``.partial`` writes are left out."""
    if not root.is_dir():
        return 0
    count = 0
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for filename in sorted(names):
            path = Path(folder, filename)
            if path.is_symlink() or not path.is_file() or path.name.endswith(".partial"):
                continue
            name = prefix + path.relative_to(root).as_posix()
            info = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
            info.compress_type = (zipfile.ZIP_STORED if path.suffix.lower() in COMPRESSED
                                  else zipfile.ZIP_DEFLATED)
            members[name] = _copy(path.open("rb"), zf.open(info, "w", force_zip64=True))
            count += 1
    return count


def _copy(src: IO[bytes], out: IO[bytes]) -> str:
    digest = hashlib.sha256()
    with src, out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()




# ---------------------------------------------------------------------------------------- restore
def restore_snapshot(engine: Engine, src: Path, key: bytes, files_root: Path | None = None,
                     replace: bool = False, data_dir: Path | None = None) -> dict[str, Any]:
    """Restore a backup into ``engine``'s database (either backend), the evidence into ``files_root``
    and the generated files into ``data_dir``.

    Refuses (``RestoreRefused``) a database that holds cases unless ``replace``; a database with
    no cases is replaced without asking. Raises ``SnapshotError`` for a damaged backup, one not
    signed with ``key``, one with a value the schema does not allow, or one made by a different
    schema revision. Returns what was restored.
    """
    src = Path(src)
    postgres = engine.dialect.name == "postgresql"
    with _open_backup(src) as zf:
        manifest = _check_manifest(zf, src, key)
        with engine.connect() as conn:
            _refuse_if_occupied(conn, replace)
            conn.rollback()
        _check_contents(zf, manifest, postgres)
        # The files go in place first, so a restore stopped at any moment (kill -9, power cut) never
        # leaves the restored database without a file it records: evidence is stored under its hash
        # and a generated file not already there is new, so neither changes what the old database
        # holds. A generated file that exists with other contents is replaced after the commit.
        deferred: list[zipfile.ZipInfo] = []
        try:
            files = _restore_files(zf, "files/", Path(files_root), manifest["members"]) \
                if files_root is not None else 0
            if data_dir is not None:
                _restore_files(zf, "data/", Path(data_dir), manifest["members"], defer=deferred)
        except OSError as exc:
            raise SnapshotError(f"The backup's files could not all be written to {files_root} or {data_dir} ({exc}), "
                                "so the database was not restored and is as it was. Fix that, then restore "
                                "again.") from exc
        with engine.connect() as conn:
            if not postgres:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # hold SQLite's write lock from the first read
            try:
                _refuse_if_occupied(conn, replace)
                _drop_schema(conn)
                _migrate(conn)
                for table in Base.metadata.sorted_tables:
                    batch: list[dict[str, Any]] = []
                    for row in _rows(zf, table, postgres):
                        batch.append(row)
                        if len(batch) >= _batch(table):
                            conn.execute(table.insert(), batch)
                            batch = []
                    if batch:
                        conn.execute(table.insert(), batch)
                _after_load(conn, postgres)
                conn.commit()
            except SQLAlchemyError as exc:
                conn.rollback()
                raise SnapshotError(f"The backup could not be loaded, so the restore was undone and the database "
                                    f"is as it was before: {getattr(exc, 'orig', None) or exc}") from exc
            except BaseException:
                conn.rollback()
                raise
        try:
            if data_dir is not None and deferred:
                _restore_files(zf, "data/", Path(data_dir), manifest["members"], only=deferred)
        except OSError as exc:
            raise SnapshotError(f"The database was restored, but the generated documents could not all be written "
                                f"to {data_dir} ({exc}). Fix that, then restore again with replace.") from exc
    return {"tables": dict(manifest["tables"]), "rows": sum(manifest["tables"].values()), "files": files,
            "files_in_backup": manifest["files"], "generated_files": manifest.get("generated_files", 0), "schema_revision": manifest["schema_revision"],
            "created_at": manifest.get("created_at"), "source_backend": manifest.get("source_backend")}


@contextmanager
def _open_backup(src: Path) -> Iterator[zipfile.ZipFile]:
    if not src.is_file():
        raise SnapshotError(f"There is no backup file at {src}.")
    try:
        zf = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise SnapshotError(f"{src.name} is not a readable ASB Desktop backup: the file is damaged, cut short "
                            f"or not a backup at all ({exc}).") from None
    try:
        yield zf
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise SnapshotError(f"{src.name} is damaged and cannot be read ({exc}). Nothing was restored from "
                            "it; use another backup.") from None
    finally:
        zf.close()


def signing_key_id(src: Path) -> str | None:
    """The fingerprint of the key that signed ``src`` (None when it is unsigned or damaged): lets a
    restore pick the right key file before checking anything."""
    with _open_backup(src) as zf:
        try:
            sig = json.loads(zf.read(SIGNATURE))
        except (KeyError, ValueError, UnicodeDecodeError):
            return None
    found = sig.get("key_id") if isinstance(sig, dict) else None
    return found if isinstance(found, str) else None


def _check_manifest(zf: zipfile.ZipFile, src: Path, key: bytes) -> dict[str, Any]:
    names = zf.namelist()
    if MANIFEST not in names:
        raise SnapshotError(f"{src.name} is not an ASB Desktop backup: it has no {MANIFEST}.")
    body = zf.read(MANIFEST)
    _check_signature(zf, src, key, body)
    try:
        manifest = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise SnapshotError(f"The {MANIFEST} in {src.name} is damaged.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SnapshotError(f"{src.name} is not an ASB Desktop backup.")
    if manifest.get("version") != VERSION:
        raise SnapshotError(f"{src.name} is backup format version {manifest.get('version')!r}; this version of "
                            f"ASB Desktop reads version {VERSION}. Use the version of ASB Desktop that made it.")
    head, revision = head_revision(), manifest.get("schema_revision")
    if revision != head:
        raise SnapshotError(f"{src.name} holds a database at schema revision {revision!r}, but this version of "
                            f"ASB Desktop uses revision {head!r}. Restore it with the version of ASB Desktop "
                            "that made it (that version can then be upgraded as usual).")
    members, tables = manifest.get("members"), manifest.get("tables")
    if not isinstance(members, dict) or not isinstance(tables, dict) or not isinstance(manifest.get("files"), int) \
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in tables.values()):
        raise SnapshotError(f"The {MANIFEST} in {src.name} is incomplete.")
    expected = {t.name for t in Base.metadata.sorted_tables}
    if set(tables) != expected or any(f"tables/{t}.jsonl" not in members for t in expected):
        raise SnapshotError(f"{src.name} does not hold every table of this schema revision; it is incomplete.")
    if len(names) != len(set(names)) or set(names) != {MANIFEST, SIGNATURE, *members}:
        missing = sorted(set(members) - set(names))
        raise SnapshotError(f"{src.name} does not match its manifest"
                            + (f": {missing[0]} is missing" if missing else ": it holds unlisted files") + ".")
    for name in members:
        path = PurePosixPath(name)
        if not name.startswith(("tables/", "files/", *(f"data/{area}/" for area in GENERATED))) \
                or path.is_absolute() or ".." in path.parts \
                or "\\" in name or PureWindowsPath(name).drive:
            raise SnapshotError(f"{src.name} holds a file with an unsafe name ({name}); it was not restored.")
    return manifest


def _check_signature(zf: zipfile.ZipFile, src: Path, key: bytes, body: bytes) -> None:
    """The manifest (which holds every member's SHA-256) is as the organisation's key signed it."""
    try:
        sig = json.loads(zf.read(SIGNATURE))
    except KeyError:
        raise SnapshotError(f"{src.name} is not signed, so it cannot be shown to be as it was written; it was not "
                            "restored.") from None
    except (ValueError, UnicodeDecodeError):
        sig = None
    if not isinstance(sig, dict) or not isinstance(sig.get("signature"), str):
        raise SnapshotError(f"The signature in {src.name} is damaged; the backup was not restored.")
    if sig.get("key_id") != keys.key_id(key):
        raise SnapshotError(f"{src.name} was signed with another key (key {sig.get('key_id')!s:.16}; this computer "
                            f"has key {keys.key_id(key)}). Use the organisation's key file that made it "
                            "(--key-file or ASB_BACKUP_KEY_FILE); nothing was restored.")
    if not keys.verify(key, body, sig["signature"]):
        raise SnapshotError(f"{src.name} was changed after it was written: its manifest no longer matches its "
                            "signature. Nothing was restored; use another backup.")


def _check_contents(zf: zipfile.ZipFile, manifest: dict[str, Any], postgres: bool) -> None:
    """Every hash matches, every value fits its column and every reference finds its row, before
    the database is touched."""
    refs = _References()
    for name, expected in manifest["members"].items():
        if name.startswith("tables/"):
            table = Base.metadata.tables[name.removeprefix("tables/").removesuffix(".jsonl")]
            digest = hashlib.sha256()
            count = 0
            for count, row in enumerate(_rows(zf, table, postgres, digest), start=1):
                refs.note(table, count, row)
            if count != manifest["tables"][table.name]:
                raise SnapshotError(f"Table {table.name} in the backup has {count} rows but its manifest says "
                                    f"{manifest['tables'][table.name]}; the backup is damaged.")
        else:
            digest = hashlib.sha256()
            with zf.open(name) as member:
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
        if digest.hexdigest() != expected:
            raise SnapshotError(f"{name} in the backup does not match its checksum; the backup is damaged or "
                                "was changed after it was made.")
    refs.check()


class _References:
    """Primary keys seen and foreign keys to find, so a row pointing at no row is refused by name."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], set[Any]] = {}
        self.wanted: list[tuple[str, int, str, str, str, Any]] = []

    def note(self, table: Table, number: int, row: dict[str, Any]) -> None:
        for col in table.columns:
            value = row[col.name]
            if value is None:
                continue
            if col.primary_key or col.unique:
                self.keys.setdefault((table.name, col.name), set()).add(value)
            for fk in col.foreign_keys:
                target = fk.column
                self.wanted.append((table.name, number, col.name, target.table.name, target.name, value))

    def check(self) -> None:
        for table, number, column, target, target_col, value in self.wanted:
            if value not in self.keys.get((target, target_col), ()):
                raise SnapshotError(f"The backup cannot be restored: table {table}, row {number}, column {column} "
                                    f"refers to {target} {value!r}, which is not in the backup. Nothing was "
                                    "changed.")


def _rows(zf: zipfile.ZipFile, table: Table, postgres: bool,
          digest: Any = None) -> Iterator[dict[str, Any]]:
    """The rows of one table with each value turned back into its column's Python type."""
    columns = {c.name: c for c in table.columns}
    with zf.open(f"tables/{table.name}.jsonl") as member:
        for number, raw in enumerate(member, start=1):
            if digest is not None:
                digest.update(raw)
            where = f"table {table.name}, row {number}"
            try:
                row = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise SnapshotError(f"The backup is damaged: {where} is not valid JSON.") from None
            if not isinstance(row, dict) or set(row) != set(columns):
                raise SnapshotError(f"The backup is damaged: {where} does not have this table's columns.")
            for name, value in row.items():
                value, problem = _convert(columns[name].type, value, postgres)
                if problem is None and value is None and not columns[name].nullable:
                    problem = "is empty, but the column requires a value"
                if problem is None and value is not None:
                    problem = _vocabulary_problem(table.name, name, value)
                if problem:
                    raise SnapshotError(f"The backup cannot be restored: {where}, column {name} {problem}.")
                row[name] = value
            yield row


def _convert(typ: Any, value: Any, postgres: bool) -> tuple[Any, str | None]:
    """A JSON value as the column's type expects it, or why it cannot be stored."""
    if value is None or isinstance(typ, JSON):
        return value, None
    try:
        if isinstance(typ, DateTime):
            return datetime.fromisoformat(value), None
        if isinstance(typ, Date):
            return date.fromisoformat(value), None
    except (TypeError, ValueError):
        return None, f"holds {value!r}, which is not a date"
    if isinstance(typ, LargeBinary):
        try:
            return base64.b64decode(value, validate=True), None
        except (TypeError, ValueError, binascii.Error):
            return None, "holds text that is not base64-encoded binary data"
    if isinstance(typ, Boolean):
        return (value, None) if isinstance(value, bool) else (None, f"holds {value!r}, not true or false")
    if isinstance(typ, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            return None, f"holds {value!r}, not a whole number"
        if postgres and not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return None, f"holds {value}, too large for PostgreSQL"
        return value, None
    if isinstance(typ, String):
        if not isinstance(value, str):
            return None, f"holds {value!r}, not text"
        if postgres and "\x00" in value:
            return None, "holds a NUL character, which PostgreSQL cannot store"
        if postgres and typ.length is not None and len(value) > typ.length:
            return None, f"holds {len(value)} characters; PostgreSQL allows {typ.length} there"
    return value, None


def _vocabulary_problem(table: str, column: str, value: Any) -> str | None:
    vocabulary = VOCABULARIES.get((table, column))
    if vocabulary is not None and value not in {m.value for m in vocabulary}:
        return f"holds {value!r}, which is not one of: {', '.join(m.value for m in vocabulary)}"
    if (table, column) in ROLE_LISTS:
        allowed = {m.value for m in enums.Role}
        if not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value):
            return f"holds {value!r}, which is not a list of roles ({', '.join(sorted(allowed))})"
    return None


def _refuse_if_occupied(conn: Connection, replace: bool) -> None:
    tables = set(inspect(conn).get_table_names())
    if tables and "alembic_version" not in tables:
        raise RestoreRefused("The target database holds tables that are not ASB Desktop's; restore into an "
                             "empty database or an ASB Desktop one.")
    if "cases" in tables and not replace:
        cases = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()
        if cases:
            raise RestoreRefused(f"The target database already holds {cases} case{'s' if cases != 1 else ''}. "
                                 "Restoring replaces everything in it: choose to replace it, or restore into an "
                                 "empty database.")


def _drop_schema(conn: Connection) -> None:
    """Drop rather than delete: the audit trail's triggers refuse DELETE, by design."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TABLE IF EXISTS case_search_fts")
    Base.metadata.drop_all(conn)
    conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS audit_log_append_only()")


def _migrate(conn: Connection) -> None:
    """The app's migrations run on this connection, inside the restore's transaction.

    db.upgrade() would open its own connection and commit, so a failed restore could not be
    rolled back; this runs the same scripts with the same options as migrations/env.py.
    """
    cfg = alembic_config(conn.engine)
    script = ScriptDirectory.from_config(cfg)
    with EnvironmentContext(cfg, script, fn=lambda rev, _ctx: script._upgrade_revs("heads", rev),
                            destination_rev="heads") as env:
        env.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        env.run_migrations()


def _after_load(conn: Connection, postgres: bool) -> None:
    if postgres:  # rows came with their ids, so move each sequence past them
        for table in Base.metadata.sorted_tables:
            col = table.autoincrement_column
            if col is not None:
                top = conn.execute(select(func.max(col))).scalar()
                conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
                             {"t": table.name, "c": col.name, "v": top or 1, "called": top is not None})
    else:
        conn.exec_driver_sql("INSERT INTO case_search_fts(case_search_fts) VALUES('rebuild')")


def _restore_files(zf: zipfile.ZipFile, prefix: str, root: Path, members: dict[str, str],
                   defer: list[zipfile.ZipInfo] | None = None, only: list[zipfile.ZipInfo] | None = None) -> int:
    """The members under ``prefix`` into ``root``; each is written under a temporary name and
    renamed, so none is ever half-written. A file already there with the member's SHA-256 is left
    as it is; one with other contents is added to ``defer`` (when given) instead of replaced.
    ``only``: write just these members. The evidence store's temporaries go in its ``.incoming``
    folder, where an interrupted write is reported as a leftover rather than an unknown file."""
    from ..evidence.store import INCOMING

    count = 0
    for info in only if only is not None else zf.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        target = root.joinpath(*PurePosixPath(info.filename).parts[1:])
        if only is None and target.is_file():
            if _sha256_of(target) == members.get(info.filename):
                count += 1
                continue
            if defer is not None:
                defer.append(info)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_dir = root / INCOMING if prefix == "files/" else target.parent
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=tmp_dir)
        try:
            with os.fdopen(fd, "wb") as out, zf.open(info) as member:
                while chunk := member.read(CHUNK):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        count += 1
    return count


def _sha256_of(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()

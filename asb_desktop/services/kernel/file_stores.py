"""Where the case files live: the folder store (this machine's choice, else the ``evidence_root``
setting, else ``<data_dir>/evidence``) or, for a team on PostgreSQL, the database store. Read here once
for every area that writes or reads stored files (evidence, statements, backups, retention, import).

Generated files (documents, notice packs, bundle files and issued bundles: storage/layout.py) are
written to this machine's data folder under a path their row records with the file's SHA-256. With the
database store in use they are put into it as well (``keep_generated``), and every reader asks for
them through ``generated_file``, which fetches a file this machine does not hold from the store into
its place (checked against its hash first): so a second machine opens what the first one generated."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...evidence.store import EvidenceStore, StoreError, machine_evidence_root
from ...storage.layout import cache_dir, generated_files
from ...storage.orm_evidence import EvidenceItem
from .context import Context
from .errors import ASBError

if TYPE_CHECKING:
    from ...evidence.db_store import DatabaseStore


def evidence_root(ctx: Context) -> Path:
    """The folder store's folder: this machine's own choice (``file_store.json`` in the data folder,
    for a share mounted at a different path on each machine), else the ``evidence_root`` setting,
    else ``<data_dir>/evidence``."""
    local = machine_evidence_root(ctx.data_dir)
    if local is not None:
        return local
    with ctx.session() as s:
        configured = ctx.setting(s, "evidence_root")
    return Path(configured).expanduser() if configured else ctx.data_dir / "evidence"


def uses_database_store(ctx: Context) -> bool:
    """The team file store: the ``team_file_store`` setting is ``database`` and the database is
    PostgreSQL (on SQLite the folder store is always used)."""
    if ctx.engine.dialect.name != "postgresql":
        return False
    with ctx.session() as s:
        return ctx.setting(s, "team_file_store") == "database"


def evidence_store(ctx: Context) -> EvidenceStore:
    """The store in use."""
    store = database_store(ctx)
    return EvidenceStore(evidence_root(ctx)) if store is None else store


def folder_store(ctx: Context) -> EvidenceStore:
    """The folder store, whichever store is in use (what ``asb store migrate`` copies from)."""
    return EvidenceStore(evidence_root(ctx))


def database_store(ctx: Context) -> DatabaseStore | None:
    """The team file store when it is in use, else None (the folder store keeps only evidence)."""
    if not uses_database_store(ctx):
        return None
    from ...evidence.db_store import DatabaseStore

    return DatabaseStore(ctx.engine, cache_dir(ctx.data_dir, "store"))


def named_files(s: Session, data_dir: Path, shas: set[str]) -> set[str]:
    """Those of ``shas`` a saved row names (an evidence item or a generated file): a file that must stay
    in the store whatever else is taken out (retention, a refused import), since any machine may have
    saved a row naming the same bytes in the meantime."""
    if not shas:
        return set()
    named = set(s.scalars(select(EvidenceItem.sha256).where(EvidenceItem.sha256.in_(sorted(shas)))))
    return named | {sha for _title, _path, sha in generated_files(s, data_dir) if sha in shas}


def keep_generated(ctx: Context, path: Path, sha256: str) -> bool:
    """Put a file the app has just generated into the team file store as well (by its SHA-256), so
    another machine can open it; nothing to do with the folder store, where it stays in this data folder.
    True when the team store did not hold those bytes before (so an import that fails takes them out)."""
    store = database_store(ctx)
    if store is None:
        return False
    try:
        return store.put_file(path, sha256, path.stat().st_size)
    except StoreError as exc:
        raise ASBError(str(exc)) from None


def generated_file(ctx: Context, path: str | Path, sha256: str) -> Path:
    """The generated file at ``path`` (relative to the data folder, or already under it), as a local
    path to open, copy or embed.

    A file this machine does not hold is fetched from the team file store (when in use and holding
    it) into its place, written under a temporary name and renamed only once its bytes hash to
    ``sha256``. Otherwise the path is returned as it is, and a missing file is reported by the caller."""
    target = ctx.data_dir / path
    if target.is_file():
        return target
    store = database_store(ctx)
    try:
        if store is None or not store.has(sha256):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except StoreError as exc:
        raise ASBError(str(exc)) from None
    except OSError as exc:
        raise ASBError(f"{target.name} cannot be fetched from the team file store into {target.parent} "
                       f"({exc.strerror}).") from None
    tmp = Path(name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for chunk in store.chunks(sha256):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            raise ASBError(f"The team file store's copy of {target.name} does not match its SHA-256, so it was "
                           "not used. Run 'asb evidence verify'.")
        os.replace(tmp, target)
    except StoreError as exc:
        raise ASBError(str(exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target

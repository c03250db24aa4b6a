"""Where the case files live: the folder store (this machine's choice, else the ``evidence_root``
setting, else ``<data_dir>/evidence``) or, for a team on PostgreSQL, the database store. Read here once
for every area that writes or reads stored files (evidence, statements, backups, retention, import)."""

from __future__ import annotations

from pathlib import Path

from ...evidence.store import EvidenceStore, machine_evidence_root
from ...storage.layout import cache_dir
from .context import Context


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
    if uses_database_store(ctx):
        from ...evidence.db_store import DatabaseStore

        return DatabaseStore(ctx.engine, cache_dir(ctx.data_dir, "store"))
    return EvidenceStore(evidence_root(ctx))


def folder_store(ctx: Context) -> EvidenceStore:
    """The folder store, whichever store is in use (what ``asb store migrate`` copies from)."""
    return EvidenceStore(evidence_root(ctx))

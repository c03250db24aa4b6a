"""Where stored files live, for administrators (issue 15): moving the evidence from the folder store to
the team file store in the database (evidence/db_store.py), and this machine's path to a shared folder.

``migrate_to_database`` copies every file of the folder store into the database, and the documents,
notice packs and bundles this machine generated (storage/layout.py), skipping those already there (so a
run that was stopped carries on where it was), re-reads each copy from the database and checks its
SHA-256, and only then sets ``team_file_store`` to ``database``. Nothing is deleted from the
folder store: it stays as it was until the administrator removes it after a backup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ...domain.enums import Role
from ...evidence.store import (
    StoreEntry,
    StoreError,
    hash_file,
    is_sha256,
    machine_evidence_root,
    set_machine_evidence_root,
)
from ...storage.layout import cache_dir, generated_files
from ...storage.orm import Setting
from ...storage.orm_evidence import EvidenceItem
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.errors import ASBError, ValidationError
from ..kernel.file_stores import evidence_root, evidence_store, folder_store, uses_database_store

Progress = Callable[[int, int, str, str], None]  # done, total, sha256, what happened


@dataclass
class MigrateReport:
    copied: int = 0
    already_there: int = 0
    bytes_copied: int = 0
    failed: list[str] = field(default_factory=list)  # "<sha256>: why"
    skipped: list[str] = field(default_factory=list)  # files in the folder that are not stored files
    not_found: list[str] = field(default_factory=list)  # evidence rows whose file is in neither store
    altered: list[str] = field(default_factory=list)  # generated files changed since they were made: not copied
    switched: bool = False


NOT_ON_SQLITE = ("The database store is for a team database (PostgreSQL); this is a single-user SQLite database, "
                 "whose files stay in its evidence folder. Move the database to PostgreSQL first "
                 "(docs/admin-guide.md).")


@dataclass(frozen=True)
class StoreStatus:
    """What ``asb store status`` and the window's File store dialog show."""

    in_use: str  # where stored files are kept, in words
    database: bool  # the team file store (PostgreSQL) is in use
    folder: Path  # the folder store's folder
    cache: Path | None  # this machine's cache of opened files (database store only)
    machine_folder: Path | None  # this machine's own path to the shared evidence folder, if set
    move_refused: str  # why the files cannot be moved into the database here ('' when they can)


class FileStoreService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def status(self) -> StoreStatus:
        store = evidence_store(self.ctx)
        database = uses_database_store(self.ctx)
        refused = "" if self.ctx.engine.dialect.name == "postgresql" else NOT_ON_SQLITE
        return StoreStatus(store.describe(), database, evidence_root(self.ctx), store.root if database else None,
                           machine_evidence_root(self.ctx.data_dir), refused)

    def migrate_to_database(self, progress: Progress | None = None) -> MigrateReport:
        """``progress`` is called after each file; an exception it raises (a Cancel in the window)
        stops the move there, keeping the files already copied, so the next run carries on."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="move the stored files into the database")
        if self.ctx.engine.dialect.name != "postgresql":
            raise ValidationError("--to", NOT_ON_SQLITE)
        from ...evidence.db_store import DatabaseStore

        source = folder_store(self.ctx)
        dest = DatabaseStore(self.ctx.engine, cache_dir(self.ctx.data_dir, "store"))
        report = MigrateReport()
        entries = []
        for entry in source.walk():
            if is_sha256(entry.sha256) and source.placed(entry):
                entries.append(entry)
            else:
                report.skipped.append(str(entry.path))
        with self.ctx.session() as s:  # generated files this machine holds (one altered since is not copied)
            generated = generated_files(s, self.ctx.data_dir)
        listed = {e.sha256 for e in entries}
        for _title, path, sha in generated:
            if sha in listed or not path.is_file() or not is_sha256(sha):
                continue
            if dest.has(sha) or hash_file(path) == sha:
                entries.append(StoreEntry(sha, path, path.stat().st_size))
                listed.add(sha)
            else:
                report.altered.append(str(path))
        total = len(entries)
        for done, entry in enumerate(entries, start=1):
            try:
                if dest.has(entry.sha256):
                    report.already_there += 1
                    what = "already in the database"
                else:
                    dest.put_file(entry.path, entry.sha256, entry.size)
                    if dest.rehash(entry) != entry.sha256:  # read back from the database and checked
                        raise StoreError("the copy in the database does not match its SHA-256")
                    report.copied += 1
                    report.bytes_copied += entry.size
                    what = "copied and verified"
            except StoreError as exc:
                report.failed.append(f"{entry.sha256}: {exc}")
                what = f"NOT copied ({exc})"
            if progress is not None:
                progress(done, total, entry.sha256, what)
        with self.ctx.session() as s:
            shas = set(s.scalars(select(EvidenceItem.sha256).distinct()))
        report.not_found = sorted(sha for sha in shas if not dest.has(sha))
        if report.failed:
            raise ASBError(f"{len(report.failed)} of {total} stored files could not be copied into the database, so "
                           "the evidence store was not switched (the files copied are kept; run the command again "
                           "to carry on): " + "; ".join(report.failed[:5]))
        with self.ctx.session() as s:
            s.merge(Setting(key="team_file_store", value={"v": "database"}))
            self.ctx.audit(s, "change", "setting", "team_file_store", None,
                           f"Moved the stored files into the database: {report.copied} copied "
                           f"({report.bytes_copied:,} bytes), {report.already_there} already there, "
                           f"{len(report.not_found)} in neither store")
        report.switched = True
        return report

    def use_folder(self) -> None:
        """Switch back to the folder store (files added to the database since stay there)."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="change where stored files are kept")
        with self.ctx.session() as s:
            s.merge(Setting(key="team_file_store", value={"v": "folder"}))
            self.ctx.audit(s, "change", "setting", "team_file_store", None, "Stored files kept in the folder store")

    def set_machine_folder(self, path: str) -> Path | None:
        """This machine's own path to the shared evidence folder ('' clears it): where this machine has
        the share mounted. An administrator sets it when setting up the machine."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR,
                     doing="set this machine's path to the shared evidence folder")
        if not path.strip():
            set_machine_evidence_root(self.ctx.data_dir, None)
            return None
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise ValidationError("folder", f"{folder} is not a folder on this machine. Mount the share first.")
        set_machine_evidence_root(self.ctx.data_dir, folder)
        return folder

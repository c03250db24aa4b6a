"""Backup and restore for administrators: the role check and the audit entries around
storage/snapshot.py, so the command line and any window do the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...domain.enums import Role
from ...storage import keys
from ...storage.snapshot import restore_snapshot, signing_key_id, write_snapshot
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.file_stores import evidence_root


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """What a restore brought back: the records by table, the evidence files and the generated documents,
    and when and from which database the backup was written (None when the backup does not say)."""
    tables: dict[str, int]
    rows: int
    files: int
    files_in_backup: int
    generated_files: int
    schema_revision: str | None
    created_at: datetime | None
    source_backend: str | None


class BackupService:
    """``key_file`` signs new backups; a restore looks for the key that signed the backup there and in
    ``other_keys`` (the data folder's and the account's key), by its fingerprint."""

    def __init__(self, ctx: Context, key_file: Path, other_keys: list[Path] | None = None) -> None:
        self.ctx = ctx
        self.key_file = Path(key_file)
        self.other_keys = [Path(p) for p in other_keys or [] if Path(p) != self.key_file]

    def key_for(self, src: Path) -> Path:
        """The key file that will check ``src``; raises ``keys.BackupKeyMissing`` when there is none."""
        return keys.key_for(signing_key_id(Path(src)), [self.key_file, *self.other_keys])[0]

    def key_fingerprint(self) -> str:
        return keys.key_id(keys.load_key(self.key_file))

    def backup(self, out: Path) -> Path:
        """Write a signed backup of the database, the evidence store and every generated file."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="back up the database")
        key = keys.load_key(self.key_file, create=True)
        path = write_snapshot(self.ctx.engine, Path(out), key, evidence_root(self.ctx), self.ctx.data_dir)
        with self.ctx.session() as s:
            self.ctx.audit(s, "export", "backup", path.name, summary=f"Backup written to {path}",
                           key_id=keys.key_id(key))
        return path

    def restore(self, src: Path, replace: bool = False) -> RestoreSummary:
        """Replace the database and files with a backup signed by the organisation's key; the restore
        is then recorded in the restored audit trail, under the administrator who did it."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="restore a backup")
        _path, key = keys.key_for(signing_key_id(Path(src)), [self.key_file, *self.other_keys])
        files_root = evidence_root(self.ctx)  # the store, wherever it is
        done = restore_snapshot(self.ctx.engine, Path(src), key, files_root, replace=replace,
                                data_dir=self.ctx.data_dir)
        with self.ctx.session() as s:
            self.ctx.audit(s, "import", "backup", Path(src).name, summary=f"Restored from {src}",
                           key_id=keys.key_id(key), created_at=done.get("created_at"))
        written = done.get("created_at")
        return RestoreSummary(dict(done.get("tables") or {}), int(done.get("rows") or 0), int(done.get("files") or 0),
                              int(done.get("files_in_backup") or 0), int(done.get("generated_files") or 0),
                              done.get("schema_revision"),
                              datetime.fromisoformat(written) if isinstance(written, str) and written else None,
                              done.get("source_backend"))

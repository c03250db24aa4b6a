"""File > Back up… and Restore a backup… for administrators: the same service as `asb backup` and
`asb restore`, run off the GUI thread. After a restore the app closes, so nothing on screen shows
the database that was replaced."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ...config import backup_key_candidates, backup_key_file
from ...services import Services
from ...services.admin.backups import BackupService, RestoreSummary
from ...services.kernel.errors import ASBError
from ...storage.errors import DatabaseError
from ...storage.keys import BackupKeyMissing
from ..widgets.messages import show_message
from ..workers import JobControl, run_with_progress

FILTER = "ASB Desktop backups (*.asbbackup)"


def _service(services: Services, key_file: Path | None = None) -> BackupService:
    if key_file is not None:
        return BackupService(services.ctx, key_file)
    data_dir = services.ctx.data_dir
    return BackupService(services.ctx, backup_key_file(data_dir), backup_key_candidates(data_dir))


def _with_key(parent: QWidget, services: Services, path: Path) -> BackupService | None:
    """The service that will check ``path``: when this computer holds no key that signed it, the
    administrator is asked for the organisation's key file (None if they cancel)."""
    service = _service(services)
    try:
        service.key_for(path)
        return service
    except BackupKeyMissing as exc:
        show_message(parent, f"{exc}\n\nChoose the key file next.", "Backup signing key needed")
    except DatabaseError:
        return service  # a damaged backup: the restore itself says what is wrong
    name, _ = QFileDialog.getOpenFileName(parent, "The organisation's backup signing key", "",
                                          "Key files (*.key);;All files (*)")
    return _service(services, Path(name)) if name else None


def _plain(call: Any) -> Any:
    """A refused backup (damaged, unsigned, another key) is said as the plain sentence it is."""
    try:
        return call()
    except DatabaseError as exc:
        raise ASBError(str(exc)) from None


def back_up(parent: QWidget, services: Services, path: Path | None = None) -> None:
    if path is None:
        name, _ = QFileDialog.getSaveFileName(parent, "Back up to", f"asb-{datetime.now():%Y-%m-%d}.asbbackup",
                                              FILTER)
        if not name:
            return
        path = Path(name)
    service = _service(services)

    def work(control: JobControl) -> Path:
        control.progress(0, 1)
        return _plain(lambda: service.backup(path))

    run_with_progress(parent, "Writing the backup…", work,
                      lambda made: show_message(parent, f"Backup written: {made}\n\nIt is signed with the "
                                                f"organisation's key {service.key_fingerprint()}, kept in "
                                                f"{service.key_file}. Keep a copy of that file somewhere safe: "
                                                "restoring on another computer needs it.", "Backup written"))


def restore(parent: QWidget, services: Services, path: Path | None = None, confirmed: bool = False) -> None:
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, "Restore a backup", "", FILTER)
        if not name:
            return
        path = Path(name)
    if not confirmed and QMessageBox.question(
            parent, "Replace everything?", f"Restoring {path.name} replaces every case, record and stored file "
            "in this database with the backup's. ASB Desktop closes when it is done. Restore it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
        return
    chosen = _with_key(parent, services, path)
    if chosen is None:
        return
    service = chosen

    def work(control: JobControl) -> RestoreSummary:
        control.progress(0, 1)
        return _plain(lambda: service.restore(path, replace=True))

    def done(summary: RestoreSummary) -> None:
        box = show_message(parent, f"Restored {path.name}: {summary.rows} records and "
                           f"{summary.files + summary.generated_files} files. ASB Desktop will now close; "
                           "open it again to work on the restored database.", "Backup restored")
        box.finished.connect(lambda _r: QApplication.quit())

    run_with_progress(parent, "Restoring the backup…", work, done)

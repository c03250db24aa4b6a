"""File > File store… for administrators: which store keeps the case files and where (the facts of
`asb store status`), moving them into the team database (`asb store migrate --to database`) with a
progress bar and Cancel, off the GUI thread, and this machine's path to a shared evidence folder
(`asb store folder PATH`). The service refuses anyone but an administrator whatever the window shows.

The move is resumable: Cancel stops it after the file being copied, the files copied so far stay in
the database, and starting it again carries on (those are reported as already there)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import Services
from ...services.admin.file_store import FileStoreService, MigrateReport, StoreStatus
from ...services.kernel.errors import ASBError
from ..workers import RUNNER, Job, JobControl, report_failure


def _label(name: str) -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def moved(report: MigrateReport) -> str:
    """The move's outcome in words (as `asb store migrate` prints it)."""
    lines = [f"{report.copied} file(s) copied into the database and verified ({report.bytes_copied:,} bytes), "
             f"{report.already_there} already there. Stored files are now kept in the database."]
    lines += [f"Changed since it was generated, so not copied: {path}. Restore it from a backup." for path in
              report.altered]
    if report.not_found:
        lines.append(f"{len(report.not_found)} evidence file(s) are in neither store. If another machine holds them "
                     "in its own evidence folder, move them from there too; else restore them from a backup.")
    return "\n".join(lines)


class FileStoreDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = FileStoreService(services.ctx)
        self.job: Job | None = None
        self.setWindowTitle("File store")
        self.setAccessibleName("File store")

        self.in_use = _label("Where stored files are kept")
        self.where = _label("The folder or cache in use")
        self.move_button = QPushButton("Move the files into the database")
        self.move_button.setAccessibleName("Move the stored files into the team database")
        self.cancel_button = QPushButton("Cancel the move")
        self.cancel_button.setAccessibleName("Cancel the move (the files copied so far are kept)")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Files moved so far")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.move_result = _label("What the move did")
        self.folder = QLineEdit()
        self.folder.setAccessibleName("This machine's path to the shared evidence folder")
        self.folder.setPlaceholderText("Empty: the organisation's evidence folder, or this computer's data folder")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for the shared evidence folder")
        browse.clicked.connect(self.browse)
        self.save_folder_button = QPushButton("Use this folder")
        self.save_folder_button.setAccessibleName("Use this folder on this machine")
        self.save_folder_button.clicked.connect(self.save_folder)
        self.folder_result = _label("Shared folder result")

        now = QGroupBox("In use")
        form = QFormLayout(now)
        form.addRow(self.in_use)
        form.addRow(self.where)
        move = QGroupBox("Move into the team database")
        box = QVBoxLayout(move)
        box.addWidget(QLabel("Copies every stored file, and the documents, notice packs and bundles this machine "
                             "generated, into the PostgreSQL database, checks each copy's SHA-256, and then keeps "
                             "new files there. Cancel keeps what was copied; start again to carry on. Nothing is "
                             "deleted from the folder."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.progress)
        box.addWidget(self.move_result)
        shared = QGroupBox("This machine's shared folder")
        box = QVBoxLayout(shared)
        box.addWidget(QLabel("Where this machine has the team's shared evidence folder mounted, when it is mounted "
                             "at a different path on each machine (the folder store only)."))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row.addWidget(self.save_folder_button)
        box.addLayout(row)
        box.addWidget(self.folder_result)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (now, move, shared, close):
            layout.addWidget(widget)
        self.move_button.clicked.connect(self.start_move)
        self.cancel_button.clicked.connect(self.cancel_move)
        self.show_status()
        self.resize(640, 480)

    def show_status(self) -> StoreStatus:
        status = self.service.status()
        self.in_use.setText(f"Stored files are kept in {status.in_use}.")
        self.where.setText(f"This machine's cache of opened files: {status.cache}" if status.cache is not None
                           else f"Folder store: {status.folder}")
        if not self.folder.text():
            self.folder.setText(str(status.machine_folder or ""))
        running = self.job is not None
        self.move_button.setEnabled(not status.move_refused and not running)
        self.move_button.setToolTip(status.move_refused)
        if status.move_refused:
            self.move_result.setText(status.move_refused)
        return status

    # ------------------------------------------------------------------ the move
    def start_move(self) -> None:
        service = self.service

        def work(control: JobControl) -> MigrateReport:
            return service.migrate_to_database(lambda done, total, _sha, _what: control.progress(done, total))

        self.move_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the first file is counted
        self.move_result.setText("Moving the stored files into the database…")
        self.job = RUNNER.start(self, work, on_done=self._moved, on_error=self._failed, on_cancel=self._cancelled,
                                on_progress=self._progressed)

    def cancel_move(self) -> None:
        if self.job is not None:
            self.job.control.cancel()
            self.move_result.setText("Stopping after the file being copied…")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total} files")

    def _ended(self) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
        self.show_status()

    def _moved(self, report: MigrateReport) -> None:
        self._ended()
        self.progress.setValue(self.progress.maximum())
        self.move_result.setText(moved(report))

    def _failed(self, exc: BaseException) -> None:
        self._ended()
        if isinstance(exc, ASBError):
            self.move_result.setText(f"Not finished. {exc}")
        else:
            self.move_result.setText("Not finished.")
            report_failure(self, exc)

    def _cancelled(self) -> None:
        self._ended()
        self.move_result.setText("Stopped. The files copied so far are in the database and were checked; the files "
                                 "are still kept in the folder until the move is finished. Start it again to carry "
                                 "on.")

    # ------------------------------------------------------------------ this machine's folder
    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "The shared evidence folder on this machine",
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save_folder(self) -> None:
        try:
            folder = self.service.set_machine_folder(self.folder.text())
        except ASBError as exc:
            self.folder_result.setText(f"Not changed. {exc}")
            return
        self.folder_result.setText(f"On this machine the evidence folder is {folder}." if folder else
                                   "This machine uses the evidence folder set for the organisation (or its data "
                                   "folder).")
        self.show_status()

"""The case's diary entries: a blank fillable sheet for the complainant, a filled sheet read back in,
and entries keyed in beside a scanned sheet (``scan_dialog.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QVBoxLayout, QWidget

from ...evidence.records import DiaryEntryInfo
from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label
from ..widgets.messages import show_error, show_message
from ..widgets.record_table_model import Column, RecordTableModel
from ..workers import RUNNER, JobControl, JobRunner, Refresh, report_failure
from ..workspace.base import button, table_view


def _time(value: object) -> str:
    return f"{value:%d/%m/%Y %H:%M}" if value else ""


DIARY = [Column("Started", lambda r: _time(r["started_at"])), Column("Stopped", lambda r: _time(r["ended_at"])),
         Column("What happened", lambda r: r["what_happened"]), Column("Place", lambda r: r["place"]),
         Column("Effect", lambda r: r["effect"]), Column("Severity", lambda r: str(r["severity"] or "")),
         Column("Who was involved", lambda r: r["who_involved"]), Column("Witnesses", lambda r: r["witnesses"]),
         Column("Whose diary", lambda r: r["person_name"]),
         Column("From", lambda r: "sheet or scan" if r["evidence_id"] else "keyed in")]
PDF_FILTER = "PDF files (*.pdf)"
SCAN_FILTER = "Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.heic *.webp)"


class DiaryPanel(QWidget):
    def __init__(self, services: Services, reference: str, on_changed: Callable[[], None],
                 runner: JobRunner | None = None) -> None:
        super().__init__()
        self.services = services
        self.reference = reference
        self.on_changed = on_changed
        self.runner = runner or RUNNER
        self.refreshing = Refresh(self, self.runner)
        self.said = ""
        self.dialog: QWidget | None = None  # the file or scan dialog last opened (tests drive it)
        self.model = RecordTableModel(DIARY)
        self.table = table_view(
            "Diary entries", self.model,
            "No diary entries yet. Give the complainant a blank diary sheet, then import it or key the entries in.")
        self.note = message_label("Diary status")
        actions = QHBoxLayout()
        actions.addWidget(button("Blank diary sheet for the complainant…", self.choose_sheet_file,
                                 "Blank diary sheet"))
        actions.addWidget(button("Import a filled diary sheet…", self.choose_filled_sheet, "Import filled diary sheet"))
        actions.addWidget(button("Key in entries beside a scan…", self.choose_scan, "Key in entries beside a scan"))
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    @property
    def busy(self) -> bool:
        return self.refreshing.busy

    def refresh(self) -> None:
        """Read the diary entries off the GUI thread, then show them."""
        diary, reference = self.services.diary, self.reference  # the job touches no widget
        self.refreshing.start(lambda: diary.entries(reference), self._fill, self._refresh_failed)

    def _fill(self, entries: list[DiaryEntryInfo]) -> None:
        self.model.set_records([vars(e) for e in entries])
        self.table.resizeColumnsToContents()
        self.note.setText(self.said or (f"{len(entries)} diary entries." if entries else
                          "No diary entries yet: send the complainant a blank sheet, or import a filled one."))

    def say(self, text: str) -> None:
        """What the officer last did here: it stays on show through refreshes until the next action."""
        self.said = text
        self.note.setText(text)

    def _refresh_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ASBError):
            self.note.setText(str(exc))
        else:
            report_failure(self, exc)

    # ------------------------------------------------------------------ file choices (non-blocking)
    def _file_dialog(self, title: str, filter_: str, then: Callable[[Path], None], save: bool = False,
                     name: str = "") -> QFileDialog:
        dialog = QFileDialog(self, title, name, filter_)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        if save:
            dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: then(Path(path)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def choose_sheet_file(self) -> None:
        self._file_dialog("Save a blank diary sheet", PDF_FILTER, self.save_blank_sheet, save=True,
                          name=f"diary-sheet-{self.reference}.pdf")

    def choose_filled_sheet(self) -> None:
        self._file_dialog("Import a filled diary sheet", PDF_FILTER, self.import_sheet)

    def choose_scan(self) -> None:
        self._file_dialog("Choose the scanned diary sheet", SCAN_FILTER, self.key_in_beside)

    # ------------------------------------------------------------------ the actions
    def save_blank_sheet(self, path: Path) -> Path | None:
        try:
            out = self.services.diary.blank_sheet(self.reference, path)
        except ASBError as exc:
            show_error(self, exc)
            return None
        except OSError as exc:
            show_message(self, f"The diary sheet could not be saved to {path}: {exc.strerror}. Choose another folder.")
            return None
        self.say(f"Blank diary sheet saved to {out}. Give or send it to the complainant.")
        return out

    def import_sheet(self, path: Path) -> None:
        """Read a filled sheet into entries, in the background; a bad row is named and nothing is saved."""
        diary = self.services.diary
        reference = self.reference
        self.say(f"Reading {path.name}…")

        def work(_control: JobControl) -> list[str]:
            return diary.import_sheet(reference, path)

        def done(uids: list[str]) -> None:
            self.say(f"Imported {len(uids)} diary entries from {path.name}.")
            self.on_changed()  # the case reloads: the timeline and this table

        def failed(exc: BaseException) -> None:
            self.say(f"{path.name} was not imported.")
            report_failure(self, exc)

        self.runner.start(self, work, on_done=done, on_error=failed)

    def key_in_beside(self, scan: Path) -> QWidget:
        from .scan_dialog import ScanEntryDialog

        dialog = ScanEntryDialog(self, self.services, self.reference, scan, self._keyed_in)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _keyed_in(self) -> None:
        self.on_changed()  # the case reloads: the timeline and this table

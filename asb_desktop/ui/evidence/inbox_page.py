"""The evidence inbox: files stored but not yet on any case, so no recording goes unheard. Link one to
a case (and open it), add more files to the inbox, and verify the evidence store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QSplitter, QVBoxLayout, QWidget

from ...evidence.records import AddReport, EvidenceInfo
from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named
from ..widgets.messages import show_error
from ..widgets.record_table_model import Column, RecordTableModel
from ..workspace.base import button, selected, table_view
from .detail_pane import DetailPane
from .import_dialog import ImportDialog

INBOX = [Column("Added", lambda r: f"{r['added_at']:%d/%m/%Y %H:%M}"), Column("File", lambda r: r["original_name"]),
         Column("Kind", lambda r: r["kind"]),
         Column("Made", lambda r: f"{r['made_at']:%d/%m/%Y %H:%M}" if r["made_at"] else "not known"),
         Column("Added by", lambda r: r["added_by"]), Column("Levels", lambda r: r["figures"])]


def record(info: EvidenceInfo) -> dict[str, object]:
    return {**vars(info), "figures": info.figures}


class InboxPage(QWidget):
    open_requested = Signal(str)  # MainWindow opens the case in a tab

    def __init__(self, services: Services) -> None:
        super().__init__()
        named(self, "Evidence inbox")
        self.services = services
        self.dialog: QWidget | None = None
        self.model = RecordTableModel(INBOX)
        self.table = table_view(
            "Evidence not yet on a case", self.model,
            "The inbox is empty: every stored item is on a case. Add files to the inbox… (Ctrl+E) stores new ones.")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.detail = DetailPane(services, None)
        self.status = message_label("Inbox status")
        self.case_ref = named(QLineEdit(), "Case reference to link the item to")
        self.case_ref.setPlaceholderText("Case reference, e.g. ASB-2026-00001")
        self.case_ref.returnPressed.connect(self.link_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.case_ref, 1)
        actions.addWidget(button("Link to case", self.link_selected, primary="link"))
        actions.addWidget(button("Link and open case", lambda: self.link_selected(open_case=True)))
        actions.addWidget(button("Add files to the inbox…", self.choose_files, "Add files to the inbox"))
        actions.addWidget(button("Verify evidence store…", self.verify_store, "Verify evidence store"))
        actions.addWidget(button("Refresh", self.refresh))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(message_label("Inbox explanation", "Evidence that came in without a case (e.g. a Noise App "
                                       "upload or a shared folder). Listen to or look at each item, then link it to "
                                       "its case so nothing goes unheard."))
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        try:
            items = self.services.evidence.list_items(None)
        except ASBError as exc:
            self.model.set_records([])
            self.status.setText(str(exc))
            return
        self.model.set_records([record(i) for i in items])
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(items)} items waiting to be linked to a case." if items else
                            "The inbox is empty: every stored item is on a case.")

    def _selected(self) -> None:
        chosen = selected(self.table)
        self.detail.show_item(chosen["uid"] if chosen else None)

    def link_selected(self, open_case: bool = False) -> bool:
        chosen = selected(self.table)
        reference = self.case_ref.text().strip().upper()
        if chosen is None or not reference:
            self.status.setText("Choose an item in the list and type the case reference to link it to.")
            return False
        try:
            self.services.evidence.link(chosen["uid"], reference)
        except ASBError as exc:
            show_error(self, exc)
            return False
        self.detail.show_item(None)
        self.refresh()
        self.status.setText(f"{chosen['original_name']} is now on case {reference}. " + self.status.text())
        if open_case:
            self.open_requested.emit(reference)
        return True

    def choose_files(self) -> None:
        dialog = QFileDialog(self, "Add evidence to the inbox")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda names: self.add_paths([Path(n) for n in names]))
        self.dialog = dialog
        dialog.open()

    def add_paths(self, paths: list[Path]) -> ImportDialog:
        dialog = ImportDialog(self, self.services, None, paths, self._imported)
        self.dialog = dialog
        dialog.show()
        return dialog

    def _imported(self, _report: AddReport) -> None:
        self.refresh()

    def verify_store(self) -> QWidget:
        from .verify_dialog import VerifyDialog

        dialog = VerifyDialog(self, self.services)
        self.dialog = dialog
        dialog.open()
        return dialog

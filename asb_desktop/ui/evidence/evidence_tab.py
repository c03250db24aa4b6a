"""The Evidence tab of a case: drop files or whole folders (or choose them), a background import with
progress and cancel, a grid of thumbnails, the chosen item in full, and the diary entries."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout

from ...domain.enums import PartyRole
from ...evidence.records import AddReport, EvidenceInfo
from ...services.casework.case_view import CaseDetail
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named
from ..workers import Refresh
from ..workspace.base import WorkspaceTab, button
from ..workspace.changes import Changes
from .detail_pane import DetailPane
from .diary_panel import DiaryPanel
from .import_dialog import ImportDialog
from .thumbnails import EvidenceGridModel, grid_view

if TYPE_CHECKING:
    from ..workspace.host import WorkspaceHost


def witnesses_of(detail: CaseDetail) -> list[tuple[str, int]]:
    """People on the case who can produce an exhibit (everyone with a person record but the perpetrator)."""
    out = []
    for p in detail.parties:
        if p.person_id and p.role != PartyRole.ALLEGED_PERPETRATOR.value:
            out.append((f"{p.name or 'Unknown'} ({PartyRole(p.role).label.lower()})", int(p.person_id)))
    return out


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    data = event.mimeData()
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()] if data.hasUrls() else []


class EvidenceTab(WorkspaceTab):
    shows = Changes.EVIDENCE | Changes.PARTIES
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.setAcceptDrops(True)
        self.reference = ws.reference
        self.model = EvidenceGridModel(ws.services)
        self.grid = grid_view(self.model)
        self.grid.selectionModel().selectionChanged.connect(self._selected)
        self.detail = DetailPane(ws.services, ws.reference)
        self.detail.changed.connect(self._item_changed)
        self.diary = DiaryPanel(ws.services, ws.reference, lambda: ws.reload(Changes.EVIDENCE))
        self.status = message_label("Evidence status")
        self.importer: ImportDialog | None = None
        self.refreshing = Refresh(self)
        actions = QHBoxLayout()
        actions.addWidget(button("Add files…", self.choose_files, primary="add evidence"))
        actions.addWidget(button("Add folder…", self.choose_folder))
        actions.addWidget(message_label("Drop hint", "Or drop files or whole folders anywhere on this page."), 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.grid)
        split.addWidget(self.detail)
        split.setSizes([440, 760])
        files = QTabWidget()
        named(files, "Evidence and diary entries")
        files.addTab(split, "Files")
        files.addTab(self.diary, "Diary entries")
        self.parts = files
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(files, 1)

    def load(self, detail: CaseDetail) -> None:
        self.detail.set_witnesses(witnesses_of(detail))
        self.refresh()
        self.diary.refresh()

    @property
    def busy(self) -> bool:
        return self.refreshing.busy or self.diary.busy

    def refresh(self) -> None:
        """List the case's evidence off the GUI thread, then show it (keeping the chosen item chosen)."""
        evidence, reference = self.ws.services.evidence, self.reference  # the job touches no widget
        self.refreshing.start(lambda: evidence.list_items(reference), self._fill, self._refresh_failed)

    def _fill(self, items: list[EvidenceInfo]) -> None:
        chosen = self.detail.info.uid if self.detail.info else None
        self.model.set_items(items)
        noise = sum(1 for i in items if i.kind == "noise")
        self.status.setText(f"{len(items)} items ({noise} recordings)." if items else
                            "No evidence on this case yet.")
        row = self.model.row_of(chosen) if chosen else -1
        if row >= 0:
            self.grid.selectionModel().blockSignals(True)
            self.grid.setCurrentIndex(self.model.index(row))
            self.grid.selectionModel().blockSignals(False)

    def _refresh_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ASBError):
            self.status.setText(str(exc))
        else:
            self.refresh_failed(exc)

    # ------------------------------------------------------------------ adding
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def choose_files(self) -> None:
        dialog = QFileDialog(self, f"Add evidence to {self.reference}")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda names: self.add_paths([Path(n) for n in names]))
        self.dialog = dialog
        dialog.open()

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, f"Add a whole folder of evidence to {self.reference}")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda name: self.add_paths([Path(name)]))
        self.dialog = dialog
        dialog.open()

    def add_paths(self, paths: list[Path], kind: str | None = None) -> ImportDialog:
        """What a drop (or Add files / Add folder) calls: import in the background behind a progress dialog."""
        self.importer = ImportDialog(self, self.ws.services, self.reference, paths, self._imported, kind=kind)
        self.importer.show()
        return self.importer

    def _imported(self, report: AddReport) -> None:
        if report.stored or report.already_held:
            self.ws.reload(Changes.EVIDENCE)  # the timeline gains the additions; this tab reloads with the case

    # ------------------------------------------------------------------ the chosen item
    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        self.detail.show_item(self.model.item(rows[0].row()).uid if rows else None)

    def choose(self, uid: str) -> None:
        self.grid.setCurrentIndex(self.model.index(self.model.row_of(uid)))

    def _item_changed(self, uid: str) -> None:
        self.model.forget(uid)
        self.refresh()

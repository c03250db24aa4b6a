"""The Documents page: every document generated across the cases the user can see (statements,
appendices, letters, notices), newest first, with a filter; open the file or its case."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named
from ..widgets.messages import error_text
from ..widgets.record_table_model import Column, RecordTableModel, label
from ..workspace.base import button, selected, table_view
from .saving import open_file, when_fetched

COLUMNS = [Column("Made", lambda r: f"{r['created_at']:%d/%m/%Y %H:%M}"), Column("Case", lambda r: r["case_reference"]),
           Column("Document", lambda r: r["title"]), Column("Kind", lambda r: label(r["kind"])),
           Column("Format", lambda r: r["format"].upper()), Column("Version", lambda r: str(r["version"])),
           Column("By", lambda r: r["created_by"]), Column("SHA-256", lambda r: r["sha256"][:16] + "…")]


class DocumentsPage(QWidget):
    open_requested = Signal(str)

    def __init__(self, services: Services) -> None:
        super().__init__()
        named(self, "Documents")
        self.services = services
        self.rows: list[dict] = []
        self.filter = named(QLineEdit(), "Filter documents", "Type part of a case reference, title or kind")
        self.filter.setPlaceholderText("Filter by case, title or kind")
        self.filter.textChanged.connect(lambda _t: self._apply())
        self.model = RecordTableModel(COLUMNS)
        self.table = table_view(
            "Generated documents", self.model,
            "No documents generated yet. Letters, statements and assessments are made on a case's Documents tab.")
        self.table.doubleClicked.connect(lambda _i: self.open_document())
        self.status = message_label("What happened")
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        for text, slot in (("Open document", self.open_document), ("Open case", self.open_case),
                           ("Refresh", self.refresh)):
            bar.addWidget(button(text, slot))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        try:
            docs = self.services.documents.generated_all()
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return
        self.rows = [vars(d) for d in docs]
        self._apply()

    def _apply(self) -> None:
        words = self.filter.text().casefold().split()
        shown = [r for r in self.rows
                 if all(w in f"{r['case_reference']} {r['title']} {r['kind']}".casefold() for w in words)]
        self.model.set_records(shown)
        self.table.resizeColumnsToContents()
        self.status.setText(f"{len(shown)} of {len(self.rows)} document(s) shown.")

    def open_document(self) -> bool:
        """Open the selected document (another machine's is fetched from the team file store first, off
        the GUI thread); False when none is selected."""
        row = selected(self.table)
        if row is None:
            self.status.setText("Pick a document first.")
            return False
        when_fetched(self, self.services.ctx, row["path"], row["sha256"], lambda path: open_file(path),
                     lambda path: self.status.setText(f"The file {path} is missing from the data folder."))
        return True

    def open_case(self) -> None:
        row = selected(self.table)
        if row is None:
            self.status.setText("Pick a document first.")
            return
        self.open_requested.emit(row["case_reference"])

"""Search: full text across every case you may see (names, addresses, references, incidents, notes)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import Services
from ...services.casework.queries import CaseRow
from ...services.casework.reports import CaseFilter
from ..case_table_model import CaseTableModel
from ..widgets.empty_state import set_empty_text
from ..widgets.fields import keyboard_friendly


class SearchPage(QWidget):
    open_requested = Signal(str)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.query = QLineEdit(placeholderText="Search every case: a name, an address, a reference, words from an "
                                               "incident or a note")
        self.query.setAccessibleName("Search all cases")
        self.query.setClearButtonEnabled(True)
        self.open_only = QCheckBox("Open cases only")
        self.open_only.setAccessibleName("Search open cases only")
        self.count = QLabel("Type two letters or more. Anonymous complainants' names are never searchable.")
        self.count.setAccessibleName("Search result summary")
        self.model = CaseTableModel(self._fetch)
        self.table = QTableView()
        keyboard_friendly(self.table)
        self.table.setAccessibleName("Search results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_empty_text(self.table, lambda: (
            f"No case matches '{self.query.text().strip()}'. Try part of a name, a street, a postcode or a "
            "reference; anonymous complainants' names are never searchable." if len(self.query.text().strip()) >= 2
            else "Type a name, an address, a reference or words from an incident or a note in the box above."))
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.open_only)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.count)
        layout.addWidget(self.table)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self._debounce.start())
        self.open_only.toggled.connect(lambda _on: self.run())
        self.table.activated.connect(lambda index: self.open_requested.emit(self.model.row(index.row()).reference))

    def _fetch(self, search: str, sort: str, descending: bool, limit: int, offset: int) -> list[CaseRow]:
        if len(search.strip()) < 2:
            return []
        flt = CaseFilter(text=search, status="open" if self.open_only.isChecked() else "")
        return self.services.reports.list_cases(flt, sort, descending, limit, offset)

    def run(self) -> None:
        self.model.reload(self.query.text())
        n = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count.setText(f"{n}{more} case{'s' if n != 1 else ''} found, newest first." if self.query.text().strip()
                           else "Type two letters or more.")

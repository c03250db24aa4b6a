"""Case list: search as you type, filters on status, risk band, officer and category, sortable
columns, and a summary of the selected case. Typing never blocks the window: the first page of a
new search is fetched on a worker thread and only the newest answer is shown."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import CaseStatus, RiskBand
from ...services import Services
from ...services.casework.queries import CaseRow
from ...services.casework.reports import NOT_ASSESSED, CaseFilter
from ..case_table_model import COLUMNS, PAGE, CaseTableModel
from ..widgets.empty_state import set_empty_text
from ..widgets.fields import keyboard_friendly
from ..workers import RUNNER, JobRunner


def _label(key: str, value: str) -> str:
    if key == "status":
        return "Open (not closed)" if value == "open" else CaseStatus(value).label
    if key == "risk_band":
        return "Not yet assessed" if value == NOT_ASSESSED else RiskBand(value).label
    return value


class CasesPage(QWidget):
    open_requested = Signal(str)  # a case reference to open in a tab (double-click or Enter)
    FILTERS = (("status", "Status"), ("risk_band", "Risk band"), ("officer", "Officer"), ("category", "Category"))

    def __init__(self, services: Services, mine: bool = False, runner: JobRunner | None = None) -> None:
        super().__init__()
        self.services = services
        self.mine = mine
        self.runner = runner or RUNNER
        self._generation = 0
        self.search = QLineEdit(placeholderText="Search names, addresses, references, incidents and notes")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.filters: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        choices = services.reports.filter_choices()
        for key, title in self.FILTERS:
            box = QComboBox()
            box.setAccessibleName(f"Filter by {title.lower()}")
            box.addItem(f"Any {title.lower()}", "")
            for value in choices[key]:
                box.addItem(_label(key, value), value)
            box.currentIndexChanged.connect(lambda _i: self.requery())
            self.filters[key] = box
            bar.addWidget(box, 1)
        self.overdue = QCheckBox("Overdue only")
        self.overdue.setAccessibleName("Show overdue cases only")
        self.overdue.toggled.connect(lambda _on: self.requery())
        bar.addWidget(self.overdue)
        self.model = CaseTableModel(self._fetch, services.ctx.now)
        self.table = QTableView()
        keyboard_friendly(self.table)
        self.table.setAccessibleName("Case list")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._size_columns()
        set_empty_text(self.table, self.empty_text)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Case summary")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_case(cur.row()))
        self.table.activated.connect(lambda index: self.open_requested.emit(self.model.row(index.row()).reference))
        status = self.filters["status"]
        status.blockSignals(True)
        status.setCurrentIndex(status.findData("open"))  # open cases by default; closed ones one choice away
        status.blockSignals(False)
        self.model.reload("")

    def _size_columns(self) -> None:
        """Each column as wide as its heading and a typical value (icon included), so nothing is clipped;
        the free-text columns share what is left."""
        header, metrics = self.table.horizontalHeader(), self.fontMetrics()
        typical = {"reference": "ASB-2026-000000", "risk_band": "Medium", "status": "Investigation",
                   "next_due_at": "Overdue: 30/12/2026 first response", "received_at": "30/12/2026",
                   "officer": "Officer Name"}
        for column, (key, title) in enumerate(COLUMNS):
            text = max((typical.get(key, ""), title), key=metrics.horizontalAdvance)
            header.resizeSection(column, metrics.horizontalAdvance(text) + 40)  # room for the icon and padding

    def empty_text(self) -> str:
        """What an empty list says: why it is empty and what to do about it."""
        narrowed = [box.currentText() for key, box in self.filters.items() if box.currentData()
                    and not (key == "status" and box.currentData() == "open")]
        if self.search.text().strip() or narrowed or self.overdue.isChecked():
            return ("No cases match this search and these filters. Clear the search box or set the filters "
                    "back to Any.")
        if self.filters["status"].currentData() == "open":
            return ("No open cases" + (" assigned to you" if self.mine else "") + ". Closed cases are under "
                    "Status: Any status. File > New report (Ctrl+N) logs a new report.")
        return "No cases yet - File > New report (Ctrl+N)."

    def current_filter(self, search: str) -> CaseFilter:
        values = {key: box.currentData() or "" for key, box in self.filters.items()}
        return CaseFilter(text=search, mine=self.mine, overdue=self.overdue.isChecked(), **values)

    def _fetch(self, search: str, sort: str, descending: bool, limit: int, offset: int) -> list[CaseRow]:
        return self.services.reports.list_cases(self.current_filter(search), sort, descending, limit, offset)

    def requery(self) -> None:
        """Fetch the first page for the current search and filters on a worker thread; a newer request
        supersedes an older one still running, so only the newest answer reaches the table."""
        self._generation += 1
        generation, search = self._generation, self.search.text()
        flt = self.current_filter(search)  # widgets are read here, on the GUI thread, never by the worker
        fetch = self.services.reports.list_cases
        sort, descending = self.model.order

        def arrived(rows: list[CaseRow]) -> None:
            if generation == self._generation:
                self.model.apply(search, rows)

        self.runner.start(self, lambda _control: fetch(flt, sort, descending, PAGE, 0), on_done=arrived)

    def show_case(self, row: int) -> None:
        if row < 0:
            return
        d = self.services.queries.open_case(self.model.row(row).reference, "Previewed")
        e = html.escape
        people = "".join(f"<li>{e(p.role.replace('_', ' ').capitalize())}: {e(p.name or '')}</li>"
                         for p in d.parties)
        tasks = "".join(f"<li>{e(t.title)} (due {e(f'{t.due_at:%Y-%m-%d %H:%M}' if t.due_at else '')})</li>"
                        for t in d.tasks if not t.done_at)
        events = "".join(f"<li>{e(f'{ev.at:%Y-%m-%d %H:%M}')} {e(ev.kind)}: {e(ev.text)}</li>"
                         for ev in d.timeline)
        gate = "" if d.legal_gate.allowed else (
            "<h3>Legal action blocked</h3><ul>" + "".join(f"<li>{e(r)}</li>" for r in d.legal_gate.reasons)
            + "</ul>")
        self.detail.setHtml(
            f"<h2>{e(d.reference)} — {e(d.status.capitalize())}</h2>"
            f"<p>{e(d.assignment_reason)}</p><p>{e(d.response_due_reason)}</p>"
            f"<h3>People</h3><ul>{people}</ul><h3>Open tasks</h3><ul>{tasks or '<li>None</li>'}</ul>"
            f"{gate}<h3>Timeline</h3><ul>{events}</ul>")

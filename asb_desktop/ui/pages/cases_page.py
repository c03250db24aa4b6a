"""Case list with search-as-you-type and a summary of the selected case."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...services import Services
from ..case_table_model import CaseTableModel


class CasesPage(QWidget):
    def __init__(self, services: Services, mine: bool = False) -> None:
        super().__init__()
        self.services = services
        self.mine = mine
        self.search = QLineEdit(placeholderText="Search names, addresses, references, incidents and notes")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.model = CaseTableModel(self._fetch)
        self.table = QTableView()
        self.table.setAccessibleName("Case list")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Case summary")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(splitter)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(lambda: self.model.reload(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_case(cur.row()))
        self.model.reload("")

    def _fetch(self, search: str, sort: str, descending: bool, limit: int, offset: int):  # noqa: ANN202
        return self.services.queries.list_cases(search, mine=self.mine, sort=sort, descending=descending,
                                                limit=limit, offset=offset)

    def show_case(self, row: int) -> None:
        if row < 0:
            return
        d = self.services.queries.case_detail(self.model.row(row).reference)
        e = html.escape
        people = "".join(f"<li>{e(p['role'].replace('_', ' ').capitalize())}: {e(p['name'] or '')}</li>"
                         for p in d["parties"])
        tasks = "".join(f"<li>{e(t['title'])} (due {e((t['due_at'] or '')[:16].replace('T', ' '))})</li>"
                        for t in d["tasks"] if not t["done_at"])
        events = "".join(f"<li>{e(ev['at'][:16].replace('T', ' '))} {e(ev['kind'])}: {e(ev['text'])}</li>"
                         for ev in d["timeline"])
        gate = "" if d["legal_gate"]["allowed"] else (
            "<h3>Legal action blocked</h3><ul>" + "".join(f"<li>{e(r)}</li>" for r in d["legal_gate"]["reasons"])
            + "</ul>")
        self.detail.setHtml(
            f"<h2>{e(d['reference'])} — {e(d['status'].capitalize())}</h2>"
            f"<p>{e(d['assignment_reason'])}</p><p>{e(d['response_due_reason'])}</p>"
            f"<h3>People</h3><ul>{people}</ul><h3>Open tasks</h3><ul>{tasks or '<li>None</li>'}</ul>"
            f"{gate}<h3>Timeline</h3><ul>{events}</ul>")

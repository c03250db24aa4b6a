"""Due and overdue: deadlines, contacts, tasks and proposed closures. Colour plus text, never colour alone."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...services import Services


class DuePage(QWidget):
    open_requested = Signal(str)  # a case reference to open in a tab (double-click or Enter)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Due and overdue items")
        self.table.setHorizontalHeaderLabels(["Due", "State", "Case", "What"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        refresh = QPushButton("Refresh")
        refresh.setAccessibleName("Refresh due items")
        refresh.clicked.connect(self.reload)
        self.table.itemActivated.connect(lambda item: self.open_requested.emit(self.table.item(item.row(), 2).text()))
        layout = QVBoxLayout(self)
        layout.addWidget(refresh)
        layout.addWidget(self.table)
        self.reload()

    def reload(self) -> None:
        items = self.services.queries.due_items()
        overdue = QBrush(QColor("#b00020"))
        self.table.setUpdatesEnabled(False)  # one repaint for the whole fill, not one per cell
        try:
            self.table.setRowCount(len(items))
            for r, item in enumerate(items):
                due = item.due_at  # formatted by hand: strftime goes through the import hook PySide6 installs
                cells = [f"{due.day:02d}/{due.month:02d}/{due.year:04d} {due.hour:02d}:{due.minute:02d}",
                         "OVERDUE" if item.overdue else "Due", item.reference, item.label]
                for c, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(item.reason)
                    if item.overdue:
                        cell.setForeground(overdue)
                    self.table.setItem(r, c, cell)
        finally:
            self.table.setUpdatesEnabled(True)

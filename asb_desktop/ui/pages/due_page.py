"""Due and overdue: deadlines, contacts, tasks and proposed closures. Colour plus text, never colour alone.
A task in the list can be marked done, given a new due date (with a reason) or assigned from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import Services
from ...services.queries import DueItem
from ..theme import status_colour
from ..widgets.fields import keyboard_friendly
from ..widgets.messages import change_then_reload, show_message


class DuePage(QWidget):
    open_requested = Signal(str)  # a case reference to open in a tab (double-click or Enter)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.table = QTableWidget(0, 4)
        keyboard_friendly(self.table)
        self.table.setAccessibleName("Due and overdue items")
        self.table.setHorizontalHeaderLabels(["Due", "State", "Case", "What"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items: list[DueItem] = []
        self.dialog: QWidget | None = None  # the task dialog last opened (tests drive it)
        bar = QHBoxLayout()
        bar.addWidget(self._button("Refresh", self.reload, "Refresh due items"))
        bar.addStretch(1)
        bar.addWidget(QLabel("Selected task:"))
        bar.addWidget(self._button("Mark done", self.complete_task, "Mark the selected task done"))
        bar.addWidget(self._button("Move due date…", self.move_due, "Move the selected task's due date"))
        bar.addWidget(self._button("Assign…", self.assign, "Assign the selected task"))
        self.table.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.reload()

    def _activated(self, item: QTableWidgetItem) -> None:
        cell = self.table.item(item.row(), 2)
        reference = cell.text() if cell is not None else ""
        if reference:  # a new-tenant contact (3.1) is about a tenancy, not a case
            self.open_requested.emit(reference)

    @staticmethod
    def _button(text: str, slot: Callable[[], None], name: str) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(name)
        b.clicked.connect(lambda _checked=False: slot())
        return b

    # ------------------------------------------------------------- tasks
    def selected_task(self, contact_too: bool = False) -> DueItem | None:
        """The task chosen; with ``contact_too`` a new-tenant contact (3.1) too, which can only be marked made."""
        row = self.table.currentRow()
        item = self.items[row] if 0 <= row < len(self.items) else None
        if item is None or not item.task_uid:
            show_message(self, "Choose a task in the list first (deadlines and proposed closures are dealt "
                         "with in the case).")
            return None
        if item.kind == "new_tenant_contact" and not contact_too:
            show_message(self, "A new-tenant contact is due 4-6 weeks after the tenancy starts (procedure 3.1): "
                         "it can be marked made, not moved or assigned.")
            return None
        return item

    def change(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        return change_then_reload(self, self.reload, fn, *args, **kwargs)

    @staticmethod
    def _task(item: DueItem) -> dict[str, Any]:
        return {"uid": item.task_uid, "title": item.label, "version": item.task_version, "due_at": item.due_at}

    def complete_task(self) -> None:
        item = self.selected_task(contact_too=True)
        if item is not None and item.kind == "new_tenant_contact":  # 3.1: refused before week 4
            self.change(self.services.tenancy_checks.complete_contact, item.task_uid)
        elif item is not None:
            self.change(self.services.activity.complete_task, item.reference, item.task_uid, item.task_version)

    def move_due(self) -> None:
        from ..workspace.task_due_dialog import MoveDueDialog

        item = self.selected_task()
        if item is not None:
            self._open(MoveDueDialog(self, self.services, item.reference, self._task(item), self.change))

    def assign(self) -> None:
        from ..workspace.task_assign_dialog import AssignTaskDialog

        item = self.selected_task()
        if item is not None:
            self._open(AssignTaskDialog(self, self.services, item.reference, self._task(item), self.change))

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def reload(self) -> None:
        items = self.items = self.services.queries.due_items()
        overdue = QBrush(status_colour("overdue"))
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

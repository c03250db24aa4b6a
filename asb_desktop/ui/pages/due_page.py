"""Due and overdue: deadlines, contacts, tasks and proposed closures, grouped (overdue, due today, this
week, later) and filtered (mine or the team's, one officer, one kind, how far ahead). Colour plus text,
never colour alone. A task in the list can be marked done, given a new due date (with a reason) or
assigned from here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.due import DueGroup, due_group, due_kind_label
from ...services import Services
from ...services.casework.case_view import TaskRef
from ...services.casework.queries import DueItem
from ..icons import make_primary
from ..theme import status_colour
from ..widgets.empty_state import set_empty_text
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
        self.table.verticalHeader().setVisible(False)  # row numbers would count the group headings too
        self.all_items: list[DueItem] = []  # what the service gave for the scope and horizon
        self.items: list[DueItem] = []  # those the officer and kind filters let through
        self.rows: list[DueItem | None] = []  # one per table row; None for a group's heading
        self.dialog: QWidget | None = None  # the task dialog last opened (tests drive it)
        self.scope = self._combo("Whose items", [("Team", False), ("Mine", True)])
        self.horizon = self._combo("How far ahead", [("Next 7 days", 7), ("Next 30 days", 30),
                                                    ("Next 90 days", 90)])
        self.officer = self._combo("Officer", [("All officers", "")])
        self.kind = self._combo("Kind", [("All kinds", "")])
        for combo in (self.scope, self.horizon):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        for combo in (self.officer, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self._fill())
        self.summary = QLabel()
        self.summary.setAccessibleName("Due items shown")
        filters = QHBoxLayout()
        for text, combo in (("&Show:", self.scope), ("O&fficer:", self.officer), ("&Kind:", self.kind),
                            ("&Ahead:", self.horizon)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        bar = QHBoxLayout()
        bar.addWidget(self._button("Refresh", self.reload, "Refresh due items"))
        bar.addStretch(1)
        bar.addWidget(QLabel("Selected task:"))
        bar.addWidget(make_primary(self._button("Mark done", self.complete_task, "Mark the selected task done"), "done"))
        bar.addWidget(self._button("Move due date…", self.move_due, "Move the selected task's due date"))
        bar.addWidget(self._button("Assign…", self.assign, "Assign the selected task"))
        self.table.itemActivated.connect(self._activated)
        set_empty_text(self.table, lambda: (
            f"Nothing is due in the {self.horizon.currentText().lower()} for these filters."
            if self.officer.currentData() or self.kind.currentData() else
            f"Nothing is due or overdue in the {self.horizon.currentText().lower()}. Look further ahead with "
            "Ahead, or see the Team's items with Show."))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.reload()

    @staticmethod
    def _combo(name: str, choices: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for text, data in choices:
            combo.addItem(text, data)
        return combo

    def row_of(self, item: DueItem) -> int:
        """The table row showing ``item`` (group headings take rows of their own)."""
        return self.rows.index(item)

    def _activated(self, item: QTableWidgetItem) -> None:
        due = self.rows[item.row()] if 0 <= item.row() < len(self.rows) else None
        if due is not None and due.reference:  # a new-tenant contact (3.1) is about a tenancy, not a case
            self.open_requested.emit(due.reference)

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
        item = self.rows[row] if 0 <= row < len(self.rows) else None
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
    def _task(item: DueItem) -> TaskRef:
        return TaskRef(item.task_uid, item.label, item.task_version, item.due_at)

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
        self.all_items = self.services.queries.due_items(mine=bool(self.scope.currentData()),
                                                         within_days=int(self.horizon.currentData()))
        self._refill_choices()
        self._fill()

    def _refill_choices(self) -> None:
        """Offer the officers and kinds in the list, keeping the one chosen when it is still there."""
        for combo, everyone, values in (
                (self.officer, "All officers", sorted({i.officer for i in self.all_items if i.officer})),
                (self.kind, "All kinds", sorted({i.kind for i in self.all_items}, key=due_kind_label))):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, "")
            for value in values:
                combo.addItem(value if combo is self.officer else due_kind_label(value), value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _fill(self) -> None:
        officer, kind = self.officer.currentData(), self.kind.currentData()
        self.items = [i for i in self.all_items
                      if (not officer or i.officer == officer) and (not kind or i.kind == kind)]
        now = self.services.ctx.now()
        placed = [(DueGroup.OVERDUE if i.overdue else due_group(i.due_at, now), i) for i in self.items]
        counts = Counter(group for group, _ in placed)
        rows: list[DueItem | None] = []
        headings: dict[int, DueGroup] = {}
        for group, item in placed:  # sorted by due time, so each group is one run
            if not headings or headings[max(headings)] is not group:
                headings[len(rows)] = group
                rows.append(None)
            rows.append(item)
        self.rows = rows
        overdue = QBrush(status_colour("overdue"))
        bold = QFont(self.table.font())
        bold.setBold(True)
        self.table.setUpdatesEnabled(False)  # one repaint for the whole fill, not one per cell
        try:
            self.table.clearSpans()
            self.table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                if row is None:
                    group = headings[r]
                    heading = QTableWidgetItem(f"{group.label} ({counts[group]})")
                    heading.setFont(bold)
                    heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    if group is DueGroup.OVERDUE:
                        heading.setForeground(overdue)
                    self.table.setItem(r, 0, heading)
                    for c in range(1, 4):
                        self.table.setItem(r, c, QTableWidgetItem(""))
                    self.table.setSpan(r, 0, 1, 4)
                    continue
                due = row.due_at  # formatted by hand: strftime goes through the import hook PySide6 installs
                cells = [f"{due.day:02d}/{due.month:02d}/{due.year:04d} {due.hour:02d}:{due.minute:02d}",
                         "OVERDUE" if row.overdue else "Due", row.reference, row.label]
                for c, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(row.reason + (f"\nOfficer: {row.officer}" if row.officer else ""))
                    if row.overdue:
                        cell.setForeground(overdue)
                    self.table.setItem(r, c, cell)
        finally:
            self.table.setUpdatesEnabled(True)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        shown = len(self.items)
        self.summary.setText(f"{shown} item{'s' if shown != 1 else ''}"
                             + (f" of {len(self.all_items)}" if shown != len(self.all_items) else ""))

"""Today, the home page: what to do next, grouped so an officer scans rather than reads. Overdue, due
today, due this week, statements waiting for a witness, evidence to link and, for team leaders and
managers, approvals waiting and restricted cases. Every line opens its case (double-click or Enter);
a task line can be marked done, moved or assigned, and a task can be added to the selected case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services import Services
from ...services.casework.case_view import TaskRef
from ...services.casework.today import Today, TodayItem
from ..theme import status_colour
from ..widgets.fields import keyboard_friendly
from ..widgets.messages import change_then_reload, show_message


def when(item: TodayItem) -> str:
    d = item.due_at
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d} {d.hour:02d}:{d.minute:02d}" if d else ""


class TodayPage(QWidget):
    open_requested = Signal(str)
    counted = Signal(int)  # what needs doing now, for the navigation rail

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.day = Today()
        self.heading = QLabel()
        self.heading.setObjectName("today-heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.tree = QTreeWidget()
        keyboard_friendly(self.tree)
        self.tree.setAccessibleName("Today: what to do next")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Due", "Case", "What", "Why"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(lambda item, _col: self._open(item))
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.inbox = QLabel()
        self.inbox.setWordWrap(True)
        self.dialog: QWidget | None = None
        self.open_button = self._button("&Open case", self.open_selected, "Open the selected case")
        self.add_button = self._button("Add &task…", self.add_task, "Add a task to the selected case")
        self.done_button = self._button("Mark &done", self.complete_task, "Mark the selected task done")
        self.move_button = self._button("&Move due date…", self.move_due, "Move the selected task's due date")
        self.assign_button = self._button("Assi&gn…", self.assign, "Assign the selected task to a colleague")
        bar = QHBoxLayout()
        for b in (self.open_button, self.add_button, self.done_button, self.move_button, self.assign_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self._button("&Refresh", self.reload, "Refresh Today"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.inbox)
        self.reload()

    @staticmethod
    def _button(text: str, slot: Callable[[], None], name: str) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(name)
        b.setToolTip(name)
        b.clicked.connect(lambda _checked=False: slot())
        return b

    def groups(self) -> list[tuple[str, list[TodayItem], str]]:
        """(title, items, what to show when there are none), in the order they are read."""
        day = self.day
        out = [("Overdue", day.overdue, "Nothing overdue."), ("Due today", day.due_today, "Nothing else due today."),
               ("Due this week", day.this_week, "Nothing due in the next 7 days."),
               ("Statements waiting for the witness", day.statements, "No statement is waiting for a signature.")]
        if day.approver:
            out.insert(0, ("Approvals waiting for you", day.approvals, "No approvals waiting."))
            out.append(("Restricted cases (an employee is involved)", day.restricted, "No restricted open cases."))
            out.append(("ASB case review threshold met", day.case_reviews,
                        "No open case has met the case review threshold."))
        if day.subject_access:  # Mark done (or asb sar SAR-0001 --answered) answers one; not a case to open
            out.append(("Subject access requests (one month to answer)", day.subject_access, ""))
        return out

    def reload(self) -> None:
        self.day = self.services.today.today()
        name = self.services.ctx.actor.full_name.split(" ")[0]
        now = self.services.ctx.now()
        self.heading.setText(f"Today, {now.day:02d}/{now.month:02d}/{now.year:04d} — {name}, "
                             + (f"{self.day.attention} to deal with now" if self.day.attention else
                                "nothing overdue or due today"))
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for title, items, empty in self.groups():
            group = QTreeWidgetItem([f"{title} ({len(items)})"])
            group.setFirstColumnSpanned(True)
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            if not items:
                none = QTreeWidgetItem([empty])
                none.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.addChild(none)
                none.setFirstColumnSpanned(True)
            for item in items:
                prefix = "⚠ OVERDUE " if title == "Overdue" else ""
                row = QTreeWidgetItem([prefix + when(item), item.reference, item.what, item.why])
                row.setData(0, Qt.ItemDataRole.UserRole, item)
                row.setToolTip(3, item.why)
                if title == "Overdue":
                    for col in range(4):
                        row.setForeground(col, QBrush(status_colour("overdue")))
                group.addChild(row)
            group.setExpanded(True)
        self.inbox.setText(f"Evidence you added that is not linked to a case yet: {self.day.inbox}. "
                           "Link it from the Evidence inbox." if self.day.inbox else
                           "The evidence inbox is empty: everything you added is linked to its case.")
        self._enable()
        self.counted.emit(self.day.attention)

    def selected(self) -> TodayItem | None:
        current = self.tree.currentItem()
        data = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        return data if isinstance(data, TodayItem) else None

    def select(self, reference: str, what: str | None = None) -> bool:
        """Select the first line about ``reference`` (tests and keyboard users)."""
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                data = group.child(c).data(0, Qt.ItemDataRole.UserRole)
                if isinstance(data, TodayItem) and data.reference == reference and what in (None, data.what):
                    self.tree.setCurrentItem(group.child(c))
                    return True
        return False

    def _enable(self) -> None:
        item = self.selected()
        sar = item is not None and item.reference.startswith("SAR-")
        self.open_button.setEnabled(item is not None and not sar)
        self.add_button.setEnabled(item is not None and not sar)
        self.done_button.setEnabled(item is not None and (bool(item.task_uid) or sar))  # a SAR: mark answered
        for b in (self.move_button, self.assign_button):
            b.setEnabled(item is not None and bool(item.task_uid))

    def _open(self, row: QTreeWidgetItem) -> None:
        data = row.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(data, TodayItem) and not data.reference.startswith("SAR-"):
            self.open_requested.emit(data.reference)

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None and not item.reference.startswith("SAR-"):
            self.open_requested.emit(item.reference)

    def change(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        return change_then_reload(self, self.reload, fn, *args, **kwargs)

    def _task(self) -> tuple[TodayItem, TaskRef] | None:
        item = self.selected()
        if item is None or not item.task_uid:
            show_message(self, "Choose a task in the list first.")
            return None
        return item, TaskRef(item.task_uid, item.what, item.task_version, item.due_at)

    def complete_task(self) -> None:
        item = self.selected()
        if item is not None and item.reference.startswith("SAR-"):  # the disclosure was sent: answered
            self.change(self.services.sar.mark_answered, item.reference)
            return
        chosen = self._task()
        if chosen is not None:
            item, task = chosen
            self.change(self.services.activity.complete_task, item.reference, task.uid, task.version)

    def move_due(self) -> None:
        from ..workspace.task_due_dialog import MoveDueDialog

        chosen = self._task()
        if chosen is not None:
            self._show(MoveDueDialog(self, self.services, chosen[0].reference, chosen[1], self.change))

    def assign(self) -> None:
        from ..workspace.task_assign_dialog import AssignTaskDialog

        chosen = self._task()
        if chosen is not None:
            self._show(AssignTaskDialog(self, self.services, chosen[0].reference, chosen[1], self.change))

    def add_task(self) -> None:
        from ..workspace.task_dialog import AddTaskDialog

        item = self.selected()
        if item is not None:
            self._show(AddTaskDialog(self, self.services, item.reference, self.change))

    def _show(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

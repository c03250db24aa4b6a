"""Add a task to the case: what, when it is due (today or later), who does it and why."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from ...domain.enums import TaskKind
from ...services import Services
from ..widgets.fields import date_edit, named, text_area, to_date
from ..widgets.form_dialog import FormDialog
from .task_assign_dialog import Change, assignee_combo


class AddTaskDialog(FormDialog):
    def __init__(self, parent: QWidget, services: Services, reference: str, change: Change) -> None:
        super().__init__(parent, f"Add a task to {reference}", self._add, "Add task")
        self.services, self.reference, self.change = services, reference, change
        today = services.ctx.now().date()
        self.title = named(QLineEdit(), "Task title")
        self.due = date_edit("Due date", today, earliest=today)
        self.person = assignee_combo(services, reference, blank="The case's officer")
        self.reason = text_area("Why the task is needed", "", 2)
        for label, widget in (("Task", self.title), ("Due", self.due), ("For", self.person), ("Why", self.reason)):
            self.row(label, widget)

    def _add(self, _dialog: FormDialog) -> bool:
        ok, _ = self.change(self.services.activity.add_task, self.reference, self.title.text(), to_date(self.due),
                            self.reason.toPlainText().strip(), TaskKind.GENERAL.value,
                            self.person.currentData() or None)
        return ok

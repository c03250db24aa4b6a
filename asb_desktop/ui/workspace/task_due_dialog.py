"""Set or move a task's due date; the reason is required and kept in the audit trail."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...services import Services
from ...services.casework.case_view import TaskRef, TaskView
from ..widgets.fields import date_edit, text_area, to_date
from ..widgets.form_dialog import FormDialog
from .task_assign_dialog import Change


class MoveDueDialog(FormDialog):
    """``task`` needs ``uid``, ``title``, ``version`` and ``due_at`` (ISO text or a datetime, or None)."""

    def __init__(self, parent: QWidget, services: Services, reference: str, task: TaskView | TaskRef,
                 change: Change) -> None:
        super().__init__(parent, f"Due date of '{task.title}'", self._move, "Move")
        self.services, self.reference, self.task, self.change = services, reference, task, change
        today = services.ctx.now().date()
        current = task.due_at
        self.due = date_edit("New due date", max(current.date(), today) if current else today, earliest=today)
        self.reason = text_area("Why the due date is set or moved", "", 2)
        self.row("Due", self.due)
        self.row("Why", self.reason)

    def _move(self, _dialog: FormDialog) -> bool:
        ok, _ = self.change(self.services.activity.move_task_due, self.reference, self.task.uid,
                            to_date(self.due), self.reason.toPlainText().strip(), self.task.version)
        return ok

"""Give a task to a colleague: only people who may work on the case are offered (the service checks too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from ...services import Services
from ...services.casework.case_view import TaskRef, TaskView
from ...services.kernel.errors import ASBError
from ..widgets.fields import named
from ..widgets.form_dialog import FormDialog

Change = Callable[..., tuple[bool, Any]]  # like CaseWorkspace.change: call a service, report a refusal


def assignee_combo(services: Services, reference: str, current: str = "", blank: str = "") -> QComboBox:
    """The colleagues who may be given a task on the case; ``blank`` (if given) is offered first."""
    combo = named(QComboBox(), "Assign the task to")
    if blank:
        combo.addItem(blank, "")
    try:
        people = services.activity.task_assignees(reference)
    except ASBError:
        people = []
    for person in people:
        combo.addItem(f"{person.full_name} ({person.username})", person.username)
        if current and current in (person.username, person.full_name):
            combo.setCurrentIndex(combo.count() - 1)
    return combo


class AssignTaskDialog(FormDialog):
    """``task`` needs ``uid``, ``title`` and ``version`` (a case-detail task or a due item's)."""

    def __init__(self, parent: QWidget, services: Services, reference: str, task: TaskView | TaskRef,
                 change: Change) -> None:
        super().__init__(parent, f"Assign the task '{task.title}'", self._assign, "Assign")
        self.services, self.reference, self.task, self.change = services, reference, task, change
        self.person = assignee_combo(services, reference, task.assigned_name)
        self.row("For", self.person)
        self.note("Only colleagues who may work on this case are listed (an employee case: team leaders and "
                  "above; a supported-housing case: its scheme officer too).", "Who can be given a task")

    def _assign(self, _dialog: FormDialog) -> bool:
        ok, _ = self.change(self.services.activity.assign_task, self.reference, self.task.uid,
                            self.person.currentData() or "", self.task.version)
        return ok

"""Tasks and contacts: the task list (add, assign, move the due date with a reason, mark done - undoable)
and the contact log, with a one-click
"Attempt failed" that logs a failed call; after two in a row the service raises the 7.6 letter task,
and this tab says so."""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from ...domain.enums import ContactMethod, ContactOutcome, TaskKind
from ...services.casework.case_view import CaseDetail, TaskView
from ..widgets.fields import message_label
from ..widgets.record_table_model import Column, RecordTableModel, short_time
from .base import WorkspaceTab, button, selected, table_view
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


def task_state(task: TaskView, now: datetime) -> str:
    if task.done_at:
        return "Done"
    if task.due_at and task.due_at < now:
        return "OVERDUE"
    return "To do"


CONTACTS = [Column("When", lambda r: short_time(r.at)), Column("How", lambda r: ContactMethod(r.method).label),
            Column("Outcome", lambda r: ContactOutcome(r.outcome).label),
            Column("With the complainant", lambda r: "Yes" if r.with_complainant else "No"),
            Column("Notes", lambda r: r.notes)]


class ContactsTab(WorkspaceTab):
    shows = Changes.TASKS | Changes.CONTACTS
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        now = ws.services.ctx.now
        self.tasks_model = RecordTableModel(
            [Column("Due", lambda r: short_time(r.due_at)), Column("State", lambda r: task_state(r, now())),
             Column("Task", lambda r: r.title), Column("For", lambda r: r.assigned_name),
             Column("Why", lambda r: r.reason)],
            warn=lambda r: task_state(r, now()) == "OVERDUE")
        self.tasks = table_view(
            "Tasks", self.tasks_model,
            "No open tasks. Add task… sets one, with who does it and by when.")
        self.contacts_model = RecordTableModel(CONTACTS)
        self.contacts = table_view("Contact log", self.contacts_model)
        self.status = message_label("Contact attempts status", rich=True)

        task_bar = QHBoxLayout()
        task_bar.addWidget(QLabel("Tasks"))
        task_bar.addStretch(1)
        task_bar.addWidget(button("Add task…", self.open_add_task))
        task_bar.addWidget(button("Assign…", self.open_assign_task, "Assign task"))
        task_bar.addWidget(button("Move due date…", self.open_move_due, "Move task due date"))
        task_bar.addWidget(button("Mark task done", self.complete_task))
        contact_bar = QHBoxLayout()
        contact_bar.addWidget(QLabel("Contact log"))
        contact_bar.addStretch(1)
        self.failed_button = button("Attempt failed", self.attempt_failed,
                                    "Attempt failed: log a call to the complainant with no answer")
        contact_bar.addWidget(self.failed_button)
        contact_bar.addWidget(button("Log contact… (Ctrl+L)", self.open_contact_dialog, "Log contact", primary="contact"))
        top, bottom = QWidget(), QWidget()
        t = QVBoxLayout(top)
        t.addLayout(task_bar)
        t.addWidget(self.tasks)
        b = QVBoxLayout(bottom)
        b.addLayout(contact_bar)
        b.addWidget(self.status)
        b.addWidget(self.contacts)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        QVBoxLayout(self).addWidget(split)

    def load(self, detail: CaseDetail) -> None:
        tasks = sorted(detail.tasks, key=lambda t: (t.done_at is not None, t.due_at or datetime.max))
        self.tasks_model.set_records(tasks)
        self.contacts_model.set_records(sorted(detail.contacts, key=lambda c: c.at, reverse=True))
        self.tasks.resizeColumnsToContents()
        self.contacts.resizeColumnsToContents()
        letter = next((t for t in tasks if t.kind == TaskKind.SEND_LETTER.value and not t.done_at), None)
        if letter is not None:
            self.status.setText(f"<b>Letter task raised:</b> {html.escape(letter.title)}. "
                                f"{html.escape(letter.reason)}")

    def _open_task(self) -> TaskView | None:
        """The selected task if it is still to do; otherwise say what to choose."""
        task = selected(self.tasks)
        if task is None:
            self.status.setText("Choose a task in the list first.")
        elif task.done_at:
            self.status.setText(f"'{html.escape(task.title)}' is already done.")
            return None
        return task

    def complete_task(self) -> None:
        task = self._open_task()
        if task is not None:
            self.ws.execute(self.ws.edits.complete_task(task.uid, task.title, task.version))

    def open_add_task(self) -> None:
        from .task_dialog import AddTaskDialog

        self.show_dialog(AddTaskDialog(self, self.ws.services, self.ws.reference, self.ws.changer(Changes.TASKS)))

    def open_assign_task(self) -> None:
        from .task_assign_dialog import AssignTaskDialog

        task = self._open_task()
        if task is not None:
            self.show_dialog(AssignTaskDialog(self, self.ws.services, self.ws.reference, task, self.ws.changer(Changes.TASKS)))

    def open_move_due(self) -> None:
        from .task_due_dialog import MoveDueDialog

        task = self._open_task()
        if task is not None:
            self.show_dialog(MoveDueDialog(self, self.ws.services, self.ws.reference, task, self.ws.changer(Changes.TASKS)))

    def attempt_failed(self) -> None:
        ok, logged = self.ws.change(Changes.CONTACTS | Changes.TASKS, self.ws.services.activity.log_contact, self.ws.reference,
                                    ContactMethod.TELEPHONE.value, ContactOutcome.NO_ANSWER.value)
        if ok:
            self.show_result(logged)

    def show_result(self, logged: Any) -> None:
        if logged.letter_task:
            self.status.setText(f"<b>Letter task raised:</b> {html.escape(logged.letter_task)}")
        else:
            self.status.setText(f"{logged.failed_in_a_row} failed attempt(s) in a row since the last successful "
                                "contact. After two, a letter or email must be sent (7.6).")

    def open_contact_dialog(self) -> None:
        from .contact_dialog import ContactDialog

        self.show_dialog(ContactDialog(self.ws, self.show_result))

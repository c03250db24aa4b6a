"""Log a contact attempt with the complainant or another person on the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox

from ...domain.enums import ContactMethod, ContactOutcome
from ..widgets.fields import date_time_edit, named, text_area, to_datetime
from ..widgets.form_dialog import FormDialog
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


def combo(name: str, items: list[tuple[str, str | None]]) -> QComboBox:
    box = named(QComboBox(), name)
    for text, value in items:
        box.addItem(text, value)
    return box


class ContactDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost, logged: Callable[[Any], None]) -> None:
        super().__init__(ws, f"Log contact on {ws.reference}", self._save_contact)
        self.ws, self.logged = ws, logged  # logged: shows the outcome where the dialog was opened
        people: list[tuple[str, str | None]] = [("The complainant", None)] + [
            (f"{p.name} ({p.role.replace('_', ' ')})", p.person.uid)
            for p in ws.detail.parties if p.person and not p.anonymous and p.role != "complainant"]
        self.person = self.row("With", combo("Contact with", people))
        self.method = self.row("How", combo("Contact method", [(m.label, m.value) for m in ContactMethod]))
        self.outcome = self.row("Outcome", combo("Contact outcome", [(o.label, o.value) for o in ContactOutcome]))
        self.at = self.row("When", date_time_edit("Contact date and time", ws.services.ctx.now()))
        self.notes = self.row("Notes", text_area("Contact notes"))

    def _save_contact(self, _dialog: FormDialog) -> bool:
        ok, logged = self.ws.change(Changes.CONTACTS | Changes.TASKS, self.ws.services.activity.log_contact, self.ws.reference,
                                    self.method.currentData(), self.outcome.currentData(), to_datetime(self.at),
                                    self.person.currentData(), self.notes.toPlainText().strip())
        if ok:
            self.logged(logged)
        return ok

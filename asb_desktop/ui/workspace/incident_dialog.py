"""Add or edit an incident. The end is a time: one earlier than the start means the next day, so an
incident from 23:30 to 00:45 crosses midnight without the officer changing the date."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QLineEdit, QTimeEdit

from ...services.kernel.inputs import IncidentInput
from ..widgets.fields import YesNoCombo, date_time_edit, message_label, named, text_area, to_datetime
from ..widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from .host import WorkspaceHost

TEXTS = [("location", "Where it happened", 1), ("description", "What happened", 4),
         ("people_involved", "Who was involved", 2), ("feelings_then", "How it made them feel at the time", 2),
         ("feelings_since", "How it has affected them since", 2),
         ("measures_taken", "Measures they have taken to stop it happening again", 2),
         ("targeted_why", "Why they feel targeted", 2), ("witnesses", "Witnesses (write 'none' if none)", 2),
         ("frequency", "How often it happens", 1), ("history", "History", 2)]


def end_after(start: datetime, end: time) -> datetime:
    """The end date-time for an end clock time: the same day, or the next day if it is before the start."""
    candidate = datetime.combine(start.date(), end)
    return candidate + timedelta(days=1) if candidate < start else candidate


def describe_end(start: datetime, end: datetime | None) -> str:
    if end is None:
        return "No end time recorded."
    nxt = " (the next day: the incident crosses midnight)" if end.date() > start.date() else ""
    return f"Ends {end:%H:%M} on {end:%A %d %B %Y}{nxt}."


class IncidentDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost, uid: str | None) -> None:
        title = f"Edit incident on {ws.reference}" if uid else f"Add an incident to {ws.reference}"
        super().__init__(ws, title, self._save_incident)
        self.ws, self.uid = ws, uid
        data = IncidentInput(ws.services.ctx.now())
        self.version: int | None = None  # the incident's version as opened (the edit is refused if it moved)
        if uid:
            ok, found = ws.call(ws.edits.edits.incident_for_edit, ws.reference, uid)
            if ok:
                data, self.version = found
        self.started = self.row("Started", date_time_edit("Incident start date and time", data.started_at))
        self.has_end = named(QCheckBox("It has ended"), "Incident has an end time")
        self.ended = named(QTimeEdit(), "Incident end time")
        self.ended.setDisplayFormat("HH:mm")
        self.has_end.setChecked(data.ended_at is not None)
        if data.ended_at is not None:
            self.ended.setTime(QTime(data.ended_at.hour, data.ended_at.minute))
        self.form.addRow(self.has_end)
        self.row("Ended at", self.ended)
        self.end_note = message_label("When the incident ends")
        self.form.addRow(self.end_note)
        self.texts: dict[str, QLineEdit] = {}
        for key, text, lines in TEXTS:
            widget = named(QLineEdit(getattr(data, key)), text) if lines == 1 else text_area(text, getattr(data, key),
                                                                                               lines)
            self.texts[key] = self.row(text, widget)  # type: ignore[assignment]
        self.targeted = self.row("Feels targeted", YesNoCombo("Complainant or household feels targeted"))
        self.targeted.set_value(data.feels_targeted)
        for signal in (self.started.dateTimeChanged, self.ended.timeChanged, self.has_end.toggled):
            signal.connect(lambda *_a: self._update_end())
        self._update_end()

    def end(self) -> datetime | None:
        if not self.has_end.isChecked():
            return None
        return end_after(to_datetime(self.started), self.ended.time().toPython())  # type: ignore[arg-type]

    def _update_end(self) -> None:
        self.ended.setEnabled(self.has_end.isChecked())
        self.end_note.setText(describe_end(to_datetime(self.started), self.end()))

    def value(self) -> IncidentInput:
        texts = {k: (w.text() if isinstance(w, QLineEdit) else w.toPlainText()).strip() for k, w in self.texts.items()}
        return IncidentInput(started_at=to_datetime(self.started), ended_at=self.end(),
                             feels_targeted=self.targeted.value(), **texts)

    def _save_incident(self, _dialog: FormDialog) -> bool:
        edit = (self.ws.edits.edit_incident(self.uid, self.value(), self.version) if self.uid
                else self.ws.edits.add_incident(self.value()))
        return self.ws.execute(edit)

"""Add a dated, timed note in plain English (7.5), undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox

from ...domain.enums import NoteKind
from ..widgets.fields import date_time_edit, named, text_area, to_datetime
from ..widgets.form_dialog import FormDialog
from .plain_english_dialog import check_then_save

if TYPE_CHECKING:
    from .host import WorkspaceHost

OFFERED = [NoteKind.GENERAL, NoteKind.AGREED_ACTION, NoteKind.SCHEME_ATTEMPT, NoteKind.IDENTIFICATION,
           NoteKind.SAFEGUARDING, NoteKind.POLICE]


class NoteDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Add a note to {ws.reference}", self._save_note)
        self.ws = ws
        self.check = None
        self.kind = named(QComboBox(), "Kind of note")
        for kind in OFFERED:
            self.kind.addItem(kind.label, kind.value)
        self.row("Kind", self.kind)
        self.written_at = self.row("Date and time", date_time_edit("Date and time of the note", ws.services.ctx.now()))
        self.text = self.row("Note", text_area("Note text", "", 6))
        self.confidential = named(QCheckBox("Confidential"), "Confidential")
        self.form.addRow(self.confidential)

    def _save_note(self, _dialog: FormDialog) -> bool:
        text = self.text.toPlainText()

        def save(allow_flagged: bool) -> bool:
            return self.ws.execute(self.ws.edits.add_note(text, self.kind.currentData(), to_datetime(self.written_at),
                                                          self.confidential.isChecked(), allow_flagged))

        return check_then_save(self, [text], save)

"""Edit a case's summary, flags and police reference (undoable)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QLineEdit

from ..widgets.fields import named, text_area
from ..widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from .host import WorkspaceHost

FLAGS = [("serious", "Serious (response within 1 working day)"), ("hate_related", "Hate-related"),
         ("safeguarding_concern", "Safeguarding concern"), ("crime_reported", "Crime reported to the police"),
         ("colleague_harassed", "Colleague harassed by a customer (the case goes to a Team Leader, 2024 5.9)")]


class CaseDetailsDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Details of {ws.reference}", self._save_details)
        self.ws = ws
        d = ws.detail
        self.summary = self.row("Summary", text_area("Summary", d.summary or "", 4))
        self.flags: dict[str, QCheckBox] = {}
        for key, text in FLAGS:
            box = named(QCheckBox(text), text)
            box.setChecked(bool(getattr(d, key)))
            self.flags[key] = box
            self.form.addRow(box)
        self.police_reference = self.row("Police reference",
                                         named(QLineEdit(d.police_reference or ""), "Police reference"))
        self.unknown = self.row("Description of an unknown perpetrator",
                                text_area("Description of an unknown perpetrator",
                                          d.unknown_perpetrator_description or ""))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: b.isChecked() for k, b in self.flags.items()}
        out["summary"] = self.summary.toPlainText().strip()
        out["police_reference"] = self.police_reference.text().strip()
        out["unknown_perpetrator_description"] = self.unknown.toPlainText().strip()
        return out

    def _save_details(self, _dialog: FormDialog) -> bool:
        d = self.ws.detail
        changes = {k: v for k, v in self.values().items() if v != (getattr(d, k) or type(v)())}
        if not changes:
            return True
        before = {k: getattr(d, k) if getattr(d, k) is not None else type(v)() for k, v in changes.items()}
        return self.ws.execute(self.ws.edits.update_case(changes, before))

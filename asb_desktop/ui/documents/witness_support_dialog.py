"""Witness support… (procedure 14.5.5): for one witness, the date they are needed at court and the
checklist - court visit, disability adjustments, process explained, transport - each with its state,
date and note. Open items within 14 days of the court date show as a warning on the Documents tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit

from ...services.documents.witness_support import ITEMS, STATES, WitnessSupportInfo
from ..widgets.fields import named
from ..widgets.form_dialog import FormDialog
from ..widgets.record_table_model import label

if TYPE_CHECKING:
    from .host import DocumentsHost


class WitnessSupportDialog(FormDialog):
    def __init__(self, tab: DocumentsHost, witness_ref: str, witness: str) -> None:
        super().__init__(tab, f"Witness support for court: {witness}", self._save_all)
        self.tab, self.witness_ref = tab, witness_ref
        ws = tab.ws
        ok, infos = ws.call(ws.services.witness_support.list, ws.reference)
        current: WitnessSupportInfo | None = next((i for i in (infos if ok else []) if i.witness_ref == witness_ref),
                                                  None)
        self.hearing = self.row("Needed at court on", named(QLineEdit(
            current.hearing_on.isoformat() if current and current.hearing_on else ""), "Needed at court on",
            "YYYY-MM-DD"))
        self.items: dict[str, tuple[QComboBox, QLineEdit, QLineEdit]] = {}
        had = {i.key: i for i in current.items} if current else {}
        for key, text in ITEMS.items():
            state = named(QComboBox(), f"{text}: state")
            for s in STATES:
                state.addItem(label(s), s)
            item = had.get(key)
            state.setCurrentIndex(state.findData(item.state if item else "open"))
            on = named(QLineEdit(item.on.isoformat() if item and item.on else ""), f"{text}: date", "YYYY-MM-DD")
            note = named(QLineEdit(item.note if item else ""), f"{text}: note")
            self.row(text, state)
            self.row("  Date", on)
            self.row("  Note", note)
            self.items[key] = (state, on, note)
        self.note("Procedure 14.5.5: make sure a witness who must attend court is fully supported.",
                  "About witness support")

    def _save_all(self, _dialog: FormDialog) -> bool:
        ws = self.tab.ws
        svc = ws.services.witness_support
        ok, _ = ws.call(svc.update, ws.reference, self.witness_ref, hearing_on=self.hearing.text().strip() or None,
                        clear_hearing=not self.hearing.text().strip())
        for key, (state, on, note) in self.items.items():
            if not ok:
                break
            ok, _ = ws.call(svc.update, ws.reference, self.witness_ref, key, state.currentData(),
                            on.text().strip() or None, note.text())
        if ok:
            self.tab.refresh()
            self.tab.status.setText("Witness support saved.")
        return ok

"""Record a remedy (a legal one only once the 14.1/14.4 gate is open), or a 14.1 exception."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from ...domain.enums import RemedyKind, RemedyStatus
from ...domain.rules import Check
from ..widgets.fields import named, text_area
from ..widgets.form_dialog import FormDialog
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


def gate_html(gate: Check) -> str:
    """The legal gate as text: "blocked" or "may proceed" is written, not only coloured."""
    items = "".join(f"<li>{html.escape(r)}</li>" for r in gate.reasons)
    if gate.allowed:
        return f"<p><b>Legal action may proceed.</b></p><ul>{items}</ul>"
    return ("<p><b style='color:#b00020'>Legal action is blocked.</b> Before a legal remedy can be recorded:</p>"
            f"<ul>{items}</ul>")


class RemedyDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost, gate: Check) -> None:
        super().__init__(ws, f"Record a remedy on {ws.reference}", self._save_remedy)
        self.ws, self.gate = ws, gate
        self.kind = named(QComboBox(), "Remedy")
        for kind in sorted(RemedyKind, key=lambda k: k.legal):
            self.kind.addItem(f"{kind.label} ({'legal, 14.2' if kind.legal else 'non-legal, 13.1'})", kind.value)
        self.row("Remedy", self.kind)
        self.status = named(QComboBox(), "Remedy status")
        for status in RemedyStatus:
            self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(self.status.findData(RemedyStatus.PROPOSED.value))
        self.row("Status", self.status)
        self.notes = self.row("Notes", text_area("Remedy notes"))
        self.why = self.note("", "Why this remedy cannot be recorded yet")
        self.kind.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    def chosen(self) -> RemedyKind:
        return RemedyKind(self.kind.currentData())

    def _update(self) -> None:
        blocked = self.chosen().legal and not self.gate.allowed
        self.why.setVisible(blocked)
        self.why.setText(gate_html(self.gate) if blocked else "")
        self.ok_button.setEnabled(not blocked)

    def _save_remedy(self, _dialog: FormDialog) -> bool:
        ok, _uid = self.ws.change(Changes.REMEDIES, self.ws.services.remedies.record, self.ws.reference, self.chosen().value,
                                  self.status.currentData(), self.notes.toPlainText().strip())
        return ok


class ExceptionDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"14.1 exception on {ws.reference}", self._save_exception)
        self.ws = ws
        self.note("Legal action may come before non-legal remedies where someone is at risk of violence or "
                  "there is evidence of crime in the property (procedure 14.1). Say what it is.", "About 14.1")
        self.reason = self.row("Reason", text_area("Risk of violence or evidence of crime",
                                                   ws.detail.legal_exception, 3))

    def _save_exception(self, _dialog: FormDialog) -> bool:
        ok, _r = self.ws.change(Changes.REMEDIES, self.ws.services.remedies.record_exception, self.ws.reference,
                                self.reason.toPlainText())
        return ok

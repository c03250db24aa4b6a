"""Remedies and legal: what was tried (13) and whether legal action (14) may proceed. A blocked legal
step says why, in plain English, with the clause numbers, from ``RemedyService.legal_gate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ...domain.enums import RemedyKind, RemedyStatus
from ...domain.rules import Check
from ...services.casework.case_view import CaseDetail
from ..widgets.fields import message_label
from ..widgets.record_table_model import Column, RecordTableModel, short_time
from .base import WorkspaceTab, button, table_view
from .changes import Changes
from .remedy_dialog import gate_html

if TYPE_CHECKING:
    from .host import WorkspaceHost

REMEDIES = [Column("Decided", lambda r: short_time(r.decided_at)),
            Column("Remedy", lambda r: RemedyKind(r.kind).label),
            Column("Type", lambda r: "Legal" if r.legal else "Non-legal"),
            Column("Status", lambda r: RemedyStatus(r.status).label), Column("Notes", lambda r: r.notes)]


class RemediesTab(WorkspaceTab):
    shows = Changes.REMEDIES | Changes.CASE | Changes.DOCUMENTS | Changes.CLOSURE  # the legal gate
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.gate = Check(False)
        self.gate_label = message_label("Legal action: allowed or blocked, and why", rich=True)
        self.model = RecordTableModel(REMEDIES)
        self.table = table_view(
            "Remedies", self.model,
            "No remedies recorded yet. Record a remedy… starts with a warning letter, an agreement or mediation.")
        bar = QHBoxLayout()
        bar.addWidget(button("Record a remedy…", self.record, primary="remedy"))
        bar.addWidget(button("Record a 14.1 exception…", self.record_exception,
                             "Record a 14.1 exception: risk of violence or evidence of crime"))
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.gate_label)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def load(self, detail: CaseDetail) -> None:
        ok, gate = self.ws.call(self.ws.services.remedies.legal_gate, self.ws.reference)
        self.gate = gate if ok else Check(detail.legal_gate.allowed, list(detail.legal_gate.reasons))
        self.gate_label.setText(gate_html(self.gate))
        self.model.set_records(detail.remedies)
        self.table.resizeColumnsToContents()

    def record(self) -> None:
        from .remedy_dialog import RemedyDialog

        self.show_dialog(RemedyDialog(self.ws, self.gate))

    def record_exception(self) -> None:
        from .remedy_dialog import ExceptionDialog

        self.show_dialog(ExceptionDialog(self.ws))

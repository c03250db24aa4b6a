"""Closure: close with a 16.1 reason; reopen (16.3) or a counter-allegation (8.3) as a new linked case,
which opens in its own tab; the linked cases, double-click to open one; the complaint pack (team
leaders and above)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QVBoxLayout

from ...domain.enums import CaseStatus, ClosureReason, LinkKind, Role, Satisfaction
from ...services.casework.case_view import CaseDetail
from ..widgets.fields import message_label
from ..widgets.messages import show_message
from ..widgets.record_table_model import Column, RecordTableModel, label, short_time
from .base import WorkspaceTab, button, table_view
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost

LINKS = [Column("Case", lambda r: r.reference),
         Column("Link", lambda r: f"{label(r.kind)} ({'this case from it' if r.direction == 'to' else 'it from this case'})"),
         Column("Why", lambda r: r.note)]


def closure_text(d: CaseDetail) -> str:
    if d.status != CaseStatus.CLOSED.value:
        quiet = f" {d.proposed_for_closure}" if d.proposed_for_closure else ""
        return f"<p><b>Open.</b> A case closes only with one of the reasons in procedure 16.1.{html.escape(quiet)}</p>"
    reason = ClosureReason(d.closure_reason).label if d.closure_reason else "no reason recorded"
    note = f"<p>{html.escape(d.closure_note)}</p>" if d.closure_note else ""
    answer = d.complainant_satisfaction
    tp12 = f"<p>Complainant's satisfaction (TP12): {Satisfaction(answer).label}.</p>" if answer else ""
    return f"<p><b>Closed</b> on {short_time(d.closed_at)[:10]}: {html.escape(reason)} (16.1).</p>{note}{tp12}"


class ClosureTab(WorkspaceTab):
    shows = Changes.CLOSURE | Changes.CASE
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.state = message_label("Closure state", rich=True)
        self.close_button = button("Close the case…", self.close_case, primary="close case")
        self.reopen_button = button("Reopen as a new linked case…", lambda: self.linked(LinkKind.REOPENED_FROM))
        self.counter_button = button("Counter-allegation…", lambda: self.linked(LinkKind.COUNTER_ALLEGATION),
                                     "Counter-allegation: open a new linked case with the roles swapped")
        self.pack_button = button("Complaint pack…", self.complaint_pack,
                                  "Complaint pack: the case's deadlines and chronology as one PDF")
        may_pack = bool(ws.services.ctx.actor.roles & {Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR})
        self.pack_button.setEnabled(may_pack)
        self.pack_button.setToolTip("Every deadline met or missed, with its clause, and everything done: what a "
                                    "complaint or the Housing Ombudsman needs" if may_pack else
                                    "A team leader, manager or administrator makes a complaint pack.")
        self.last_pack: Any = None
        self.model = RecordTableModel(LINKS)
        self.links = table_view(
            "Linked cases (double-click to open)", self.model,
            "No linked cases. A reopened case or a counter-allegation is linked here.")
        self.links.doubleClicked.connect(lambda i: ws.open_case.emit(self.model.record(i.row()).reference))
        bar = QHBoxLayout()
        for b in (self.close_button, self.reopen_button, self.counter_button, self.pack_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(bar)
        layout.addWidget(QLabel("Linked cases"))
        layout.addWidget(self.links, 1)

    def load(self, detail: CaseDetail) -> None:
        closed = detail.status == CaseStatus.CLOSED.value
        self.state.setText(closure_text(detail))
        self.close_button.setEnabled(not closed)
        self.reopen_button.setEnabled(closed)
        self.model.set_records(detail.links)

    def close_case(self) -> None:
        from .closure_dialogs import ClosureDialog

        self.show_dialog(ClosureDialog(self.ws))

    def linked(self, kind: LinkKind) -> None:
        from .closure_dialogs import LinkedCaseDialog

        self.show_dialog(LinkedCaseDialog(self.ws, kind))

    def complaint_pack(self, path: Path | None = None) -> None:
        """Ask where to save it (unless given), then build it off the GUI thread."""
        from ..court.jobs import run_call

        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save the complaint pack",
                                                    f"complaint-pack-{self.ws.reference}.pdf", "PDF files (*.pdf)")
            if not chosen:
                return
            path = Path(chosen)
        svc, ref, out = self.ws.services, self.ws.reference, path

        def done(info: Any) -> None:
            self.last_pack = info
            show_message(self, f"Complaint pack saved to {info.path}: {info.pages} pages, {info.deadlines} "
                         f"deadlines ({info.missed} missed), {info.events} events.", "Complaint pack")

        run_call(self, "Making the complaint pack…", lambda: svc.complaint_pack.build(ref, out), done)

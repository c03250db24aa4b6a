"""Interviews: complainant (7.3) and alleged perpetrator (8.1) interviews with their notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ...domain.enums import ContactMethod, InterviewKind
from ...services.casework.case_view import CaseDetail
from ..widgets.record_table_model import Column, RecordTableModel, short_time
from .base import WorkspaceTab, button, table_view
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost

INTERVIEWS = [Column("Held", lambda r: short_time(r.held_at)), Column("Who", lambda r: InterviewKind(r.kind).label),
              Column("How", lambda r: ContactMethod(r.method).label), Column("Where", lambda r: r.place),
              Column("Points covered", lambda r: str(sum(1 for v in (r.points or {}).values() if v)))]


class InterviewsTab(WorkspaceTab):
    shows = Changes.INTERVIEWS
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.model = RecordTableModel(INTERVIEWS)
        self.table = table_view(
            "Interviews", self.model,
            "No interviews yet. Interview the complainant… records the first.")
        bar = QHBoxLayout()
        bar.addWidget(button("Interview the complainant…", lambda: self.record(InterviewKind.COMPLAINANT),
                             primary="interview"))
        bar.addWidget(button("Interview the alleged perpetrator…",
                             lambda: self.record(InterviewKind.ALLEGED_PERPETRATOR)))
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def load(self, detail: CaseDetail) -> None:
        self.model.set_records(sorted(detail.interviews, key=lambda r: r.held_at, reverse=True))
        self.table.resizeColumnsToContents()

    def record(self, kind: InterviewKind) -> None:
        from .interview_dialog import InterviewDialog

        self.show_dialog(InterviewDialog(self.ws, kind))

"""Incidents: the table, with add and edit (both undoable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ...services.casework.case_view import CaseDetail, IncidentView
from ..widgets.record_table_model import Column, RecordTableModel, short_time
from .base import WorkspaceTab, button, selected, table_view
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


def targeted(r: IncidentView) -> str:
    return "Not asked" if r.feels_targeted is None else "Yes" if r.feels_targeted else "No"


INCIDENTS = [Column("Started", lambda r: short_time(r.started_at)),
             Column("Ended", lambda r: short_time(r.ended_at)), Column("Location", lambda r: r.location),
             Column("Feels targeted", targeted), Column("What happened", lambda r: r.description)]


class IncidentsTab(WorkspaceTab):
    shows = Changes.INCIDENTS
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.model = RecordTableModel(INCIDENTS)
        self.table = table_view(
            "Incidents", self.model,
            "No incidents recorded yet. Add incident… records what happened, when and where.")
        self.table.doubleClicked.connect(lambda _i: self.edit())
        actions = QHBoxLayout()
        actions.addWidget(button("Add incident…", self.add, primary="incident"))
        actions.addWidget(button("Edit incident…", self.edit))
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    def load(self, detail: CaseDetail) -> None:
        self.model.set_records(sorted(detail.incidents, key=lambda r: r.started_at, reverse=True))
        self.table.resizeColumnsToContents()

    def add(self) -> None:
        from .incident_dialog import IncidentDialog

        self.show_dialog(IncidentDialog(self.ws, None))

    def edit(self) -> None:
        from .incident_dialog import IncidentDialog

        record = selected(self.table)
        if record is not None:
            self.show_dialog(IncidentDialog(self.ws, record.uid))

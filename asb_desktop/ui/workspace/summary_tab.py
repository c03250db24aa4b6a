"""Summary: who, what state, what risk, which flags, and a timeline of everything that happened."""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.enums import CaseStatus, RiskBand
from ...services.casework.case_view import CaseDetail
from ..widgets.fields import message_label, named
from ..widgets.record_table_model import Column, RecordTableModel, label, short_time
from .base import WorkspaceTab, button, table_view

if TYPE_CHECKING:
    from .host import WorkspaceHost

FLAGS = [("serious", "Serious"), ("domestic_abuse", "Domestic abuse"), ("hate_related", "Hate-related"),
         ("safeguarding_concern", "Safeguarding concern"), ("crime_reported", "Crime reported to the police"),
         ("employee_involved", "Employee involved"), ("colleague_harassed", "Colleague harassed"),
         ("supported_housing", "Supported housing"), ("restricted", "Restricted (team leaders and above)")]

TIMELINE = [Column("When", lambda r: short_time(r.at)), Column("What", lambda r: label(r.kind)),
            Column("Details", lambda r: r.text)]


def header_html(d: CaseDetail, now: datetime) -> str:
    """The case header as rich text. Every state is written out, never shown by colour alone."""
    e = html.escape
    band = f"Risk: {RiskBand(d.risk_band).label}" if d.risk_band else "Risk: not yet assessed"
    flags = [text for key, text in FLAGS if getattr(d, key)]
    if d.police_reference:
        flags.append(f"Police reference {d.police_reference}")
    lines = [f"<h2>{e(d.reference)} — {e(CaseStatus(d.status).label)}</h2>",
             f"<p><b>{e(band)}</b> · Officer: {e(d.assigned_officer or 'not assigned')} · "
             f"Categories: {e(', '.join(d.categories) or 'none')}</p>",
             f"<p>Flags: {e('; '.join(flags) or 'none')}</p>"]
    if d.summary:
        lines.append(f"<p>{e(d.summary)}</p>")
    if d.responded_at:
        lines.append(f"<p>First response made {e(short_time(d.responded_at))}.</p>")
    elif d.response_due_at:
        late = "OVERDUE: " if d.response_due_at < now else ""
        lines.append(f"<p><b>{late}First response due {e(short_time(d.response_due_at))}</b>: "
                     f"{e(d.response_due_reason or '')}</p>")
    if d.proposed_for_closure:
        lines.append(f"<p><b>Proposed for closure:</b> {e(d.proposed_for_closure)}</p>")
    for link in d.links:
        lines.append(f"<p>Linked case {e(link.reference)}: {e(label(link.kind))}</p>")
    return "".join(lines)


class SummaryTab(WorkspaceTab):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.header = message_label("Case header", rich=True)
        self.model = RecordTableModel(TIMELINE)
        self.timeline = table_view(
            "Timeline of everything that happened", self.model,
            "Nothing has happened on this case yet.")
        actions = QHBoxLayout()
        actions.addWidget(button("Edit details and flags…", self.edit_details))
        actions.addWidget(button("Categories…", self.edit_categories))
        actions.addWidget(button("Add note… (Ctrl+Shift+N)", ws.add_note, "Add note"))
        actions.addWidget(button("Publicity…", self.publicity, "Publicity and reporting restrictions"))
        self.review_group_button = button("Colleague review group…", self.review_group)
        actions.addWidget(self.review_group_button)
        actions.addWidget(button("Police…", self.police_advice, "Advice to report to the police"))
        actions.addWidget(button("Police report…", self.police_report, "Report to the police"))
        actions.addWidget(button("Safeguarding discussed…", self.safeguarding, "Safeguarding discussed"))
        actions.addWidget(button("Shared with a partner…", self.partner_share, "Information shared with a partner"))
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(actions)
        layout.addWidget(named(QLabel("Timeline"), "Timeline heading"))
        layout.addWidget(self.timeline, 1)

    def police_advice(self) -> None:
        from .case_records_dialog import PoliceAdviceDialog

        self.show_dialog(PoliceAdviceDialog(self.ws))

    def police_report(self) -> None:
        from .case_records_dialog import PoliceReportDialog

        self.show_dialog(PoliceReportDialog(self.ws))

    def safeguarding(self) -> None:
        from .case_records_dialog import SafeguardingDiscussionDialog

        self.show_dialog(SafeguardingDiscussionDialog(self.ws))

    def partner_share(self) -> None:
        """12.1: information shared with a partner agency (only under a recorded protocol)."""
        from ..dialogs.partner_share_dialog import PartnerShareDialog

        self.show_dialog(PartnerShareDialog(self.ws))

    def load(self, detail: CaseDetail) -> None:
        self.review_group_button.setVisible(bool(detail.restricted))  # 2024 5.9.1: employee cases
        self.header.setText(header_html(detail, self.ws.services.ctx.now()))
        self.model.set_records(detail.timeline)
        self.timeline.resizeColumnsToContents()

    def publicity(self) -> QWidget | None:
        """17: the case's publicity file and court reporting restrictions."""
        from ..lettings.dialogs import PublicityDialog

        ok, _ = self.ws.call(self.ws.services.publicity.status, self.ws.reference)
        return self.show_dialog(PublicityDialog(self, self.ws.services, self.ws.reference)) if ok else None

    def review_group(self) -> QWidget | None:
        """2024 5.9.1: the colleague review group (restricted cases, team leaders and above)."""
        from ..lettings.dialogs import ReviewGroupDialog

        return self.show_dialog(ReviewGroupDialog(self, self.ws.services, self.ws.reference))

    def edit_details(self) -> None:
        from .case_details_dialog import CaseDetailsDialog

        self.show_dialog(CaseDetailsDialog(self.ws))

    def edit_categories(self) -> None:
        from .categories_dialog import CategoriesDialog

        self.show_dialog(CategoriesDialog(self.ws))

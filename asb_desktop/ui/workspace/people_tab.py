"""People: every party with their role. An anonymous complainant is shown only as "Anonymous".

Officers add people found after intake here and choose whose identity is withheld from court documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ...domain.enums import PartyRole, ThirdPartyKind
from ...services.casework.case_view import CaseDetail, PartyView
from ..widgets.fields import message_label
from ..widgets.record_table_model import Column, RecordTableModel
from .base import WorkspaceTab, button, selected, table_view
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


def contact_details(party: PartyView) -> str:
    person = party.person
    if party.anonymous or person is None:
        return "Withheld: anonymous complainant" if party.anonymous else ""
    bits = [person.address, person.postcode, person.phone, person.email]
    return ", ".join(b for b in bits if b)


def remarks(party: PartyView) -> str:
    person = party.person
    out = []
    if party.third_party_kind:
        out.append(ThirdPartyKind(party.third_party_kind).label)
    if party.withheld:
        out.append("Identity withheld from court documents")
    disclosure = party.third_party_disclosure
    if disclosure is not None:  # the one 2024 5.6 rule, decided by the service (domain/rules.py)
        out.append(("Consent to share: yes. " if disclosure.allowed else "Consent to share: no. ")
                   + " ".join(disclosure.reasons))
    if person and person.interpreter_needed and not party.anonymous:
        out.append(f"Interpreter needed ({person.language})")
    if person and person.vulnerabilities and not party.anonymous:
        out.append(f"Vulnerabilities: {person.vulnerabilities}")
    if party.description:
        out.append(party.description)
    return "; ".join(out)


PEOPLE = [Column("Role", lambda p: PartyRole(p.role).label), Column("Name", lambda p: p.name or "Unknown"),
          Column("Contact details", contact_details), Column("Notes", remarks)]


class PeopleTab(WorkspaceTab):
    shows = Changes.PARTIES
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.model = RecordTableModel(PEOPLE)
        self.table = table_view(
            "People on the case", self.model,
            "No one is on the case yet. Add person… adds a complainant, a perpetrator or a witness.")
        self.status = message_label("People status")
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.withhold_button = button("Withhold identity", self.withhold)
        self.allow_button = button("Allow identity…", self.allow)
        self.checklist_button = button("5.7 checklist…", self.checklist)
        self.checklist_button.hide()
        self.detail: CaseDetail | None = None
        for b in (self.checklist_button, self.withhold_button, self.allow_button, button("Add person…", self.add, primary="person")):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def load(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.model.set_records(detail.parties)
        self.checklist_button.setVisible(any(p.anonymous for p in detail.parties))
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def _selection_changed(self) -> None:
        party = selected(self.table)
        can_change = party is not None and not party.anonymous and (
            party.role != PartyRole.ALLEGED_PERPETRATOR.value)
        self.withhold_button.setEnabled(can_change and not party.withheld)
        self.allow_button.setEnabled(can_change and bool(party.withheld))

    def add(self) -> None:
        from .party_dialog import PartyDialog

        self.show_dialog(PartyDialog(self.ws, self.status))

    def checklist(self) -> None:
        from .party_dialog import AnonymousChecklistDialog

        self.show_dialog(AnonymousChecklistDialog(self.ws, self.status, self.detail.anonymous_checklist if self.detail else {}))

    def withhold(self) -> None:
        party = selected(self.table)
        if party is not None:
            ok, message = self.ws.change(Changes.PARTIES, self.ws.services.parties.set_withheld, self.ws.reference, party.uid, True)
            if ok:
                self.status.setText(message)

    def allow(self) -> None:
        from .party_dialog import AllowIdentityDialog

        party = selected(self.table)
        if party is not None:
            self.show_dialog(AllowIdentityDialog(self.ws, self.status, party))

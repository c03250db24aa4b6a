"""People: every party with their role. An anonymous complainant is shown only as "Anonymous"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout

from ...domain.enums import PartyRole, ThirdPartyKind
from ..widgets.record_table_model import Column, RecordTableModel
from .base import WorkspaceTab, table_view

if TYPE_CHECKING:
    from .workspace import CaseWorkspace


def contact_details(party: dict[str, Any]) -> str:
    if party["anonymous"]:
        return "Withheld: anonymous complainant"
    person = party.get("person") or {}
    bits = [person.get("address", ""), person.get("postcode", ""), person.get("phone", ""), person.get("email", "")]
    return ", ".join(b for b in bits if b)


def remarks(party: dict[str, Any]) -> str:
    person = party.get("person") or {}
    out = []
    if party.get("third_party_kind"):
        out.append(ThirdPartyKind(party["third_party_kind"]).label)
    if party.get("withheld"):
        out.append("Identity withheld from court documents")
    if party.get("consent_to_share") is False:
        out.append("No consent to share")
    if person.get("interpreter_needed") and not party["anonymous"]:
        out.append(f"Interpreter needed ({person.get('language')})")
    if person.get("vulnerabilities") and not party["anonymous"]:
        out.append(f"Vulnerabilities: {person['vulnerabilities']}")
    if party.get("description"):
        out.append(party["description"])
    return "; ".join(out)


PEOPLE = [Column("Role", lambda p: PartyRole(p["role"]).label), Column("Name", lambda p: p["name"] or "Unknown"),
          Column("Contact details", contact_details), Column("Notes", remarks)]


class PeopleTab(WorkspaceTab):
    def __init__(self, ws: CaseWorkspace) -> None:
        super().__init__(ws)
        self.model = RecordTableModel(PEOPLE)
        self.table = table_view("People on the case", self.model)
        QVBoxLayout(self).addWidget(self.table)

    def load(self, detail: dict[str, Any]) -> None:
        self.model.set_records(detail["parties"])
        self.table.resizeColumnsToContents()

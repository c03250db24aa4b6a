"""Add a person to a case after intake (a witness found later, a household member), and give the reason
for letting a withheld identity appear in court documents again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QLineEdit

from ...domain.enums import PartyRole
from ...services.inputs import PartyInput, PersonInput
from ..widgets.fields import named, text_area
from ..widgets.form_dialog import FormDialog
from .contact_dialog import combo

if TYPE_CHECKING:
    from .people_tab import PeopleTab
    from .workspace import CaseWorkspace

# Intake records the complainant and the alleged perpetrator; these are the people found later.
ADDABLE = [PartyRole.WITNESS, PartyRole.PROFESSIONAL_WITNESS, PartyRole.HOUSEHOLD_MEMBER, PartyRole.COMPLAINANT,
           PartyRole.ALLEGED_PERPETRATOR]


class PartyDialog(FormDialog):
    def __init__(self, ws: CaseWorkspace, tab: PeopleTab) -> None:
        super().__init__(ws, f"Add a person to {ws.reference}", self._save_party, "Add")
        self.ws, self.tab = ws, tab
        self.role = self.row("Role", combo("Role on the case", [(r.label, r.value) for r in ADDABLE]))
        self.texts: dict[str, QLineEdit] = {}
        for key, label in (("first_names", "First names"), ("surname", "Surname"), ("address", "Address"),
                           ("postcode", "Postcode"), ("phone", "Phone"), ("email", "Email")):
            self.texts[key] = self.row(label, named(QLineEdit(), label))  # type: ignore[assignment]
        self.withheld = self.row("", named(QCheckBox("Withhold their identity from court documents"),
                                           "Withhold identity"))
        self.role.currentIndexChanged.connect(self._role_changed)
        self.note("A withheld person is described without their name in notices, schedules and bundles, and "
                  "a bundle whose text still names them is not exported.", "Withholding explained")

    def _role_changed(self) -> None:
        perpetrator = self.role.currentData() == PartyRole.ALLEGED_PERPETRATOR.value
        self.withheld.setEnabled(not perpetrator)
        if perpetrator:
            self.withheld.setChecked(False)

    def values(self) -> dict[str, str]:
        return {k: w.text().strip() for k, w in self.texts.items()}

    def _save_party(self, _dialog: FormDialog) -> bool:
        person = PersonInput(**self.values())
        ok, _uid = self.ws.change(self.ws.services.parties.add, self.ws.reference,
                                  PartyInput(role=self.role.currentData(), person=person),
                                  withheld=self.withheld.isChecked())
        if ok:
            self.tab.status.setText(f"Added {person.first_names} {person.surname}".strip() + " to the case"
                                    + (", identity withheld." if self.withheld.isChecked() else "."))
        return ok


class AllowIdentityDialog(FormDialog):
    """Allowing exposes someone who may fear reprisals, so the officer says why (kept in the audit trail)."""

    def __init__(self, ws: CaseWorkspace, tab: PeopleTab, party: dict[str, Any]) -> None:
        super().__init__(ws, f"Allow {party['name']}'s identity in court documents", self._save_allow, "Allow")
        self.ws, self.tab, self.party = ws, tab, party
        self.note(f"From now on, notices, schedules and bundles made for {ws.reference} may name "
                  f"{party['name']} and give their address.", "What allowing means")
        self.reason = self.row("Why", text_area("Reason for allowing the identity"))

    def _save_allow(self, _dialog: FormDialog) -> bool:
        ok, message = self.ws.change(self.ws.services.parties.set_withheld, self.ws.reference, self.party["uid"],
                                     False, self.reason.toPlainText().strip())
        if ok:
            self.tab.status.setText(message)
        return ok

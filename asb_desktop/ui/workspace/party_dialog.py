"""Add a person to a case after intake (a witness found later, a household member), and give the reason
for letting a withheld identity appear in court documents again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

from ...domain.enums import PartyRole
from ...services.casework.case_view import PartyView
from ...services.kernel.inputs import PartyInput, PersonInput
from ..widgets.fields import named, text_area
from ..widgets.form_dialog import FormDialog
from .changes import Changes
from .contact_dialog import combo

if TYPE_CHECKING:
    from .host import WorkspaceHost

# Intake records the complainant and the alleged perpetrator; these are the people found later.
ADDABLE = [PartyRole.WITNESS, PartyRole.PROFESSIONAL_WITNESS, PartyRole.HOUSEHOLD_MEMBER, PartyRole.COMPLAINANT,
           PartyRole.ALLEGED_PERPETRATOR]


class PartyDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost, status_label: QLabel) -> None:
        super().__init__(ws, f"Add a person to {ws.reference}", self._save_party, "Add")
        self.ws, self.status_label = ws, status_label
        self.role = self.row("Role", combo("Role on the case", [(r.label, r.value) for r in ADDABLE]))
        self.texts: dict[str, QLineEdit] = {}
        for key, label in (("first_names", "First names"), ("surname", "Surname"), ("address", "Address"),
                           ("postcode", "Postcode"), ("phone", "Phone"), ("email", "Email")):
            self.texts[key] = self.row(label, named(QLineEdit(), label))  # type: ignore[assignment]
        self.withheld = self.row("", named(QCheckBox("Withhold their identity from court documents"),
                                           "Withhold identity"))
        # 4.1: someone already on file is offered before a duplicate is made
        self.match = self.row("", combo("Person already on file", []))
        self.match.hide()
        self.match_note = self.note("", "Possible match on file")
        self.match_note.hide()
        self.names: dict[str, str] = {}
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

    def offer_matches(self, person: PersonInput) -> bool:
        """Show "This looks like NAME (dob, address) already on file - use them?" Returns whether any matched."""
        matches = self.ws.services.parties.matches(person)
        if not matches:
            return False
        self.match.clear()
        self.names = {m.uid: m.name for m in matches}
        for m in matches:
            self.match.addItem(f"Yes: use {m.name}" + (f", {m.address}" if m.address else ""), m.uid)
        self.match.addItem("No: this is a new person", "")
        self.match_note.setText(" ".join(m.question for m in matches) + " Choose below, then Add.")
        self.match.show()
        self.match_note.show()
        return True

    def _save_party(self, _dialog: FormDialog) -> bool:
        person = PersonInput(**self.values())
        if self.match.isHidden() and self.offer_matches(person):
            return False  # the officer answers the question first
        uid = self.match.currentData() if not self.match.isHidden() else ""
        if uid:
            person = PersonInput(existing_uid=uid, first_names=self.names[uid])
        ok, _uid = self.ws.change(Changes.PARTIES, self.ws.services.parties.add, self.ws.reference,
                                  PartyInput(role=self.role.currentData(), person=person),
                                  withheld=self.withheld.isChecked(), new_person=not self.match.isHidden() and not uid)
        if ok:
            self.status_label.setText(f"Added {person.first_names} {person.surname}".strip() + " to the case"
                                    + (", identity withheld." if self.withheld.isChecked() else "."))
        return ok


class AllowIdentityDialog(FormDialog):
    """Allowing exposes someone who may fear reprisals, so the officer says why (kept in the audit trail)."""

    def __init__(self, ws: WorkspaceHost, status_label: QLabel, party: PartyView) -> None:
        super().__init__(ws, f"Allow {party.name}'s identity in court documents", self._save_allow, "Allow")
        self.ws, self.status_label, self.party = ws, status_label, party
        self.note(f"From now on, notices, schedules and bundles made for {ws.reference} may name "
                  f"{party.name} and give their address.", "What allowing means")
        self.reason = self.row("Why", text_area("Reason for allowing the identity"))

    def _save_allow(self, _dialog: FormDialog) -> bool:
        ok, message = self.ws.change(Changes.PARTIES, self.ws.services.parties.set_withheld, self.ws.reference, self.party.uid,
                                     False, self.reason.toPlainText().strip())
        if ok:
            self.status_label.setText(message)
        return ok


class AnonymousChecklistDialog(FormDialog):
    """2024 5.7 after intake: tick the points explained to the anonymous complainant since the report."""

    def __init__(self, ws: WorkspaceHost, status_label: QLabel, done: dict[str, Any]) -> None:
        from ...domain.identity_rules import ANONYMOUS_CHECKLIST

        super().__init__(ws, "Anonymous complainant: 5.7 checklist", self._save_checklist, "Save")
        self.ws, self.status_label = ws, status_label
        self.boxes: dict[str, QCheckBox] = {}
        for key, text in ANONYMOUS_CHECKLIST.items():
            box = named(QCheckBox(f"Told them {text}"), f"5.7: {key.replace('_', ' ')}")
            box.setChecked(bool(done.get(key)))
            self.boxes[key] = self.row("", box)  # type: ignore[assignment]

    def _save_checklist(self, _dialog: FormDialog) -> bool:
        points = [k for k, box in self.boxes.items() if box.isChecked()]
        ok, message = self.ws.change(Changes.PARTIES, self.ws.services.parties.complete_anonymous_checklist, self.ws.reference, points)
        if ok:
            self.status_label.setText(message)
        return ok

"""Three small windows over the services: the pre-tenancy assessment (People page, 4.1-4.3), the
colleague review group (case Summary tab, restricted cases, 2024 5.9.1) and publicity with court
reporting restrictions (case Summary tab, 17). A refusal is shown in the window in plain English and
what was typed stays in place."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...domain.errors import ASBError
from ...domain.lettings import DECISIONS as PRETENANCY_DECISIONS
from ...domain.review_group import DECISIONS as GROUP_DECISIONS
from ...domain.review_group import MEMBER_ROLES
from ...services import Services
from ..widgets.fields import date_edit, message_label, named, text_area, to_date
from ..widgets.form_dialog import FormDialog


class _ServiceDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, services: Services, ok_text: str = "Save") -> None:
        super().__init__(parent, title, self._try_save, ok_text)
        self.services = services
        self.error = message_label("Problem")
        self.error.setStyleSheet("color: #a00;")
        self.layout_.insertWidget(self.layout_.count() - 1, self.error)

    def _try_save(self, _d: FormDialog) -> bool:
        try:
            self.save()
        except ASBError as exc:
            self.error.setText(str(exc))
            return False
        return True

    def save(self) -> None:  # pragma: no cover - each dialog overrides
        raise NotImplementedError


class PreTenancyDialog(_ServiceDialog):
    """4.1-4.3: the applicant's ASB history as found now, the risks, the decision and why."""

    def __init__(self, parent: QWidget | None, services: Services, person_uid: str) -> None:
        super().__init__(parent, "Pre-tenancy assessment", services)
        self.person_uid = person_uid
        found = services.queries.open_person_history(person_uid)  # audited: the officer asked to assess
        listing = ", ".join(f"{c.reference} ({c.status})" for c in found.as_alleged_perpetrator) or "none you can see"
        self.history = self.note(f"<b>{found.name}</b> - ASB cases as alleged perpetrator: {listing}",
                                 "ASB history found")
        self.property = self.row("Property offered", named(QLineEdit(), "Property offered"))
        self.risks = self.row("Risks", text_area("Risks found", "", 3))
        self.decision = named(QComboBox(), "Decision")
        for key, label in PRETENANCY_DECISIONS.items():
            self.decision.addItem(label, key)
        self.row("Decision", self.decision)
        self.reason = self.row("Reason", text_area("Reason for the decision", "", 3))
        self.saved_uid = ""

    def save(self) -> None:
        info = self.services.tenancy_checks.add_assessment(
            self.person_uid, self.decision.currentData(), self.reason.toPlainText(),  # type: ignore[attr-defined]
            self.risks.toPlainText(), self.property.text())  # type: ignore[attr-defined]
        self.saved_uid = info.uid


class ReviewGroupDialog(_ServiceDialog):
    """2024 5.9.1: who met (by role), when, the decision; 'not agreed' needs the escalation."""

    def __init__(self, parent: QWidget | None, services: Services, reference: str) -> None:
        super().__init__(parent, f"Colleague review group - {reference}", services)
        self.reference = reference
        self.met_on = self.row("Date met", date_edit("Date the group met", services.ctx.now().date()))
        self.members: dict[str, QLineEdit] = {}
        for key, label in MEMBER_ROLES.items():
            self.members[key] = self.row(label, named(QLineEdit(), label))  # type: ignore[assignment]
        self.decision = named(QComboBox(), "Decision")
        for key, label in GROUP_DECISIONS.items():
            self.decision.addItem(label, key)
        self.row("Decision", self.decision)
        self.actions = self.row("Agreed actions", text_area("Agreed actions", "", 3))
        self.escalated_to = self.row("Escalated to (Director of Operations)",
                                     named(QLineEdit(), "Escalated to"))
        self.escalation_note = self.row("Escalation note", text_area("Escalation note", "", 2))
        self.note("Restricted (employee-involved) cases only; team leaders and managers. If the group cannot "
                  "agree, the case goes to the Director of Operations.", "Review group explanation")

    def save(self) -> None:
        self.services.review_group.record(
            self.reference, to_date(self.met_on), {k: e.text() for k, e in self.members.items()},  # type: ignore[arg-type]
            self.decision.currentData(), self.actions.toPlainText(),  # type: ignore[attr-defined]
            self.escalated_to.text(), None, self.escalation_note.toPlainText())  # type: ignore[attr-defined]


PUBLICITY_ACTIONS = {
    "consult": "Manager consulted",
    "advice": "Legal advice received",
    "restrict": "Court reporting restriction made",
    "publicise": "Publicity (press release, social media...)",
    "override": "Export override (managers only)",
}


class PublicityDialog(_ServiceDialog):
    """17: the case's publicity file with the REPORTING RESTRICTIONS line, and a form to add to it."""

    def __init__(self, parent: QWidget | None, services: Services, reference: str) -> None:
        super().__init__(parent, f"Publicity and reporting restrictions - {reference}", services, "Record")
        self.reference = reference
        self.banner = message_label("Reporting restrictions")
        self.banner.setStyleSheet("font-weight: bold; color: #a00;")
        self.layout_.insertWidget(0, self.banner)
        self.state = message_label("Publicity state")
        self.layout_.insertWidget(1, self.state)
        self.action = named(QComboBox(), "What to record")
        for key, label in PUBLICITY_ACTIONS.items():
            self.action.addItem(label, key)
        self.row("Record", self.action)
        self.by = self.row("Manager / adviser", named(QLineEdit(), "Manager or adviser"))
        self.detail = self.row("Detail or reason", text_area("Detail or reason", "", 3))
        self.refresh()

    def refresh(self) -> None:
        st = self.services.publicity.status(self.reference)
        self.banner.setText(st.banner)
        self.banner.setVisible(bool(st.banner))
        lines = [f"{e.label}: {e.detail}" + (f" ({e.by_name})" if e.by_name else "") + (" - lifted" if e.lifted else "")
                 for e in st.entries]
        self.state.setText(("Publicity may go ahead." if not st.blockers else
                            "Publicity may not go ahead: " + "; ".join(st.blockers))
                           + ("\n" + "\n".join(lines) if lines else ""))

    def save(self) -> None:
        pub, ref, detail = self.services.publicity, self.reference, self.detail.toPlainText()  # type: ignore[attr-defined]
        action = self.action.currentData()
        if action == "consult":
            pub.consult(ref, self.by.text(), detail)  # type: ignore[attr-defined]
        elif action == "advice":
            pub.advice(ref, self.by.text(), detail)  # type: ignore[attr-defined]
        elif action == "restrict":
            pub.restrict(ref, detail)
        elif action == "publicise":
            pub.publicise(ref, detail)
        else:
            pub.override_export(ref, detail)
        self.refresh()

"""Step 8: the three triage questions (6.1) and who takes the case."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from ...domain.enums import Role
from ...domain.forms import RiskForm
from ...services.admin.users import UserInfo
from ...services.kernel.access import CASE_WORKERS, Actor
from .base import Collector, ReportPage, YesNo, hint, named


class TriagePage(ReportPage):
    def __init__(self, form: RiskForm, users: list[UserInfo], me: Actor) -> None:
        super().__init__()
        self.setTitle("Triage")
        self.setSubTitle(f"Ask the complainant these questions. 'Yes' to {form.threshold} of "
                         f"{len(form.questions)} makes the full risk assessment (Appendix 1) required (6.1).")
        self.answers: dict[str, YesNo] = {}
        layout = QFormLayout(self)
        for q in form.questions:
            box = YesNo(f"Triage: {q.text}", f"triage.{q.id}")
            self.answers[q.id] = box
            label = QLabel(q.text)
            label.setWordWrap(True)
            layout.addRow(label, box)
        self.assign = named(QComboBox(), "Assign the case to", "assign_to")
        self.assign.addItem(f"Me ({me.full_name})" if me.roles & CASE_WORKERS else "Decided by the rules", None)
        workers = {r.value for r in CASE_WORKERS}
        for u in users:
            if u.active and u.id != me.id and workers & set(u.roles):
                roles = ", ".join(Role(r).label.lower() for r in u.roles)
                self.assign.addItem(f"{u.full_name} ({roles})", u.username)
        layout.addRow("Assign to", self.assign)
        layout.addRow(hint("Employee cases go to a Team Leader and supported-housing cases to the scheme officer "
                           "whatever is chosen here; the panel on the left says why."))
        self.watch(self.assign, *self.answers.values())

    def contribute(self, collector: Collector) -> None:
        collector.report.triage = {k: box.value() for k, box in self.answers.items()}
        collector.report.assign_to = self.assign.currentData()

    def widget_for(self, field: str) -> QWidget | None:
        if field == "assign_to":
            return self.assign
        return next(iter(self.answers.values())) if field == "triage" else None

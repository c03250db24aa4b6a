"""The strip above every case tab: reference, stage, what is due next with days left, risk, flags,
officer and open tasks, so an officer knows where a case stands without reading the Summary."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy

from ...domain.enums import CaseStatus
from ...services.casework.case_view import CaseDetail
from ..theme import status_colour

#: the stage a case is at, in the officer's words (status, and legal action once a notice is served)
STAGES = {CaseStatus.NEW.value: "Intake", CaseStatus.ACTIVE.value: "Investigation", CaseStatus.LEGAL.value: "Legal",
          CaseStatus.CLOSED.value: "Closed"}
FLAGS = (("employee_involved", "Employee involved"), ("domestic_abuse", "Domestic abuse"), ("hate_related", "Hate"),
         ("safeguarding_concern", "Safeguarding"), ("supported_housing", "Supported housing"),
         ("serious", "Serious"), ("case_review_at", "Case review threshold met"))


def stage_of(detail: CaseDetail) -> str:
    status = detail.status
    if status == CaseStatus.ACTIVE.value and any(not r.legal for r in detail.remedies):
        return "Non-legal action"
    return STAGES.get(status, status.title())


def next_due(detail: CaseDetail, now: datetime) -> tuple[str, str | None]:
    """"Next: Complainant contact, 09/12/2026 (in 5 days)" and the state colour kind, or no deadline."""
    at = detail.next_due_at
    if not at or detail.status == CaseStatus.CLOSED.value:
        return "Nothing due", None
    due = at
    days = (due.date() - now.date()).days
    when = (f"OVERDUE by {-days} day{'s' if days != -1 else ''}" if due < now and days < 0 else
            "OVERDUE today" if due < now else "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}")
    kind = "overdue" if due < now else "warning" if days <= 2 else None
    label = detail.next_due_label or "Deadline"
    return f"Next: {label}, {due.day:02d}/{due.month:02d}/{due.year:04d} ({when})", kind


class CaseHeader(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Case at a glance")
        self.labels: dict[str, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        for key in ("reference", "stage", "next", "risk", "flags", "officer", "tasks"):
            lab = QLabel()
            lab.setObjectName(f"header-{key}")
            lab.setTextFormat(lab.textFormat().PlainText)
            if key != "reference":  # the strip never widens the window: parts shrink (the tooltip has all),
                # but get their full width when there is room (an Ignored policy left them 0 px wide)
                lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
                lab.setMinimumWidth(1)
            self.labels[key] = lab
            row.addWidget(lab)
            if key == "flags":
                row.addStretch(1)
        font = self.labels["reference"].font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.labels["reference"].setFont(font)

    def text(self) -> str:
        return "  |  ".join(lab.text() for lab in self.labels.values() if lab.text())

    def show_case(self, detail: CaseDetail, now: datetime) -> None:
        lab = self.labels
        lab["reference"].setText(detail.reference + ("  RESTRICTED" if detail.restricted else ""))
        lab["stage"].setText(f"Stage: {stage_of(detail)}")
        text, kind = next_due(detail, now)
        lab["next"].setText(text)
        self._colour(lab["next"], kind)
        band = detail.risk_band
        lab["risk"].setText(f"Risk: {str(band).title()}" if band else "Risk: not assessed")
        self._colour(lab["risk"], "high" if band == "high" else None)
        flags = [name for key, name in FLAGS if getattr(detail, key)]
        lab["flags"].setText(("⚑ " + ", ".join(flags)) if flags else "")
        self._colour(lab["flags"], "restricted" if flags else None)
        lab["officer"].setText(f"Officer: {detail.assigned_officer or 'unassigned'}")
        tasks = [t for t in detail.tasks if not t.done_at]
        lab["tasks"].setText(f"Open tasks: {len(tasks)}")
        self.setToolTip(self.text())

    @staticmethod
    def _colour(label: QLabel, kind: str | None) -> None:
        label.setStyleSheet(f"color: {status_colour(kind).name()}; font-weight: bold;" if kind else "")

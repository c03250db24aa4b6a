"""Risk: the three triage questions (6.1) and the full Appendix 1 assessment, built from
``forms/*.toml``, with the score and band updated live as questions are answered."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...domain.enums import RiskBand
from ...domain.forms import RiskForm, load_risk_assessment, load_triage
from ..widgets.fields import YesNoCombo, message_label, named, text_area
from ..widgets.record_table_model import Column, RecordTableModel, label, short_time
from .base import WorkspaceTab, button, table_view

if TYPE_CHECKING:
    from .workspace import CaseWorkspace

HISTORY = [Column("When", lambda r: short_time(r["created_at"])), Column("Kind", lambda r: label(r["kind"])),
           Column("Score", lambda r: str(r["score"])), Column("Band", lambda r: label(r["band"])),
           Column("Why", lambda r: r["reason"])]


def question_form(form: RiskForm, owner: str) -> tuple[QFormLayout, dict[str, YesNoCombo]]:
    layout = QFormLayout()
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    combos: dict[str, YesNoCombo] = {}
    for q in form.questions:
        text = f"{q.section}: {q.text}" if q.section else q.text
        lab = QLabel(text)
        lab.setWordWrap(True)
        combos[q.id] = YesNoCombo(f"{owner}: {q.text}")
        layout.addRow(lab, combos[q.id])
    return layout, combos


def answers_of(combos: dict[str, YesNoCombo]) -> dict[str, bool | None]:
    return {qid: c.value() for qid, c in combos.items()}


class RiskTab(WorkspaceTab):
    def __init__(self, ws: CaseWorkspace) -> None:
        super().__init__(ws)
        self.triage_form, self.full_form = load_triage(), load_risk_assessment()
        triage_box = QGroupBox(self.triage_form.title)
        triage_layout, self.triage = question_form(self.triage_form, "Triage")
        self.triage_result = message_label("Triage outcome")
        triage_layout.addRow(self.triage_result)
        triage_layout.addRow(button("Save triage answers", self.save_triage))
        triage_box.setLayout(triage_layout)

        full_box = QGroupBox(self.full_form.title)
        full_layout, self.full = question_form(self.full_form, "Risk assessment")
        self.score = message_label("Risk score and band", rich=True)
        full_layout.addRow(self.score)
        self.actions: dict[str, QCheckBox] = {}
        for action_id, text in self.full_form.actions:
            self.actions[action_id] = named(QCheckBox(text), f"Outcome action: {text}")
            full_layout.addRow(self.actions[action_id])
        self.notes = text_area("Risk assessment notes")
        full_layout.addRow("Notes", self.notes)
        full_layout.addRow(button("Save risk assessment", self.save_assessment))
        full_box.setLayout(full_layout)
        for combo in self.full.values():
            combo.currentIndexChanged.connect(lambda _i: self.update_score())

        self.history_model = RecordTableModel(HISTORY)
        self.history = table_view("Earlier risk assessments", self.history_model)
        inner = QWidget()
        column = QVBoxLayout(inner)
        for w in (triage_box, full_box, QLabel("Earlier assessments"), self.history):
            column.addWidget(w)
        scroll = named(QScrollArea(), "Risk assessment")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        QVBoxLayout(self).addWidget(scroll)
        self.update_score()

    def load(self, detail: dict[str, Any]) -> None:
        stored = detail.get("triage_answers") or {}
        for qid, combo in self.triage.items():
            combo.set_value(stored.get(qid))
        self.triage_result.setText("The full risk assessment (Appendix 1) is required."
                                   if detail.get("full_risk_required") else
                                   "The triage does not call for the full assessment (yes to fewer than "
                                   f"{self.triage_form.threshold} questions).")
        self.history_model.set_records(detail["risk_assessments"])

    def update_score(self) -> None:
        score, band, reason = self.full_form.score(answers_of(self.full))
        mark = "HIGH RISK — " if band == RiskBand.HIGH else ""
        self.score.setText(f"<b>{mark}Score {score}, band {band.label.lower()}.</b> {html.escape(reason)}")

    def save_triage(self) -> None:
        ok, check = self.ws.change(self.ws.services.risk.triage, self.ws.reference, answers_of(self.triage))
        if ok:
            self.triage_result.setText(check.message)

    def save_assessment(self) -> None:
        actions = [a for a, box in self.actions.items() if box.isChecked()]
        ok, result = self.ws.change(self.ws.services.risk.assess, self.ws.reference, answers_of(self.full),
                                    actions, self.notes.toPlainText().strip())
        if ok:
            self.score.setText(f"<b>Saved: score {result.score}, band {result.band}.</b> "
                               f"{html.escape(result.reason)} {html.escape(result.response_due_reason)}")

"""Risk: the three triage questions (6.1) and the full Appendix 1 assessment, built from
``forms/*.toml``, with the score and band updated live as questions are answered.

A case already assessed opens on its current assessment, read-only ("Current assessment: Medium,
score 7, 21/11/2026 14:00, by ..."); **Review** makes the form editable, filled in from it, so the
officer changes only what has changed and saves a new assessment (the old one stays in the history)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import RiskBand
from ...domain.forms import FormError, RiskForm, load_risk_assessment, load_triage
from ...domain.noise_triage import decide as decide_noise
from ...domain.noise_triage import hhmm, load_noise_checklist
from ...services.casework.case_view import CaseDetail
from ...services.casework.risk import CurrentRisk
from ..widgets.fields import YesNoCombo, message_label, named, text_area
from ..widgets.record_table_model import Column, RecordTableModel, label, short_time
from .base import WorkspaceTab, button, table_view
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost

HISTORY = [Column("When", lambda r: short_time(r.created_at)), Column("Kind", lambda r: label(r.kind)),
           Column("Score", lambda r: str(r.score)), Column("Band", lambda r: label(r.band)),
           Column("Why", lambda r: r.reason)]


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


RISK_CHANGES = Changes.RISK | Changes.TASKS | Changes.DOCUMENTS  # an assessment may raise a task; Appendix 1


class RiskTab(WorkspaceTab):
    shows = Changes.RISK
    def __init__(self, ws: WorkspaceHost) -> None:
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
        self.current_label = message_label("Current risk assessment", rich=True)
        self.review_button = button("Review", self.start_review, "Review the risk assessment")
        self.current: CurrentRisk = CurrentRisk("")
        self.reviewing = False
        full_layout.insertRow(0, self.current_label)
        full_layout.insertRow(1, self.review_button)
        self.score = message_label("Risk score and band", rich=True)
        full_layout.addRow(self.score)
        self.actions: dict[str, QCheckBox] = {}
        for action_id, text in self.full_form.actions:
            self.actions[action_id] = named(QCheckBox(text), f"Outcome action: {text}")
            full_layout.addRow(self.actions[action_id])
        self.notes = text_area("Risk assessment notes")
        full_layout.addRow("Notes", self.notes)
        self.save_button = button("Save risk assessment", self.save_assessment, primary="save")
        full_layout.addRow(self.save_button)
        full_box.setLayout(full_layout)
        for combo in self.full.values():
            combo.currentIndexChanged.connect(lambda _i: self.update_score())

        self.history_model = RecordTableModel(HISTORY)
        self.history = table_view(
            "Earlier risk assessments", self.history_model,
            "No earlier risk assessments: a Review keeps the one before it here.")
        inner = QWidget()
        column = QVBoxLayout(inner)
        noise_box = self._noise_box()
        for w in (triage_box, noise_box, full_box, QLabel("Earlier assessments"), self.history):
            column.addWidget(w)
        scroll = named(QScrollArea(), "Risk assessment")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        QVBoxLayout(self).addWidget(scroll)
        self.update_score()

    def _noise_box(self) -> QGroupBox:
        """Noise triage (forms/noise_triage.toml): the ASB procedure or Good Neighbourhood Management."""
        self.noise_form = load_noise_checklist()
        box = QGroupBox(self.noise_form.title)
        layout = QFormLayout(box)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.noise_time = named(QLineEdit(), "Noise triage: when it usually happens (HH:MM)")
        self.noise_time.setPlaceholderText(f"HH:MM (night is {hhmm(self.noise_form.night_starts)}-"
                                           f"{hhmm(self.noise_form.night_ends)})")
        self.noise_weekly = named(QLineEdit(), "Noise triage: times a week")
        self.noise_weekly.setPlaceholderText("a whole number, e.g. 3")
        layout.addRow("When it usually happens", self.noise_time)
        layout.addRow(f"Times a week (frequent: {self.noise_form.frequent_per_week} or more)", self.noise_weekly)
        self.noise_checks: dict[str, QCheckBox] = {}
        for q in self.noise_form.questions:
            self.noise_checks[q.id] = named(QCheckBox(q.text), f"Noise triage: {q.text}")
            layout.addRow(self.noise_checks[q.id])
            self.noise_checks[q.id].toggled.connect(lambda _on: self.preview_noise())
        self.noise_time.textChanged.connect(lambda _t: self.preview_noise())
        self.noise_weekly.textChanged.connect(lambda _t: self.preview_noise())
        self.noise_result = message_label("Noise triage outcome")
        layout.addRow(self.noise_result)
        layout.addRow(button("Save noise triage", self.save_noise))
        return box

    def noise_answers(self) -> dict[str, object]:
        answers: dict[str, object] = {qid: box.isChecked() for qid, box in self.noise_checks.items()}
        if self.noise_time.text().strip():
            answers["time"] = self.noise_time.text().strip()
        if self.noise_weekly.text().strip():
            answers["times_per_week"] = self.noise_weekly.text().strip()
        return answers

    def preview_noise(self) -> None:
        try:
            decision = decide_noise(self.noise_form, self.noise_answers())
        except FormError as exc:
            self.noise_result.setText(str(exc))
            return
        self.noise_result.setText(f"Would go to: {decision.track.label}. {decision.reason}")

    def save_noise(self) -> None:
        ok, decision = self.ws.change(Changes.RISK | Changes.TASKS, self.ws.services.noise.triage, self.ws.reference, self.noise_answers())
        if ok:
            self.noise_result.setText(f"Saved: {decision.track.label}. {decision.reason}")

    def load_noise(self, detail: CaseDetail) -> None:
        stored = detail.noise_answers or {}
        for qid, box in self.noise_checks.items():
            box.blockSignals(True)
            box.setChecked(bool(stored.get(qid)))
            box.blockSignals(False)
        self.noise_time.blockSignals(True)
        self.noise_time.setText(str(stored.get("time", "")))
        self.noise_time.blockSignals(False)
        self.noise_weekly.blockSignals(True)
        self.noise_weekly.setText(str(stored.get("times_per_week", "")))
        self.noise_weekly.blockSignals(False)
        if detail.noise_track:
            self.noise_result.setText(f"Recorded: {detail.noise_reason}")
        else:
            self.noise_result.setText("Not triaged: for a noise report, answer the checklist and save.")

    def load(self, detail: CaseDetail) -> None:
        self.load_noise(detail)
        stored = detail.triage_answers or {}
        for qid, combo in self.triage.items():
            combo.set_value(stored.get(qid))
        self.triage_result.setText("The full risk assessment (Appendix 1) is required."
                                   if detail.full_risk_required else
                                   "The triage does not call for the full assessment (yes to fewer than "
                                   f"{self.triage_form.threshold} questions).")
        self.history_model.set_records(detail.risk_assessments)
        ok, current = self.ws.call(self.ws.services.risk.current, self.ws.reference)
        if not ok:
            return
        if self.reviewing and current == self.current:
            return  # a reload while reviewing (another tab saved): keep what the officer is changing
        self.current, self.reviewing = current, False
        self.show_current()

    def show_current(self) -> None:
        """Fill the form from the current assessment; read-only until Review (blank and open if none)."""
        c = self.current
        for qid, combo in self.full.items():
            combo.set_value(c.answers.get(qid))
        for action_id, box in self.actions.items():
            box.setChecked(action_id in c.actions)
        self.notes.setPlainText(c.notes)
        if c.recorded and c.assessed_at is not None:
            at = c.assessed_at  # formatted by hand: strftime goes through the import hook PySide6 installs
            when = f"{at.day:02d}/{at.month:02d}/{at.year:04d} {at.hour:02d}:{at.minute:02d}"
            by = f", by {html.escape(c.assessed_by)}" if c.assessed_by else ""
            yes = [q.text for q in self.full_form.questions if c.answers.get(q.id)]
            answered = ("Yes to: " + "; ".join(html.escape(t) for t in yes) + ".") if yes else "No question answered yes."
            self.current_label.setText(
                f"<b>Current assessment: {RiskBand(c.band).label}, score {c.score}, {when}{by}.</b> "
                f"{answered} Press Review to change it: the form is filled in from this assessment.")
        elif c.band:
            self.current_label.setText(f"<b>Current band: {RiskBand(c.band).label}</b> (from the triage; no full "
                                       "risk assessment is recorded).")
        else:
            self.current_label.setText("No full risk assessment is recorded for this case yet.")
        self.review_button.setVisible(c.recorded)
        self.set_editable(not c.recorded)
        self.update_score()

    def set_editable(self, editable: bool) -> None:
        for widget in [*self.full.values(), *self.actions.values(), self.notes, self.save_button]:
            widget.setEnabled(editable)

    def start_review(self) -> None:
        self.reviewing = True
        self.set_editable(True)
        self.review_button.setVisible(False)
        next(iter(self.full.values())).setFocus()

    def update_score(self) -> None:
        score, band, reason = self.full_form.score(answers_of(self.full))
        mark = "HIGH RISK — " if band == RiskBand.HIGH else ""
        self.score.setText(f"<b>{mark}Score {score}, band {band.label.lower()}.</b> {html.escape(reason)}")

    def save_triage(self) -> None:
        ok, check = self.ws.change(RISK_CHANGES, self.ws.services.risk.triage, self.ws.reference, answers_of(self.triage))
        if ok:
            self.triage_result.setText(check.message)

    def save_assessment(self) -> None:
        actions = [a for a, box in self.actions.items() if box.isChecked()]
        ok, result = self.ws.change(RISK_CHANGES, self.ws.services.risk.assess, self.ws.reference, answers_of(self.full),
                                    actions, self.notes.toPlainText().strip())
        if ok:
            self.score.setText(f"<b>Saved: score {result.score}, band {result.band}.</b> "
                               f"{html.escape(result.reason)} {html.escape(result.response_due_reason)}")

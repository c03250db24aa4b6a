"""The closure dialog (16.1 reasons only) and the reopen / counter-allegation dialog (notes to copy)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
)

from ...domain import tsm
from ...domain.enums import ClosureReason, LinkKind, PartyRole, Role, Satisfaction
from ...services.casework.case_view import Decision
from ..widgets.fields import message_label, named, text_area
from ..widgets.form_dialog import FormDialog
from ..widgets.record_table_model import short_time
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


class ClosureDialog(FormDialog):
    """16.1 reasons the case's facts do not support are shown disabled with why; open safeguarding work
    needs a manager's decision with a reason (domain.closure decides, through CaseService.close)."""

    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Close {ws.reference}", self._save_closure, ok_text="Close the case")
        self.ws = ws
        self.note("Choose why the case is closing. Procedure 16.1 allows only these reasons, and only when "
                  "the case file bears them out.", "About 16.1")
        closure = ws.detail.closure
        self.reasons = QButtonGroup(self)
        for reason in ClosureReason:
            option = closure.options.get(reason.value, Decision(True))
            radio = named(QRadioButton(reason.label), reason.label)
            radio.setProperty("reason", reason.value)
            radio.setEnabled(option.allowed)
            self.reasons.addButton(radio)
            self.form.addRow(radio)
            if not option.allowed:
                self.form.addRow(message_label(f"Why not: {reason.label}", " ".join(option.reasons)))
        self.closing_note = self.row("Note", text_area("Closure note"))
        self.satisfaction = named(QComboBox(), "Complainant's satisfaction (TP12)", tsm.TP12_QUESTION)
        self.satisfaction.addItem("Not asked, or no answer", None)
        for answer in Satisfaction:
            self.satisfaction.addItem(answer.label, answer.value)
        why_not = tsm.may_record_satisfaction([bool(p.anonymous) for p in ws.detail.parties
                                               if p.role == PartyRole.COMPLAINANT.value])
        self.satisfaction.setEnabled(not why_not)
        self.row("Satisfaction (TP12)", self.satisfaction)
        self.form.addRow(message_label("About TP12", why_not or f"Ask the complainant: \u201c{tsm.TP12_QUESTION}\u201d"))
        self.open_safeguarding: list[str] = list(closure.open_safeguarding)
        self.decision: QPlainTextEdit | None = None
        if self.open_safeguarding:
            manager = Role.MANAGER in ws.services.ctx.actor.roles
            self.note("Safeguarding work is still open: " + "; ".join(self.open_safeguarding) + ". "
                      + ("As a manager you may decide to close with it open: give the reason."
                         if manager else "Complete it first; only a manager can decide to close with it open."),
                      "Open safeguarding work")
            self.decision = text_area("Manager's decision")
            self.row("Manager's decision", self.decision)
            self.decision.setEnabled(manager)
            self.decision.textChanged.connect(self._update_ok)
        self.ok_button.setEnabled(False)
        self.reasons.buttonToggled.connect(self._update_ok)

    def _update_ok(self, *_args: object) -> None:
        decided = self.decision is None or bool(self.decision.toPlainText().strip())
        self.ok_button.setEnabled(self.reason() is not None and decided)

    def reason(self) -> str | None:
        chosen = self.reasons.checkedButton()
        return chosen.property("reason") if chosen else None

    def choose(self, reason: ClosureReason) -> None:
        for b in self.reasons.buttons():
            if b.property("reason") == reason.value:
                b.setChecked(True)

    def _save_closure(self, _dialog: FormDialog) -> bool:
        decision = self.decision.toPlainText().strip() if self.decision is not None else ""
        ok, _msg = self.ws.change(Changes.CLOSURE | Changes.CASE | Changes.TASKS, self.ws.services.cases.close, self.ws.reference, self.reason(),
                                  self.closing_note.toPlainText().strip(), expected_version=self.ws.detail.version,
                                  manager_decision=decision, satisfaction=self.satisfaction.currentData())
        return ok


class LinkedCaseDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost, kind: LinkKind) -> None:
        what = "Reopen as a new linked case (16.3)" if kind == LinkKind.REOPENED_FROM else \
            "Counter-allegation as a new linked case (8.3)"
        super().__init__(ws, f"{what} — {ws.reference}", self._save_linked, ok_text="Open the new case")
        self.ws, self.kind = ws, kind
        self.note("The new case keeps the people, property and categories"
                  + (" with complainant and alleged perpetrator swapped (an anonymous complainant is never named)."
                     if kind == LinkKind.COUNTER_ALLEGATION else ".") + " Tick the notes to copy into it.",
                  "What the new case keeps")
        self.notes = named(QListWidget(), "Notes to copy")
        for n in ws.detail.notes:
            item = QListWidgetItem(f"{short_time(n.written_at)}  {n.text[:160]}")
            item.setData(Qt.ItemDataRole.UserRole, n.uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.notes.addItem(item)
        self.row("Notes to copy", self.notes)
        self.summary = self.row("Summary of the new report", text_area("Summary of the new report"))

    def chosen(self) -> list[str]:
        return [self.notes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.notes.count())
                if self.notes.item(i).checkState() == Qt.CheckState.Checked]

    def _save_linked(self, _dialog: FormDialog) -> bool:
        cases = self.ws.services.cases
        make = cases.reopen if self.kind == LinkKind.REOPENED_FROM else cases.counter_allegation
        ok, opened = self.ws.change(Changes.CLOSURE, make, self.ws.reference, self.chosen(), self.summary.toPlainText().strip())
        if ok:
            self.ws.open_case.emit(opened.reference)
        return ok

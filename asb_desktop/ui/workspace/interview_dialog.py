"""An interview form: the points from ``forms/interviews.toml`` (7.3 or 8.1), dated and timed, with
the 7.2 arrangements (place agreed, supporter or advocate, interpreter or signer: who they are to the
interviewee and their age) and the plain-English check (7.5) before saving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from ...domain.enums import ContactMethod, InterviewKind, PartyRole
from ...domain.forms import load_interview_points
from ...domain.interviews import interpreter_check, sensitive_reasons
from ..widgets.fields import date_time_edit, named, text_area, to_datetime
from ..widgets.form_dialog import FormDialog
from .changes import Changes
from .contact_dialog import combo
from .plain_english_dialog import check_then_save

if TYPE_CHECKING:
    from .host import WorkspaceHost

WHO = {InterviewKind.COMPLAINANT: PartyRole.COMPLAINANT, InterviewKind.ALLEGED_PERPETRATOR: PartyRole.ALLEGED_PERPETRATOR}


class InterviewDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost, kind: InterviewKind) -> None:
        title, points = load_interview_points(kind.value)
        super().__init__(ws, f"{title} — {ws.reference}", self._save_interview)
        self.ws, self.kind, self.check = ws, kind, None
        people = [(p.name, p.person.uid if p.person else None)
                  for p in ws.detail.parties if p.role == WHO[kind].value]
        self.person = self.row("Who", combo("Person interviewed", people or [("Not recorded", None)]))
        self.held_at = self.row("Held", date_time_edit("Interview date and time", ws.services.ctx.now()))
        self.method = self.row("How", combo("Interview method", [(m.label, m.value) for m in ContactMethod]))
        self.method.setCurrentIndex(self.method.findData(ContactMethod.IN_PERSON.value))
        self.place = self.row("Place agreed", named(QLineEdit(), "Interview place"))
        self.supporter = self.row("Supporter or advocate", named(QLineEdit(), "Supporter present"))
        self.interpreter = self.row("Interpreter or signer", named(QLineEdit(), "Interpreter"))
        self.relationship = self.row("Relationship to them", named(QLineEdit(), "Interpreter's relationship"))
        self.relationship.setPlaceholderText("e.g. professional interpreter, daughter, friend")
        self.interpreter_age = self.row("Interpreter's age", named(QSpinBox(), "Interpreter's age"))
        self.interpreter_age.setRange(0, 120)
        self.interpreter_age.setSpecialValueText("Not recorded")
        d = ws.detail
        self.case_sensitive = sensitive_reasons(
            domestic_abuse=bool(d.domestic_abuse), hate_related=bool(d.hate_related),
            safeguarding_concern=bool(d.safeguarding_concern), categories=list(d.categories or []),
            officer_ticked=False)
        self.sensitive = named(QCheckBox("The content is sensitive (7.2)"), "Sensitive content")
        self.sensitive.setChecked(bool(self.case_sensitive))
        self.sensitive.setEnabled(not self.case_sensitive)  # the case makes it sensitive: not the officer's call
        self.form.addRow(self.sensitive)
        self.interpreter_warning = self.note("", "Interpreter arrangements")
        for box in (self.interpreter, self.relationship):
            box.textChanged.connect(self._update_interpreter)
        self.interpreter_age.valueChanged.connect(self._update_interpreter)
        self.sensitive.toggled.connect(self._update_interpreter)
        self.held_at.dateTimeChanged.connect(self._update_interpreter)
        inner = QWidget()
        point_form = QFormLayout(inner)
        point_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.points: dict[str, QPlainTextEdit] = {}
        for pid, text in points:
            self.points[pid] = text_area(text, "", 2)
            self.points[pid].textChanged.connect(self._update_missing)
            lab = QLabel(text)
            lab.setWordWrap(True)
            point_form.addRow(lab, self.points[pid])
        scroll = named(QScrollArea(), "Interview points")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.form.addRow(scroll)
        self.notes = self.row("Notes", text_area("Interview notes", "", 4))
        self.missing = self.note("", "Points still to cover")
        self._update_missing()
        self._update_interpreter()

    def age(self) -> int | None:
        return self.interpreter_age.value() or None

    def _update_interpreter(self) -> None:
        """7.2 as it is typed: a family member under 18 never interprets sensitive content."""
        why = self.case_sensitive or (["the officer marked the interview sensitive"]
                                      if self.sensitive.isChecked() else [])
        check = interpreter_check(interpreter=self.interpreter.text(), relationship=self.relationship.text(),
                                  age=self.age(), born_on=None, held_on=to_datetime(self.held_at).date(),
                                  sensitive=why)
        self.interpreter_warning.setText(" ".join(check.reasons))
        self.interpreter_warning.setVisible(not check.allowed)

    def values(self) -> dict[str, str]:
        return {pid: box.toPlainText().strip() for pid, box in self.points.items() if box.toPlainText().strip()}

    def _update_missing(self) -> None:
        missing = self.ws.services.activity.missing_interview_points(self.kind.value, self.values())
        self.missing.setText("Still to cover: " + "; ".join(missing) + "." if missing else "Every point is covered.")

    def _save_interview(self, _dialog: FormDialog) -> bool:
        points, notes = self.values(), self.notes.toPlainText().strip()

        def save(allow_flagged: bool) -> bool:
            ok, _uid = self.ws.change(
                Changes.INTERVIEWS | Changes.TASKS,
                self.ws.services.activity.record_interview, self.ws.reference, self.kind.value,
                to_datetime(self.held_at), points, person_uid=self.person.currentData(),
                method=self.method.currentData(), place=self.place.text().strip(),
                supporter=self.supporter.text().strip(), interpreter=self.interpreter.text().strip(), notes=notes,
                allow_flagged=allow_flagged, interpreter_relationship=self.relationship.text().strip(),
                interpreter_age=self.age(), sensitive=self.sensitive.isChecked())
            return ok

        return check_then_save(self, [*points.values(), notes], save)

"""Small dialogs on a case: the police (6.3 advice to report, 6.4 the officer's own report with the
manager's guidance) and a safeguarding concern discussed with a manager (7.7.2, 8.4.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from ..widgets.fields import date_edit, named, text_area, to_date
from ..widgets.form_dialog import FormDialog
from .changes import Changes

if TYPE_CHECKING:
    from .host import WorkspaceHost


def _line(name: str) -> QLineEdit:
    return named(QLineEdit(), name)


class PoliceAdviceDialog(FormDialog):
    """6.3: advice to report to the police - when, who advised, the police reference if any."""

    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Advice to report to the police on {ws.reference}", self._save_it)
        self.ws = ws
        today = ws.services.ctx.now().date()
        self.on = self.row("Date advised", date_edit("Date the advice was given", today))
        self.by = self.row("Advised by", _line("Who advised reporting to the police"))
        self.who = self.row("Who was advised", _line("Who was advised (e.g. the complainant)"))
        self.reference = self.row("Police reference", _line("Police reference, if any"))

    def _save_it(self, _dialog: FormDialog) -> bool:
        ok, _ = self.ws.change(Changes.RECORDS, self.ws.services.records.police_advised, self.ws.reference, to_date(self.on),
                               self.by.text(), self.reference.text(), self.who.text())
        return ok


class PoliceReportDialog(FormDialog):
    """6.4: the officer's own report to the police, with the manager's guidance (who, when, what)."""

    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Report to the police on {ws.reference}", self._save_it)
        self.ws = ws
        today = ws.services.ctx.now().date()
        self.on = self.row("Date reported", date_edit("Date of the report to the police", today))
        self.reference = self.row("Police reference", _line("Police reference, if any"))
        self.manager = self.row("Manager", _line("Manager who gave guidance"))
        self.guidance_on = self.row("Guidance given on", date_edit("Date of the manager's guidance", today))
        self.guidance = self.row("Guidance", text_area("The manager's guidance", "", 4))

    def _save_it(self, _dialog: FormDialog) -> bool:
        ok, _ = self.ws.change(Changes.RECORDS, self.ws.services.records.police_report, self.ws.reference, to_date(self.on),
                               self.manager.text(), to_date(self.guidance_on), self.guidance.toPlainText(),
                               self.reference.text())
        return ok


class SafeguardingDiscussionDialog(FormDialog):
    """7.7.2, 8.4.2: a safeguarding concern discussed with a manager - who, when, the outcome."""

    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Safeguarding discussed with a manager on {ws.reference}", self._save_it)
        self.ws = ws
        self.manager = self.row("Manager", _line("Manager the concern was discussed with"))
        self.on = self.row("Date", date_edit("Date of the discussion", ws.services.ctx.now().date()))
        self.outcome = self.row("Outcome", text_area("What was decided", "", 4))

    def _save_it(self, _dialog: FormDialog) -> bool:
        ok, _ = self.ws.change(Changes.RECORDS, self.ws.services.records.safeguarding_discussed, self.ws.reference,
                               self.manager.text(), to_date(self.on), self.outcome.toPlainText())
        return ok

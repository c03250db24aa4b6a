"""Manager approval of a notice type; the particulars of the grounds, drafted from the incidents for
the officer to edit before the pack is made; and recording service (method, date-time, who served) with
the deemed date of service, the earliest date proceedings may begin and the lapse date shown as
the officer fills it in. Each dialog is given the case workspace and what to call back (it knows
nothing of the notices page that opens it)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDialogButtonBox, QLineEdit, QWidget

from ...court.dates import ServiceMethod
from ...services.kernel.errors import ASBError
from ..widgets.fields import date_edit, date_time_edit, named, text_area, to_date, to_datetime
from ..widgets.form_dialog import FormDialog
from ..workers import RUNNER, report_failure
from ..workspace.base import button
from ..workspace.changes import Changes

if TYPE_CHECKING:
    from ...services.court.notices import Signer
    from ..workspace.host import WorkspaceHost


class ApprovalDialog(FormDialog):
    def __init__(self, parent: QWidget, ws: WorkspaceHost, notice_type: str, title: str,
                 on_approved: Callable[[], None]) -> None:
        super().__init__(parent, f"Manager approval on {ws.reference}", self._save_approval, "Record approval")
        self.ws, self.notice_type, self.on_approved = ws, notice_type, on_approved
        self.note(f"You approve serving: <b>{html.escape(title)}</b>.", "What is approved")
        self.reason = self.row("Note", text_area("Approval note (why it is proportionate)"))

    def _save_approval(self, _dialog: FormDialog) -> bool:
        ok, _uid = self.ws.call(self.ws.services.notices.approve, self.ws.reference, self.notice_type,
                                self.reason.toPlainText())
        if ok:
            self.on_approved()
        return ok


class ParticularsDialog(FormDialog):
    """The particulars of the grounds, drafted from the incidents (off the GUI thread) for the officer to
    edit; what is left here goes into the notice when the pack is made: ``make_pack(particulars, self)``
    makes it and says whether the dialog may close."""

    def __init__(self, parent: QWidget, ws: WorkspaceHost, notice_type: str, title: str,
                 make_pack: Callable[[str, ParticularsDialog], bool], give_up: bool = False) -> None:
        super().__init__(parent, f"Particulars of the grounds on {ws.reference}", self._save_particulars,
                         "Make pack…")
        self.ws, self.notice_type, self.make_pack = ws, notice_type, make_pack
        self.note(f"<b>{html.escape(title)}</b>: the conduct relied on, one paragraph per incident (a blank line "
                  "between paragraphs). Withheld people are shown as [withheld]; a name typed back in is refused. "
                  "Redrafting replaces your wording (Ctrl+Z brings it back).", "About the particulars")
        self.text = self.row("Particulars of the grounds", text_area("Particulars of the grounds", lines=14))
        self.redraft_button = button("Redraft from the incidents", self.redraft,
                                     "Redraft the particulars from the incidents")
        self.form.addRow("", self.redraft_button)
        self.signer = self.row("Signed by", named(QComboBox(), "Who signs the notice"))
        self.signer.setToolTip("A named officer, team leader or manager with authority to sign; they sign the "
                               "printed notice before it is served.")
        self.method = self.row("To be served by", named(QComboBox(), "How the notice will be served"))
        for m in ServiceMethod:
            self.method.addItem(m.label, m.value)
        self.method.setCurrentIndex(self.method.findData(ServiceMethod.FIRST_CLASS_POST.value))
        self.at = self.row("On", date_time_edit("When the notice will be served", ws.services.ctx.now()))
        self.note("The notice names a definite date worked out from how and when it will be served; record the "
                  "actual service afterwards.", "About the service date")
        self.give_up_default: QCheckBox | None = None
        self.give_up: QDateEdit | None = None
        if give_up:  # s83(3)(a)(ii) Housing Act 1985: the date sought for giving up possession
            self.give_up_default = named(QCheckBox("The earliest date the law allows"),
                                         "Give up possession on the earliest date the law allows")
            self.give_up_default.setChecked(True)
            self.give_up = date_edit("Date sought for giving up possession",
                                     ws.services.ctx.now().date() + timedelta(weeks=5))
            self.row("Date sought for giving up possession", self.give_up_default)
            self.row("Or this date", self.give_up)
            self.give_up.setEnabled(False)
            chosen_date = self.give_up
            self.give_up_default.toggled.connect(lambda on: chosen_date.setEnabled(not on))
            self.note("The notice states the date the landlord seeks as the date on which the tenant is to give up "
                      "possession, and ceases to be in force twelve months after it. It cannot be earlier than the date a "
                      "notice to quit given when the notice is deemed served could end the tenancy (at least four "
                      "weeks and a full rental period; section 83(5) Housing Act 1985).", "About the date sought for giving up possession")
        self.busy = False
        self.redraft()
        svc, ref = ws.services, ws.reference
        RUNNER.start(self, lambda _control: svc.notices.signatories(ref, notice_type), self._fill_signers,
                     lambda exc: report_failure(self, exc))

    def _fill_signers(self, signers: list[Signer]) -> None:
        for signer in signers:
            self.signer.addItem(signer.name + (" (suggested)" if signer.suggested else ""), signer.username)
        if not signers:
            self.signer.addItem("Nobody here may sign: add a named officer, team leader or manager", None)

    def choices(self) -> dict[str, Any]:
        """How the pack is to be signed and served, as chosen here (``pack``'s keyword arguments)."""
        chosen: dict[str, Any] = {"signed_by": self.signer.currentData() or None,
                                  "service_method": self.method.currentData(), "service_at": to_datetime(self.at)}
        if self.give_up is not None and self.give_up_default is not None and not self.give_up_default.isChecked():
            chosen["give_up_on"] = to_date(self.give_up)
        return chosen

    def set_busy(self, busy: bool, placeholder: str = "") -> None:
        """While drafting or making the pack: the text read-only, the buttons off."""
        self.busy = busy
        self.text.setReadOnly(busy)
        self.text.setPlaceholderText(placeholder)
        self.redraft_button.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy:  # not closed under a running job (Escape, the window's close button)
            super().reject()

    def redraft(self) -> None:
        """Replace the text with the particulars drafted from the incidents (undoable)."""
        if self.busy:
            return
        self.set_busy(True, "Drafting the particulars from the incidents…")
        svc, ref, kind = self.ws.services, self.ws.reference, self.notice_type

        def done(text: str) -> None:  # not called if the officer has closed the dialog meanwhile
            self.set_busy(False)
            cursor = self.text.textCursor()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(text)  # through the cursor, so Ctrl+Z brings back what was there
            self.text.moveCursor(QTextCursor.MoveOperation.Start)

        def failed(exc: BaseException) -> None:
            self.set_busy(False, "Write the particulars of the grounds here.")
            report_failure(self, exc)

        RUNNER.start(self, lambda _control: svc.notices.draft_particulars(ref, kind), done, failed,
                     lambda: self.set_busy(False))

    def _save_particulars(self, _dialog: FormDialog) -> bool:
        if self.busy:
            return False
        return self.make_pack(self.text.toPlainText(), self)


class ServiceDialog(FormDialog):
    def __init__(self, parent: QWidget, ws: WorkspaceHost, notice: dict[str, Any]) -> None:
        super().__init__(parent, f"Record service of notice {notice['number']}", self._save_service,
                         "Record service")
        self.ws, self.notice = ws, notice
        self.method = named(QComboBox(), "How it was served")
        for m in ServiceMethod:
            self.method.addItem(m.label, m.value)
        self.row("Method", self.method)
        self.at = self.row("When", date_time_edit("Date and time of service", ws.services.ctx.now()))
        self.by = self.row("Served by", named(QLineEdit(ws.services.ctx.actor.full_name), "Who served it"))
        self.dates = self.note("", "Deemed date of service, earliest proceedings date and lapse date")
        self.method.currentIndexChanged.connect(lambda _i: self.update_dates())
        self.at.dateTimeChanged.connect(lambda _d: self.update_dates())
        self.update_dates()

    def update_dates(self) -> None:
        ws = self.ws
        try:
            d = ws.services.notices.dates_for(ws.reference, self.notice["number"], self.method.currentData(),
                                              to_datetime(self.at))
        except ASBError as exc:
            self.dates.setText(html.escape(str(exc)))
            return
        lapses = f"{d.lapses_on:%d/%m/%Y}" if d.lapses_on else "does not lapse"
        if d.give_up_on:
            lapses += f" (twelve months after the date sought for giving up possession, {d.give_up_on:%d/%m/%Y})"
        self.dates.setText(f"<p>Deemed served: <b>{d.deemed_served_on:%A %d/%m/%Y}</b> ({html.escape(d.deemed_reason)})"
                           f"<br>Proceedings may begin from: <b>{d.earliest_proceedings_on:%d/%m/%Y}</b>"
                           f"<br>The notice lapses: <b>{lapses}</b></p>"
                           + (f"<p>{html.escape(d.period_note)}</p>" if d.period_note else ""))

    def _save_service(self, _dialog: FormDialog) -> bool:
        ws = self.ws
        ok, _info = ws.change(Changes.COURT | Changes.TASKS, ws.services.notices.served, ws.reference, self.notice["number"],
                              self.method.currentData(), to_datetime(self.at), self.by.text())
        return ok

"""What the witness asked for during review: the officer amends the statement (a new version: the
requests are "changed") or declines them with a reason the witness is shown before signing. Nothing
here changes a signed statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout

from ...services.documents.statement_signing import ReviewRequestInfo
from ...services.documents.statements import StatementInfo
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named, text_area
from ..widgets.form_dialog import FormDialog
from ..widgets.messages import error_text
from ..widgets.record_table_model import Column, RecordTableModel
from ..workspace.base import button, table_view
from .paragraph_editor import ParagraphEditor

if TYPE_CHECKING:
    from .host import DocumentsHost

REQUESTS = [Column("Asked", lambda r: f"{r['created_at']:%d/%m/%Y %H:%M} (version {r['version']})"),
            Column("Paragraph", lambda r: str(r["paragraph"]) if r["paragraph"] else "Whole statement"),
            Column("The witness asked", lambda r: r["request"]),
            Column("Decided", lambda r: "Open" if r["resolved_at"] is None else
                   f"Declined: {r['resolution']}" if r["outcome"] == "declined" else
                   f"Changed in version {r['resolved_version']}: {r['resolution']}")]


class ReviewRequestsDialog(QDialog):
    def __init__(self, tab: DocumentsHost, info: StatementInfo) -> None:
        super().__init__(tab)
        self.tab, self.info = tab, info
        title = f"Witness review requests: statement {info.number} of {info.witness}"
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.model = RecordTableModel(REQUESTS, warn=lambda r: r["resolved_at"] is None)
        self.table = table_view(
            "Review requests", self.model,
            "No review requests: the witness has asked for no changes.")
        self.status = message_label("What happened")
        self.editor: ParagraphEditor | None = None
        self.resolver: FormDialog | None = None
        bar = QHBoxLayout()
        self.amend_button = button("Amend the statement…", self.amend)
        self.decline_button = button("Decline with a reason…", self.resolve)
        for b in (self.amend_button, self.decline_button, button("Close", self.reject)):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        self.resize(900, 420)
        self.refresh()

    def requests(self) -> list[ReviewRequestInfo]:
        ws = self.tab.ws
        ok, rows = ws.call(ws.services.signing.review_requests, ws.reference, self.info.number,
                           witness=self.info.witness_ref)
        return rows if ok else []

    def open_requests(self) -> list[ReviewRequestInfo]:
        return [r for r in self.requests() if r.resolved_at is None]

    def refresh(self) -> None:
        rows = self.requests()
        self.model.set_records([vars(r) for r in rows])
        self.table.resizeColumnsToContents()
        waiting = sum(1 for r in rows if r.resolved_at is None)
        locked = (self.tab.current() or self.info).status == "signed"
        self.amend_button.setEnabled(bool(waiting) and not locked)
        self.decline_button.setEnabled(bool(waiting) and not locked)
        self.status.setText("The statement is signed and locked." if locked else
                            f"{waiting} request(s) open: the statement is not made final or signed until each is "
                            "changed or declined with a reason." if waiting else "No open requests.")

    def amend(self) -> ParagraphEditor | None:
        pending = self.open_requests()
        if not pending:
            self.status.setText("There are no open requests to amend the statement for.")
            return None
        info = self.tab.current() or self.info
        ws = self.tab.ws

        def save(paragraphs: list[dict], note: str) -> bool:
            ws.services.signing.resolve_requests(ws.reference, info.number, [r.uid for r in pending],
                                                    note, paragraphs, witness=info.witness_ref)
            self.tab.refresh()
            self.refresh()
            return True

        self.editor = ParagraphEditor(self, info, save, pending)
        self.editor.open()
        return self.editor

    def resolve(self) -> FormDialog | None:
        pending = self.open_requests()
        if not pending:
            self.status.setText("There are no open requests.")
            return None
        dialog = FormDialog(self, "Decline with a reason", lambda d: self._resolve(pending), "Decline")
        self.reason = dialog.row("Why it is not changed", text_area("Why it is not changed (the witness sees this)",
                                                                    lines=3))
        self.resolver = dialog
        dialog.open()
        return dialog

    def _resolve(self, pending: list[ReviewRequestInfo]) -> bool:
        ws = self.tab.ws
        try:
            ws.services.signing.resolve_requests(ws.reference, self.info.number, [r.uid for r in pending],
                                                    self.reason.toPlainText(), witness=self.info.witness_ref)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        self.refresh()
        self.tab.refresh()
        return True

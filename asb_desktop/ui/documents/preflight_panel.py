"""Preflight: each PD 32 / PD 22 requirement the latest version misses, with "Waive with reason…" and
"Make final" (which the services refuse until every problem is fixed or knowingly waived)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout

from ...services.documents.statements import StatementInfo
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named, text_area
from ..widgets.form_dialog import FormDialog
from ..widgets.messages import error_text
from ..widgets.record_table_model import Column, RecordTableModel
from ..workspace.base import button, selected, table_view

if TYPE_CHECKING:
    from .host import DocumentsHost

FINDINGS = [Column("Rule", lambda r: r["rule"]),
            Column("Paragraph", lambda r: str(r["paragraph"] or "")),
            Column("Problem", lambda r: r["message"]),
            Column("Status", lambda r: f"Waived: {r['waived']}" if r["waived"] else "To fix or waive")]


class PreflightDialog(QDialog):
    def __init__(self, tab: DocumentsHost, info: StatementInfo) -> None:
        super().__init__(tab)
        self.tab, self.info = tab, info
        title = f"Preflight: statement {info.number} of {info.witness}"
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary = message_label("Preflight result", rich=True)
        self.model = RecordTableModel(FINDINGS, warn=lambda r: not r["waived"])
        self.table = table_view("Preflight problems", self.model)
        self.status = message_label("What happened")
        self.waive_button = button("Waive with reason…", self.waive)
        self.final_button = button("Make final", self.make_final)
        bar = QHBoxLayout()
        for b in (self.waive_button, button("Edit paragraphs…", self.edit), self.final_button,
                  button("Close", self.reject)):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        self.waiver: FormDialog | None = None
        self.resize(900, 480)
        self.refresh()

    def refresh(self) -> None:
        ws = self.tab.ws
        ok, findings = ws.call(ws.services.signing.check, ws.reference, self.info.number,
                               witness=self.info.witness_ref)
        rows: list[dict[str, Any]] = [dict(vars(f)) for f in findings] if ok else []
        self.model.set_records(rows)
        self.table.resizeColumnsToContents()
        open_rows = [r for r in rows if not r["waived"]]
        if not rows:
            self.summary.setText("<b>Preflight is clear:</b> the statement meets every PD 32 / PD 22 check.")
        elif open_rows:
            self.summary.setText(f"<b>{len(open_rows)} problem(s) to fix or waive</b> before the final version. "
                                 "Fix them in the paragraph editor, or waive one knowingly with a reason.")
        else:
            self.summary.setText("<b>Every problem is waived with a reason.</b> The statement may be made final.")
        if rows and self.table.selectionModel().selectedRows() == []:
            self.table.selectRow(0)

    def waive(self) -> FormDialog | None:
        row = selected(self.table)
        if row is None:
            self.status.setText("Pick the problem to waive first.")
            return None
        dialog = FormDialog(self, f"Waive: {row['message'][:60]}", lambda d: self._waive(row, d), "Waive")
        dialog.note(f"<b>{row['rule']}</b>: {row['message']}", "The requirement")
        self.reason = dialog.row("Reason", text_area("Why this requirement is waived", lines=3))
        self.waiver = dialog
        dialog.open()
        return dialog

    def _waive(self, row: dict[str, Any], _dialog: FormDialog) -> bool:
        ws = self.tab.ws
        try:
            ws.services.signing.waive(ws.reference, self.info.number, row["key"], self.reason.toPlainText(),
                                         witness=self.info.witness_ref)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        self.status.setText(f"Waived: {row['message']}")
        self.refresh()
        return True

    def make_final(self) -> bool:
        ws = self.tab.ws
        try:
            info = ws.services.signing.finalise(ws.reference, self.info.number, witness=self.info.witness_ref)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        self.status.setText(f"Statement {info.number} version {info.version} is final: the witness can now sign it.")
        self.tab.refresh()
        return True

    def edit(self) -> None:
        self.tab.edit_paragraphs(then=lambda: self._after_edit())

    def _after_edit(self) -> None:
        self.info = self.tab.current() or self.info
        self.refresh()

"""Verify the evidence store: every stored file re-hashed off the GUI thread; what is missing, altered or
orphaned listed plainly, with what to do about it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QProgressBar, QVBoxLayout, QWidget

from ...evidence.records import VerifyReport
from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named
from ..workers import RUNNER, JobControl, JobRunner, report_failure


def verify_text(report: VerifyReport) -> str:
    lines = [f"Checked {report.checked} stored files."]
    for label, entries in (("MISSING (the record is there, the file is not)", report.missing),
                           ("ALTERED (the file no longer matches its SHA-256)", report.altered),
                           ("ORPHANED (a file in the store with no record)", report.orphaned),
                           ("Unfinished import (safe to delete)", report.leftovers)):
        lines += [f"{label}: {entry}" for entry in entries]
    lines.append("All stored files match their SHA-256: nothing has changed." if report.ok else
                 "Problems found: restore the missing or altered files from a backup, and tell your team leader.")
    return "\n".join(lines)


class VerifyDialog(QDialog):
    def __init__(self, parent: QWidget | None, services: Services, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify the evidence store")
        named(self, "Verify the evidence store")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.status = message_label("Verify status", "Re-hashing every stored file…")
        self.bar = named(QProgressBar(), "Verify progress")
        self.bar.setRange(0, 0)
        self.text = named(QPlainTextEdit(), "Verify result")
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.status, self.bar, self.text, buttons):
            layout.addWidget(w)
        self.resize(720, 400)
        self.report: VerifyReport | None = None
        evidence = services.evidence

        def work(_control: JobControl) -> VerifyReport:
            return evidence.verify()

        (runner or RUNNER).start(self, work, on_done=self._done, on_error=self._failed)

    def _done(self, report: VerifyReport) -> None:
        self.report = report
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText("Nothing has changed." if report.ok else "Problems found.")
        self.text.setPlainText(verify_text(report))

    def _failed(self, exc: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.status.setText(str(exc) if isinstance(exc, ASBError) else "The check stopped with an error.")
        report_failure(self, exc)

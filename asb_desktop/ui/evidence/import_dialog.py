"""The import of dropped or chosen files: on a worker thread, with progress, the file being read, and
Cancel; afterwards what was stored, what was already held and each refusal with its reason, plainly.

Cancelling stops between files, or between blocks of the copy or of the analysis of a long recording
(a week of noise monitoring), never half-way through storing one: the half-read file's temporary copy
is removed; what was stored before the cancel stays stored and is listed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QProgressBar, QVBoxLayout, QWidget

from ...evidence.records import AddReport
from ...services import Services
from ..widgets.fields import message_label, named
from ..workers import RUNNER, Cancelled, Job, JobControl, JobRunner, report_failure

STEPS = 1000  # the bar's resolution within one file


class _Progress(QObject):
    moved = Signal(int, int, str)  # emitted on the worker thread, delivered queued on the GUI thread
    stepped = Signal(str, float)  # what is being done to the current file ("copying", "analysing"), fraction


def summary(report: AddReport) -> str:
    """The outcome of an import in plain words, one line per file that needs a word."""
    lines = []
    if report.cancelled:
        lines.append("Import cancelled. The files stored before you cancelled are kept; the rest were not added.")
    lines.append(f"Stored: {len(report.stored)}. Already held here (the same file was added here before): "
                 f"{len(report.already_held)}. Refused: {len(report.refused)}.")
    for info in report.stored:
        lines.append(f"Stored  {info.original_name} ({info.kind})" + (f": {info.figures}" if info.figures else ""))
        if info.also_on:
            lines.append(f"        the same file is also held on {', '.join(info.also_on)}, which you can see")
    for info in report.already_held:
        lines.append(f"Already held here  {info.original_name}")
    for refused in report.refused:
        lines.append(f"Refused  {Path(refused.path).name}: {refused.reason}")
    return "\n".join(lines)


class ImportDialog(QDialog):
    """``ImportDialog(parent, services, reference_or_None, paths, on_finished)``; starts at once."""

    def __init__(self, parent: QWidget | None, services: Services, reference: str | None, paths: list[Path],
                 on_finished: Callable[[AddReport], None], kind: str | None = None,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        where = reference or "the evidence inbox"
        self.setWindowTitle(f"Adding evidence to {where}")
        named(self, "Adding evidence")
        self.setWindowModality(Qt.WindowModality.NonModal)  # the rest of the window stays usable
        self.status = message_label("Import status", f"Reading {len(paths)} file(s) or folder(s)…")
        self.bar = named(QProgressBar(), "Import progress")
        self.bar.setRange(0, 0)
        self.result_text = named(QPlainTextEdit(), "What was stored and what was refused")
        self.result_text.setReadOnly(True)
        self.result_text.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel import")
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        for w in (self.status, self.bar, self.result_text, self.buttons):
            layout.addWidget(w)
        self.resize(640, 200)
        self.report: AddReport | None = None
        self._finished = on_finished
        self._signals = _Progress(self)
        self._signals.moved.connect(self._moved)
        self._signals.stepped.connect(self._stepped)
        self._file = (0, 1, "")
        partial = AddReport()
        evidence = services.evidence
        signals = self._signals

        def work(control: JobControl) -> AddReport:
            nonlocal partial

            def step(what: str, fraction: float) -> None:
                """The current file's progress (copy, then analysis), through the job's control; once
                cancelled, the import stops at its next check between blocks and removes its copy."""
                try:
                    control.progress(round(fraction * STEPS), STEPS)
                except Cancelled:
                    return
                signals.stepped.emit(what, fraction)

            partial = evidence.add_files(reference, paths, kind=kind,
                                         progress=lambda d, t, n: signals.moved.emit(d, t, n),
                                         cancelled=lambda: control.cancelled, step=step)
            return partial

        def cancelled() -> None:
            partial.cancelled = True
            self._done(partial)

        self.job: Job = (runner or RUNNER).start(self, work, on_done=self._done, on_cancel=cancelled,
                                                 on_error=self._failed)

    def cancel(self) -> None:
        if self.report is not None:  # finished: the button now closes
            self.accept()
            return
        self.job.control.cancel()
        self.status.setText("Cancelling: the file being read now will not be kept…")
        self.cancel_button.setEnabled(False)

    def _moved(self, done: int, total: int, name: str) -> None:
        if self.report is not None:
            return
        self._file = (done, total, name)
        self.bar.setRange(0, max(total, 1) * STEPS)
        self.bar.setValue(min(done, total) * STEPS)
        if name:
            self.status.setText(f"Checking, hashing and storing {done + 1} of {total}: {name}")

    def _stepped(self, what: str, fraction: float) -> None:
        """Within one file: the copy, then (for a recording) the analysis, each 0-100%."""
        if self.report is not None or self.job.control.cancelled:
            return
        done, total, name = self._file
        self.bar.setRange(0, max(total, 1) * STEPS)
        self.bar.setValue(min(done * STEPS + round(fraction * STEPS), total * STEPS))
        self.status.setText(f"{what.capitalize()} {done + 1} of {total}: {name} ({fraction * 100:.0f}%)")

    def _done(self, report: AddReport) -> None:
        self.report = report
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText("Import cancelled." if report.cancelled else "Import finished.")
        self.result_text.setPlainText(summary(report))
        self.result_text.show()
        self.buttons.clear()
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        named(close, "Close")
        close.clicked.connect(self.accept)
        self.resize(720, 420)
        self._finished(report)

    def _failed(self, exc: BaseException) -> None:
        self._done(AddReport())
        self.status.setText("The import stopped with an error; nothing half-stored was kept.")
        report_failure(self, exc)

    def result_lines(self) -> list[str]:
        return self.result_text.toPlainText().splitlines()


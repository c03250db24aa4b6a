"""The background job helper: results, progress, cancel and errors come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from asb_desktop.services.kernel.errors import ValidationError
from asb_desktop.ui.workers import Cancelled, JobControl, JobRunner, run_with_progress


def test_job_runs_off_the_gui_thread_and_reports_progress(qtbot: QtBot) -> None:
    runner = JobRunner()
    seen: dict[str, object] = {"progress": []}
    gui = threading.get_ident()

    def work(control: JobControl) -> int:
        seen["thread"] = threading.get_ident()
        for i in range(3):
            control.progress(i + 1, 3)
        return 42

    def done(result: int) -> None:
        seen["result"], seen["done_thread"] = result, threading.get_ident()

    runner.start(work, on_done=done, on_progress=lambda d, t: seen["progress"].append((d, t)))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["thread"] != gui and seen["done_thread"] == gui
    qtbot.waitUntil(lambda: seen["progress"] == [(1, 3), (2, 3), (3, 3)], timeout=2000)


def test_cancel_stops_the_job_at_its_next_progress_report(qtbot: QtBot) -> None:
    runner = JobRunner()
    started, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def work(control: JobControl) -> None:
        started.set()
        release.wait(5)
        control.progress(1, 2)  # raises Cancelled
        outcome.append("ran on")

    job = runner.start(work, on_done=lambda _r: outcome.append("done"), on_cancel=lambda: outcome.append("cancelled"))
    assert started.wait(5)
    job.control.cancel()
    release.set()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert job.control.cancelled and isinstance(Cancelled(), Exception)


def test_service_error_becomes_a_plain_message_behind_the_progress_dialog(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = JobRunner()
    runner.synchronous = True
    done: list[object] = []

    def fails(_control: JobControl) -> None:
        raise ValidationError("file", "is not a PDF")

    run_with_progress(parent, "Importing…", fails, on_done=done.append, runner=runner)
    qtbot.waitUntil(lambda: any(b.text() == "file: is not a PDF" for b in parent.findChildren(QMessageBox)), timeout=3000)
    assert done == []
    run_with_progress(parent, "Counting…", lambda c: 7, on_done=done.append, runner=runner)
    qtbot.waitUntil(lambda: done == [7], timeout=3000)
    QApplication.processEvents()


def test_an_unexpected_error_goes_to_the_excepthook(qtbot: QtBot, monkeypatch) -> None:  # noqa: ANN001
    import sys

    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _k, value, _tb: seen.append(value))
    runner = JobRunner()
    runner.synchronous = True
    run_with_progress(None, "Working…", lambda c: 1 / 0, on_done=lambda _r: None, runner=runner)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    assert isinstance(seen[0], ZeroDivisionError)

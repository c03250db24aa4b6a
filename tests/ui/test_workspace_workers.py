"""The background job helper: results, progress, cancel and errors come back on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from asb_desktop.services.kernel.errors import ValidationError
from asb_desktop.ui.workers import Cancelled, JobControl, JobRunner, Refresh, run_with_progress


def _owner(qtbot: QtBot) -> QWidget:
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner


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

    runner.start(_owner(qtbot), work, on_done=done, on_progress=lambda d, t: seen["progress"].append((d, t)))  # type: ignore[union-attr]
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

    job = runner.start(_owner(qtbot), work, on_done=lambda _r: outcome.append("done"),
                       on_cancel=lambda: outcome.append("cancelled"))
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


# ------------------------------------------------------------------ the owner of a job
def _slow(release: threading.Event, result: object = 42):  # noqa: ANN202
    def work(_control: JobControl) -> object:
        assert release.wait(5), "the test never let the job finish"
        if isinstance(result, BaseException):
            raise result
        return result
    return work


def _delete_now(widget: QWidget) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(widget)


def test_the_callback_runs_while_its_owner_lives(qtbot: QtBot) -> None:
    owner = _owner(qtbot)
    release, called = threading.Event(), []
    runner = JobRunner()
    job = runner.start(owner, _slow(release), on_done=lambda r: (called.append(r), owner.setWindowTitle(str(r))))
    release.set()
    qtbot.waitUntil(lambda: called == [42], timeout=5000)
    assert owner.windowTitle() == "42" and job not in runner._running


def test_a_job_ending_after_its_owner_was_deleted_calls_nothing(qtbot: QtBot) -> None:
    """A case tab closed while its job runs: the late result is dropped, not sent to a deleted widget
    (which raised 'Internal C++ object already deleted')."""
    tab = QWidget()
    label = QWidget(tab)  # the callback touches a child, as a tab's callbacks do
    release, called, ended = threading.Event(), [], []
    runner = JobRunner()
    job = runner.start(tab, _slow(release), on_done=lambda r: (called.append(r), label.setWindowTitle("late")),
                       on_cancel=lambda: called.append("cancelled"))
    job.signals.done.connect(lambda _r: ended.append(True))  # connected after the runner's: runs after it
    _delete_now(tab)
    release.set()
    qtbot.waitUntil(lambda: ended == [True], timeout=5000)
    QApplication.processEvents()
    assert called == [] and job not in runner._running


def test_a_late_error_of_a_deleted_owner_is_logged_not_shown(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    import sys

    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _k, value, _tb: hooked.append(value))
    tab = QWidget()
    release, errors, ended = threading.Event(), [], []
    job = JobRunner().start(tab, _slow(release, RuntimeError("disk gone")), on_done=lambda _r: None,
                            on_error=errors.append)
    job.signals.failed.connect(lambda _e: ended.append(True))
    _delete_now(tab)
    with caplog.at_level(logging.ERROR, logger="asb.ui.jobs"):
        release.set()
        qtbot.waitUntil(lambda: ended == [True], timeout=5000)
        QApplication.processEvents()
    assert errors == [] and hooked == []
    assert "disk gone" in caplog.text


def test_a_progress_job_whose_window_closed_leaves_no_dialog_and_calls_nothing(qtbot: QtBot) -> None:
    window = QWidget()
    window.show()
    release, called, ended = threading.Event(), [], []
    job = run_with_progress(window, "Making the pack…", _slow(release), on_done=called.append,
                            on_end=lambda: called.append("end"))
    job.signals.done.connect(lambda _r: ended.append(True))
    _delete_now(window)  # its progress dialog goes with it
    release.set()
    qtbot.waitUntil(lambda: ended == [True], timeout=5000)
    QApplication.processEvents()
    assert called == []


# ------------------------------------------------------------------ a view's refresh
def test_a_refresh_asked_for_while_one_runs_ends_showing_the_latest_data(qtbot: QtBot) -> None:
    refresh = Refresh(_owner(qtbot), JobRunner())
    release, fetched, shown = threading.Event(), [], []
    gui = threading.get_ident()

    def fetch(n: int) -> Callable[[], int]:
        def work() -> int:
            fetched.append((n, threading.get_ident() != gui))
            if n == 1:
                assert release.wait(5), "the test never let the first fetch finish"
            return n
        return work

    refresh.start(fetch(1), shown.append, lambda exc: shown.append(-1))
    qtbot.waitUntil(lambda: len(fetched) == 1)
    refresh.start(fetch(2), shown.append, lambda exc: shown.append(-1))
    refresh.start(fetch(3), shown.append, lambda exc: shown.append(-1))
    assert refresh.busy and shown == []
    release.set()
    qtbot.waitUntil(lambda: not refresh.busy, timeout=5000)
    assert shown == [3]  # the stale first result is not shown, and the second request was replaced by the third
    assert fetched == [(1, True), (3, True)]

"""Run slow service calls off the GUI thread, with progress and cancel.

One rule (as in Picard and Anki): a worker never touches a widget. The function you hand over
runs on a ``QThreadPool`` thread and talks back only through ``JobControl`` (progress, cancel);
its result or error comes back to the GUI thread through queued signals.

Every job has an owner: the widget (or other ``QObject``) its callbacks belong to. A callback whose
owner has been deleted meanwhile (a case tab closed, a dialog shut) is dropped, so a job that ends
late never touches a deleted widget; only its error, if any, is logged.

Usage::

    def work(control: JobControl) -> int:
        for i, item in enumerate(items):
            control.progress(i, len(items))   # raises Cancelled once the user pressed Cancel
            ...
        return len(items)

    RUNNER.start(self, work, on_done=lambda n: ...)   # self: the owner
    run_with_progress(parent, "Importing evidence…", work, on_done=lambda n: ...)   # parent: the owner

``run_with_progress`` shows a progress dialog only when the job takes longer than 600 ms. A
service error (``ASBError``) is shown as a plain message; any other exception goes to the
application's excepthook, which logs the detail and tells the user what to do. Pass
``synchronous=True`` (or set ``JobRunner.synchronous`` in a test) to run jobs inline.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from ..services.kernel.errors import ASBError
from .widgets.messages import show_error

log = logging.getLogger("asb.ui.jobs")


class Cancelled(Exception):
    """Raised inside a job by ``JobControl.progress`` once the user has cancelled it."""


class JobControl:
    """What a running job sees: report progress, check for cancel. Safe to use from any thread."""

    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self._signals.progress.emit(done, total)


class JobSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()


class Job(QRunnable):
    def __init__(self, fn: Callable[[JobControl], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.control = JobControl(self.signals)
        self.setAutoDelete(False)  # the Python object owns it, so its signals outlive run()

    def run(self) -> None:
        try:
            result = self.fn(self.control)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never swallowed
            self.signals.failed.emit(exc)
        else:
            if self.control.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.done.emit(result)


def report_failure(parent: QWidget | None, exc: BaseException) -> None:
    """A service error as a plain message; anything else to the excepthook (logged, with advice)."""
    if isinstance(exc, ASBError):
        show_error(parent, exc)
    else:
        sys.excepthook(type(exc), exc, exc.__traceback__)


class JobRunner:
    """Starts jobs on a thread pool (or inline when ``synchronous``) and keeps them alive until done."""

    synchronous = False

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Job] = set()

    def start(self, owner: QObject, fn: Callable[[JobControl], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None,
              on_cancel: Callable[[], None] | None = None,
              on_progress: Callable[[int, int], None] | None = None) -> Job:
        """Run ``fn`` and call back on the GUI thread, but only while ``owner`` still exists: once it
        has been deleted the callbacks are dropped (an error is logged instead)."""
        job = Job(fn)
        self._running.add(job)

        def finish(callback: Callable[..., None] | None, *args: Any) -> None:
            self._running.discard(job)
            if callback is not None and isValid(owner):
                callback(*args)

        def failed(exc: BaseException) -> None:
            if not isValid(owner):
                log.log(logging.INFO if isinstance(exc, ASBError) else logging.ERROR,
                        "a background job ended after its window closed: %s", exc,
                        exc_info=None if isinstance(exc, ASBError) else exc)
            finish(on_error or (lambda x: report_failure(None, x)), exc)

        def progressed(done: int, total: int) -> None:
            if on_progress is not None and isValid(owner):
                on_progress(done, total)

        queued = Qt.ConnectionType.QueuedConnection
        job.signals.done.connect(lambda r: finish(on_done, r), queued)
        job.signals.failed.connect(failed, queued)
        job.signals.cancelled.connect(lambda: finish(on_cancel), queued)
        if on_progress is not None:
            job.signals.progress.connect(progressed, queued)
        if self.synchronous:
            job.run()
        else:
            self.pool.start(job)
        return job

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    @property
    def running(self) -> bool:
        """Whether a job started here has yet to hand its result (or error) back to the GUI thread."""
        return bool(self._running)


RUNNER = JobRunner()


def run_with_progress(parent: QWidget | None, label: str, fn: Callable[[JobControl], Any],
                      on_done: Callable[[Any], None], runner: JobRunner | None = None,
                      on_end: Callable[[], None] | None = None) -> Job:
    """Run ``fn`` in the background behind a progress dialog (shown after 600 ms) with a Cancel button.
    ``on_end`` runs once the job is over, however it ended (done, failed or cancelled), before ``on_done``.
    ``parent`` owns the job: if it is deleted first, the dialog goes with it and no callback runs
    (no parent: the application owns it)."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("ASB Desktop")
    dialog.setAccessibleName(label)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(600)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total))

    def close(then: Callable[..., None] | None = None, *args: Any) -> None:
        dialog.reset()
        dialog.deleteLater()
        if on_end is not None:
            on_end()
        if then is not None:
            then(*args)

    owner = parent if parent is not None else QCoreApplication.instance()
    if owner is None:
        raise RuntimeError("A background job with a progress dialog needs the application to be running.")
    job = (runner or RUNNER).start(owner, fn, on_done=lambda r: close(on_done, r),
                                          on_error=lambda e: close(report_failure, parent, e),
                                          on_cancel=lambda: close(), on_progress=progress)
    dialog.canceled.connect(job.control.cancel)
    return job


class Refresh:
    """One view's refresh off the GUI thread: ``fetch`` runs on a pool thread and only calls services
    (it touches no widget); ``fill`` gets its result on the GUI thread and fills the view's models.

    A refresh asked for while one is running is run once that one ends, in place of showing the stale
    result, so the view always ends showing the data as it is after the last request. ``busy`` is True
    until then (tests wait for it)."""

    def __init__(self, owner: QObject, runner: JobRunner | None = None) -> None:
        self.owner = owner
        self.runner = runner or RUNNER
        self._running = False
        self._next: tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]] | None = None

    @property
    def busy(self) -> bool:
        return self._running or self._next is not None

    def start(self, fetch: Callable[[], Any], fill: Callable[[Any], None],
              failed: Callable[[BaseException], None]) -> None:
        """Refresh with ``fetch`` (off the GUI thread), then ``fill`` (or ``failed``) on the GUI thread."""
        self._next = (fetch, fill, failed)
        if not self._running:
            self._run()

    def _run(self) -> None:
        assert self._next is not None
        fetch, fill, failed = self._next
        self._next, self._running = None, True

        def end(then: Callable[[Any], None], outcome: Any) -> None:
            self._running = False
            if self._next is not None:  # asked for again meanwhile: this outcome is already stale
                self._run()
            else:
                then(outcome)

        self.runner.start(self.owner, lambda _control: fetch(), on_done=lambda result: end(fill, result),
                          on_error=lambda exc: end(failed, exc))

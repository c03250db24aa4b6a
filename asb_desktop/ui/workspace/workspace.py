"""One case open in a tab: its inner tabs, its undo stack, and how its edits reach the services.

After an edit the case is re-read off the GUI thread (the job runner), and only the tabs that show what
the edit changed (``Changes``) are refreshed; the header and the Summary always are."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...domain.enums import CaseStatus
from ...services import Services
from ...services.casework.case_view import CaseDetail
from ...services.kernel.errors import ASBError, Conflict
from ..commands import CaseEdits, Edit, ServiceCommand
from ..widgets.fields import named
from ..widgets.messages import show_error
from ..workers import RUNNER, JobControl, report_failure
from .base import WorkspaceTab
from .case_header import CaseHeader
from .changes import Changes
from .registry import tabs


class CaseWorkspace(QWidget):
    open_case = Signal(str)  # a linked case to open in another tab
    title_changed = Signal(str)
    loaded = Signal()  # a re-read of the case has been shown (or failed)

    def __init__(self, services: Services, detail: CaseDetail) -> None:
        super().__init__()
        self.services = services
        self.detail = detail
        self.reference: str = detail.reference
        self._pending = Changes(0)  # what edits changed since the last read began
        self._reading: Changes | None = None  # what the read now running will refresh
        named(self, f"Case {self.reference}")
        self.undo_stack = QUndoStack(self)
        self.edits = CaseEdits(services, self.reference, lambda: int(self.detail.version))
        self.tabs = named(QTabWidget(), f"Parts of case {self.reference}")
        self.pages: dict[str, WorkspaceTab] = {}
        for title, make in tabs():
            page = make(self)
            self.pages[title] = page
            self.tabs.addTab(page, title)
        self.header = CaseHeader()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):  # move between this case's tabs
            QShortcut(QKeySequence(keys), self, activated=lambda step=step: self.step_tab(step),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._show(detail)

    # ------------------------------------------------------------------ loading
    @property
    def title(self) -> str:
        closed = " (closed)" if self.detail.status == CaseStatus.CLOSED.value else ""
        return f"{self.reference}{closed}"

    def step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _show(self, detail: CaseDetail, changes: Changes = Changes.ALL) -> None:
        """Show ``detail``: the header always, and each tab that shows a part in ``changes``."""
        self.detail = detail
        self.header.show_case(detail, self.services.ctx.now())
        for page in self.pages.values():
            if page.shows & changes:
                page.load(detail)
        self.title_changed.emit(self.title)

    def reload(self, changes: Changes = Changes.ALL) -> None:
        """Re-read the case off the GUI thread, then refresh the header and the tabs that show ``changes``.
        A reload asked for while a read is running is merged into one more read once it ends, so the
        tabs always end showing the case as it is after the last edit."""
        self._pending |= changes
        if self._reading is None:
            self._read()

    @property
    def busy(self) -> bool:
        """True while the case is being re-read (tests wait for this to be False)."""
        return self._reading is not None or bool(self._pending)

    def _read(self) -> None:
        changes, self._pending = self._pending, Changes(0)
        self._reading = changes
        services, reference = self.services, self.reference  # the job touches no widget

        def read(_control: JobControl) -> CaseDetail:
            return services.queries.case_detail(reference)

        RUNNER.start(self, read, on_done=lambda detail: self._read_done(detail, changes),
                     on_error=self._read_failed)

    def _read_done(self, detail: CaseDetail, changes: Changes) -> None:
        self._reading = None
        self._show(detail, changes)
        if self._pending:
            self._read()
        else:
            self.loaded.emit()

    def _read_failed(self, exc: BaseException) -> None:
        self._reading, self._pending = None, Changes(0)
        report_failure(self, exc)  # a conflict here is not re-read: the case could not be read at all
        self.loaded.emit()

    def page(self, title: str) -> WorkspaceTab:
        self.tabs.setCurrentWidget(self.pages[title])
        return self.pages[title]

    # ---------------------------------------------------------- service calls
    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """Call a service; a refusal becomes a plain message (a conflict also reloads the case)."""
        try:
            return True, fn(*args, **kwargs)
        except ASBError as exc:
            self.report(exc)
            return False, None

    def report(self, exc: ASBError) -> None:
        show_error(self, exc)
        if isinstance(exc, Conflict):
            self.reload()

    def change(self, changes: Changes, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """A change that is not undoable (closure, contact log, risk assessment): call, then reload the
        parts of the case it ``changes``."""
        ok, result = self.call(fn, *args, **kwargs)
        if ok:
            self.reload(changes)
        return ok, result

    def changer(self, changes: Changes) -> Callable[..., tuple[bool, Any]]:
        """``change`` with what it changes already said: for a dialog shared with a page that is not a case."""
        return partial(self.change, changes)

    def execute(self, edit: Edit) -> bool:
        """Do an undoable edit now; only if the service accepted it, push it on this case's undo stack."""
        ok, result = self.call(edit.do)
        if ok:
            self.undo_stack.push(ServiceCommand(edit.text, edit.do, edit.undo, result,
                                                lambda error: self._after_command(error, edit.changes)))
            self.reload(edit.changes)
        return ok

    def _after_command(self, error: ASBError | None, changes: Changes) -> None:
        """After an undo or redo: reload what the edit changes (everything, if it was refused)."""
        if error is not None:
            show_error(self, error)
        self.reload(changes if error is None else Changes.ALL)

    # ----------------------------------------------- actions with shortcuts
    def add_note(self) -> None:
        from .note_dialog import NoteDialog

        self.pages["Summary"].show_dialog(NoteDialog(self))

    def log_contact(self) -> None:
        self.page("Tasks and contacts").open_contact_dialog()  # type: ignore[attr-defined]

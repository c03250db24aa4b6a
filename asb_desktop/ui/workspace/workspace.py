"""One case open in a tab: its inner tabs, its undo stack, and how its edits reach the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...domain.enums import CaseStatus
from ...services import Services
from ...services.casework.case_view import CaseDetail
from ...services.kernel.errors import ASBError, Conflict
from ..commands import CaseEdits, ServiceCommand
from ..widgets.fields import named
from ..widgets.messages import show_error
from .base import WorkspaceTab
from .case_header import CaseHeader
from .registry import tabs


class CaseWorkspace(QWidget):
    open_case = Signal(str)  # a linked case to open in another tab
    title_changed = Signal(str)

    def __init__(self, services: Services, detail: CaseDetail) -> None:
        super().__init__()
        self.services = services
        self.detail = detail
        self.reference: str = detail.reference
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

    def _show(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.header.show_case(detail, self.services.ctx.now())
        for page in self.pages.values():
            page.load(detail)
        self.title_changed.emit(self.title)

    def reload(self) -> None:
        ok, detail = self.call(self.services.queries.case_detail, self.reference)
        if ok:
            self._show(detail)

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

    def change(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """A change that is not undoable (closure, contact log, risk assessment): call, then reload."""
        ok, result = self.call(fn, *args, **kwargs)
        if ok:
            self.reload()
        return ok, result

    def execute(self, edit: tuple[str, Callable[[], Any], Callable[[Any], Any]]) -> bool:
        """Do an undoable edit now; only if the service accepted it, push it on this case's undo stack."""
        text, do, undo = edit
        ok, result = self.call(do)
        if ok:
            self.undo_stack.push(ServiceCommand(text, do, undo, result, self._after_command))
            self.reload()
        return ok

    def _after_command(self, error: ASBError | None) -> None:
        if error is not None:
            show_error(self, error)
        self.reload()

    # ----------------------------------------------- actions with shortcuts
    def add_note(self) -> None:
        from .note_dialog import NoteDialog

        self.pages["Summary"].show_dialog(NoteDialog(self))

    def log_contact(self) -> None:
        self.page("Tasks and contacts").open_contact_dialog()  # type: ignore[attr-defined]

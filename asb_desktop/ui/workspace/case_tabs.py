"""The open cases, one closable tab each, with one undo stack per case in a ``QUndoGroup``.

Open tabs are remembered only for the session (nothing is saved between runs). Opening a case that is
already open brings its tab forward.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QTabWidget, QWidget

from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import named
from ..widgets.messages import show_error
from .workspace import CaseWorkspace


class CaseTabs(QTabWidget):
    opened = Signal(str)  # a case's tab was opened or brought forward

    def __init__(self, services: Services) -> None:
        super().__init__()
        named(self, "Open cases")
        self.services = services
        self.undo_group = QUndoGroup(self)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._activate)

    def workspace(self, index: int | None = None) -> CaseWorkspace | None:
        w = self.widget(self.currentIndex() if index is None else index)
        return w if isinstance(w, CaseWorkspace) else None

    def workspaces(self) -> list[CaseWorkspace]:
        return [w for i in range(self.count()) if (w := self.workspace(i)) is not None]

    def open_case(self, reference: str) -> CaseWorkspace | None:
        """Open a case in a tab (or bring its tab forward). A refusal is shown as a message."""
        ref = reference.strip().upper()
        for ws in self.workspaces():
            if ws.reference == ref:
                self.setCurrentWidget(ws)
                self.opened.emit(ref)
                return ws
        try:
            detail = self.services.queries.open_case(ref)
        except ASBError as exc:
            show_error(self, exc)
            return None
        ws = CaseWorkspace(self.services, detail)
        self.undo_group.addStack(ws.undo_stack)
        ws.open_case.connect(self.open_case)
        ws.title_changed.connect(lambda title, w=ws: self.setTabText(self.indexOf(w), title))
        self.setCurrentIndex(self.addTab(ws, ws.title))
        self.setTabToolTip(self.indexOf(ws), f"Case {ws.reference}")
        self.opened.emit(ref)
        return ws

    def close_tab(self, index: int | None = None) -> None:
        ws = self.workspace(index)
        if ws is None:
            return
        self.undo_group.removeStack(ws.undo_stack)
        self.removeTab(self.indexOf(ws))
        ws.deleteLater()

    def step(self, by: int) -> None:
        if self.count():
            self.setCurrentIndex((self.currentIndex() + by) % self.count())

    def _activate(self, _index: int) -> None:
        ws = self.workspace()
        self.undo_group.setActiveStack(ws.undo_stack if ws else None)  # type: ignore[arg-type]

    def on_current(self, what: Callable[[CaseWorkspace], object]) -> Callable[[], None]:
        def run() -> None:
            ws = self.workspace()
            if ws is not None:
                what(ws)
        return run

    def actions_for(self, parent: QWidget) -> tuple[list[QAction], list[QAction]]:
        """(Edit menu, Case menu) actions with their keyboard shortcuts."""
        undo = self.undo_group.createUndoAction(parent, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(parent, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        case: list[QAction] = []
        for text, keys, slot in (
                ("Add note…", "Ctrl+Shift+N", self.on_current(CaseWorkspace.add_note)),
                ("Log contact…", "Ctrl+L", self.on_current(CaseWorkspace.log_contact)),
                ("Reload case", "F5", self.on_current(CaseWorkspace.reload)),
                ("Next case tab", "Ctrl+Tab", lambda: self.step(1)),
                ("Previous case tab", "Ctrl+Shift+Tab", lambda: self.step(-1)),
                ("Close case tab", "Ctrl+W", lambda: self.close_tab())):
            action = QAction(text, parent)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _c=False, s=slot: s())
            case.append(action)
        return [undo, redo], case

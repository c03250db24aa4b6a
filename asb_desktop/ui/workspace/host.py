"""What the workspace's tabs and dialogs need of the case workspace that holds them: a protocol, so a
tab or dialog never imports the workspace module (which imports the tabs) and the package has no
import cycle. ``CaseWorkspace`` in ``workspace.py`` is the one implementation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack

from ...services import Services
from ...services.casework.case_view import CaseDetail
from ...services.kernel.errors import ASBError
from ..commands import CaseEdits, Edit
from .changes import Changes


class WorkspaceHost(Protocol):
    services: Services
    reference: str
    detail: CaseDetail  # the case as last read
    edits: CaseEdits
    undo_stack: QUndoStack

    @property
    def open_case(self) -> SignalInstance: ...  # emit a linked case's reference to open it in a tab

    def reload(self, changes: Changes = Changes.ALL) -> None: ...

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]: ...

    def change(self, changes: Changes, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]: ...

    def changer(self, changes: Changes) -> Callable[..., tuple[bool, Any]]: ...

    def execute(self, edit: Edit) -> bool: ...

    def report(self, exc: ASBError) -> None: ...

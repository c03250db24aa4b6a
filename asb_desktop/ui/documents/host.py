"""What the Documents tab's dialogs need of the tab that opened them: a protocol, so a dialog never
imports the tab module (which imports the dialogs) and the package has no import cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QLabel, QWidget

from ...services.documents.statements import StatementInfo

if TYPE_CHECKING:
    from ..workspace.host import WorkspaceHost


class DocumentsHost(Protocol):
    ws: WorkspaceHost
    status: QLabel

    def refresh(self, select_uid: str | None = None) -> None: ...

    def current(self) -> StatementInfo | None: ...

    def drafted(self, info: StatementInfo) -> None: ...

    def edit_paragraphs(self, then: Callable[[], None] | None = None) -> QWidget | None: ...

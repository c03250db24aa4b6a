""""Notices and bundle": the notices page and the court bundle page of a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from ..widgets.fields import named
from ..workspace.base import WorkspaceTab
from .bundle_page import BundlePage
from .notices_page import NoticesPage

if TYPE_CHECKING:
    from ..workspace.workspace import CaseWorkspace


class CourtTab(WorkspaceTab):
    def __init__(self, ws: CaseWorkspace) -> None:
        super().__init__(ws)
        self.notices = NoticesPage(ws)
        self.bundle = BundlePage(ws)
        self.pages = named(QTabWidget(), "Notices and court bundle")
        self.pages.addTab(self.notices, "Notices")
        self.pages.addTab(self.bundle, "Court bundle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def load(self, detail: dict[str, Any]) -> None:
        self.notices.load(detail)
        self.bundle.load(detail)

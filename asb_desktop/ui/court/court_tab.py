""""Notices and bundle": the notices page and the court bundle page of a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from ...services.casework.case_view import CaseDetail
from ..widgets.fields import message_label, named
from ..workers import Refresh
from ..workspace.base import WorkspaceTab
from ..workspace.changes import Changes
from .bundle_page import BundlePage
from .notices_page import NoticesPage

if TYPE_CHECKING:
    from ..workspace.host import WorkspaceHost


class CourtTab(WorkspaceTab):
    shows = (Changes.COURT | Changes.PARTIES | Changes.DOCUMENTS | Changes.EVIDENCE | Changes.INCIDENTS
             | Changes.CLOSURE | Changes.CASE)
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.notices = NoticesPage(ws)
        self.bundle = BundlePage(ws)
        self.pages = named(QTabWidget(), "Notices and court bundle")
        self.pages.addTab(self.notices, "Notices")
        self.pages.addTab(self.bundle, "Court bundle")
        self.support_warning = message_label("Witness support before the hearing")
        self.support_warning.setVisible(False)
        self.refreshing = Refresh(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.support_warning)
        layout.addWidget(self.pages)

    @property
    def busy(self) -> bool:
        return self.refreshing.busy or self.notices.busy or self.bundle.busy

    def load(self, detail: CaseDetail) -> None:
        self.notices.load(detail)
        self.bundle.load(detail)
        # Procedure 14.5.5: witnesses needed at court within 14 days whose support is not all done.
        support, reference = self.ws.services.witness_support, self.ws.reference  # the job touches no widget
        self.refreshing.start(lambda: support.warnings(reference), self._show_warnings, self.refresh_failed)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.support_warning.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.support_warning.setVisible(bool(warnings))

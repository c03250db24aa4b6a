"""The main window only assembles the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QMainWindow, QSplitter, QStackedWidget

from ..services import Services
from .pages.cases_page import CasesPage
from .pages.due_page import DuePage


class MainWindow(QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        actor = services.ctx.actor
        self.setWindowTitle(f"ASB Desktop — {actor.full_name}")
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        self.stack = QStackedWidget()
        for label, page in (("My cases", CasesPage(services, mine=True)), ("Team cases", CasesPage(services)),
                            ("Due and overdue", DuePage(services))):
            self.nav.addItem(label)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(1)
        self.nav.setMaximumWidth(200)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.resize(1200, 760)

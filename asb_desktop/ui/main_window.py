"""The main window only assembles the pages, the open-case tabs and the menus."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ..domain.enums import Role
from ..services import Services
from .icons import icon, repaint_primary
from .pages.cases_page import CasesPage
from .pages.due_page import DuePage
from .pages.person_page import PersonPage
from .pages.reports_page import ReportsPage
from .pages.search_page import SearchPage
from .pages.today_page import TodayPage
from .theme import apply_theme, is_dark
from .workspace.case_tabs import CaseTabs


def _later(module: str, name: str, services: Services) -> Callable[[], QWidget]:
    """A page whose module (and the evidence or documents code under it) is imported when first shown."""
    return lambda: getattr(importlib.import_module(module, __package__), name)(services)


TITLE_BAR = 40  # room left for the window's title bar and frame, which the window's own size excludes


def first_size(available: QSize) -> tuple[int, int]:
    """The size the window opens at: 1200 x 760, or less so it fits the screen above the taskbar
    (a 1366 x 768 laptop leaves about 1366 x 728)."""
    return min(1200, available.width()), min(760, available.height() - TITLE_BAR)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, remember_database: Callable[[str], None] | None = None) -> None:
        """``remember_database(url)``: how Settings keeps a database chosen for the next start (the app
        passes it in; without it Settings shows the database but cannot change it)."""
        super().__init__()
        self.remember_database = remember_database
        actor = services.ctx.actor
        self.setWindowTitle(f"ASB Desktop — {actor.full_name}")
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        self.stack = QStackedWidget()
        self.case_tabs = CaseTabs(services)
        self._pending: dict[int, Callable[[], QWidget]] = {}  # pages built when first shown: a fast start
        self.today = TodayPage(services)  # the home page: what to do next
        self.add_page("Today", self.today)
        self.today.counted.connect(self._count_today)
        for label, page in (("My cases", lambda: CasesPage(services, mine=True)),
                            ("Team cases", lambda: CasesPage(services)),
                            ("Due and overdue", lambda: DuePage(services)), ("Open cases", self.case_tabs),
                            ("Search", lambda: SearchPage(services)), ("People", lambda: PersonPage(services)),
                            ("Evidence inbox", _later(".evidence.inbox_page", "InboxPage", services)),
                            ("Documents", _later(".documents.documents_page", "DocumentsPage", services)),
                            ("Reports", lambda: ReportsPage(services))):
            self.add_page(label, page)
        self._count_today(self.today.day.attention)
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)
        self.case_tabs.opened.connect(lambda _ref: self.show_page(self.case_tabs))
        self.services = services
        file_menu = self.menuBar().addMenu("&File")
        self.new_report_action = QAction("&New report…", self, shortcut=QKeySequence.StandardKey.New,
                                         triggered=self.new_report, toolTip="Log a new report (Ctrl+N)")
        self.search_action = QAction("&Search", self, shortcut=QKeySequence("Ctrl+F"), triggered=self.find,
                                     toolTip="Search cases, people, incidents and notes (Ctrl+F)")
        self.add_evidence_action = QAction("Add &evidence…", self, shortcut=QKeySequence("Ctrl+E"),
                                           triggered=self.add_evidence,
                                           toolTip="Add files to the evidence inbox, then link them to a case "
                                                   "(Ctrl+E)")
        self.toolbar = self._toolbar()
        file_menu.addActions([self.new_report_action, QAction("&Settings…", self, triggered=self.open_settings,
                                                             shortcut=QKeySequence("Ctrl+,"))])
        if Role.ADMINISTRATOR in actor.roles:  # administrators only (the service checks again)
            file_menu.addSeparator()
            self.backup_action = QAction("&Back up…", self, triggered=lambda: self._backups().back_up(self, services))
            file_menu.addActions([self.backup_action, QAction("&Restore a backup…", self, triggered=lambda: self
                                                              ._backups().restore(self, services))])
            self.file_store_action = QAction("File &store…", self, triggered=self.open_file_store,
                                             toolTip="Where stored files are kept: move them into the team "
                                                     "database, or set this machine's shared folder")
            file_menu.addAction(self.file_store_action)
        self.dark_action = QAction("&Dark theme", self, checkable=True, checked=is_dark(), toggled=self.set_dark)
        edit_actions, case_actions = self.case_tabs.actions_for(self)
        self.menuBar().addMenu("&Edit").addActions(edit_actions)
        self.menuBar().addMenu("&Case").addActions(case_actions)
        self.menuBar().addMenu("&View").addAction(self.dark_action)
        self.menuBar().addMenu("&Help").addAction(QAction("&About ASB Desktop", self, triggered=self.open_about))
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)
        self.resize(*first_size(self.screen().availableGeometry().size()))
        splitter.setSizes([self.nav.sizeHintForColumn(0) + 24, 1200])  # the list as wide as its longest entry

    def _toolbar(self) -> QToolBar:
        """The day's three starting points, with icons and words: New report, Search, Add evidence."""
        bar = QToolBar("Main toolbar", self)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addActions([self.new_report_action, self.search_action, self.add_evidence_action])
        self.addToolBar(bar)
        self._paint_icons()
        return bar

    def _paint_icons(self) -> None:
        """Icons in the theme's text colour (again after the theme changes)."""
        for action, meaning in ((self.new_report_action, "new report"), (self.search_action, "Search"),
                                (self.add_evidence_action, "add evidence")):
            action.setIcon(icon(meaning))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(icon(item.text().split(" (")[0]))
        repaint_primary(self)

    def find(self) -> None:
        """Ctrl+F: the Search page with its box ready to type in."""
        page = self.page("Search")
        page.query.setFocus()  # type: ignore[attr-defined]
        page.query.selectAll()  # type: ignore[attr-defined]

    def add_evidence(self) -> None:
        """Ctrl+E: the evidence inbox, with its file chooser open."""
        page = self.page("Evidence inbox")
        page.choose_files()  # type: ignore[attr-defined]

    def add_page(self, label: str, page: QWidget | Callable[[], QWidget]) -> None:
        """A navigation entry and its page (or a function building it when first shown); a page with an
        ``open_requested(str)`` signal can open cases."""
        self.nav.addItem(label)
        if not isinstance(page, QWidget):
            self._pending[self.stack.addWidget(QWidget())] = page
            return
        self.stack.addWidget(page)
        self._connect_page(page)

    def _count_today(self, count: int) -> None:
        """The navigation says how much needs doing now, in words a screen reader reads too; and how
        many files in the evidence inbox are not linked to a case yet."""
        self._count("Today", count, f"{count} overdue, due today or waiting for your approval" if count else
                    "Nothing overdue or due today")
        inbox = self.today.day.inbox
        self._count("Evidence inbox", inbox, f"{inbox} file{'s' if inbox != 1 else ''} you added not linked to "
                    "a case yet" if inbox else "Every file you added is linked to its case")

    def _count(self, label: str, count: int, tip: str) -> None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.text().split(" (")[0] == label:
                item.setText(f"{label} ({count})" if count else label)
                item.setToolTip(tip)

    def page(self, label: str) -> QWidget:
        """The page behind a navigation entry, shown (built first if it is built when first shown)."""
        labels = [self.nav.item(i).text().split(" (")[0] for i in range(self.nav.count())]
        self.nav.setCurrentRow(labels.index(label))
        return self.stack.currentWidget()

    def _show_row(self, row: int) -> None:
        if row == 0 and self.stack.count():
            self.today.reload()  # Today is always current when looked at
        build = self._pending.pop(row, None)
        if build is not None:
            page = build()
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._connect_page(page)
        self.stack.setCurrentIndex(row)

    def _connect_page(self, page: QWidget) -> None:
        signal = getattr(page, "open_requested", None)
        if signal is not None:
            signal.connect(self.case_tabs.open_case)

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(page))

    def new_report(self) -> None:
        """Ctrl+N: the new report wizard; the case it logs opens in a tab."""
        from .wizard import NewReportWizard

        self.wizard = NewReportWizard(self.services, self)
        self.wizard.caseCreated.connect(self.logged)
        self.wizard.offer_draft()  # a report left by a crash or a close: "Resume the report you started...?"
        self.wizard.open()

    def logged(self, reference: str) -> None:
        """After Finish: the case opens, and a confirmation says who has it and why, and when the response
        is due. A case the officer may not see (an employee is involved) is said so, not refused."""
        from .widgets.messages import show_message

        opened = self.wizard.opened
        if opened is None:
            return
        due = opened.response_reason or "No response deadline was set."
        if opened.visible:
            self.case_tabs.open_case(reference)
            self.today.reload()
            self.confirmation = show_message(self, f"Logged {reference}. {opened.assignment}\n\n{due}",
                                             f"{reference} logged")
        else:
            self.confirmation = show_message(
                self, f"Logged {reference}. {opened.assignment}\n\nAn employee is involved, so the case is "
                "restricted to the team leader it went to: it will not appear in your lists (procedure 2024 "
                f"5.9).\n\n{due}", f"{reference} logged and restricted")

    def open_settings(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog

        ctx = self.services.ctx
        dialog = SettingsDialog(self.services, ctx.engine.url.render_as_string(hide_password=True),
                                self.remember_database, parent=self)
        dialog.accepted.connect(lambda: self.dark_action.setChecked(dialog.prefs.dark))
        dialog.open()

    def open_file_store(self) -> None:
        from .dialogs.file_store_dialog import FileStoreDialog

        FileStoreDialog(self.services, self).open()

    @staticmethod
    def _backups() -> ModuleType:
        """Imported when used: backups bring in Alembic, which is slow to import at start-up."""
        return importlib.import_module(".dialogs.backup_actions", __package__)

    def open_about(self) -> None:
        from .dialogs.about_dialog import AboutDialog

        AboutDialog(self.services.ctx, self).open()

    def set_dark(self, on: bool) -> None:
        from .settings import UiSettings

        apply_theme(QApplication.instance(), on)  # type: ignore[arg-type]
        self._paint_icons()
        UiSettings().dark = on

"""Keyboard: Tab leaves a text box and a table for the next control (it never types a tab character)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot
from test_pages import svc  # noqa: F401 - the fixture

from asb_desktop.services import Services
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.wizard import NewReportWizard


def test_tab_moves_focus_out_of_the_wizard_summary(qtbot: QtBot, svc: Services) -> None:  # noqa: F811
    wiz = NewReportWizard(svc)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.activateWindow()
    qtbot.waitUntil(wiz.isActiveWindow, timeout=3000)
    wiz.channel.summary.setFocus()
    qtbot.keyClicks(wiz.channel.summary, "Music")
    qtbot.keyClick(wiz.channel.summary, Qt.Key.Key_Tab)
    assert "\t" not in wiz.channel.summary.toPlainText()
    assert QApplication.focusWidget() is not wiz.channel.summary
    for edit in wiz.findChildren(QPlainTextEdit):
        assert edit.tabChangesFocus(), edit.accessibleName()


def test_every_list_and_table_lets_tab_leave(qtbot: QtBot, svc: Services) -> None:  # noqa: F811
    window = MainWindow(svc)
    qtbot.addWidget(window)
    for label in ("Today", "My cases", "Team cases", "Due and overdue", "Search", "People", "Reports"):
        page = window.page(label)
        views = page.findChildren(QAbstractItemView)
        assert views, label
        for view in views:
            if view.parent() is not None and type(view.parent()).__name__ == "QComboBox":
                continue
            assert not view.tabKeyNavigation(), f"{label}: {view.accessibleName()}"

"""Issue 20: a list with nothing in it says what to do, painted in the middle of the list, and the words
follow the filters (no cases at all, none open, none matching)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.widgets.empty_state import empty_text
from asb_desktop.ui.workers import RUNNER


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> None:
    """QSettings (the theme chosen) go to a temporary folder, never the user's real preferences."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


def _paints_words(view) -> bool:  # noqa: ANN001
    """Something other than the background is painted in the middle third of the empty list."""
    image = view.viewport().grab().toImage()
    background = image.pixelColor(2, 2)
    w, h = image.width(), image.height()
    return any(QColor(image.pixelColor(x, y)) != background
               for y in range(h // 3, 2 * h // 3, 2) for x in range(w // 4, 3 * w // 4, 2))


def test_empty_lists_say_what_to_do(qtbot: QtBot, ctx: Context) -> None:
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    cases = window.page("Team cases")
    qtbot.waitUntil(lambda: cases.model.rowCount() == 0)
    assert "No open cases" in empty_text(cases.table) and "Ctrl+N" in empty_text(cases.table)
    cases.filters["status"].setCurrentIndex(0)  # any status
    assert empty_text(cases.table) == "No cases yet - File > New report (Ctrl+N)."
    cases.search.setText("Marsh")
    assert empty_text(cases.table).startswith("No cases match this search")
    due = window.page("Due and overdue")
    assert empty_text(due.table).startswith("Nothing is due or overdue in the next 7 days")
    search = window.page("Search")
    assert empty_text(search.table).startswith("Type a name")
    search.query.setText("Nobody")
    qtbot.waitUntil(lambda: "0 cases found" in search.count.text())  # the search ran (after its debounce)
    assert empty_text(search.table).startswith("No case matches 'Nobody'")
    window.page("Due and overdue")
    assert _paints_words(due.table)
    RUNNER.wait(10_000)  # the case list's searches run on worker threads: let them end before the schema goes


def test_each_tab_has_one_primary_action_with_an_icon(qtbot: QtBot, ctx: Context) -> None:
    """Issue 20: one primary action per page, found first (icon, bold), its icon redrawn with the theme."""
    from PySide6.QtWidgets import QPushButton
    from test_workspace import open_ws

    window, ws = open_ws(qtbot, ctx)
    for title, page in ws.pages.items():
        parts = [page.notices, page.bundle] if title == "Notices and bundle" else [page]  # type: ignore[attr-defined]
        for part in parts:
            primary = [b for b in part.findChildren(QPushButton) if b.property("primary")]
            expected = 0 if title == "Summary" else 1
            assert len(primary) == expected, (title, [b.text() for b in primary])
            assert all(not b.icon().isNull() and b.font().bold() for b in primary)
    due = window.page("Due and overdue")
    assert [b.text() for b in due.findChildren(QPushButton) if b.property("primary")] == ["Mark done"]
    button = next(b for b in ws.pages["People"].findChildren(QPushButton) if b.property("primary"))
    window.set_dark(False)
    before = button.icon().pixmap(16, 16).toImage()
    window.set_dark(True)
    try:
        assert button.icon().pixmap(16, 16).toImage() != before  # drawn again in the dark theme's text colour
    finally:
        window.set_dark(False)

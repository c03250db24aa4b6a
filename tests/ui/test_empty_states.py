"""Issue 20: a list with nothing in it says what to do, painted in the middle of the list, and the words
follow the filters (no cases at all, none open, none matching)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.context import Context
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.widgets.empty_state import empty_text


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
    assert empty_text(search.table).startswith("No case matches 'Nobody'")
    window.page("Due and overdue")
    assert _paints_words(due.table)

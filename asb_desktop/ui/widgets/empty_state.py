"""Empty states: a list with nothing in it says what to do, in the middle of the list, instead of
showing a blank grid ("No cases yet - File > New report (Ctrl+N)")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView

EmptyText = str | Callable[[], str]


class _Painter(QObject):
    """Paints the text over the view's empty viewport after the view has painted itself."""

    def __init__(self, view: QAbstractItemView, text: EmptyText) -> None:
        super().__init__(view)
        self.view, self.text = view, text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and is_empty(self.view):
            self.view.viewport().removeEventFilter(self)  # paint the view first, then the words on top
            try:
                self.view.viewport().event(event)
            finally:
                self.view.viewport().installEventFilter(self)
            painter = QPainter(self.view.viewport())
            painter.setPen(self.view.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.view.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), empty_text(self.view))
            painter.end()
            return True
        return False


def is_empty(view: QAbstractItemView) -> bool:
    model = view.model()
    return model is None or model.rowCount() == 0


def empty_text(view: QAbstractItemView) -> str:
    """What the view says while it is empty ('' when it has no empty state)."""
    painter = getattr(view, "_empty_state", None)
    if painter is None:
        return ""
    return painter.text if isinstance(painter.text, str) else painter.text()


def set_empty_text(view: QAbstractItemView, text: EmptyText) -> None:
    """Give ``view`` an empty state; ``text`` may be a function, for words that depend on the filters."""
    painter = _Painter(view, text)
    view._empty_state = painter  # type: ignore[attr-defined]
    view.viewport().installEventFilter(painter)
    view.setAccessibleDescription(text if isinstance(text, str) else "")

"""Small input widgets and helpers: accessible names, yes/no/blank answers, date-times."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

W = TypeVar("W", bound=QWidget)

DATE_TIME_FORMAT = "dd/MM/yyyy HH:mm"


def named(widget: W, name: str, description: str = "") -> W:
    """Give a control its accessible name (screen readers) and return it, for one-line construction."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    keyboard_friendly(widget)
    return widget


def keyboard_friendly(widget: QWidget) -> None:
    """Tab leaves a text box or a table for the next control, as everywhere else in the window (a tab
    character is never what an officer means; arrow keys move within a table)."""
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setTabChangesFocus(True)
    elif isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)


class YesNoCombo(QComboBox):
    """An answer that may be yes, no or not yet asked (None)."""

    CHOICES = (("Not asked", None), ("Yes", True), ("No", False))

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for label, value in self.CHOICES:
            self.addItem(label, value)
        named(self, name)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex([v for _, v in self.CHOICES].index(value if isinstance(value, bool) else None))


def date_time_edit(name: str, value: datetime) -> QDateTimeEdit:
    edit = named(QDateTimeEdit(QDateTime(value)), name)
    edit.setDisplayFormat(DATE_TIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def to_datetime(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().replace(second=0, microsecond=0)  # type: ignore[union-attr]


def date_edit(name: str, value: date, earliest: date | None = None) -> QDateEdit:
    edit = named(QDateEdit(QDate(value.year, value.month, value.day)), name)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    if earliest is not None:
        edit.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
    return edit


def to_date(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def text_area(name: str, text: str = "", lines: int = 3) -> QPlainTextEdit:
    """A multi-line text box sized in lines of the current font, so it scales with the display."""
    edit = named(QPlainTextEdit(text), name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def message_label(name: str, text: str = "", rich: bool = False) -> QLabel:
    """A word-wrapped, selectable line of explanation with an accessible name."""
    lab = named(QLabel(text), name)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab

"""A small read-only table model over a list of records from the services (read models or plain dicts).

Columns are ``Column`` specs: a header and a function from the record to its text. An optional
``warn`` function marks a row: the text already says why (e.g. "OVERDUE"), the colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from ..theme import status_colour

Record = Any  # a frozen read model (attribute access) or a plain dict
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Record], str]


def short_time(value: datetime | str | None) -> str:
    """A date-time from the services (or its ISO text) as dd/mm/yyyy hh:mm ("" when missing)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = value.isoformat()
    day, _, clock = value.partition("T")
    y, m, d = day.split("-")
    return f"{d}/{m}/{y} {clock[:5]}".strip()


def label(value: str | None) -> str:
    return (value or "").replace("_", " ").capitalize()


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], warn: Callable[[Record], bool] | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self._warn = warn
        self._rows: list[Record] = []

    def set_records(self, rows: Sequence[Record]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Record:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(row)
        if role == Qt.ItemDataRole.ForegroundRole and self._warn is not None and self._warn(row):
            return QBrush(status_colour("overdue"))
        return None

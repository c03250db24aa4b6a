"""The case list as a lazy table model: rows are fetched a page at a time as the view scrolls,
so the list stays instant on 100,000 cases. Holds plain ``CaseRow`` values, never ORM objects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.due import DueGroup, due_group
from ..services.casework.queries import CaseRow
from .icons import status_icon
from .theme import status_colour

PAGE = 200
COLUMNS = [
    ("reference", "Reference"),
    ("complainant", "Complainant"),
    ("perpetrator", "Alleged perpetrator"),
    ("categories", "Categories"),
    ("risk_band", "Risk"),
    ("status", "Status"),
    ("officer", "Officer"),
    ("next_due_at", "Next due"),
    ("received_at", "Opened"),
]

Fetcher = Callable[[str, str, bool, int, int], list[CaseRow]]
Index = QModelIndex | QPersistentModelIndex
#: text, icon and status colour for each state a row can be in; the words are always shown, so colour and
#: icon are never the only sign (WCAG 1.4.1)
FLAGS = {"overdue": ("Overdue", "overdue", "overdue"), "today": ("Due today", "due today", "warning"),
         "high": ("High risk", "high risk", "high"), "restricted": ("Restricted", "restricted", "restricted")}


def row_flags(row: CaseRow, now: datetime) -> list[str]:
    """The states a case row shows: overdue or due today, high risk, restricted (employee case)."""
    flags = []
    if row.next_due_at is not None and row.status != "closed":
        group = due_group(row.next_due_at, now)
        if group in (DueGroup.OVERDUE, DueGroup.TODAY):
            flags.append("overdue" if group is DueGroup.OVERDUE else "today")
    if row.risk_band == "high":
        flags.append("high")
    if row.restricted:
        flags.append("restricted")
    return flags


class CaseTableModel(QAbstractTableModel):
    def __init__(self, fetch: Fetcher, now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self._fetch = fetch
        self._now = now
        self._rows: list[CaseRow] = []
        self._more = True
        self._search = ""
        self._sort = "reference"
        self._descending = True

    def reload(self, search: str | None = None) -> None:
        """Fetch the first page now (on this thread)."""
        search = self._search if search is None else search
        self.apply(search, self._fetch(search, self._sort, self._descending, PAGE, 0))

    def apply(self, search: str, rows: list[CaseRow]) -> None:
        """Show a first page fetched elsewhere (e.g. off the GUI thread) for ``search``."""
        self.beginResetModel()
        self._search = search
        self._rows = list(rows)
        self._more = len(self._rows) == PAGE
        self.endResetModel()

    @property
    def order(self) -> tuple[str, bool]:
        """The sort column's key and whether it is descending."""
        return self._sort, self._descending

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._fetch(self._search, self._sort, self._descending, PAGE, len(self._rows))
        self._more = len(more) == PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def row(self, index: int) -> CaseRow:
        return self._rows[index]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def _flag(self, row: CaseRow, key: str) -> str | None:
        """The state shown in a column: due state in "Next due", risk in "Risk", restricted in "Reference"."""
        wanted = {"next_due_at": ("overdue", "today"), "risk_band": ("high",), "reference": ("restricted",)}
        shown = [f for f in row_flags(row, self._now()) if f in wanted.get(key, ())]
        return shown[0] if shown else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole):
            flag = self._flag(row, key)
            if flag is None:
                return None
            _words, meaning, colour = FLAGS[flag]
            shade = status_colour(colour)
            return status_icon(meaning, shade.name()) if role == Qt.ItemDataRole.DecorationRole else shade
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if key == "next_due_at":
            if row.next_due_at is None:
                return ""
            flag = self._flag(row, key)
            text = f"{row.next_due_at:%d/%m/%Y} {row.next_due_label}"
            return f"{FLAGS[flag][0]}: {text}" if flag else text
        if key == "reference" and row.restricted:
            return f"{row.reference} (restricted)" if role == Qt.ItemDataRole.ToolTipRole else row.reference
        if key == "received_at":
            return f"{row.received_at:%d/%m/%Y}"
        if key == "risk_band" and row.risk_band == "high":
            return "High"
        if key in ("status", "risk_band"):
            return str(getattr(row, key)).replace("_", " ").capitalize() or ("Not assessed" if key == "risk_band"
                                                                              else "")
        return getattr(row, key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = COLUMNS[column][0]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

"""The bundle's sections and documents as a two-level tree that can be reordered by drag and drop
(within and between sections, and sections among themselves) or with the keyboard.

The model holds plain ``BundleSection``/``BundleDocument`` values from the bundle service; a drop
is decoded and done by ``move_document`` / ``move_section`` (the same calls the Move up / Move down
buttons make), and reports itself as not accepted so the view removes nothing afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from ...court.bundle import BundleDocument, BundleSection

Index = QModelIndex | QPersistentModelIndex
MIME = "application/x-asb-bundle-item"
KINDS = {"chronology": "Chronology", "notice": "Notice", "statement": "Witness statement", "exhibit": "Exhibit",
         "media": "Audio/video front sheet", "assessment": "Assessment", "letter": "Letter",
         "external": "Added file"}
HEADERS = ("Document", "Date", "Type")


class BundleTreeModel(QAbstractItemModel):
    def __init__(self) -> None:
        super().__init__()
        self.sections: list[BundleSection] = []

    def set_sections(self, sections: Sequence[BundleSection]) -> None:
        self.beginResetModel()
        self.sections = [BundleSection(s.title, list(s.documents)) for s in sections]
        self.endResetModel()

    # ---------------------------------------------------------------- structure
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)  # internal id: its section's row + 1

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.sections[parent.row()].documents)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def where(self, index: Index) -> tuple[int, int | None]:
        """(section row, document row or None for the section itself)."""
        if index.internalId() == 0:
            return index.row(), None
        return index.internalId() - 1, index.row()

    def document(self, index: Index) -> BundleDocument | None:
        s, d = self.where(index)
        return None if d is None else self.sections[s].documents[d]

    # ---------------------------------------------------------------- content
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s, d = self.where(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if d is None:
                count = len(self.sections[s].documents)
                return (self.sections[s].title if role == Qt.ItemDataRole.EditRole else
                        f"{self.sections[s].title} ({count} document{'s' if count != 1 else ''})") \
                    if index.column() == 0 else ""
            doc = self.sections[s].documents[d]
            return (doc.title, doc.date, KINDS.get(doc.kind, doc.kind.capitalize()))[index.column()]
        if role == Qt.ItemDataRole.FontRole and d is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        s, d = self.where(index)
        if d is not None or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        return self.rename_section(s, str(value))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self.where(index)[1] is None:
            return base | Qt.ItemFlag.ItemIsDropEnabled | (Qt.ItemFlag.ItemIsEditable if index.column() == 0
                                                           else Qt.ItemFlag.NoItemFlags)
        return base | Qt.ItemFlag.ItemIsDropEnabled  # dropping on a document puts it after that one

    # ---------------------------------------------------------------- editing
    def rename_section(self, row: int, title: str) -> bool:
        title = title.strip()
        if not title or any(s.title == title for i, s in enumerate(self.sections) if i != row):
            return False
        self.sections[row].title = title
        top = self.index(row, 0)
        self.dataChanged.emit(top, top)
        return True

    def add_section(self, title: str, at: int | None = None) -> int:
        at = len(self.sections) if at is None else at
        self.beginInsertRows(QModelIndex(), at, at)
        self.sections.insert(at, BundleSection(title.strip()))
        self.endInsertRows()
        return at

    def remove_section(self, row: int) -> list[BundleDocument]:
        self.beginRemoveRows(QModelIndex(), row, row)
        gone = self.sections.pop(row)
        self.endRemoveRows()
        return gone.documents

    def add_document(self, section: int, doc: BundleDocument, at: int | None = None) -> None:
        docs = self.sections[section].documents
        at = len(docs) if at is None else at
        self.beginInsertRows(self.index(section, 0), at, at)
        docs.insert(at, doc)
        self.endInsertRows()

    def remove_document(self, section: int, row: int) -> BundleDocument:
        self.beginRemoveRows(self.index(section, 0), row, row)
        doc = self.sections[section].documents.pop(row)
        self.endRemoveRows()
        return doc

    def move_section(self, row: int, to: int) -> bool:
        """Move a section so it sits before the section now at ``to`` (``len`` = last)."""
        to = max(0, min(to, len(self.sections)))
        if to in (row, row + 1):
            return False
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to)
        self.sections.insert(to - 1 if to > row else to, self.sections.pop(row))
        self.endMoveRows()
        return True

    def move_document(self, section: int, row: int, to_section: int, to: int) -> bool:
        """Move a document so it sits before the document now at ``to`` in ``to_section``."""
        target = self.sections[to_section].documents
        to = max(0, min(to, len(target)))
        if section == to_section and to in (row, row + 1):
            return False
        self.beginMoveRows(self.index(section, 0), row, row, self.index(to_section, 0), to)
        doc = self.sections[section].documents.pop(row)
        target.insert(to - 1 if section == to_section and to > row else to, doc)
        self.endMoveRows()
        return True

    # ---------------------------------------------------------------- drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(MIME, json.dumps(self.where(indexes[0])).encode())
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Do the move; return False so the view does not then remove the dragged rows itself."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        section, doc = json.loads(bytes(data.data(MIME).data()).decode())
        if doc is None:  # a section: it goes between sections
            if parent.isValid():
                to_s, to_d = self.where(parent)
                row = to_s if to_d is None and row < 0 else to_s + 1
            self.move_section(section, len(self.sections) if row < 0 else row)
            return False
        if not parent.isValid():  # dropped between sections: into the end of the one above
            if not self.sections:
                return False
            target = max(0, (row if row >= 0 else len(self.sections)) - 1)
            self.move_document(section, doc, target, len(self.sections[target].documents))
            return False
        to_s, to_d = self.where(parent)
        if to_d is not None:  # onto a document: just after it
            self.move_document(section, doc, to_s, to_d + 1)
        else:
            self.move_document(section, doc, to_s, len(self.sections[to_s].documents) if row < 0 else row)
        return False


def merge_layout(current: Sequence[BundleSection], left_out: set[str],
                 fresh: Sequence[BundleSection]) -> list[BundleSection]:
    """The officer's order kept, with the case's documents refreshed: documents still on the case stay
    where they were (with their current file), new ones go to their default section (created at the
    end if the officer removed it), documents left out stay out and ones gone from the case go."""
    latest = {d.key: d for s in fresh for d in s.documents}
    placed: set[str] = set()
    out = []
    for s in current:
        docs = [latest[d.key] for d in s.documents if d.key in latest]
        placed |= {d.key for d in docs}
        out.append(BundleSection(s.title, docs))
    by_title = {s.title: s for s in out}
    for s in fresh:
        new = [d for d in s.documents if d.key not in placed and d.key not in left_out]
        if new:
            if s.title not in by_title:
                by_title[s.title] = BundleSection(s.title)
                out.append(by_title[s.title])
            by_title[s.title].documents.extend(new)
    return out

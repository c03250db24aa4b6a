"""A built bundle in the app (QtPdf): the bookmarks (index, sections, documents) in a tree beside the
pages; choosing a bookmark goes to its page. Opens at 100%, as the bundle itself asks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QTreeView, QVBoxLayout, QWidget
from shiboken6 import isValid

from ..widgets.fields import named


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.bookmarks = QPdfBookmarkModel(self)
        self.bookmarks.setDocument(self.document)
        self.tree = named(QTreeView(), "Bookmarks", "Choose a bookmark to go to its page")
        self.tree.setModel(self.bookmarks)
        self.tree.setHeaderHidden(True)
        self.tree.activated.connect(self.go_to)
        self.tree.clicked.connect(self.go_to)
        self.view = named(QPdfView(), "Bundle pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(1.0)
        self.where = named(QLabel(), "Current page")
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._show_page())
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.view)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 940])  # bookmark titles carry tab, title and pages: give them room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addWidget(self.where)

    def open(self, path: Path) -> bool:
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.where.setText(f"The PDF {path.name} could not be opened ({error.name}).")
            return False
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self._show_page()
        return True

    def go_to(self, index: QModelIndex) -> None:
        page = index.data(int(QPdfBookmarkModel.Role.Page))
        if isinstance(page, int) and 0 <= page < self.document.pageCount():
            self.view.pageNavigator().jump(page, QPointF(), 0)

    def current_page(self) -> int:
        """1-based, as stamped on the bundle's pages."""
        return self.view.pageNavigator().currentPage() + 1

    def _show_page(self) -> None:
        if not (isValid(self.document) and isValid(self.where)):  # the preview is being closed
            return
        self.where.setText(f"Page {self.current_page()} of {self.document.pageCount()}")


class PreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, path: Path, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = PdfPreview(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        self.resize(1320, 860)  # a page at 100% beside the bookmarks
        self.preview.open(path)

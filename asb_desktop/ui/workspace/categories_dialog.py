"""Choose the case's categories (undoable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ...services.casework.workspace_queries import WorkspaceQueries
from ..widgets.fields import named
from ..widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from .host import WorkspaceHost


class CategoriesDialog(FormDialog):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws, f"Categories of {ws.reference}", self._save_categories)
        self.ws = ws
        current = set(ws.detail.categories)
        self.list = named(QListWidget(), "Categories")
        for name in sorted(set(WorkspaceQueries(ws.services.ctx).category_names()) | current):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in current else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.form.addRow(self.list)

    def chosen(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: list[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def _save_categories(self, _dialog: FormDialog) -> bool:
        if sorted(self.chosen()) == sorted(self.ws.detail.categories):
            return True
        return self.ws.execute(self.ws.edits.set_categories(self.chosen()))

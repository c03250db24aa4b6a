"""A dialog of labelled rows with OK and Cancel, opened without blocking.

``FormDialog(parent, title, save)`` calls ``save(dialog)`` when OK is pressed; the dialog closes only
when ``save`` returns True (a refused save leaves what the officer typed in place).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .fields import message_label, named


class FormDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, save: Callable[[FormDialog], bool],
                 ok_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        named(self, title)
        self._save = save
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        named(self.ok_button, ok_text)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def row(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        return widget

    def note(self, text: str, name: str) -> QLabel:
        """A line of explanation under the form (word-wrapped, readable by screen readers)."""
        lab = message_label(name, text, rich=True)
        self.layout_.insertWidget(self.layout_.count() - 1, lab)
        return lab

    def accept(self) -> None:
        if self._save(self):
            super().accept()

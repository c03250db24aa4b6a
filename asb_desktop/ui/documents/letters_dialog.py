"""Letters…: pick a kind, fill what it needs, generate. The stored document and its contact log entry
are shown; a refusal (e.g. a perpetrator letter holding a complainant's identity) says why."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
)

from ...documents.letters import LetterTemplate
from ...domain.enums import PartyRole
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named, text_area
from ..widgets.messages import error_text
from ..workspace.base import button
from ..workspace.changes import Changes
from .saving import open_file

if TYPE_CHECKING:
    from .host import DocumentsHost


class LettersDialog(QDialog):
    def __init__(self, tab: DocumentsHost) -> None:
        super().__init__(tab)
        self.tab = tab
        ws = tab.ws
        title = f"Letters on {ws.reference}"
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.templates: list[LetterTemplate] = ws.services.documents.letter_kinds()
        self.kinds = named(QListWidget(), "Letter kinds")
        self.kinds.setWordWrap(True)
        for t in self.templates:
            self.kinds.addItem(f"{t.title} — to the {PartyRole(t.recipient).label.lower()}")
        self.recipient = message_label("Who the letter goes to")
        self.fields = QFormLayout()
        self.values: dict[str, QPlainTextEdit] = {}
        self.format = named(QComboBox(), "Format")
        self.format.addItem("PDF", "pdf")
        self.format.addItem("Word (DOCX)", "docx")
        self.result = message_label("The letter made, or why not", rich=True)
        self.generate_button = button("Generate letter", self.generate)
        self.open_button = button("Open the letter", self.open_letter)
        self.open_button.setEnabled(False)
        self.last: Path | None = None
        right = QVBoxLayout()
        right.addWidget(self.recipient)
        right.addLayout(self.fields)
        row = QHBoxLayout()
        for w in (self.format, self.generate_button, self.open_button, button("Close", self.reject)):
            row.addWidget(w)
        row.addStretch(1)
        right.addLayout(row)
        right.addWidget(self.result)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.kinds, 2)
        layout.addLayout(right, 3)
        self.kinds.currentRowChanged.connect(self._kind_changed)
        self.resize(980, 520)
        self.kinds.setCurrentRow(0)

    def choose(self, kind: str) -> None:
        self.kinds.setCurrentRow(next(i for i, t in enumerate(self.templates) if t.id == kind))

    def template(self) -> LetterTemplate:
        return self.templates[max(0, self.kinds.currentRow())]

    def _kind_changed(self, _row: int) -> None:
        t = self.template()
        while self.fields.rowCount():
            self.fields.removeRow(0)
        self.values = {}
        for key, what in t.needs.items():
            self.values[key] = text_area(what, lines=2)
            self.fields.addRow(what[:1].upper() + what[1:], self.values[key])
        self.recipient.setText(f"To: the {PartyRole(t.recipient).label.lower()} on the case. "
                               + ("Nothing in it may identify a complainant or repeat a confidential note."
                                  if t.recipient == PartyRole.ALLEGED_PERPETRATOR else ""))

    def set_value(self, key: str, text: str) -> None:
        self.values[key].setPlainText(text)

    def generate(self) -> bool:
        ws, t = self.tab.ws, self.template()
        values = {k: box.toPlainText().strip() for k, box in self.values.items()}
        try:
            out = ws.services.documents.letter(ws.reference, t.id, self.format.currentData(), values=values)
        except ASBError as exc:
            self.result.setText(f"<b>The {html.escape(t.title.lower())} was not made.</b> "
                                f"{html.escape(error_text(exc), quote=False)}")
            self.open_button.setEnabled(False)
            return False
        d = out.document
        self.last = d.path
        self.open_button.setEnabled(True)
        self.result.setText(
            f"<b>{html.escape(d.title)}</b> stored on the case as version {d.version} ({d.format.upper()}).<br>"
            f"File: {html.escape(str(d.path))}<br>SHA-256: {d.sha256}<br>"
            "A contact log entry was made: letter sent.")
        ws.reload(Changes.DOCUMENTS | Changes.CONTACTS | Changes.TASKS)  # the letter and its contact entry
        return True

    def open_letter(self) -> None:
        if self.last is not None:
            open_file(self.last)

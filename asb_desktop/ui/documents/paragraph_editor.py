"""The paragraph editor: the statement as a list of numbered paragraphs to edit, insert, delete and
move. Saving makes a new version (a signed statement is never changed: the services make the
witness's next statement instead). Opened from the review requests, it also resolves them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...documents.model import plain_text
from ...domain.hearsay import suggests_hearsay
from ...services.documents.statement_signing import ReviewRequestInfo
from ...services.documents.statements import StatementInfo
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named, text_area
from ..widgets.messages import error_text

STYLES = (("Numbered paragraph", "numbered"), ("Unnumbered text", "unnumbered"), ("Heading", "heading"))


def paragraphs_of(info: StatementInfo) -> list[dict[str, Any]]:
    styles = info.styles or ["numbered" if n else "unnumbered" for n, _ in info.paragraphs]
    marks = info.hearsay_marks or [None] * len(info.paragraphs)
    out = []
    for (_n, t), style, mark in zip(info.paragraphs, styles, marks, strict=True):
        p: dict[str, Any] = {"text": t, "numbered": style == "numbered", "heading": style == "heading"}
        if mark:
            p["hearsay"] = dict(mark)
        out.append(p)
    return out


def request_lines(requests: list[ReviewRequestInfo]) -> str:
    return "\n".join(f"• {'Paragraph ' + str(r.paragraph) if r.paragraph else 'Whole statement'}: {r.request}"
                     for r in requests)


class ParagraphEditor(QDialog):
    """``save(paragraphs, note)`` stores the new version and returns True when the services accepted it."""

    def __init__(self, parent: QWidget, info: StatementInfo, save: Callable[[list[dict[str, Any]], str], bool],
                 requests: list[ReviewRequestInfo] | None = None) -> None:
        super().__init__(parent)
        title = f"Edit statement {info.number} of {info.witness} (version {info.version})"
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._save = save
        self.paragraphs = paragraphs_of(info)
        self.requests = requests or []
        self.list = named(QListWidget(), "Paragraphs")
        self.list.setWordWrap(True)
        self.text = text_area("Paragraph text", lines=6)
        self.style = named(QComboBox(), "Paragraph style")
        for text, value in STYLES:
            self.style.addItem(text, value)
        buttons = QHBoxLayout()
        for text, slot in (("Insert after", self.insert), ("Delete", self.delete), ("Move up", lambda: self.move(-1)),
                           ("Move down", lambda: self.move(1))):
            b = named(QPushButton(text), f"{text} (paragraph)")
            b.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(b)
        buttons.addStretch(1)
        # PD 32 18.2: a paragraph reporting what someone else saw or said names its source, or says the
        # source is withheld and why; the hearsay notice (CPR 33.2) lists every such paragraph.
        self.hearsay = named(QCheckBox("Hearsay: the witness reports what someone else saw or said"),
                             "Mark the paragraph as hearsay (PD 32 18.2)")
        self.source = named(QLineEdit(), "Who the information came from")
        self.source.setPlaceholderText("Who the information came from (name, or a description if withheld)")
        self.withheld = named(QCheckBox("The source's identity is withheld"), "The source's identity is withheld")
        self.reason = named(QLineEdit(), "Why the source is withheld")
        self.reason.setPlaceholderText("Why the source is withheld, e.g. they fear reprisals")
        self.suggestion = message_label("Hearsay suggestion")
        self.hearsay.toggled.connect(lambda _on: self._hearsay_changed())
        self.withheld.toggled.connect(lambda _on: self._hearsay_changed())
        self.source.textEdited.connect(lambda _t: self._hearsay_changed())
        self.reason.textEdited.connect(lambda _t: self._hearsay_changed())
        hearsay_box = QWidget()
        hearsay_form = QFormLayout(hearsay_box)
        hearsay_form.setContentsMargins(0, 0, 0, 0)
        hearsay_form.addRow(self.hearsay)
        hearsay_form.addRow("Source", self.source)
        hearsay_form.addRow(self.withheld)
        hearsay_form.addRow("Why withheld", self.reason)
        hearsay_form.addRow(self.suggestion)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.style)
        right_layout.addWidget(self.text, 1)
        right_layout.addWidget(hearsay_box)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        self.note = named(QLineEdit(), "What changed and why")
        self.note.setPlaceholderText("What changed and why (kept with the version)")
        self.error = message_label("Why the version was not saved")
        self.error.hide()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save as a new version")
        named(self.save_button, "Save as a new version")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.requests:
            layout.addWidget(message_label("The witness asked for", "The witness asked for:\n"
                                           + request_lines(self.requests)))
            self.note.setPlaceholderText("What was done about the witness's request (required)")
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.resize(1000, 640)
        self.list.currentRowChanged.connect(self._show)
        self.text.textChanged.connect(self._text_changed)
        self.style.currentIndexChanged.connect(lambda _i: self._style_changed())
        self._refresh(0)

    # ------------------------------------------------------------- the list
    def _labels(self) -> list[str]:
        out, n = [], 0
        for p in self.paragraphs:
            head = ("[hearsay] " if p.get("hearsay") else "") + (plain_text(p["text"])[:160] or "(empty)")
            if p["heading"]:
                out.append(f"Heading: {head}")
            elif p["numbered"]:
                n += 1
                out.append(f"{n}. {head}")
            else:
                out.append(f"   {head}")
        return out

    def _refresh(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems(self._labels())
        self.list.blockSignals(False)
        if self.paragraphs:
            self.list.setCurrentRow(max(0, min(row, len(self.paragraphs) - 1)))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        ok = 0 <= row < len(self.paragraphs)
        self.text.blockSignals(True)
        self.style.blockSignals(True)
        self.text.setPlainText(self.paragraphs[row]["text"] if ok else "")
        p = self.paragraphs[row] if ok else {"heading": False, "numbered": True}
        self.style.setCurrentIndex(2 if p["heading"] else 0 if p["numbered"] else 1)
        self.text.blockSignals(False)
        self.style.blockSignals(False)
        self.text.setEnabled(ok)
        self.style.setEnabled(ok)
        self._show_hearsay(self.paragraphs[row] if ok else None)

    def _show_hearsay(self, paragraph: dict[str, Any] | None) -> None:
        mark = (paragraph or {}).get("hearsay") or {}
        widgets = (self.hearsay, self.source, self.withheld, self.reason)
        for w in widgets:
            w.blockSignals(True)
        self.hearsay.setChecked(bool(mark))
        self.source.setText(str(mark.get("source", "")))
        self.withheld.setChecked(bool(mark.get("withheld")))
        self.reason.setText(str(mark.get("reason", "")))
        for w in widgets:
            w.blockSignals(False)
        self.hearsay.setEnabled(paragraph is not None)
        self._enable_hearsay(paragraph)

    def _enable_hearsay(self, paragraph: dict[str, Any] | None) -> None:
        marked = self.hearsay.isChecked()
        self.source.setEnabled(marked)
        self.withheld.setEnabled(marked)
        self.reason.setEnabled(marked and self.withheld.isChecked())
        text = (paragraph or {}).get("text", "")
        if paragraph is not None and not marked and suggests_hearsay(text):
            self.suggestion.setText("This paragraph reads as if it reports what someone else saw or said. If it "
                                    "does, mark it as hearsay and give the source.")
        elif marked and not self.source.text().strip():
            self.suggestion.setText("Give the source: who the witness heard it from (PD 32 18.2).")
        elif marked and self.withheld.isChecked() and not self.reason.text().strip():
            self.suggestion.setText("Say why the source is withheld.")
        else:
            self.suggestion.setText("")

    def _hearsay_changed(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.paragraphs):
            return
        p = self.paragraphs[row]
        if self.hearsay.isChecked():
            p["hearsay"] = {"source": self.source.text().strip(), "withheld": self.withheld.isChecked(),
                            "reason": self.reason.text().strip() if self.withheld.isChecked() else ""}
        else:
            p.pop("hearsay", None)
        self._enable_hearsay(p)
        self._relabel()

    def _relabel(self) -> None:
        for i, text in enumerate(self._labels()):
            self.list.item(i).setText(text)

    def _text_changed(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.paragraphs):
            self.paragraphs[row]["text"] = self.text.toPlainText()
            self._relabel()
            self._enable_hearsay(self.paragraphs[row])

    def _style_changed(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.paragraphs):
            style = self.style.currentData()
            self.paragraphs[row].update(numbered=style == "numbered", heading=style == "heading")
            self._relabel()

    # -------------------------------------------------------------- editing
    def select(self, row: int) -> None:
        self.list.setCurrentRow(row)

    def set_text(self, text: str) -> None:
        self.text.setPlainText(text)

    def insert(self) -> None:
        row = self.list.currentRow() + 1
        self.paragraphs.insert(row, {"text": "", "numbered": True, "heading": False})
        self._refresh(row)
        self.text.setFocus()

    def delete(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.paragraphs):
            del self.paragraphs[row]
            self._refresh(row)

    def move(self, by: int) -> None:
        row = self.list.currentRow()
        to = row + by
        if 0 <= row < len(self.paragraphs) and 0 <= to < len(self.paragraphs):
            self.paragraphs[row], self.paragraphs[to] = self.paragraphs[to], self.paragraphs[row]
            self._refresh(to)

    def accept(self) -> None:
        kept = [p for p in self.paragraphs if p["text"].strip()]
        try:
            saved = self._save(kept, self.note.text().strip())
        except ASBError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        if saved:
            super().accept()

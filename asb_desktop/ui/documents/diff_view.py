"""The difference between any two versions of a statement, paragraph by paragraph, with the changed
words marked (struck through for removed, underlined for added, and said in words)."""

from __future__ import annotations

import difflib
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ...documents.diffing import ParagraphChange
from ...services.documents.statements import StatementInfo
from ..widgets.fields import named


def words_html(old: str, new: str) -> tuple[str, str]:
    a, b = old.split(), new.split()
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = html.escape(" ".join(a[i1:i2])), html.escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<s style='color:#b00020'>{old_part}</s>")
        if new_part:
            right.append(f"<u style='color:#006b3c'><b>{new_part}</b></u>")
    return " ".join(left), " ".join(right)


def changes_html(changes: list[ParagraphChange]) -> str:
    if not changes:
        return "<p>No differences: the two versions have the same paragraphs.</p>"
    out = []
    for c in changes:
        if c.kind == "added":
            out.append(f"<h3>Paragraph {c.new_number} added</h3><p>Added: {html.escape(c.new)}</p>")
        elif c.kind == "removed":
            out.append(f"<h3>Paragraph {c.old_number} removed</h3><p>Removed: <s>{html.escape(c.old)}</s></p>")
        else:
            where = f"Paragraph {c.old_number}" + ("" if c.old_number == c.new_number else f" (now {c.new_number})")
            old, new = words_html(c.old, c.new)
            out.append(f"<h3>{where} changed</h3><p>Before: {old}</p><p>After: {new}</p>")
    return "".join(out)


class DiffDialog(QDialog):
    def __init__(self, parent: QWidget, services, reference: str, info: StatementInfo) -> None:  # noqa: ANN001
        super().__init__(parent)
        title = f"Compare versions: statement {info.number} of {info.witness}"
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.services, self.reference, self.info = services, reference, info
        self.old, self.new = named(QComboBox(), "Older version"), named(QComboBox(), "Newer version")
        for v in info.versions:
            self.old.addItem(f"Version {v}", v)
            self.new.addItem(f"Version {v}", v)
        self.old.setCurrentIndex(max(0, len(info.versions) - 2))
        self.new.setCurrentIndex(len(info.versions) - 1)
        self.view = named(QTextBrowser(), "Differences")
        row = QHBoxLayout()
        for text, combo in (("Compare", self.old), ("with", self.new)):
            row.addWidget(QLabel(text))
            row.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.show_diff())
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.resize(860, 560)
        self.show_diff()

    def compare(self, old: int, new: int) -> None:
        self.old.setCurrentIndex(self.old.findData(old))
        self.new.setCurrentIndex(self.new.findData(new))

    def show_diff(self) -> None:
        old, new = self.old.currentData(), self.new.currentData()
        if old is None or new is None:
            return
        changes = self.services.statements.diff(self.reference, self.info.number, old, new,
                                                witness=self.info.witness_ref)
        self.view.setHtml(f"<h2>Version {old} compared with version {new}</h2>{changes_html(changes)}")

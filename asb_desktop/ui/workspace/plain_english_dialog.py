"""The 7.5 check before saving: list the abbreviations and slang found, let the officer fix them or
knowingly save as written."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ...domain.plain_english import Finding, check_plain_english
from ..widgets.fields import named


def findings_in(texts: Iterable[str]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for text in texts:
        for f in check_plain_english(text):
            seen.setdefault(f.word.lower(), f)
    return list(seen.values())


class PlainEnglishDialog(QDialog):
    def __init__(self, parent: QWidget, findings: list[Finding]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plain English check (7.5)")
        named(self, "Plain English check")
        intro = named(QLabel("Notes must be in plain English, without abbreviations or slang (procedure 7.5). "
                             "A court may read them. Found:"), "Plain English check explanation")
        intro.setWordWrap(True)
        self.list = named(QListWidget(), "Words to change")
        self.list.addItems([f.message for f in findings])
        buttons = QDialogButtonBox()
        self.fix_button = named(buttons.addButton("Go back and fix", QDialogButtonBox.ButtonRole.RejectRole),
                                "Go back and fix")
        self.save_button = named(buttons.addButton("Save as written", QDialogButtonBox.ButtonRole.AcceptRole),
                                 "Save as written")
        self.fix_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)


def check_then_save(owner: QDialog, texts: Iterable[str], save: Callable[[bool], bool]) -> bool:
    """Save at once if the text is plain English; otherwise ask, and save with ``allow_flagged`` only if the
    officer chooses to. ``owner`` is the dialog the check belongs to (its ``check`` holds the question)."""
    found = findings_in(texts)
    if not found:
        return save(False)
    check = PlainEnglishDialog(owner, found)
    owner.check = check  # type: ignore[attr-defined]
    check.accepted.connect(lambda: save(True) and owner.done(QDialog.DialogCode.Accepted))
    check.open()
    return False

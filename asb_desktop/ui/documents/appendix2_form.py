"""Appendix 2, the proportionality and equality impact assessment, as a guided form built from
``forms/peia.toml``, pre-filled from the case. The officer saves and signs, then a manager signs it off
(the services refuse anyone else, and the refusal is shown as it is). Signing unlocks legal remedies."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...documents.appendices import SignOff, load_peia
from ...services.kernel.errors import ASBError
from ..widgets.fields import YesNoCombo, message_label, named, text_area
from ..widgets.messages import error_text
from ..workspace.base import button
from ..workspace.changes import Changes
from .saving import save_document

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit

    from .host import DocumentsHost

UNLOCKS = ("Signing Appendix 2 — by the officer, then a manager — is what unlocks the legal remedies "
           "(procedure 14.4). Changing the answers after signing means signing again.")


def signed_text(sign: SignOff) -> str:
    return f"{sign.role}: signed by {sign.name} on {sign.at:%d/%m/%Y %H:%M}" if sign.at else \
        f"{sign.role}: not yet signed"


class PeiaDialog(QDialog):
    def __init__(self, tab: DocumentsHost) -> None:
        super().__init__(tab)
        self.tab = tab
        self.services = tab.ws.services
        self.reference = tab.ws.reference
        self.form = load_peia()
        title = f"Appendix 2 on {self.reference}"
        self.setWindowTitle(title)
        named(self, title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.answers: dict[str, QPlainTextEdit | YesNoCombo] = {}
        inner = QWidget()
        column = QVBoxLayout(inner)
        groups: dict[str, QVBoxLayout] = {}
        for q in self.form.questions:
            if q.section not in groups:
                box = QGroupBox(q.section or "Questions")
                groups[q.section] = QVBoxLayout(box)
                column.addWidget(box)
            lab = QLabel(q.text)
            lab.setWordWrap(True)
            widget = YesNoCombo(q.text) if q.kind == "yesno" else text_area(q.text, lines=4)
            if not isinstance(widget, YesNoCombo):
                widget.setMaximumHeight(widget.minimumHeight() * 2)
            self.answers[q.id] = widget
            groups[q.section].addWidget(lab)
            groups[q.section].addWidget(widget, 0 if isinstance(widget, YesNoCombo) else 1,
                                        Qt.AlignmentFlag.AlignLeft if isinstance(widget, YesNoCombo)
                                        else Qt.AlignmentFlag(0))
        scroll = named(QScrollArea(), self.form.title)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.signoffs = message_label("Who has signed", rich=True)
        self.status = message_label("What happened", rich=True)
        self.officer_button = button("Save and sign as officer", self.sign_officer)
        self.manager_button = button("Sign off as manager", self.sign_manager)
        bar = QHBoxLayout()
        for b in (button("Save answers", self.save), self.officer_button, self.manager_button,
                  button("Save as PDF or DOCX…", self.export), button("Close", self.reject)):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(message_label("What signing does", f"<b>{html.escape(UNLOCKS)}</b>", rich=True))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.signoffs)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        self.resize(980, 760)
        self.load()

    def load(self) -> None:
        try:
            state = self.services.documents.peia_state(self.reference)
        except ASBError as exc:
            self.status.setText(html.escape(error_text(exc), quote=False))
            return
        for qid, widget in self.answers.items():
            value = state.answers.get(qid)
            if isinstance(widget, YesNoCombo):
                widget.set_value(value if isinstance(value, bool) else None)
            else:
                widget.setPlainText(value if isinstance(value, str) else "")
        done = "Completed" if state.completed else "Not completed yet: pre-filled from the case for you to edit"
        self.signoffs.setText(f"<b>{done}.</b><br>{html.escape(signed_text(state.officer))}<br>"
                              f"{html.escape(signed_text(state.manager))}")

    def values(self) -> dict[str, Any]:
        return {qid: w.value() if isinstance(w, YesNoCombo) else w.toPlainText().strip()
                for qid, w in self.answers.items()}

    def _do(self, what: str, *calls: tuple[Any, ...]) -> bool:
        try:
            for fn, *args in calls:
                fn(*args)
        except ASBError as exc:
            self.status.setText(f"<b>Not done.</b> {html.escape(error_text(exc), quote=False)}")
            return False
        self.status.setText(f"<b>{html.escape(what)}</b>")
        self.load()
        self.tab.ws.reload(Changes.DOCUMENTS | Changes.REMEDIES)
        return True

    def set_answer(self, qid: str, value: str | bool) -> None:
        widget = self.answers[qid]
        if isinstance(widget, YesNoCombo):
            widget.set_value(bool(value))
        else:
            widget.setPlainText(str(value))

    def save(self) -> bool:
        return self._do("Appendix 2 saved as completed. The officer signs it next.",
                        (self.services.remedies.peia_complete, self.reference, self.values()))

    def sign_officer(self) -> bool:
        return self._do("Appendix 2 saved and signed by the officer. A manager signs it off next.",
                        (self.services.remedies.peia_complete, self.reference, self.values()),
                        (self.services.remedies.peia_sign, self.reference, False))

    def sign_manager(self) -> bool:
        return self._do("Appendix 2 signed off by the manager: legal remedies are no longer blocked by it.",
                        (self.services.remedies.peia_sign, self.reference, True))

    def export(self) -> bool:
        return save_document(self, "Appendix 2", f"{self.reference}-appendix-2.pdf",
                             lambda fmt: self.services.documents.peia(self.reference, fmt).data,
                             lambda path: self.status.setText(f"Saved to {html.escape(str(path))}"))

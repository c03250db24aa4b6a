"""Before the officer hands the screen to the witness: a PIN for this review (outside team mode, where
the officer's password is asked instead) and who is present, for the signing record. Only then does the
witness review window open; leaving it needs the PIN or password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...services.documents.review_guard import pin_problem
from ..widgets.fields import message_label, named


class ReviewSetupDialog(QDialog):
    """``start(pin, present)`` opens the review; it returns an error to show, or None when it opened."""

    def __init__(self, parent: QWidget, needs: str, officer: str,
                 start: Callable[[str | None, list[str]], str | None]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before you hand over to the witness")
        named(self, "Before you hand over to the witness")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.needs, self._start = needs, start
        self.pin = named(QLineEdit(), "PIN for this review")
        self.pin_again = named(QLineEdit(), "The PIN again")
        for edit in (self.pin, self.pin_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.present = named(QLineEdit(officer), "Officers present (names, separated by commas)")
        form = QFormLayout()
        if needs == "PIN":
            form.addRow("PIN for this review (4 to 12 digits):", self.pin)
            form.addRow("The PIN again:", self.pin_again)
        form.addRow("Officers present:", self.present)
        how = ("Set a PIN now: you need it to end the review. The witness cannot reach the case file."
               if needs == "PIN" else "You end the review with your password. The witness cannot reach the "
               "case file.")
        self.error = message_label("Problem")
        self.error.hide()
        self.open_button = named(QPushButton("Open the witness review"), "Open the witness review")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda _c=False: self.accept_setup())
        cancel = named(QPushButton("Cancel"), "Cancel")
        cancel.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(message_label("How leaving works", how))
        layout.addLayout(form)
        layout.addWidget(message_label("About who is present",
                                       "The names go into the signing record kept with the statement."))
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def names(self) -> list[str]:
        return [n.strip() for n in self.present.text().split(",") if n.strip()]

    def problem(self) -> str | None:
        if self.needs == "PIN":
            bad = pin_problem(self.pin.text())
            if bad:
                return f"Set a PIN: {bad}."
            if self.pin.text() != self.pin_again.text():
                return "The two PINs are not the same: type it again."
        if not self.names():
            return "Say who is present (at least your own name)."
        return None

    def accept_setup(self) -> bool:
        problem = self.problem() or self._start(self.pin.text() if self.needs == "PIN" else None, self.names())
        if problem:
            self.error.setText(problem)
            self.error.show()
            return False
        self.accept()
        return True

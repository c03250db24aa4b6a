"""Team mode: sign in before the main window opens. A wrong name or password gets one plain message."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget
from sqlalchemy import Engine

from ...services.admin.users import sign_in
from ...services.kernel.access import Actor
from ...services.kernel.errors import ASBError


class SignInCancelled(Exception):
    """The user closed the sign-in dialog: the app stops quietly."""


class LoginDialog(QDialog):
    def __init__(self, engine: Engine, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.actor: Actor | None = None
        self.setWindowTitle("Sign in to ASB Desktop")
        self.setAccessibleName("Sign in")
        self.username = QLineEdit(username)
        self.username.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("This case file is shared by a team: sign in with your own name and password.")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Sign in")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel signing in")
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.message)
        form.addRow("User name", self.username)
        form.addRow("Password", self.password)
        form.addRow(buttons)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.message.setText("Type your user name.")
            self.username.setFocus()
            return
        try:
            self.actor = sign_in(self.engine, name, self.password.text())
        except ASBError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


def ask_sign_in(engine: Engine) -> Actor:
    """Show the dialog until the user signs in; raise SignInCancelled if they give up."""
    from ..settings import UiSettings

    prefs = UiSettings()
    dialog = LoginDialog(engine, prefs.last_username)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        raise SignInCancelled
    prefs.last_username = dialog.actor.username
    return dialog.actor

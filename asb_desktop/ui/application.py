"""The QApplication: icon, error handling (log, crash file, plain message), the first-run welcome, the window."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ..crash import user_message, write_crash_file
from ..resources import app_icon_path
from ..services import Services
from .dialogs.login_dialog import SignInCancelled

log = logging.getLogger("asb.ui")


def run(prepare: Callable[..., tuple[Services, str]], quit_after_ms: int = 0, welcome_dir: Path | None = None,
        log_dir: Path | None = None, remember_database: Callable[[str], None] | None = None) -> int:
    """Open the window. ``prepare(database_url=None, auto_demo=True)`` opens the database; with
    ``welcome_dir`` (first run) the welcome is shown first and its answers are applied after.
    ``remember_database(url)`` keeps a database chosen in Settings for the next start."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ASB Desktop")
    app.setOrganizationName("ASB Desktop")
    app.setWindowIcon(QIcon(str(app_icon_path())))
    from .settings import UiSettings
    from .theme import apply_theme

    prefs = UiSettings()
    apply_theme(app, prefs.dark)
    state: dict[str, Path | None] = {"log_dir": log_dir}

    def excepthook(kind, value, tb) -> None:  # noqa: ANN001
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        crash_file = None
        if state["log_dir"] is not None:
            try:
                crash_file = write_crash_file(kind, value, tb, state["log_dir"])
            except OSError:
                log.exception("could not write the crash details")
        QMessageBox.critical(None, "ASB Desktop", user_message(value, crash_file))

    sys.excepthook = excepthook
    choices = None
    if welcome_dir is not None:
        from .dialogs.welcome_dialog import WelcomeDialog

        welcome = WelcomeDialog(welcome_dir)
        if welcome.exec() != QDialog.DialogCode.Accepted or welcome.choices is None:
            return 0
        choices = welcome.choices
    try:
        services, log_file = prepare(choices.database_url, False) if choices else prepare()
        state["log_dir"] = Path(log_file).parent
        if choices:
            from .dialogs.welcome_dialog import apply_welcome

            for step in apply_welcome(services, choices):
                log.info("first run: %s", step)
    except SignInCancelled:
        return 0
    except Exception as exc:
        log.exception("could not start")
        QMessageBox.critical(None, "ASB Desktop", f"ASB Desktop could not open its database: {exc}")
        return 1
    from .main_window import MainWindow

    window = MainWindow(services, remember_database)
    prefs.restore_window(window)
    app.aboutToQuit.connect(lambda: prefs.save_window(window))
    window.show()
    if quit_after_ms:
        QTimer.singleShot(quit_after_ms, app.quit)
    return app.exec()

"""The QApplication: error handling that logs the detail and shows a plain message, then the window."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..services import Services

log = logging.getLogger("asb.ui")


def run(prepare: Callable[[], tuple[Services, str]], quit_after_ms: int = 0) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ASB Desktop")
    app.setOrganizationName("ASB Desktop")
    state = {"log_file": "the log file"}

    def excepthook(kind, value, tb) -> None:  # noqa: ANN001
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        QMessageBox.critical(None, "ASB Desktop", f"Something went wrong: {value}\n\nYour saved work is safe. "
                             f"Details were written to {state['log_file']}.")

    sys.excepthook = excepthook
    try:
        services, state["log_file"] = prepare()
    except Exception as exc:
        log.exception("could not start")
        QMessageBox.critical(None, "ASB Desktop", f"ASB Desktop could not open its database: {exc}")
        return 1
    from .main_window import MainWindow

    window = MainWindow(services)
    window.show()
    if quit_after_ms:
        QTimer.singleShot(quit_after_ms, app.quit)
    return app.exec()

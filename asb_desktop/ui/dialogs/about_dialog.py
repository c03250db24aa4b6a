"""About ASB Desktop: icon, version, where the log file, crash details and data are, which database is open."""

from __future__ import annotations

import logging
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL, make_url

from ... import __version__
from ...resources import app_icon_path, is_frozen
from ...services.kernel.context import Context


def current_log_file() -> Path | None:
    """The file the app is logging to (set up by ``cli.setup_logging``, the latest one), if any."""
    for handler in reversed(logging.getLogger().handlers):
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def database_label(url: URL | str) -> str:
    """The open database for people to read: a file path, or a server address without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"{parsed.database} (SQLite, this computer)"
    return f"{parsed.set(drivername='postgresql').render_as_string(hide_password=True)} (PostgreSQL, team server)"


class AboutDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About ASB Desktop")
        icon = QIcon(str(app_icon_path()))
        self.setWindowIcon(icon)
        picture = QLabel()
        picture.setPixmap(icon.pixmap(96, 96))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>ASB Desktop {__version__}</h2>"
                       "<p>Anti-social behaviour case management for social landlords.</p>")
        title.setWordWrap(True)

        log_file = current_log_file()
        self.log_folder = log_file.parent if log_file else ctx.data_dir / "logs"
        self.data_folder = ctx.data_dir
        self.fields: dict[str, QLabel] = {}
        details = QFormLayout()
        rows = (
            ("Version", f"{__version__} ({'installed package' if is_frozen() else 'source'}), "
                        f"Python {platform.python_version()}, Qt for Python {pyside_version}"),
            ("Signed in as", f"{ctx.actor.full_name} ({ctx.actor.username})"),
            ("Database", database_label(ctx.engine.url)),
            ("Data folder", str(self.data_folder)),
            ("Log file", str(log_file) if log_file else "not logging to a file"),
            ("Crash details", str(self.log_folder / "crash-*.txt")),
        )
        for name, value in rows:
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            label.setAccessibleName(name)
            self.fields[name] = label
            details.addRow(f"{name}:", label)

        open_logs = QPushButton("Open log folder")
        open_logs.clicked.connect(lambda: self._open(self.log_folder))
        open_data = QPushButton("Open data folder")
        open_data.clicked.connect(lambda: self._open(self.data_folder))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(open_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(open_data, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(picture)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addLayout(details)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    @staticmethod
    def _open(folder: Path) -> bool:
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

"""Icons from one maintained set (Material Design Icons through QtAwesome, which ships the font: nothing
is downloaded). Every icon is drawn in the palette's text colour, so it reads in both themes; an icon is
never the only sign of something (a label, tooltip or accessible name always says it in words).

Drawing the first icon means loading QtAwesome and its fonts, which is most of a second at start-up, so
each icon, once drawn, is kept as PNG files (one per size) in the account's cache folder; later starts
load those and never import QtAwesome unless an icon (or a colour) is new."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

# What each thing looks like: one name per meaning, used everywhere.
NAMES = {
    "Today": "mdi6.calendar-today",
    "My cases": "mdi6.briefcase-account",
    "Team cases": "mdi6.briefcase-outline",
    "Due and overdue": "mdi6.alarm",
    "Open cases": "mdi6.folder-open",
    "Search": "mdi6.magnify",
    "People": "mdi6.account-multiple",
    "Evidence inbox": "mdi6.inbox-arrow-down",
    "Documents": "mdi6.file-document-multiple",
    "Reports": "mdi6.chart-bar",
    "new report": "mdi6.file-plus",
    "add evidence": "mdi6.paperclip",
    "refresh": "mdi6.refresh",
    "done": "mdi6.check",
    "assign": "mdi6.account-arrow-right",
    "move date": "mdi6.calendar-edit",
    "approve": "mdi6.check-circle",
    "add": "mdi6.plus",
    "overdue": "mdi6.clock-alert",
    "due today": "mdi6.alarm",
    "high risk": "mdi6.alert",
    "restricted": "mdi6.lock",
    "closed": "mdi6.archive-outline",
    "incident": "mdi6.calendar-plus",
    "person": "mdi6.account-plus",
    "contact": "mdi6.phone-log",
    "remedy": "mdi6.gavel",
    "interview": "mdi6.account-voice",
    "save": "mdi6.content-save",
    "statement": "mdi6.file-sign",
    "notice": "mdi6.file-certificate",
    "bundle": "mdi6.book-open-page-variant",
    "link": "mdi6.link-variant",
    "close case": "mdi6.archive-check",
}


def icon(meaning: str) -> QIcon:
    """The icon for ``meaning`` (a key of ``NAMES``) in the current theme's text colour."""
    app = QApplication.instance()
    colour = app.palette().color(QPalette.ColorRole.WindowText).name() if isinstance(app, QApplication) else "#000"
    return _drawn(NAMES[meaning], colour)


def make_primary(button: QPushButton, meaning: str) -> QPushButton:
    """The one primary action of a page or tab: its icon (repainted with the theme, see
    ``repaint_primary``) and bold text, so the eye finds it first among the buttons."""
    button.setIcon(icon(meaning))
    button.setProperty("icon_meaning", meaning)
    button.setProperty("primary", True)
    font = button.font()
    font.setBold(True)
    button.setFont(font)
    return button


def repaint_primary(root: QWidget) -> None:
    """Primary buttons' icons in the current theme's text colour (after a theme change)."""
    for b in root.findChildren(QPushButton):
        meaning = b.property("icon_meaning")
        if meaning:
            b.setIcon(icon(str(meaning)))


def status_icon(meaning: str, colour: str) -> QIcon:
    """A status icon in its status colour (overdue, high risk...), shown beside the words."""
    return _drawn(NAMES[meaning], colour)


SIZES = (16, 20, 24, 32, 40, 48, 64)  # toolbar, list and button sizes at scales 1 to 2


@cache
def _drawn(name: str, colour: str) -> QIcon:
    files = _kept(name, colour)
    if all(f.exists() for f in files):
        kept = QIcon()
        for f in files:
            kept.addFile(str(f))
        return kept
    drawn = _qtawesome(name, colour)
    _keep(drawn, files)
    return drawn


def _kept(name: str, colour: str) -> list[Path]:
    """The files an icon is kept in; the key holds the app's version, so an upgrade draws afresh."""
    from .. import __version__
    from ..config import icon_cache_dir

    key = hashlib.sha256(f"{__version__}|{name}|{colour}".encode()).hexdigest()[:20]
    return [icon_cache_dir() / key / f"{size}.png" for size in SIZES]


def _keep(drawn: QIcon, files: list[Path]) -> None:
    """Save each size (written beside, then renamed: a start that reads it never sees half a file).
    A cache that cannot be written only means the icon is drawn again next time."""
    try:
        files[0].parent.mkdir(parents=True, exist_ok=True)
        for size, path in zip(SIZES, files, strict=True):
            part = path.with_suffix(f".{os.getpid()}.part")
            if not drawn.pixmap(QSize(size, size), 1.0).save(str(part), "PNG"):
                part.unlink(missing_ok=True)
                return
            os.replace(part, path)
    except OSError:
        return


def _qtawesome(name: str, colour: str) -> QIcon:
    os.environ.setdefault("QT_API", "pyside6")  # qtawesome draws through qtpy: make it use our Qt binding
    import qtawesome  # imported only when an icon is drawn for the first time

    return qtawesome.icon(name, color=colour)

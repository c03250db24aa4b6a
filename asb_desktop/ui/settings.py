"""Per-user, per-machine preferences of the window (QSettings): theme, window layout, last sign-in
name. Organisation settings live in the database instead (services/kernel/org_settings.py)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

VERSION = 1  # bump and migrate in ``__init__`` if a key changes meaning


class UiSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()
        if self.store.value("version") is None:
            self.store.setValue("version", VERSION)

    @property
    def dark(self) -> bool:
        return str(self.store.value("view/dark", "false")).lower() in ("true", "1")

    @dark.setter
    def dark(self, on: bool) -> None:
        self.store.setValue("view/dark", bool(on))
        self.store.sync()

    @property
    def last_username(self) -> str:
        return str(self.store.value("login/username", "") or "")

    @last_username.setter
    def last_username(self, name: str) -> None:
        self.store.setValue("login/username", name)

    def save_window(self, window: QMainWindow) -> None:
        self.store.setValue("window/geometry", window.saveGeometry())
        self.store.setValue("window/state", window.saveState())
        nav = getattr(window, "nav", None)
        if nav is not None:
            self.store.setValue("window/page", nav.currentRow())
        self.store.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Put the window back where it was; False when there is nothing saved yet."""
        geometry = self.store.value("window/geometry")
        if not isinstance(geometry, QByteArray | bytes) or not geometry:
            return False
        window.restoreGeometry(QByteArray(geometry))
        state = self.store.value("window/state")
        if isinstance(state, QByteArray | bytes) and state:
            window.restoreState(QByteArray(state))
        page, nav = self.store.value("window/page"), getattr(window, "nav", None)
        if nav is not None and page is not None and 0 <= int(page) < nav.count():
            nav.setCurrentRow(int(page))
        return True

"""File > Back up… and Restore a backup… in the window: administrators only, off the GUI thread, a
refused backup said plainly; the service refuses anyone else whatever the window shows."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.admin.backups import BackupService
from asb_desktop.services.kernel.context import Actor, Context
from asb_desktop.services.kernel.errors import PermissionDenied
from asb_desktop.ui.dialogs import backup_actions
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.workers import RUNNER


def _messages() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.fixture(autouse=True)
def inline_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RUNNER, "synchronous", True)


def test_an_administrator_backs_up_from_the_file_menu_and_a_refused_restore_is_plain(
        qtbot: QtBot, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASB_BACKUP_KEY_FILE", str(tmp_path / "org.key"))
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    assert window.backup_action.text() == "&Back up…"
    out = tmp_path / "today.asbbackup"
    backup_actions.back_up(window, Services(ctx), out)
    qtbot.waitUntil(lambda: any("Backup written" in m.text() for m in _messages()), timeout=5000)
    with zipfile.ZipFile(out) as zf:
        assert "manifest.sig" in zf.namelist()
    for box in _messages():
        box.close()

    damaged = tmp_path / "damaged.asbbackup"
    damaged.write_bytes(out.read_bytes()[:200])
    quit_called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    backup_actions.restore(window, Services(ctx), damaged, confirmed=True)
    qtbot.waitUntil(lambda: any("not a readable ASB Desktop backup" in m.text() for m in _messages()), timeout=5000)
    assert not quit_called  # nothing was replaced, so the app stays open
    for box in _messages():
        box.close()


def test_the_menu_and_the_service_refuse_an_officer(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    officer = Actor(ctx.actor.id, "officer1", "Olu Officer", "OO", frozenset({Role.OFFICER}))
    other = Context(ctx.engine, officer, ctx.data_dir, clock=ctx.clock)
    window = MainWindow(Services(other))
    qtbot.addWidget(window)
    assert not hasattr(window, "backup_action")
    with pytest.raises(PermissionDenied):
        BackupService(other, tmp_path / "org.key").backup(tmp_path / "x.asbbackup")
    assert not (tmp_path / "x.asbbackup").exists() and not (tmp_path / "org.key").exists()


def test_a_restore_with_no_key_on_this_computer_asks_for_the_key_file(
        qtbot: QtBot, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "usb" / "org.key"
    monkeypatch.setenv("ASB_BACKUP_KEY_FILE", str(key))
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    out = tmp_path / "today.asbbackup"
    backup_actions.back_up(window, Services(ctx), out)
    qtbot.waitUntil(lambda: any("Backup written" in m.text() for m in _messages()), timeout=5000)
    for box in _messages():
        box.close()

    monkeypatch.delenv("ASB_BACKUP_KEY_FILE")  # another computer: no key anywhere it looks
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "another-computer"))
    asked: list[str] = []

    def choose(_parent: object, title: str, *_args: object) -> tuple[str, str]:
        asked.append(title)
        return str(key), ""

    monkeypatch.setattr(backup_actions.QFileDialog, "getOpenFileName", choose)
    quit_called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    backup_actions.restore(window, Services(ctx), out, confirmed=True)
    assert asked == ["The organisation's backup signing key"]
    qtbot.waitUntil(lambda: any(m.windowTitle() == "Backup restored" for m in _messages()), timeout=10000)
    for box in _messages():
        box.close()

"""Crash details (Qt-free core, and the window's exception hook), data folders in a frozen build, the icon."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from asb_desktop import __version__, crash, resources

ROOT = Path(__file__).resolve().parents[2]


def _raise() -> tuple[type[BaseException], BaseException, object]:
    try:
        {}["missing witness"]  # noqa: B018
    except KeyError:
        return sys.exc_info()  # type: ignore[return-value]
    raise AssertionError


def test_crash_file_holds_version_platform_and_traceback(tmp_path: Path) -> None:
    kind, value, tb = _raise()
    when = datetime(2026, 11, 23, 10, 0, 5)
    path = crash.write_crash_file(kind, value, tb, tmp_path / "logs", when)  # type: ignore[arg-type]
    assert path == tmp_path / "logs" / "crash-20261123-100005.txt"
    text = path.read_text(encoding="utf-8")
    assert f"Version: {__version__} (source)" in text and "When: 2026-11-23T10:00:05" in text
    assert "KeyError: 'missing witness'" in text and "in _raise" in text
    second = crash.write_crash_file(kind, value, tb, tmp_path / "logs", when)  # type: ignore[arg-type]
    assert second.name == "crash-20261123-100005-2.txt" and path.exists()


def test_old_crash_files_are_pruned(tmp_path: Path) -> None:
    kind, value, tb = _raise()
    for minute in range(crash.KEEP + 5):
        crash.write_crash_file(kind, value, tb, tmp_path, datetime(2026, 1, 1, 9, minute))  # type: ignore[arg-type]
    kept = sorted(p.name for p in tmp_path.glob("crash-*.txt"))
    assert len(kept) == crash.KEEP and kept[0] == "crash-20260101-090500.txt"


def test_user_message_is_plain_and_names_the_file(tmp_path: Path) -> None:
    message = crash.user_message(KeyError("missing witness"), tmp_path / "crash-1.txt")
    assert message.startswith("Something went wrong: 'missing witness'")
    assert "Your saved work is safe" in message and str(tmp_path / "crash-1.txt") in message
    assert "Traceback" not in message
    assert "could not be written" in crash.user_message(ValueError(""), None)


def test_window_exception_hook_writes_the_file_and_tells_the_user(qtbot: QtBot, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from asb_desktop.ui import application

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr("sys.excepthook", sys.excepthook)  # restored after the test
    application.run(lambda url=None, auto_demo=True: (_ for _ in ()).throw(RuntimeError("no database")),
                    welcome_dir=None, log_dir=tmp_path / "logs")
    assert shown == ["ASB Desktop could not open its database: no database"]
    kind, value, tb = _raise()
    sys.excepthook(kind, value, tb)
    files = list((tmp_path / "logs").glob("crash-*.txt"))
    assert len(files) == 1 and "KeyError: 'missing witness'" in files[0].read_text()
    assert shown[1].startswith("Something went wrong") and str(files[0]) in shown[1]


def test_data_folders_from_checkout_frozen_build_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resources.FORMS_ENV, raising=False)
    assert resources.bundle_root() == ROOT and not resources.is_frozen()
    assert (resources.forms_dir() / "triage.toml").is_file()
    assert resources.app_icon_path().is_file()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.is_frozen() and resources.bundle_root() == tmp_path
    assert resources.resource_path("fonts", "x.ttf") == tmp_path / "resources" / "fonts" / "x.ttf"
    assert resources.form_path("letters") == tmp_path / "forms" / "letters"
    monkeypatch.setenv(resources.FORMS_ENV, str(tmp_path / "our-forms"))
    assert resources.forms_dir() == tmp_path / "our-forms"


def test_icon_files_are_the_drawn_design_at_every_size() -> None:
    icons = ROOT / "resources" / "icons"
    png = Image.open(icons / "asb-desktop.png")
    assert png.size == (256, 256) and png.mode == "RGBA"
    assert png.getpixel((0, 0))[3] == 0 and png.getpixel((80, 180))[:3] == (255, 255, 255)  # clear corner, white wall
    assert png.getpixel((20, 128))[:3] == (0x1F, 0x4E, 0x79)  # navy background
    ico = Image.open(icons / "asb-desktop.ico")
    assert {16, 32, 48, 256} <= {w for w, _h in ico.info["sizes"]}
    svg = (icons / "asb-desktop.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "#F2A900" in svg


def test_about_box_shows_version_log_file_and_data_folder(qtbot: QtBot, ctx, tmp_path: Path) -> None:  # noqa: ANN001
    import logging

    from asb_desktop.cli import setup_logging
    from asb_desktop.services import Services
    from asb_desktop.ui.dialogs.about_dialog import AboutDialog
    from asb_desktop.ui.main_window import MainWindow

    root = logging.getLogger()
    before = list(root.handlers)
    log_file = setup_logging(tmp_path / "logs")
    try:
        window = MainWindow(Services(ctx))
        qtbot.addWidget(window)
        help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
        about = next(a for a in help_menu.actions() if a.text() == "&About ASB Desktop")
        about.trigger()
        dialog = window.findChild(AboutDialog)
        assert dialog is not None and dialog.isVisible()
        assert dialog.fields["Version"].text().startswith(f"{__version__} (source)")
        assert dialog.fields["Log file"].text() == log_file
        assert dialog.fields["Data folder"].text() == str(ctx.data_dir)
        assert dialog.fields["Crash details"].text() == str(tmp_path / "logs" / "crash-*.txt")
        db = dialog.fields["Database"].text()
        assert db.endswith(("(SQLite, this computer)", "(PostgreSQL, team server)")), db
        assert not dialog.windowIcon().isNull()
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()

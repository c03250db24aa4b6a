"""First run: when the welcome is shown, what it checks, and what it stores (pytest-qt, offscreen)."""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from asb_desktop import app as app_module
from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.org_settings import OrgSettingsService
from asb_desktop.storage.orm import Case, User
from asb_desktop.ui.dialogs.welcome_dialog import DEMO_CASES, WelcomeChoices, WelcomeDialog, apply_welcome


def _args(data_dir: Path, *extra: str) -> argparse.Namespace:
    ns = argparse.Namespace(db=None, data_dir=str(data_dir), no_demo=False, no_welcome=False, quit_after=0)
    for flag in extra:
        key, _, value = flag.partition("=")
        setattr(ns, key, int(value) if key == "quit_after" else value or True)
    return ns


def test_welcome_only_on_an_interactive_first_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASB_DATABASE_URL", raising=False)
    assert app_module.needs_welcome(_args(tmp_path))
    assert not app_module.needs_welcome(_args(tmp_path, "no_welcome"))
    assert not app_module.needs_welcome(_args(tmp_path, "quit_after=1500"))  # CI and tests
    assert not app_module.needs_welcome(_args(tmp_path, f"db={tmp_path / 'other.sqlite'}"))
    monkeypatch.setenv("ASB_DATABASE_URL", "postgresql://asb@server/asb")
    assert not app_module.needs_welcome(_args(tmp_path))
    monkeypatch.delenv("ASB_DATABASE_URL")
    app_module.remember_database(tmp_path, "postgresql://asb@server/asb")
    assert not app_module.needs_welcome(_args(tmp_path))
    (tmp_path / app_module.REMEMBERED).unlink()
    (tmp_path / "asb.sqlite").write_bytes(b"")
    assert not app_module.needs_welcome(_args(tmp_path))


def _fill(dialog: WelcomeDialog, qtbot: QtBot, name: str = "Ada Lovelace") -> None:
    qtbot.keyClicks(dialog.org_name, "Riverside Homes")
    dialog.org_address.setPlainText("1 Quay Street\nBristol BS1 4DJ")
    dialog.full_name.setText(name)
    dialog.full_name.textEdited.emit(name)  # as typed (QTest cannot type letters outside ASCII)


def test_dialog_collects_answers_and_suggests_initials(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = WelcomeDialog(tmp_path)
    qtbot.addWidget(dialog)
    _fill(dialog, qtbot, "Zoë Łukasiewicz-Smith")
    assert dialog.initials.text() == "ZŁS"
    assert dialog.demo.isChecked() and not dialog.url.isEnabled()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choices == WelcomeChoices(None, "Riverside Homes", "1 Quay Street\nBristol BS1 4DJ",
                                            "Zoë Łukasiewicz-Smith", "ZŁS", True)


def test_dialog_refuses_missing_name_and_bad_initials_in_plain_words(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = WelcomeDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.full_name.clear()
    dialog.accept()
    assert dialog.choices is None and dialog.result() != QDialog.DialogCode.Accepted
    assert "Enter your full name" in dialog.error.text()
    qtbot.keyClicks(dialog.full_name, "Ada Lovelace")
    dialog.initials.setText("A1")
    dialog.accept()
    assert dialog.choices is None and "1 to 4 letters" in dialog.error.text()


def test_unreachable_team_server_is_refused_with_a_plain_message(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = WelcomeDialog(tmp_path)
    qtbot.addWidget(dialog)
    _fill(dialog, qtbot)
    dialog.server.setChecked(True)
    assert not dialog.demo.isChecked()  # no made-up cases on a shared server unless asked
    dialog.accept()
    assert dialog.choices is None and "Enter the address of your team's server" in dialog.error.text()
    qtbot.keyClicks(dialog.url, "postgresql://asb@127.0.0.1:1/asb")
    dialog.test_button.click()
    assert dialog.test_result.text().startswith("Could not connect")
    dialog.accept()
    assert dialog.choices is None
    assert dialog.error.text().startswith("Could not connect") and "Traceback" not in dialog.error.text()


def test_reachable_team_server_is_tested_and_chosen(qtbot: QtBot, tmp_path: Path, db_url: str) -> None:
    dialog = WelcomeDialog(tmp_path)
    qtbot.addWidget(dialog)
    _fill(dialog, qtbot)
    dialog.server.setChecked(True)
    qtbot.keyClicks(dialog.url, db_url)
    assert dialog.test_connection().ok
    assert dialog.test_result.text().startswith("Connected to") and "it is empty" in dialog.test_result.text()
    dialog.accept()
    assert dialog.choices is not None and dialog.choices.database_url == db_url and not dialog.choices.demo


def test_apply_welcome_stores_organisation_officer_and_demo_once(ctx: Context) -> None:
    services = Services(ctx)
    choices = WelcomeChoices(None, "Riverside Homes", "1 Quay Street", "Ada Lovelace", "AL", True)
    done = apply_welcome(services, choices)
    assert done[:2] == ["organisation details saved", "officer's name and initials saved"]
    assert re.fullmatch(rf"{DEMO_CASES} demo cases added, ASB-\d{{4}}-\d{{5}} ready for court", done[2])
    org = OrgSettingsService(ctx).get()
    assert (org.organisation_name, org.organisation_address) == ("Riverside Homes", "1 Quay Street")
    with ctx.session() as s:
        user = s.get(User, ctx.actor.id)
        assert (user.full_name, user.initials) == ("Ada Lovelace", "AL")
        assert s.scalar(select(func.count(Case.id))) == DEMO_CASES + 1  # and the court-ready case
    again = apply_welcome(services, WelcomeChoices(None, "Other Name", "", "Ada Lovelace", "AL", True))
    assert again == ["officer's name and initials saved"]  # a second officer keeps the team's details and cases
    assert OrgSettingsService(ctx).get().organisation_name == "Riverside Homes"
    with ctx.session() as s:
        assert s.scalar(select(func.count(Case.id))) == DEMO_CASES + 1


class _Prefs:
    """Window preferences that touch nothing: run() keeps a reference to them for the whole session."""

    dark = False

    def restore_window(self, _window: object) -> None: ...

    def save_window(self, _window: object) -> None: ...


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Services]]:
    """run() opens a plain window instead of the real one, so no page keeps working after the test, and
    does not enter the event loop (a loop quit with a window open stalls later tests' worker threads)."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    opened: list[Services] = []
    shown: list[QMainWindow] = []

    class PlainWindow(QMainWindow):
        def __init__(self, services: Services, _remember_database: object = None) -> None:
            super().__init__()
            opened.append(services)
            shown.append(self)

    monkeypatch.setattr("asb_desktop.ui.main_window.MainWindow", PlainWindow)
    monkeypatch.setattr("asb_desktop.ui.settings.UiSettings", _Prefs)
    monkeypatch.setattr("sys.excepthook", lambda *a: None)  # run() installs its own; pytest's comes back after
    monkeypatch.setattr(QApplication, "exec", lambda _self: 0)
    yield opened
    for window in shown:
        window.close()
        window.deleteLater()


def _answer(dialog_answers: dict[str, str | bool]):  # noqa: ANN202
    def exec_(self: WelcomeDialog) -> int:
        self.org_name.setText(str(dialog_answers["org"]))
        self.full_name.setText(str(dialog_answers["name"]))
        self.initials.setText(str(dialog_answers["initials"]))
        if dialog_answers.get("url"):
            self.server.setChecked(True)
            self.url.setText(str(dialog_answers["url"]))
        self.demo.setChecked(bool(dialog_answers["demo"]))
        self.accept()
        return self.result()
    return exec_


def test_first_run_through_the_app_creates_the_local_database(qtbot: QtBot, tmp_path: Path, windows: list[Services],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASB_DATABASE_URL", raising=False)
    monkeypatch.setattr(WelcomeDialog, "exec", _answer({"org": "Riverside Homes", "name": "Ada Lovelace",
                                                        "initials": "AL", "demo": False}))
    data = tmp_path / "data"
    args = _args(data)
    assert app_module.needs_welcome(args)
    from asb_desktop.ui.application import run

    assert run(lambda url=None, auto_demo=True: app_module._prepare(args, url, auto_demo), 0,
               welcome_dir=data, log_dir=data / "logs") == 0
    assert (data / "asb.sqlite").exists() and not (data / app_module.REMEMBERED).exists()
    log = (data / "logs" / "asb.log").read_text()
    assert "first run: organisation details saved" in log and "demo cases" not in log
    assert not app_module.needs_welcome(_args(data))
    assert len(windows) == 1  # the window opened on the new database
    windows[0].ctx.engine.dispose()
    logging.getLogger().handlers = [h for h in logging.getLogger().handlers if not hasattr(h, "baseFilename")]


def test_first_run_on_a_team_server_remembers_it(qtbot: QtBot, tmp_path: Path, db_url: str, windows: list[Services],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASB_DATABASE_URL", raising=False)
    monkeypatch.setattr(WelcomeDialog, "exec", _answer({"org": "Riverside Homes", "name": "Olu Officer",
                                                        "initials": "OO", "demo": False, "url": db_url}))
    data = tmp_path / "data"
    from asb_desktop.ui.application import run

    args = _args(data)
    assert run(lambda url=None, auto_demo=True: app_module._prepare(args, url, auto_demo), 0,
               welcome_dir=data, log_dir=data / "logs") == 0
    assert json.loads((data / app_module.REMEMBERED).read_text()) == {"database_url": db_url}
    assert not (data / "asb.sqlite").exists()
    assert not app_module.needs_welcome(_args(data))  # next start goes straight to the server
    services, _log = app_module._prepare(_args(data))
    assert OrgSettingsService(services.ctx).get().organisation_name == "Riverside Homes"
    assert services.ctx.actor.initials == "OO"
    services.ctx.engine.dispose()
    logging.getLogger().handlers = [h for h in logging.getLogger().handlers if not hasattr(h, "baseFilename")]


def test_cancelling_the_welcome_creates_nothing(qtbot: QtBot, tmp_path: Path, windows: list[Services],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    from asb_desktop.ui.application import run

    called: list[str] = []
    assert run(lambda url=None, auto_demo=True: called.append("prepare"), 0, welcome_dir=tmp_path) == 0
    assert called == [] and list(tmp_path.iterdir()) == [] and windows == []

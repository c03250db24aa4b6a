"""The court-ready demo case in the real main window, as its officer would take it to court: the
withheld witness on People, the notice's particulars edited (a withheld name typed in is refused without
losing the text), the pack and service from the Notices page, then the bundle built, previewed and its
recordings exported from the bundle page (offscreen, SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import select
from support.workspace import settled

from asb_desktop.demo import generate as demo
from asb_desktop.demo.court_case import NOTICE_TYPE, OFFICER, WITNESS, prepare_court_case
from asb_desktop.services import Services
from asb_desktop.services.admin.users import actor_of
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm import User
from asb_desktop.ui.court import notices_page
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.workers import RUNNER

FIXED_NOW = datetime(2026, 11, 23, 10, 0)  # the conftest clock: a Monday


@pytest.fixture(autouse=True)
def inline_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RUNNER, "synchronous", True)


def test_the_officer_takes_the_demo_case_to_court_in_the_app(qtbot: QtBot, ctx: Context, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    demo.generate(ctx.engine, 3, seed=7, today=FIXED_NOW.date())
    ref = prepare_court_case(ctx)
    with ctx.session() as s:
        officer = actor_of(s.scalar(select(User).where(User.username == OFFICER)))
    window = MainWindow(Services(Context(ctx.engine, officer, ctx.data_dir, clock=ctx.clock)))
    qtbot.addWidget(window)
    window.show()
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    settled(qtbot, ws)  # the Evidence, Documents and court tabs fetch their data off the GUI thread

    people = ws.page("People")
    rows = [people.model.record(r) for r in range(people.model.rowCount())]
    assert any(r.name == f"{WITNESS.first_names} {WITNESS.surname}" and r.withheld for r in rows)

    tab = ws.page("Notices and bundle")
    notices = tab.notices
    notices.offered.setCurrentRow(next(i for i in range(notices.offered.count())
                                       if notices.offered.item(i).data(256) == NOTICE_TYPE))
    assert "Ready" in notices.missing.text()
    monkeypatch.setattr(notices_page, "folder_or_ask", lambda _parent, _given, _title: tmp_path / "pack")
    qtbot.mouseClick(next(b for b in notices.findChildren(QPushButton) if b.text() == "Make notice pack…"),
                     Qt.MouseButton.LeftButton)
    editor = notices.dialog  # the particulars, drafted from the incidents (off the GUI thread), to edit
    qtbot.waitUntil(lambda: not editor.busy)
    drafted = editor.text.toPlainText()
    assert "[withheld] saw Mr Marsh kick the complainant's door" in drafted
    editor.text.setPlainText(drafted.replace("[withheld]", f"{WITNESS.first_names} {WITNESS.surname}"))
    editor.ok_button.click()  # refused: the withheld name typed back in; the dialog keeps the text
    qtbot.waitUntil(lambda: any("withheld witness" in box.text() for box in window.findChildren(QMessageBox)
                                if box.isVisible()))
    assert editor.isVisible() and notices.last_pack is None and not (tmp_path / "pack").exists()
    assert WITNESS.surname in editor.text.toPlainText()  # nothing the officer typed is lost
    for box in window.findChildren(QMessageBox):
        box.close()
    editor.redraft()
    qtbot.waitUntil(lambda: not editor.busy)
    editor.text.setPlainText(editor.text.toPlainText().replace("[withheld] saw", "A neighbour saw"))
    editor.ok_button.click()
    qtbot.waitUntil(lambda: notices.last_pack is not None)
    assert not isValid(editor) or not editor.isVisible()  # closed (and deleted) once the pack is made
    notice = subprocess.run(["pdftotext", str(tmp_path / "pack" / "01-notice.pdf"), "-"], capture_output=True,
                            text=True).stdout
    assert "A neighbour saw Mr Marsh" in " ".join(notice.split())
    for box in window.findChildren(QMessageBox):
        box.close()
    settled(qtbot, ws)  # the notices list gains the pack, off the GUI thread
    notices.record_service()
    dialog = notices.dialog
    dialog.method.setCurrentIndex(dialog.method.findData("first_class_post"))
    dialog.at.setDateTime(QDateTime(datetime(2026, 11, 23, 9, 0)))
    dialog.by.setText("Tomasz Nowak")
    dialog.ok_button.click()
    settled(qtbot, ws)  # the case is re-read off the GUI thread, then the notices list shows the dates
    assert [notices.model.data(notices.model.index(0, c)) for c in (4, 5, 6)] == [
        "25/11/2026", "25/11/2026", "27/12/2027"]  # 12 months after the date sought (s83(3)): 27/12/2026, the end
    # of the first rent week (weeks run from Monday) ending at least 4 weeks after 25/11 (s83(5))

    bundle = tab.bundle
    tab.pages.setCurrentWidget(bundle)
    assert [bundle.checks.item(i).text() for i in range(bundle.checks.count())] == ["No problems found."]
    bundle.build(tmp_path / "bundle.pdf")
    qtbot.waitUntil(lambda: bundle.last_build is not None, timeout=60000)
    built = bundle.last_build
    text = subprocess.run(["pdftotext", str(tmp_path / "bundle.pdf"), "-"], capture_output=True, text=True).stdout
    assert WITNESS.surname not in text and "[withheld] saw" in text and "25/11/2026" in text
    assert bundle.dialog.preview.bookmarks.rowCount() == 1 + len(built.sections)  # the index, then each section
    bundle.dialog.close()
    for box in window.findChildren(QMessageBox):
        box.close()
    bundle.export_media(tmp_path / "disc")
    qtbot.waitUntil(lambda: (tmp_path / "disc" / "MANIFEST.txt").is_file())
    assert [p.name.startswith("ZW1 - NoiseApp_") for p in (tmp_path / "disc").glob("ZW1*")] == [True]


def test_the_court_ready_case_fits_a_1280_pixel_window_beside_the_whole_navigation(qtbot: QtBot, ctx: Context
                                                                                 ) -> None:
    """No tab of a case asks for so much width that the navigation is squeezed and its labels cut
    ("Due and ov"): a row of bundle options once did, on every case."""
    demo.generate(ctx.engine, 3, seed=7, today=FIXED_NOW.date())
    ref = prepare_court_case(ctx)
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    settled(qtbot, ws)
    qtbot.wait(50)
    assert window.nav.width() >= window.nav.sizeHintForColumn(0), "the navigation's labels are cut"
    assert ws.minimumSizeHint().width() + window.nav.sizeHintForColumn(0) + 24 <= 1280 - 40

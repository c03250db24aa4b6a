"""The desktop window over a real database, offscreen; and the real program in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.context import Context
from asb_desktop.services.inputs import ReportInput
from asb_desktop.ui.case_table_model import PAGE, CaseTableModel
from asb_desktop.ui.main_window import MainWindow


def _log(ctx: Context, n: int) -> None:
    svc = Services(ctx)
    for i in range(n):
        svc.cases.report(ReportInput.from_dict({
            "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
            "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": f"Person{i:04d}"}},
                        {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": f"Marsh{i}"}}],
        }))


def test_table_model_fetches_pages_lazily(ctx: Context) -> None:
    calls: list[tuple[int, int]] = []
    svc = Services(ctx)
    _log(ctx, 3)

    def fetch(search: str, sort: str, desc: bool, limit: int, offset: int):  # noqa: ANN202
        calls.append((limit, offset))
        rows = svc.queries.list_cases(search, sort=sort, descending=desc, limit=limit, offset=offset)
        return (rows * PAGE)[:PAGE] if offset == 0 and not search else rows  # a full first page

    model = CaseTableModel(fetch)
    model.reload("")
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert calls == [(PAGE, 0), (PAGE, PAGE)]
    model.reload("Person0001")
    assert model.rowCount() == 1 and not model.canFetchMore()
    assert model.data(model.index(0, 1)) == "Zoë Person0001"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Alleged perpetrator"


def test_main_window_lists_and_searches_cases(qtbot: QtBot, ctx: Context) -> None:
    _log(ctx, 5)
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    window.show()
    page = window.page("Team cases")
    assert page.model.rowCount() == 5
    qtbot.keyClicks(page.search, "Marsh3")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "ASB-2026-00004" in page.detail.toPlainText(), timeout=3000)
    due = window.page("Due and overdue")
    assert due.table.rowCount() >= 5
    assert due.table.item(0, 1).text() in ("OVERDUE", "Due")  # text as well as colour


def test_real_program_starts_shows_window_and_exits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ASB_DATA_DIR": str(tmp_path)}
    env.pop("ASB_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "asb_desktop", "--quit-after", "1500"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "asb.sqlite").exists()
    log = (tmp_path / "logs" / "asb.log").read_text()
    assert "first run: added 200 demo cases" in log

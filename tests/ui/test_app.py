"""The desktop window over a real database, offscreen; and the real program in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
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
    assert due.table.item(0, 0).text().startswith(("Overdue (", "Due today (", "Due this week ("))  # a group
    assert due.table.item(1, 1).text() in ("OVERDUE", "Due")  # text as well as colour


def test_real_program_starts_shows_window_and_exits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ASB_DATA_DIR": str(tmp_path)}
    env.pop("ASB_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "asb_desktop", "--quit-after", "1500"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "asb.sqlite").exists()
    log = (tmp_path / "logs" / "asb.log").read_text()
    assert "first run: added 200 demo cases" in log


def test_case_rows_say_overdue_high_risk_and_restricted_with_colour_icon_and_words(qapp: object) -> None:
    from datetime import datetime

    from asb_desktop.services.kernel.read_models import CaseRow
    from asb_desktop.ui.case_table_model import COLUMNS, row_flags

    now = datetime(2026, 12, 4, 10, 0)
    late = CaseRow(1, "ASB-2026-000001", "A", "B", "Noise", "high", "investigation", "Olu", datetime(2026, 12, 3, 9),
                   "first response", datetime(2026, 11, 1), 1, restricted=True)
    today = CaseRow(2, "ASB-2026-000002", "A", "B", "Noise", "low", "investigation", "Olu",
                    datetime(2026, 12, 4, 17), "contact", datetime(2026, 11, 1), 1)
    closed = CaseRow(3, "ASB-2026-000003", "A", "B", "Noise", "", "closed", "Olu", datetime(2026, 12, 1),
                     "contact", datetime(2026, 11, 1), 1)
    assert row_flags(late, now) == ["overdue", "high", "restricted"]
    assert row_flags(today, now) == ["today"] and row_flags(closed, now) == []
    model = CaseTableModel(lambda *_a: [late, today, closed], now=lambda: now)
    model.reload("")
    col = {key: i for i, (key, _t) in enumerate(COLUMNS)}
    due = model.index(0, col["next_due_at"])
    assert model.data(due) == "Overdue: 03/12/2026 first response"
    assert model.data(due, Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(due, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, col["risk_band"])) == "High"
    assert model.data(model.index(0, col["risk_band"]), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(0, col["reference"]), Qt.ItemDataRole.ToolTipRole) == "ASB-2026-000001 (restricted)"
    assert model.data(model.index(1, col["next_due_at"])).startswith("Due today: ")
    assert model.data(model.index(2, col["next_due_at"]), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(1, col["risk_band"]), Qt.ItemDataRole.DecorationRole) is None


def test_toolbar_starts_the_day_and_the_case_list_opens_on_open_cases(qtbot: QtBot, ctx: Context) -> None:
    _log(ctx, 2)
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    window.show()
    assert [a.text() for a in window.toolbar.actions()] == ["&New report…", "&Search", "Add &evidence…"]
    assert all(not a.icon().isNull() and a.toolTip() for a in window.toolbar.actions())
    assert all(not window.nav.item(i).icon().isNull() for i in range(window.nav.count()))
    window.search_action.trigger()
    assert window.stack.currentWidget() is window.page("Search")
    qtbot.waitUntil(lambda: window.page("Search").query.hasFocus(), timeout=3000)
    cases = window.page("Team cases")
    assert cases.filters["status"].currentData() == "open"
    window.set_dark(True)  # icons are repainted in the dark theme's text colour
    assert not window.nav.item(0).icon().isNull()
    window.set_dark(False)

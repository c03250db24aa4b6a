"""The strip above every case tab says where the case stands: reference, stage, what is next with days
left, risk, flags, officer and open tasks; Ctrl+PgDown / Ctrl+PgUp move between the case's tabs."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_workspace import open_ws

from asb_desktop.services.kernel.context import Context
from asb_desktop.ui.workspace.case_header import next_due, stage_of

NOW = datetime(2026, 11, 23, 10, 0)


def test_the_header_says_where_the_case_stands_and_keys_move_between_tabs(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    header = ws.header
    text = header.text()
    assert text.startswith(ws.reference)
    assert "Stage: Intake" in text and "Risk: " in text and "Open tasks: " in text
    assert f"Officer: {ws.detail.assigned_officer}" in text
    assert "Next: " in text and "(in " in text or "(today)" in text
    assert header.labels["flags"].text() == ""  # no flag on this case
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: header.labels["stage"].width() > 0)
    for key, label in header.labels.items():  # on a laptop screen every part is shown whole, not clipped away
        if label.text():
            assert label.width() >= label.sizeHint().width(), (key, label.width(), label.sizeHint().width())

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    first = ws.tabs.currentIndex()
    ws.tabs.currentWidget().setFocus()
    qtbot.keyClick(ws.tabs.currentWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert ws.tabs.currentIndex() == (first + 1) % ws.tabs.count()
    qtbot.keyClick(ws.tabs.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert ws.tabs.currentIndex() == first


def test_stage_deadline_and_flags_in_words() -> None:
    def case(**fields: object) -> Any:  # the fields of a CaseDetail the header reads
        base = {"reference": "ASB-1", "status": "active", "remedies": (SimpleNamespace(legal=False),),
                "next_due_at": datetime(2026, 11, 21, 9, 0), "next_due_label": "Complainant contact"}
        return SimpleNamespace(**{**base, **fields})

    detail = case()
    assert stage_of(detail) == "Non-legal action"
    assert stage_of(case(status="new")) == "Intake" and stage_of(case(status="closed")) == "Closed"
    text, kind = next_due(detail, NOW)
    assert text == "Next: Complainant contact, 21/11/2026 (OVERDUE by 2 days)" and kind == "overdue"
    text, kind = next_due(case(next_due_at=datetime(2026, 11, 24, 9, 0)), NOW)
    assert text.endswith("(in 1 day)") and kind == "warning"
    assert next_due(case(status="closed"), NOW) == ("Nothing due", None)

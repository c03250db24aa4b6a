"""The Qt binding itself: a known-bad build must fail here, not abort an officer's session."""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 released a reference to None on every call returning nothing;
    after enough calls Python aborts with "deallocating None" (pyproject pins PySide6 below 6.12)."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 50  # other threads may drop a few; the bug drops 500

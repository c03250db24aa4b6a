"""Waiting for a case workspace: after an edit it re-reads the case off the GUI thread, so a test waits
for that read to be shown before it looks at the tabs."""

from __future__ import annotations

from typing import Any


def settled(qtbot: Any, ws: Any, timeout: int = 10_000) -> None:
    """Wait until ``ws`` has shown every re-read its edits asked for."""
    qtbot.waitUntil(lambda: not ws.busy, timeout=timeout)

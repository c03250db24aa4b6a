"""Waiting for a case workspace: after an edit it re-reads the case off the GUI thread, and the tabs that
fetch more than the case (Evidence, Documents, Notices and bundle) fetch it off the GUI thread too, so a
test waits for all of that to be shown before it looks at the tabs."""

from __future__ import annotations

from typing import Any


def settled(qtbot: Any, ws: Any, timeout: int = 10_000) -> None:
    """Wait until ``ws`` has shown every re-read its edits asked for, and every tab its refreshes."""
    qtbot.waitUntil(lambda: not ws.busy and not any(page.busy for page in ws.pages.values()), timeout=timeout)

"""The inner tabs of a case workspace, in order. Adding a tab is one line in ``TABS``: its title and
where its ``WorkspaceTab`` subclass lives (``"module:Class"`` under ``asb_desktop.ui``; the class takes
the workspace and has ``load(detail)``).

Tabs are imported when the first case is opened, not when the window starts, so the evidence,
documents and court libraries stay out of the start-up path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import WorkspaceTab
    from .host import WorkspaceHost

TABS: list[tuple[str, str]] = [
    ("Summary", "workspace.summary_tab:SummaryTab"),
    ("People", "workspace.people_tab:PeopleTab"),
    ("Incidents", "workspace.incidents_tab:IncidentsTab"),
    ("Risk", "workspace.risk_tab:RiskTab"),
    ("Tasks and contacts", "workspace.contacts_tab:ContactsTab"),
    ("Interviews", "workspace.interviews_tab:InterviewsTab"),
    ("Remedies and legal", "workspace.remedies_tab:RemediesTab"),
    ("Evidence", "evidence.evidence_tab:EvidenceTab"),
    ("Documents", "documents.documents_tab:DocumentsTab"),
    ("Notices and bundle", "court.court_tab:CourtTab"),
    ("Closure", "workspace.closure_tab:ClosureTab"),
]


@cache
def tab_class(where: str) -> Callable[[WorkspaceHost], WorkspaceTab]:
    module, _, name = where.partition(":")
    return getattr(import_module(f"asb_desktop.ui.{module}"), name)


def tabs() -> list[tuple[str, Callable[[WorkspaceHost], WorkspaceTab]]]:
    """(title, tab class) for every registered tab, importing each on first use."""
    return [(title, tab_class(where)) for title, where in TABS]

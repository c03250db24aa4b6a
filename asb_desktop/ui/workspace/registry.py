"""The inner tabs of a case workspace, in order. Adding a tab is one line here: a title and a
``WorkspaceTab`` subclass (``__init__(ws)``, ``load(detail)``). Evidence and documents tabs are
added by those areas when they land."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .closure_tab import ClosureTab
from .contacts_tab import ContactsTab
from .incidents_tab import IncidentsTab
from .interviews_tab import InterviewsTab
from .people_tab import PeopleTab
from .remedies_tab import RemediesTab
from .risk_tab import RiskTab
from .summary_tab import SummaryTab

if TYPE_CHECKING:
    from .base import WorkspaceTab
    from .workspace import CaseWorkspace

TABS: list[tuple[str, Callable[[CaseWorkspace], WorkspaceTab]]] = [
    ("Summary", SummaryTab),
    ("People", PeopleTab),
    ("Incidents", IncidentsTab),
    ("Risk", RiskTab),
    ("Tasks and contacts", ContactsTab),
    ("Interviews", InterviewsTab),
    ("Remedies and legal", RemediesTab),
    ("Closure", ClosureTab),
]

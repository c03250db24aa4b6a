"""Read models the case queries return (rows of the case list, due items, timeline lines), shared by the
query service and the services that add to its lists, so none of them imports the query service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    complainant: str
    perpetrator: str
    categories: str
    risk_band: str
    status: str
    officer: str
    next_due_at: datetime | None
    next_due_label: str
    received_at: datetime
    version: int
    restricted: bool = False  # an employee case (5.9): team leaders and above only


@dataclass(frozen=True)
class DueItem:
    reference: str
    kind: str
    label: str
    due_at: datetime
    overdue: bool
    reason: str
    task_uid: str = ""  # a task's uid and version, so the due list can act on the task itself
    task_version: int = 0
    officer: str = ""  # the case's officer, so a team leader can filter the team's list by officer



@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of a case's timeline."""
    at: datetime
    kind: str
    text: str

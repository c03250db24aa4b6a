"""Which group a deadline falls in, the same on the Today page, the due list and the case list:
overdue (its time has passed), due today (before midnight), this week (within seven days) or later."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from .enums import TaskKind


class DueGroup(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this week"
    LATER = "later"

    @property
    def label(self) -> str:
        return {"overdue": "Overdue", "today": "Due today", "this week": "Due this week", "later": "Later"}[self.value]


def due_group(due_at: datetime, now: datetime) -> DueGroup:
    """The group of a deadline at ``due_at`` seen at ``now`` (both naive local times)."""
    if due_at < now:
        return DueGroup.OVERDUE
    midnight = datetime(now.year, now.month, now.day) + timedelta(days=1)
    if due_at < midnight:
        return DueGroup.TODAY
    if due_at < midnight + timedelta(days=6):
        return DueGroup.THIS_WEEK
    return DueGroup.LATER


_OTHER_KINDS = {
    "proposed_closure": "Proposed closure",
    "notice_proceedings": "Notice: proceedings may begin",
    "notice_lapses": "Notice lapses",
    "safeguarding_discussion": "Safeguarding discussion",
    "new_tenant_contact": "New-tenant contact",
}


def due_kind_label(kind: str) -> str:
    """The name a due item's kind goes by in the window's filter (a task's kind, or one of the others)."""
    if kind in _OTHER_KINDS:
        return _OTHER_KINDS[kind]
    try:
        return TaskKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()

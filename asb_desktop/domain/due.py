"""Which group a deadline falls in, the same on the Today page, the due list and the case list:
overdue (its time has passed), due today (before midnight), this week (within seven days) or later."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


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

"""Subject access requests (UK GDPR Art. 15): the one-month time limit of Art. 12(3).

The ICO counts the month from the day the request is received to the corresponding calendar date
in the next month; where that month has no such date (a request received on 31 January), the
deadline is the last day of the next month. Pure and Qt-free."""

from __future__ import annotations

import calendar
from datetime import date

from .enums import Role
from .rules import Check

#: who handles subject access requests (and sees them on the Today page)
SAR_ROLES = (Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR)


def sar_reference(row_id: int) -> str:
    """How a request is named everywhere (never by the person's name): SAR-0001."""
    return f"SAR-{row_id:04d}"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, the day clamped to the target month's length
    (what dateutil's relativedelta does, without the dependency)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sar_due_on(received_on: date) -> date:
    """The date by which a subject access request received on ``received_on`` must be answered."""
    return add_months(received_on, 1)


def days_left(due_on: date, today: date) -> int:
    """Days until the deadline (negative once it has passed)."""
    return (due_on - today).days


def may_mark_answered(disclosure_produced: bool) -> Check:
    """UK GDPR Art. 15: a request is answered by its disclosure, so it is marked answered only once the
    disclosure has been produced."""
    if not disclosure_produced:
        return Check(False, ["The request cannot be marked answered before its disclosure has been "
                             "produced (asb sar PERSON --out FOLDER)."])
    return Check(True, [])

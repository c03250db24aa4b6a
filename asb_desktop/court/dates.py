"""Deemed service (CPR 6.26) and the dates a notice's rules give: earliest proceedings, lapse.

Pure functions over dates; business days skip weekends and the bank holidays of the region
(``domain.workdays``). The notice period and lapse rules come from the notice type's data
(``forms/notices/*.toml``), so a change in the law is a data edit.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..domain.enums import LabelledEnum
from ..domain.workdays import add_working_days, is_working_day, next_working_day

CUT_OFF = time(16, 30)  # CPR 6.26: "before 4.30p.m."


class ServiceMethod(LabelledEnum):
    FIRST_CLASS_POST = "first_class_post"
    BY_HAND = "by_hand"  # delivered to the permitted address
    LETTERBOX = "letterbox"  # left at the permitted address
    PERSONAL = "personal"


@dataclass(frozen=True)
class DeemedService:
    served_on: date
    reason: str


def deemed_service(method: str | ServiceMethod, at: datetime, region: str = "ENG") -> DeemedService:
    """The date a document is deemed served under CPR 6.26, with the rule applied in words."""
    method = ServiceMethod(method)
    day = at.date()
    if method is ServiceMethod.FIRST_CLASS_POST:
        base = day if is_working_day(day, region) else next_working_day(day, region)
        due = add_working_days(base, 2, region).due
        why = ("posted first class on a business day: the second business day after posting" if base == day else
               "posted first class on a non-business day: the second business day after the next business day")
        return DeemedService(due, f"{why} (CPR 6.26).")
    how = {"by_hand": "delivered to the address", "letterbox": "left at the address",
           "personal": "served personally"}[method.value]
    if is_working_day(day, region) and at.time() < CUT_OFF:
        return DeemedService(day, f"{how} on a business day before 4.30pm: that day (CPR 6.26).")
    nxt = next_working_day(day + timedelta(days=1), region)
    when = "after 4.30pm" if is_working_day(day, region) else "on a day that is not a business day"
    return DeemedService(nxt, f"{how} {when}: the next business day (CPR 6.26).")


def add_months(day: date, months: int) -> date:
    """Calendar months on; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PeriodRule:
    """At least ``days`` calendar days, ``months`` calendar months and ``rental_periods`` rent periods
    after service (the longest wins); all zero means proceedings may begin immediately."""

    days: int = 0
    months: int = 0
    rental_periods: int = 0

    @property
    def immediate(self) -> bool:
        return not (self.days or self.months or self.rental_periods)

    def describe(self) -> str:
        if self.immediate:
            return "proceedings may begin immediately after service"
        parts = []
        if self.days:
            parts.append(f"{self.days} days")
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months > 1 else ''}")
        if self.rental_periods:
            parts.append(f"{self.rental_periods} full rental period{'s' if self.rental_periods > 1 else ''}")
        return "at least " + " or ".join(parts) + (", whichever is longer" if len(parts) > 1 else "") + \
            " after service"


@dataclass(frozen=True)
class LapseRule:
    """The notice ceases to be in force ``months`` after ``from_`` ("service" or "earliest")."""

    months: int
    from_: str = "service"

    def describe(self) -> str:
        start = "the date of service" if self.from_ == "service" else "the earliest date for proceedings"
        return f"proceedings must begin within {self.months} months of {start}"


def earliest_proceedings(served_on: date, rule: PeriodRule, rent_period_days: int = 7) -> date:
    """The first date proceedings may begin."""
    candidates = [served_on, served_on + timedelta(days=rule.days), add_months(served_on, rule.months)]
    if rule.rental_periods:
        if rent_period_days >= 28:  # monthly rent: a calendar month per period
            candidates.append(add_months(served_on, rule.rental_periods * max(1, round(rent_period_days / 30))))
        else:
            candidates.append(served_on + timedelta(days=rule.rental_periods * rent_period_days))
    return max(candidates)


def lapse_date(served_on: date, earliest: date, rule: LapseRule | None) -> date | None:
    if rule is None:
        return None
    return add_months(served_on if rule.from_ == "service" else earliest, rule.months)


@dataclass(frozen=True)
class NoticeDates:
    deemed_served_on: date
    deemed_reason: str
    earliest_proceedings_on: date
    lapses_on: date | None


def notice_dates(method: str, at: datetime, period: PeriodRule, lapse: LapseRule | None,
                 region: str = "ENG", rent_period_days: int = 7) -> NoticeDates:
    deemed = deemed_service(method, at, region)
    earliest = earliest_proceedings(deemed.served_on, period, rent_period_days)
    return NoticeDates(deemed.served_on, deemed.reason, earliest, lapse_date(deemed.served_on, earliest, lapse))

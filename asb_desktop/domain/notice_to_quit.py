"""The date a landlord's notice to quit could end a periodic tenancy, for the notices that may not name an
earlier date (s83(5) and s83ZA(10)(a) Housing Act 1985, s128(4) Housing Act 1996, s8(3A)(a) Housing Act 1988
for Ground 7A): "the date on which the tenancy could, apart from this Part, be brought to an end by notice to
quit given by the landlord on the same date as the notice".

A landlord's notice to quit a periodic tenancy must
  (a) be given not less than 4 weeks before the date on which it is to take effect (Protection from
      Eviction Act 1977 s5(1)(b));
  (b) be at least one full period of the tenancy long; and
  (c) expire at the end of a period of the tenancy (common law).

The strict reading is taken, so the date cannot be attacked as too early: the day the notice is given is not
counted (it is rarely a whole day), so the tenancy ends at the end of a day at least 28 days after it, and the
period at whose end it ends starts after that day (a notice given mid-period, or on the first day of a period,
still runs a whole period). The date is the last day of that period. (The common law may also let a notice
expire on the first day of a period, the "anniversary": Sidebotham v Holland [1895] 1 QB 378, Crate v Miller
[1947] KB 946. That reading can give an earlier date, by up to a period less a day; it is not relied on: a date
later than the law requires is always good, one earlier is not.)

Periods run from the tenancy's start date: a weekly tenancy that began on a Monday has periods Monday to
Sunday; a monthly one that began on the 16th runs from the 16th to the 15th; one that began on the 31st runs
from the last day of a shorter month. When the rent period or the start date is not recorded, the old rule is
used (4 weeks, or one period of the recorded length when only the start date is missing) and the result says
why the date is an assumption, so the officer can be told.

No Qt, no database: plain dates in, a date and words out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .enums import RentPeriod

FOUR_WEEKS = 28  # Protection from Eviction Act 1977 s5(1)(b): "not less than 4 weeks"
PERIOD_DAYS = {RentPeriod.WEEKLY: 7, RentPeriod.FORTNIGHTLY: 14, RentPeriod.FOUR_WEEKLY: 28}
ASSUMED = RentPeriod.WEEKLY  # the period assumed when none is recorded (the app's old rule)


def add_months(day: date, months: int) -> date:
    """Calendar months on; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class NoticeToQuitEnd:
    on: date  # the earliest date a notice to quit given on the day could end the tenancy
    exact: bool  # False: the rent period or start date is not recorded and the date is an assumption
    reason: str  # in plain words: how the date was found, or why it is an assumption and how to fix that


def period_start(start: date, period: RentPeriod, k: int) -> date:
    """The first day of period ``k`` (0: the one the tenancy began with)."""
    if period is RentPeriod.MONTHLY:
        return add_months(start, k)  # from the start day each time, so the 31st is not lost after February
    return start + timedelta(days=k * PERIOD_DAYS[period])


def period_end(start: date, period: RentPeriod, k: int) -> date:
    """The last day of period ``k``."""
    return period_start(start, period, k + 1) - timedelta(days=1)


def _first_period_after(day: date, start: date, period: RentPeriod) -> int:
    """The number of the first period that starts after ``day``."""
    if day < start:
        return 0
    if period is RentPeriod.MONTHLY:
        k = max(0, (day.year - start.year) * 12 + day.month - start.month - 1)
    else:
        k = (day - start).days // PERIOD_DAYS[period]
    while period_start(start, period, k) <= day:
        k += 1
    return k


def earliest_notice_to_quit_end(given_on: date, start: date | None, period: RentPeriod | str | None,
                                periods: int = 1) -> NoticeToQuitEnd:
    """The last day of the first period of the tenancy that starts after ``given_on`` (so a whole period runs
    after the day the notice is given; ``periods`` whole periods when a rule asks for more) and ends at least
    4 weeks (28 days) after it. See the module's note for the reading of the law."""
    periods = max(1, periods)
    rent = RentPeriod(period) if period else None
    earliest = given_on + timedelta(days=FOUR_WEEKS)
    if rent is None or start is None:
        assumed = rent or ASSUMED
        if assumed is RentPeriod.MONTHLY:
            whole = add_months(given_on, periods)
        else:
            whole = given_on + timedelta(days=periods * PERIOD_DAYS[assumed])
        if rent is None:
            why = ("the rent period of the tenancy is not recorded, so this date assumes a weekly tenancy: 4 weeks "
                   "after the notice is given, not the end of a rental period. Record the rent period and the "
                   "start date of the tenancy for an exact date (Notices and bundle tab: Change tenancy terms…; "
                   "or 'asb tenancy list' and 'asb tenancy set').")
        else:
            why = (f"the start date of the tenancy is not recorded, so the end of a {rent.label.lower()} rental "
                   f"period cannot be found: this date is 4 weeks or one full period after the notice is given, "
                   f"whichever is later, not the end of a rental period. Record the start date of the tenancy for "
                   f"an exact date (Notices and bundle tab: Change tenancy terms…; or 'asb tenancy set').")
        return NoticeToQuitEnd(max(earliest, whole), False, why[0].upper() + why[1:])
    k = _first_period_after(given_on, start, rent) + periods - 1
    while period_end(start, rent, k) < earliest:
        k += 1
    end = period_end(start, rent, k)
    first = period_start(start, rent, k - periods + 1)
    return NoticeToQuitEnd(end, True, (
        f"A notice to quit given on {given_on:%d/%m/%Y} could end this {rent.label.lower()} tenancy (periods run "
        f"from {_from_words(start, rent)}) on {end:%d/%m/%Y}: the end of the rental period that began on "
        f"{first:%d/%m/%Y}, the first that ends at least 4 weeks after the notice is given (Protection from "
        f"Eviction Act 1977 s5(1)) and runs {'a full period' if periods == 1 else f'{periods} full periods'} "
        f"after it (common law)."))


def _from_words(start: date, period: RentPeriod) -> str:
    if period is RentPeriod.MONTHLY:
        shorter = " (the last day of a shorter month)" if start.day > 28 else ""
        return f"the {_ordinal(start.day)} of each month{shorter}"
    return f"{start:%A}s, starting {start:%d/%m/%Y}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

"""The date a landlord's notice to quit could end a periodic tenancy (domain.notice_to_quit): at least 4 weeks
(Protection from Eviction Act 1977 s5(1)), a full period, and the end of a period (common law)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asb_desktop.domain.enums import RentPeriod
from asb_desktop.domain.notice_to_quit import (
    earliest_notice_to_quit_end,
    period_end,
    period_start,
)

W, F, FW, M = RentPeriod.WEEKLY, RentPeriod.FORTNIGHTLY, RentPeriod.FOUR_WEEKLY, RentPeriod.MONTHLY
MON = date(2026, 1, 5)  # a Monday: weekly periods Monday to Sunday


@pytest.mark.parametrize(("start", "period", "given_on", "expected"), [
    # weekly from a Monday: the period ends on Sundays
    (MON, W, date(2026, 3, 2), date(2026, 4, 5)),  # Mon (first day of a period): Sun 29/03 is only 27 days on
    (MON, W, date(2026, 3, 4), date(2026, 4, 5)),  # Wed: 4 weeks on is Wed 01/04, the period ends Sun 05/04
    (MON, W, date(2026, 3, 8), date(2026, 4, 5)),  # Sun, the last day of a period: exactly 4 weeks
    (MON, W, date(2026, 3, 1), date(2026, 3, 29)),  # Sun a week earlier: exactly 4 weeks
    (date(2026, 1, 7), W, date(2026, 3, 2), date(2026, 3, 31)),  # from a Wednesday: periods end on Tuesdays
    (MON, W, date(2026, 1, 1), date(2026, 2, 1)),  # given before the tenancy starts
    # fortnightly from Monday 05/01: periods end Sun 01/03, 15/03, 29/03, 12/04
    (MON, F, date(2026, 3, 4), date(2026, 4, 12)),  # Wed: 29/03 is before 01/04, so 12/04
    (MON, F, date(2026, 3, 1), date(2026, 3, 29)),  # the last day of a period: two periods, exactly 4 weeks
    (MON, F, date(2026, 3, 2), date(2026, 4, 12)),  # the first day of a period: 29/03 is 27 days on
    # four-weekly from Monday 05/01: periods end Sun 01/03, 29/03, 26/04
    (MON, FW, date(2026, 3, 1), date(2026, 3, 29)),  # the last day of a period: the next period is 4 weeks
    (MON, FW, date(2026, 3, 2), date(2026, 4, 26)),  # the first day: the period it is given in does not count
    (MON, FW, date(2026, 3, 16), date(2026, 4, 26)),  # mid-period: the next whole period
    # monthly from the 1st: periods are calendar months
    (date(2026, 1, 1), M, date(2026, 3, 1), date(2026, 4, 30)),  # the first day: March is not a full period after
    (date(2026, 1, 1), M, date(2026, 3, 15), date(2026, 4, 30)),  # mid-month: the whole of April
    (date(2026, 1, 1), M, date(2026, 3, 31), date(2026, 4, 30)),  # the last day of a period: April, 30 days on
    (date(2026, 1, 1), M, date(2026, 4, 3), date(2026, 5, 31)),  # April's end is only 27 days on
    (date(2026, 1, 1), M, date(2026, 2, 1), date(2026, 3, 31)),  # February is 28 days, but given on its first day
    (date(2026, 1, 1), M, date(2026, 1, 31), date(2026, 2, 28)),  # the last day: February ends exactly 4 weeks on
    # monthly from the 16th: periods run 16th to 15th
    (date(2026, 1, 16), M, date(2026, 3, 10), date(2026, 4, 15)),
    (date(2026, 1, 16), M, date(2026, 3, 15), date(2026, 4, 15)),  # the last day of a period
    (date(2026, 1, 16), M, date(2026, 3, 16), date(2026, 5, 15)),  # the first day of a period
    (date(2026, 1, 16), M, date(2026, 3, 20), date(2026, 5, 15)),
    # monthly from the 31st: a period starts on the last day of a shorter month (28/02, 30/04, ...)
    (date(2026, 1, 31), M, date(2026, 2, 27), date(2026, 3, 30)),  # the last day of the first period
    (date(2026, 1, 31), M, date(2026, 3, 1), date(2026, 4, 29)),  # the period from 31/03 ends 29/04
    (date(2026, 1, 31), M, date(2026, 5, 1), date(2026, 6, 29)),  # the period from 31/05 ends 29/06
    # leap-year February
    (date(2028, 1, 31), M, date(2028, 2, 28), date(2028, 3, 30)),  # the period from 29/02/2028 ends 30/03
    (date(2028, 1, 31), M, date(2028, 2, 29), date(2028, 4, 29)),  # given on 29/02, the first day of a period
    (date(2024, 2, 29), M, date(2025, 2, 1), date(2025, 3, 28)),  # began 29/02: in 2025 the period starts 28/02
    (date(2028, 1, 3), W, date(2028, 2, 1), date(2028, 3, 5)),  # weekly across 29/02/2028
    (date(2028, 1, 1), M, date(2028, 2, 1), date(2028, 3, 31)),  # February 2028 (29 days) is given in
    (date(2028, 1, 1), M, date(2028, 1, 31), date(2028, 2, 29)),  # the last day: February's end is 29 days on
])
def test_earliest_end_of_a_notice_to_quit(start: date, period: RentPeriod, given_on: date, expected: date) -> None:
    got = earliest_notice_to_quit_end(given_on, start, period)
    assert got.on == expected
    assert got.exact and "Protection from Eviction Act 1977 s5(1)" in got.reason
    assert f"{expected:%d/%m/%Y}" in got.reason


def test_the_periods_run_from_the_start_day() -> None:
    assert period_start(date(2026, 1, 31), M, 1) == date(2026, 2, 28)
    assert period_start(date(2026, 1, 31), M, 2) == date(2026, 3, 31)  # the 31st is not lost after February
    assert period_end(date(2026, 1, 16), M, 0) == date(2026, 2, 15)
    assert period_end(MON, W, 0) == date(2026, 1, 11)  # Sunday


def test_more_than_one_period() -> None:
    assert earliest_notice_to_quit_end(date(2026, 3, 10), date(2026, 1, 1), M, periods=2).on == date(2026, 5, 31)


@pytest.mark.parametrize(("start", "period", "given_on", "expected", "words"), [
    (None, None, date(2026, 3, 4), date(2026, 4, 1), "rent period of the tenancy is not recorded"),
    (MON, None, date(2026, 3, 4), date(2026, 4, 1), "assumes a weekly tenancy"),
    (None, W, date(2026, 3, 4), date(2026, 4, 1), "start date of the tenancy is not recorded"),
    (None, M, date(2026, 3, 10), date(2026, 4, 10), "end of a monthly"),  # a month is longer than 4 weeks
    (None, M, date(2026, 1, 31), date(2026, 2, 28), "Record the start date"),
])
def test_not_recorded_falls_back_and_says_so(start: date | None, period: RentPeriod | None, given_on: date,
                                             expected: date, words: str) -> None:
    got = earliest_notice_to_quit_end(given_on, start, period)
    assert got.on == expected and not got.exact
    assert words in got.reason and got.reason[0].isupper()


def test_the_period_as_stored_text() -> None:
    assert earliest_notice_to_quit_end(date(2026, 3, 4), MON, "weekly").on == date(2026, 4, 5)


def _brute(given_on: date, start: date, period: RentPeriod) -> date:
    """The definition, day by day: the first period end at least 28 days on whose period starts after."""
    day = given_on + timedelta(days=28)
    while True:
        k = 0
        while period_end(start, period, k) < day:
            k += 1
        if period_end(start, period, k) == day and period_start(start, period, k) > given_on:
            return day
        day += timedelta(days=1)


@given(st.dates(date(2020, 1, 1), date(2032, 12, 31)), st.integers(0, 900), st.sampled_from(list(RentPeriod)))
def test_agrees_with_the_definition(start: date, after: int, period: RentPeriod) -> None:
    given_on = start + timedelta(days=after)
    got = earliest_notice_to_quit_end(given_on, start, period).on
    assert got == _brute(given_on, start, period)
    assert (got - given_on).days >= 28

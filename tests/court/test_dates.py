"""Deemed service (CPR 6.26) and notice dates across weekends and England & Wales bank holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asb_desktop.court.dates import (
    LapseRule,
    PeriodRule,
    add_months,
    deemed_service,
    earliest_proceedings,
    notice_dates,
)
from asb_desktop.domain.workdays import is_working_day


@pytest.mark.parametrize(("method", "at", "expected"), [
    # CPR 6.26 first class post: the second day after posting if a business day, else the next business day
    ("first_class_post", datetime(2026, 12, 4, 10, 0), date(2026, 12, 7)),  # Fri -> Sun 6 -> Mon 7
    ("first_class_post", datetime(2026, 12, 24, 10, 0), date(2026, 12, 29)),  # Thu -> Sat 26; Mon 28 substitute
    ("first_class_post", datetime(2027, 3, 26, 10, 0), date(2027, 3, 30)),  # Good Friday -> Sun 28; Easter Mon
    ("first_class_post", datetime(2026, 11, 23, 18, 0), date(2026, 11, 25)),  # Mon -> Wed (time of day irrelevant)
    ("first_class_post", datetime(2026, 11, 21, 9, 0), date(2026, 11, 23)),  # Sat -> Mon 23, a business day
    ("next_day_service", datetime(2026, 12, 4, 10, 0), date(2026, 12, 7)),
    ("document_exchange", datetime(2026, 12, 23, 10, 0), date(2026, 12, 29)),  # Wed -> Fri 25 Christmas Day
    ("first_class_post", datetime(2026, 12, 23, 10, 0), date(2026, 12, 29)),
    ("first_class_post", datetime(2027, 3, 24, 10, 0), date(2027, 3, 30)),  # Wed -> Good Friday -> Tue 30
    # delivering to or leaving at a permitted address, personal service, email: before 4.30pm on a business day
    ("by_hand", datetime(2026, 12, 4, 16, 29), date(2026, 12, 4)),
    ("by_hand", datetime(2026, 12, 4, 16, 30), date(2026, 12, 7)),  # at 4.30pm: next business day
    ("letterbox", datetime(2026, 12, 5, 10, 0), date(2026, 12, 7)),  # Saturday morning: Monday
    ("personal", datetime(2026, 12, 5, 10, 0), date(2026, 12, 7)),
    ("personal", datetime(2026, 12, 24, 16, 0), date(2026, 12, 24)),
    ("personal", datetime(2026, 12, 24, 17, 0), date(2026, 12, 29)),
    ("email", datetime(2026, 12, 4, 17, 0), date(2026, 12, 7)),
    ("email", datetime(2027, 3, 26, 9, 0), date(2027, 3, 30)),
])
def test_cpr_6_26_table(method: str, at: datetime, expected: date) -> None:
    deemed = deemed_service(method, at)
    assert deemed.served_on == expected
    assert deemed.rule.startswith("CPR 6.26, ")


def test_by_hand_before_and_after_half_past_four() -> None:
    assert deemed_service("by_hand", datetime(2026, 11, 23, 16, 29)).served_on == date(2026, 11, 23)
    after = deemed_service("letterbox", datetime(2026, 11, 23, 16, 30))
    assert after.served_on == date(2026, 11, 24) and "after 4.30pm" in after.reason


def test_personal_service_on_good_friday_2027_is_the_tuesday_after_easter_monday() -> None:
    # Good Friday 26 Mar 2027, Easter Monday 29 Mar 2027 (England): next business day Tue 30 Mar.
    assert deemed_service("personal", datetime(2027, 3, 26, 11, 0)).served_on == date(2027, 3, 30)


def test_letterbox_on_christmas_eve_afternoon_is_29_december() -> None:
    assert deemed_service("letterbox", datetime(2026, 12, 24, 17, 0)).served_on == date(2026, 12, 29)


def test_section_8_ground_14_dates() -> None:
    dates = notice_dates("first_class_post", datetime(2026, 12, 24, 10, 0), PeriodRule(), LapseRule(12, "service"))
    assert dates.deemed_served_on == date(2026, 12, 29)
    assert dates.earliest_proceedings_on == date(2026, 12, 29)  # immediately
    assert dates.lapses_on == date(2027, 12, 29)


def test_introductory_notice_not_before_a_notice_to_quit_could_end_the_tenancy() -> None:
    rule = PeriodRule(days=28, rental_periods=1)
    served = date(2026, 1, 31)  # a Saturday
    assert earliest_proceedings(served, rule) == date(2026, 2, 28)  # not recorded: 4 weeks, weekly assumed
    assert earliest_proceedings(served, rule, date(2026, 1, 5), "weekly") == date(2026, 3, 1)  # a Sunday
    assert earliest_proceedings(served, rule, date(2026, 1, 1), "monthly") == date(2026, 2, 28)  # February's end
    assert earliest_proceedings(date(2026, 3, 1), rule, date(2026, 1, 16), "monthly") == date(2026, 4, 15)


def test_notice_dates_say_when_the_period_is_assumed() -> None:
    rule = PeriodRule(days=28, rental_periods=1)
    at = datetime(2026, 3, 2, 10, 0)  # Monday, by hand: served that day
    assumed = notice_dates("by_hand", at, rule, None, after=True)
    assert assumed.specified_on == date(2026, 3, 30) and "rent period of the tenancy is not recorded" in \
        assumed.period_note
    exact = notice_dates("by_hand", at, rule, None, after=True, start=date(2026, 1, 5), rent_period="weekly")
    assert exact.specified_on == date(2026, 4, 5) and exact.earliest_proceedings_on == date(2026, 4, 6)
    assert exact.period_note == ""
    assert notice_dates("by_hand", at, PeriodRule(), None).period_note == ""  # no notice-to-quit rule


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 15), 12) == date(2028, 12, 15)


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31))


@given(moments)
def test_deemed_date_is_always_a_business_day_on_or_after_the_day(at: datetime) -> None:
    for method in ("first_class_post", "next_day_service", "document_exchange", "by_hand", "letterbox",
                   "personal", "email"):
        served = deemed_service(method, at).served_on
        assert is_working_day(served) and served >= at.date()


@given(moments)
def test_post_is_the_second_day_after_or_the_next_business_day(at: datetime) -> None:
    served = deemed_service("first_class_post", at).served_on
    second = at.date() + timedelta(days=2)
    assert served >= second
    assert not any(is_working_day(second + timedelta(days=k)) for k in range((served - second).days))


@given(moments)
def test_hand_delivery_same_day_exactly_when_business_day_before_cut_off(at: datetime) -> None:
    served = deemed_service("by_hand", at).served_on
    same_day = is_working_day(at.date()) and at.time() < time(16, 30)
    assert (served == at.date()) == same_day
    if not same_day:
        gap = [at.date() + timedelta(days=k) for k in range(1, (served - at.date()).days)]
        assert not any(is_working_day(d) for d in gap)


@given(moments, st.integers(0, 60), st.integers(0, 3), st.integers(0, 2))
def test_earliest_date_meets_every_part_of_the_rule(at: datetime, days: int, months: int, periods: int) -> None:
    served = at.date()
    earliest = earliest_proceedings(served, PeriodRule(days, months, periods))
    assert earliest >= served + timedelta(days=days)
    assert earliest >= add_months(served, months)
    assert earliest >= served + timedelta(days=7 * periods)


def test_section_83_ground_2_lapses_twelve_months_after_the_date_sought_not_after_service() -> None:
    rule = LapseRule(12, "give_up")
    dates = notice_dates("first_class_post", datetime(2026, 12, 4, 10, 0), PeriodRule(), rule,
                         give_up_on=date(2027, 1, 8))
    assert dates.deemed_served_on == date(2026, 12, 7)  # Fri posting: Mon 7 Dec
    assert dates.earliest_proceedings_on == date(2026, 12, 7)  # may be begun immediately
    assert dates.give_up_on == date(2027, 1, 8) and dates.lapses_on == date(2028, 1, 8)
    assert notice_dates("first_class_post", datetime(2026, 12, 4, 10, 0), PeriodRule(), rule).lapses_on is None
    assert rule.describe() == "12 months after the date sought for giving up possession"


def test_the_date_sought_is_never_earlier_than_a_notice_to_quit_could_end_the_tenancy() -> None:
    """s83(5) Housing Act 1985: not earlier than a notice to quit given on the same date could end the tenancy."""
    from asb_desktop.domain.notice_rules import give_up_refusals

    served, ntq = date(2026, 12, 7), date(2027, 1, 4)
    assert give_up_refusals(ntq, served, ntq, True) == []
    refused = give_up_refusals(date(2027, 1, 3), served, ntq, True)[0]
    assert "earlier than 04/01/2027" in refused and "section 83(5)" in refused and "07/12/2026" in refused
    assert "does not specify a date" in give_up_refusals(ntq, served, ntq, False)[0]
    assert give_up_refusals(None, served, ntq, True) == []

"""The one-month time limit for a subject access request (UK GDPR Art. 12(3), ICO guidance)."""

from datetime import date

from asb_desktop.domain.sar import add_months, days_left, sar_due_on


def test_one_calendar_month_from_receipt() -> None:
    assert sar_due_on(date(2026, 9, 3)) == date(2026, 10, 3)
    assert sar_due_on(date(2026, 12, 15)) == date(2027, 1, 15)


def test_no_corresponding_date_is_the_last_day_of_the_next_month() -> None:
    assert sar_due_on(date(2027, 1, 31)) == date(2027, 2, 28)
    assert sar_due_on(date(2028, 1, 30)) == date(2028, 2, 29)
    assert sar_due_on(date(2026, 3, 31)) == date(2026, 4, 30)


def test_add_months_both_ways() -> None:
    assert add_months(date(2026, 5, 31), 72) == date(2032, 5, 31)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert days_left(date(2026, 10, 3), date(2026, 10, 5)) == -2

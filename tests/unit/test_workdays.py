from datetime import date, datetime

import pytest

from asb_desktop.domain.rules import response_deadline
from asb_desktop.domain.workdays import add_working_days, holiday_name, is_working_day, next_working_day


def test_first_working_day_after_christmas_eve_2026_is_29_december() -> None:
    # DOMAIN.md 9: Boxing Day (observed) is a separate entry; 25, 26, 27, 28 December are not working days.
    assert add_working_days(date(2026, 12, 24), 1).due == date(2026, 12, 29)


def test_easter_monday_and_summer_bank_holiday_need_the_subdivision() -> None:
    assert holiday_name(date(2026, 4, 6), "ENG") is not None  # Easter Monday
    assert holiday_name(date(2026, 8, 31), "ENG") is not None  # Summer bank holiday (England)
    assert holiday_name(date(2026, 8, 31), "SCT") is None  # Scotland's is in early August
    assert holiday_name(date(2026, 8, 3), "SCT") is not None


def test_weekends_are_skipped_and_named() -> None:
    result = add_working_days(date(2026, 11, 20), 1)  # Friday
    assert result.due == date(2026, 11, 23)
    assert [why for _, why in result.skipped] == ["weekend", "weekend"]
    assert not is_working_day(date(2026, 11, 21))
    assert next_working_day(date(2026, 11, 21)) == date(2026, 11, 23)


def test_unknown_region_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match="bank-holiday region"):
        add_working_days(date(2026, 1, 1), 1, "XXX")


@pytest.mark.parametrize(
    ("received", "serious", "high", "due"),
    [
        (datetime(2026, 11, 23, 9), False, False, date(2026, 11, 26)),  # Monday + 3
        (datetime(2026, 11, 23, 9), True, False, date(2026, 11, 24)),  # serious: 1
        (datetime(2026, 11, 23, 9), False, True, date(2026, 11, 24)),  # high risk: 1
        (datetime(2026, 12, 23, 16), False, False, date(2026, 12, 30)),  # over Christmas
        (datetime(2026, 4, 2, 12), True, False, date(2026, 4, 7)),  # Maundy Thursday -> after Easter Monday
    ],
)
def test_response_deadline(received: datetime, serious: bool, high: bool, due: date) -> None:
    d = response_deadline(received, serious, high)
    assert d.due.date() == due
    assert ("1 working day" in d.reason) == (serious or high)
    assert "5.3" in d.reason

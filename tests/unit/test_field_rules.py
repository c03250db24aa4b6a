"""The date and e-mail rules the wizard and the command line share (domain/field_rules.py)."""

from __future__ import annotations

from datetime import date

import pytest

from asb_desktop.domain.field_rules import NotADate, email_problem, read_day


@pytest.mark.parametrize("text", ["21/11/1984", "21-11-1984", "21.11.1984", "1984-11-21", " 21/11/1984 "])
def test_a_date_is_read_the_uk_way_or_iso(text: str) -> None:
    assert read_day(text) == date(1984, 11, 21)


def test_a_blank_date_is_none_and_a_single_digit_day_is_fine() -> None:
    assert read_day("  ") is None and read_day("1/2/2000") == date(2000, 2, 1)


@pytest.mark.parametrize(("text", "says"), [
    ("31/02/1990", "31/02/1990 is not a date: February 1990 has 28 days"),
    ("29/02/2023", "29/02/2023 is not a date: February 2023 has 28 days"),
    ("31/04/2026", "31/04/2026 is not a date: April 2026 has 30 days"),
    ("12/13/2026", "there is no month 13"),
    ("00/01/2026", "there is no day 0"),
    ("2026-02-30", "February 2026 has 28 days"),
    ("soon", "'soon' is not a real date; write it like 21/11/1984"),
    ("21/11/84", "write it like 21/11/1984"),
])
def test_a_day_that_does_not_exist_says_why(text: str, says: str) -> None:
    with pytest.raises(NotADate) as exc:
        read_day(text)
    assert says in str(exc.value)


def test_a_leap_day_is_a_date() -> None:
    assert read_day("29/02/2024") == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["ann@example.org", "a.b+case@mail.example.co.uk", "", "  o'neil@x-y.org "])
def test_sane_email_addresses_pass(text: str) -> None:
    assert email_problem(text) is None


@pytest.mark.parametrize(("text", "says"), [
    ("ann", "is not an e-mail address"),
    ("ann@", "is not a mail domain"),
    ("@example.org", "the part before the @ is not valid"),
    ("ann@example", "'example' is not a mail domain"),
    ("ann@@example.org", "is not an e-mail address"),
    ("ann smith@example.org", "is not an e-mail address"),
    ("ann..smith@example.org", "the part before the @"),
    ("ann@example..org", "is not a mail domain"),
    ("ann@-example.org", "is not a mail domain"),
])
def test_broken_email_addresses_say_what_is_wrong(text: str, says: str) -> None:
    problem = email_problem(text)
    assert problem is not None and says in problem and "name@example.org" in problem


def test_the_services_and_the_command_line_read_dates_and_emails_by_these_rules() -> None:
    from asb_desktop.services.kernel.errors import ValidationError
    from asb_desktop.services.kernel.inputs import PersonInput, parse_date

    assert parse_date("01/12/2026", "due") == parse_date("2026-12-01", "due") == date(2026, 12, 1)
    with pytest.raises(ValidationError) as exc:
        parse_date("31/02/2026", "due")
    assert exc.value.field == "due" and exc.value.problem == "31/02/2026 is not a date: February 2026 has 28 days"
    with pytest.raises(ValidationError) as bad:
        PersonInput(first_names="Ann", email="ann@home").validate("parties[0].person", date(2026, 11, 24))
    assert bad.value.field == "parties[0].person.email" and "'home' is not a mail domain" in bad.value.problem


def test_a_password_has_at_least_eight_characters() -> None:
    from asb_desktop.domain.field_rules import password_problem

    assert password_problem("seven77") == "must be at least 8 characters"
    assert password_problem("eight888") is None

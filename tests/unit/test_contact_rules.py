"""15.1 keeping in touch, first response timing and the safeguarding concern task, as pure rules."""

from __future__ import annotations

from datetime import datetime, timedelta

from asb_desktop.domain.contact_rules import (
    ContactMade,
    check_frequency,
    keeps_in_touch,
    last_kept_in_touch,
    next_contact,
)
from asb_desktop.domain.response import first_response_time, response_due
from asb_desktop.domain.safeguarding import concern_task_needed, is_safeguarding_task

OPENED = datetime(2026, 11, 2, 9, 0)


def test_frequency_is_at_least_fortnightly() -> None:
    assert check_frequency(None).allowed and check_frequency(1).allowed and check_frequency(14).allowed
    refused = check_frequency(15, "complainant.contact_frequency_days")
    assert not refused.allowed and refused.message.startswith("complainant.contact_frequency_days: 15 days")
    assert "fortnightly" in refused.message and "15.1" in refused.message
    assert not check_frequency(0).allowed


def test_a_letter_or_email_in_the_preferred_format_keeps_in_touch() -> None:
    assert keeps_in_touch("telephone", "spoke", None)
    assert keeps_in_touch("email", "sent", "email") and keeps_in_touch("letter", "sent", "letter")
    assert not keeps_in_touch("letter", "sent", "email")  # not the way they asked for
    assert not keeps_in_touch("email", "sent", None)
    assert not keeps_in_touch("telephone", "no_answer", "telephone")
    assert not keeps_in_touch("text_message", "left_message", "text_message")


def test_next_contact_runs_from_the_last_contact_that_kept_in_touch() -> None:
    contacts = [ContactMade(OPENED + timedelta(days=1), "telephone", "spoke"),
                ContactMade(OPENED + timedelta(days=5), "email", "sent"),
                ContactMade(OPENED + timedelta(days=6), "telephone", "no_answer")]
    assert last_kept_in_touch(contacts, "email") == OPENED + timedelta(days=5)
    assert last_kept_in_touch(contacts, "telephone") == OPENED + timedelta(days=1)
    assert next_contact(contacts, "email", OPENED, 7).due == OPENED + timedelta(days=12)
    assert next_contact([], None, OPENED, None).due == OPENED + timedelta(days=14)


def test_first_response_is_not_in_the_future_or_before_the_report() -> None:
    now = OPENED + timedelta(days=1)
    assert first_response_time(now, OPENED, now).allowed
    future = first_response_time(now + timedelta(minutes=1), OPENED, now)
    assert not future.allowed and "in the future" in future.message
    early = first_response_time(OPENED - timedelta(hours=1), OPENED, now)
    assert not early.allowed and "before the report" in early.message


def test_response_due_follows_the_serious_flag_and_the_risk_band() -> None:
    friday = datetime(2026, 11, 20, 10, 0)
    assert response_due(friday, False, None).due == datetime(2026, 11, 25, 23, 59, 59)
    assert response_due(friday, True, None).due == datetime(2026, 11, 23, 23, 59, 59)
    assert response_due(friday, False, "high").due == datetime(2026, 11, 23, 23, 59, 59)
    assert response_due(friday, False, "medium").due == datetime(2026, 11, 25, 23, 59, 59)


def test_a_safeguarding_concern_raises_one_referral_task() -> None:
    assert concern_task_needed(True, set()) and concern_task_needed(True, {"general"})
    assert not concern_task_needed(True, {"safeguarding_referral"}) and not concern_task_needed(False, set())
    assert is_safeguarding_task("domestic_abuse") and is_safeguarding_task("safeguarding_referral")
    assert not is_safeguarding_task("response")

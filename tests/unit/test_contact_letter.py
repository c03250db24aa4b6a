"""Procedure 7.6: the one rule counting failed contact attempts since the last successful contact."""

from __future__ import annotations

from datetime import datetime, timedelta

from asb_desktop.domain.contact_letter import Attempt, failed_contacts
from asb_desktop.domain.enums import ContactOutcome

F, S, L, SENT = ContactOutcome.NO_ANSWER, ContactOutcome.SPOKE, ContactOutcome.LEFT_MESSAGE, ContactOutcome.SENT
START = datetime(2026, 11, 2, 9)


def run(*outcomes: ContactOutcome) -> list[Attempt]:
    return [Attempt(START + timedelta(hours=i), o) for i, o in enumerate(outcomes)]


def test_two_failures_since_the_last_success_warrant_the_letter() -> None:
    assert not failed_contacts(run(F)).letter_warranted
    assert failed_contacts(run(F, L)).letter_due
    assert "7.6" in failed_contacts(run(F, L)).check.message
    assert not failed_contacts(run(F, S, F)).check.allowed
    assert failed_contacts(run(F, S, F, F)).letter_warranted
    assert not failed_contacts(run(F, SENT)).letter_warranted  # a letter is no attempt


def test_no_answer_no_answer_spoke_needs_no_letter() -> None:
    result = failed_contacts(run(F, F, S))
    assert result.count == 0 and not result.letter_warranted and not result.letter_due


def test_only_failures_after_the_last_success_are_listed_in_time_order() -> None:
    attempts = run(F, F, S, F, ContactOutcome.WRONG_NUMBER)
    result = failed_contacts(reversed(attempts))  # any order in, time order out
    assert result.failed == (attempts[3].at, attempts[4].at) and result.letter_warranted


def test_a_letter_sent_answers_the_failures_until_the_next_success() -> None:
    assert not failed_contacts(run(F, F, SENT)).letter_due
    assert failed_contacts(run(F, F, SENT)).letter_warranted  # it may still be reprinted
    assert not failed_contacts(run(F, F, SENT, F)).letter_due
    assert failed_contacts(run(F, F, SENT, S, F, F)).letter_due
    assert failed_contacts(run(SENT, F, F)).letter_due  # a letter before the failures answers nothing

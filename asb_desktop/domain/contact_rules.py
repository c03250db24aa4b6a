"""Keeping in touch with the complainant (15.1): at least fortnightly, by their preferred means,
on the agreed frequency.

A contact keeps in touch when the officer spoke to the complainant, or when a letter or email went
to them in the format they prefer. Every path that sets a frequency calls
:func:`check_frequency`; the due date comes from :func:`next_contact` for the case file, the due
list and the demo data alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from . import rules
from .enums import ContactMethod, ContactOutcome

WRITTEN = frozenset({ContactMethod.EMAIL.value, ContactMethod.LETTER.value})


@dataclass(frozen=True)
class ContactMade:
    """One contact with the complainant: when, how, and how it went."""

    at: datetime
    method: str
    outcome: str


def check_frequency(days: int | None, field: str = "contact_frequency_days") -> rules.Check:
    """15.1: an agreed frequency is between 1 and 14 days (at least fortnightly); none agreed is allowed."""
    if days is None:
        return rules.Check(True, ["No frequency agreed: the fortnightly minimum applies (15.1)."])
    if days < 1:
        return rules.Check(False, [f"{field}: must be at least 1 day."])
    if days > rules.MAX_CONTACT_INTERVAL_DAYS:
        return rules.Check(False, [f"{field}: {days} days is longer than the procedure allows; the complainant "
                                   f"is contacted at least fortnightly, so agree "
                                   f"{rules.MAX_CONTACT_INTERVAL_DAYS} days or fewer (15.1)."])
    return rules.Check(True, [f"Contact every {days} days (15.1)."])


def keeps_in_touch(method: str, outcome: str, preferred: str | None) -> bool:
    """Spoke to them by any means, or sent a letter or email in the format they prefer (15.1)."""
    if outcome == ContactOutcome.SPOKE.value:
        return True
    return outcome == ContactOutcome.SENT.value and method in WRITTEN and method == preferred


def last_kept_in_touch(contacts: Iterable[ContactMade], preferred: str | None) -> datetime | None:
    """The latest contact that kept the complainant in touch, or None."""
    return max((c.at for c in contacts if keeps_in_touch(c.method, c.outcome, preferred)), default=None)


def next_contact(contacts: Iterable[ContactMade], preferred: str | None, opened: datetime,
                 agreed_days: int | None) -> rules.Deadline:
    """When the complainant is next to be contacted (15.1)."""
    return rules.next_complainant_contact(last_kept_in_touch(contacts, preferred), opened, agreed_days)

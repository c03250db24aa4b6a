"""Procedure 7.6: after two failed attempts to contact the complainant, a letter or email sets out
what action can be taken. Failures are counted since the last successful contact ("spoke"); this
is the one place that counts them, for the contact log, the task list and the letter itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .enums import ContactOutcome
from .rules import Check

LETTER_AFTER = 2  # failed attempts since the last successful contact
LETTER_TEMPLATE = "failed_contact"  # the 7.6 letter: forms/letters/failed_contact.toml


@dataclass(frozen=True)
class Attempt:
    """One contact with the complainant: when, and how it went."""

    at: datetime
    outcome: ContactOutcome


@dataclass(frozen=True)
class FailedContacts:
    """The failed attempts since the last successful contact, and what 7.6 asks for."""

    failed: tuple[datetime, ...]  # in time order
    answered: bool  # a letter or email went out after the second of these failures

    @property
    def count(self) -> int:
        return len(self.failed)

    @property
    def letter_warranted(self) -> bool:
        """Two or more failures since the last success: the 7.6 letter may be written."""
        return self.count >= LETTER_AFTER

    @property
    def letter_due(self) -> bool:
        """The 7.6 letter is warranted and none has been sent yet for these failures."""
        return self.letter_warranted and not self.answered

    @property
    def check(self) -> Check:
        if self.letter_warranted:
            return Check(True, [f"{self.count} contact attempts have failed since the last successful contact: "
                                "send a letter or email setting out what action can be taken (procedure 7.6)."])
        return Check(False, [f"{self.count} failed attempt(s) since the last successful contact; the 7.6 letter "
                             f"follows {LETTER_AFTER}."])


def failed_contacts(attempts: Iterable[Attempt]) -> FailedContacts:
    """Count the failed attempts since the last successful contact (``attempts`` in any order; ties
    keep the order given). A letter or email sent is neither a success nor a failure."""
    failed: list[datetime] = []
    answered = False
    for attempt in sorted(attempts, key=lambda a: a.at):
        if attempt.outcome == ContactOutcome.SPOKE:
            failed, answered = [], False
        elif attempt.outcome.failed:
            failed.append(attempt.at)
        elif attempt.outcome == ContactOutcome.SENT and len(failed) >= LETTER_AFTER:
            answered = True
    return FailedContacts(tuple(failed), answered)


def letter_check(template_id: str, failed: FailedContacts) -> Check:
    """7.6: the failed-contact letter is written only after two failed attempts since the last successful
    contact; any other letter is not this rule's concern."""
    if template_id != LETTER_TEMPLATE or failed.letter_warranted:
        return Check(True, [])
    return Check(False, [f"This letter follows two failed contact attempts since the last successful contact "
                         f"(7.6); {failed.count} are recorded."])


def completes_letter_task(template_id: str) -> bool:
    """Writing the failed-contact letter answers the 7.6 task to send one."""
    return template_id == LETTER_TEMPLATE


def attempts_wording(failed: FailedContacts) -> str:
    """The failed attempts as the letter lists them: "3 December 2026 at 10:15, 4 December 2026 at 18:30"."""
    return ", ".join(f"{at.day} {at:%B %Y} at {at:%H:%M}" for at in failed.failed)

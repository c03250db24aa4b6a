"""The first response (5.3, 6.2): when it is due, and when it may be recorded as made.

:func:`response_due` is the one place the due date is decided from the case's flag and risk band;
intake, a change of the serious flag and a full risk assessment all call it, and the open
response task is moved with it."""

from __future__ import annotations

from datetime import datetime

from . import rules
from .enums import RiskBand


def response_due(received: datetime, serious: bool, risk_band: str | None, region: str = "ENG") -> rules.Deadline:
    """1 working day when serious or assessed high risk, otherwise 3 (5.3, 6.2)."""
    return rules.response_deadline(received, serious, risk_band == RiskBand.HIGH.value, region)


def first_response_time(at: datetime, received: datetime, now: datetime) -> rules.Check:
    """A first response is recorded at a time that has happened, and not before the report came in."""
    if at > now:
        return rules.Check(False, [f"The first response time {at:%d %B %Y %H:%M} is in the future; record it "
                                   "once it has been made."])
    if at < received:
        return rules.Check(False, [f"The first response time {at:%d %B %Y %H:%M} is before the report was "
                                   f"received ({received:%d %B %Y %H:%M})."])
    return rules.Check(True)

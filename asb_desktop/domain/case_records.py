"""6.3-6.4 (the police) and 7.7.2 / 8.4.2 (safeguarding discussed with a manager): what a record
needs, and when a safeguarding concern is still waiting for that discussion."""

from __future__ import annotations

from datetime import date


def police_advice_problems(advised_on: date | None, advised_by: str, today: date) -> list[tuple[str, str]]:
    """(field, problem) for advice to report to the police (6.3): when, and who gave the advice."""
    out = []
    if advised_on is None:
        out.append(("date", "say when the advice to report to the police was given"))
    elif advised_on > today:
        out.append(("date", "the advice cannot be given in the future"))
    if not advised_by.strip():
        out.append(("advised by", "say who advised reporting to the police"))
    return out


def police_report_problems(reported_on: date | None, manager: str, guidance_on: date | None, guidance: str,
                           today: date) -> list[tuple[str, str]]:
    """(field, problem) for the officer's own police report (6.4), made with a manager's guidance."""
    out = []
    if reported_on is None:
        out.append(("date", "say when the report was made to the police"))
    elif reported_on > today:
        out.append(("date", "the report cannot be made in the future"))
    if not manager.strip():
        out.append(("manager", "say which manager gave guidance on the report"))
    if guidance_on is None:
        out.append(("guidance date", "say when the manager gave the guidance"))
    elif guidance_on > today:
        out.append(("guidance date", "the guidance cannot be given in the future"))
    if not guidance.strip():
        out.append(("guidance", "write down the manager's guidance"))
    return out


def safeguarding_discussion_problems(manager: str, discussed_on: date | None, outcome: str,
                                     today: date) -> list[tuple[str, str]]:
    """(field, problem) for a safeguarding concern discussed with a manager (7.7.2, 8.4.2)."""
    out = []
    if not manager.strip():
        out.append(("manager", "say which manager the concern was discussed with"))
    if discussed_on is None:
        out.append(("date", "say when the concern was discussed"))
    elif discussed_on > today:
        out.append(("date", "the discussion cannot be in the future"))
    if not outcome.strip():
        out.append(("outcome", "write down what was decided"))
    return out


def safeguarding_discussion_due(safeguarding_concern: bool, discussions: int) -> bool:
    """A safeguarding concern is due for a discussion with a manager until one is recorded."""
    return safeguarding_concern and discussions == 0

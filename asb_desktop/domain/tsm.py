"""Tenant Satisfaction Measures for ASB (Regulator of Social Housing, Tenant Satisfaction Measures:
Technical Requirements; see docs/law.md):

NM01 (1) ASB cases opened per 1,000 homes and (2) ASB cases that involve hate incidents opened per
1,000 homes, in a reporting year that runs from 1 April to 31 March. A case is opened in response to a
report; further reports about the same party while a case is still open are not new cases; a report
received after that case was resolved is a new case.

TP12 "How satisfied or dissatisfied are you with your landlord's approach to handling anti-social
behaviour?" on a five-point scale; the proportion satisfied is very plus fairly satisfied over all who
answered. Never asked of an anonymous complainant, whose identity the landlord does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .enums import Satisfaction

TP12_QUESTION = ("How satisfied or dissatisfied are you with your landlord's approach to handling "
                 "anti-social behaviour?")
SATISFIED = frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.FAIRLY_SATISFIED})


def reporting_year(year: int) -> tuple[date, date]:
    """The TSM reporting year that starts on 1 April ``year``: (1 April, 31 March next year), both inclusive."""
    if not 2000 <= year <= 2100:
        raise ValueError(f"'{year}' is not a reporting year; give the year it starts in, like 2026 for 2026/27")
    return date(year, 4, 1), date(year + 1, 3, 31)


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class ReportedCase:
    """What NM01 needs to know of a case: when it was opened and resolved, whether it involves a hate
    incident, and who it is about (person ids of the alleged perpetrators; empty when unknown)."""

    reference: str
    received_at: datetime
    closed_at: datetime | None
    hate: bool
    perpetrators: frozenset[int]


@dataclass(frozen=True)
class Nm01Line:
    reference: str
    received_at: datetime
    counted: bool
    hate: bool
    reason: str


def nm01_lines(cases: Iterable[ReportedCase], year: int) -> list[Nm01Line]:
    """Every case received in the reporting year, each counted or not with the reason, oldest first.

    A case is not a new case when, at the moment it was received, another case about one of the same
    alleged perpetrators had been received earlier and was still open (not yet closed). A case whose
    perpetrator is unknown cannot be matched and counts."""
    start, end = reporting_year(year)
    every = sorted(cases, key=lambda c: (c.received_at, c.reference))
    lines: list[Nm01Line] = []
    for i, case in enumerate(every):
        if not start <= case.received_at.date() <= end:
            continue
        open_before = next((other for other in every[:i] if other.perpetrators & case.perpetrators
                            and (other.closed_at is None or other.closed_at > case.received_at)), None)
        if open_before is not None:
            lines.append(Nm01Line(case.reference, case.received_at, False, case.hate,
                                  f"a further report about the same party while {open_before.reference} was open "
                                  "(not a new case)"))
        else:
            lines.append(Nm01Line(case.reference, case.received_at, True, case.hate,
                                  "a new case" + (" involving a hate incident" if case.hate else "")))
    return lines


def per_thousand(count: int, homes: int) -> Decimal:
    """``count`` per 1,000 homes, to two decimal places (half up)."""
    if homes <= 0:
        raise ValueError("the number of homes owned must be a whole number above 0")
    return (Decimal(count) * 1000 / Decimal(homes)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def may_record_satisfaction(complainants_anonymous: Sequence[bool]) -> str:
    """Why TP12 cannot be recorded for this case ('' when it can): it needs a complainant who is known."""
    if not complainants_anonymous:
        return "The case has no complainant to ask about satisfaction (TP12)."
    if all(complainants_anonymous):
        return ("The complainant is anonymous: satisfaction (TP12) is never recorded for an anonymous "
                "complainant.")
    return ""


def percent_satisfied(answers: Iterable[Satisfaction]) -> Decimal | None:
    """Very or fairly satisfied over all answers, as a percentage to one decimal place (None if none)."""
    given = list(answers)
    if not given:
        return None
    happy = sum(1 for a in given if a in SATISFIED)
    return (Decimal(happy) * 100 / Decimal(len(given))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

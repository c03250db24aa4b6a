"""The intake decision for a new report (2024 5.3-5.9, 6.1, 6.2): who gets the case, whether the
triage makes a full risk assessment required, and when the first response is due.

The wizard's preview and the case service both call :func:`decide`, with what they know passed in,
so what the officer is shown is what the case will get."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from . import rules
from .enums import Role

_TAKES_REPORTS = frozenset({Role.OFFICER, Role.TEAM_LEADER, Role.MANAGER})
_LEADS = frozenset({Role.TEAM_LEADER, Role.MANAGER})


@dataclass(frozen=True)
class PropertyOnFile:
    """A property already on file at the report's address, as recorded."""

    scheme_name: str | None
    scheme_officer: rules.UserRef | None


@dataclass(frozen=True)
class IntakeDecision:
    assignment: rules.Assignment
    triage: rules.Check  # allowed: a full risk assessment (Appendix 1) is required
    deadline: rules.Deadline
    supported_housing: bool


def scheme_of(typed_name: str | None, typed_officer: rules.UserRef | None,
              on_file: PropertyOnFile | None) -> tuple[str | None, rules.UserRef | None]:
    """The scheme the case falls under: a property on file keeps its scheme name; a scheme officer
    typed in replaces the one recorded."""
    if on_file is None:
        return typed_name or None, typed_officer
    return on_file.scheme_name or None, typed_officer or on_file.scheme_officer


def decide(*, actor: rules.UserRef, requested: rules.UserRef | None, staff: Iterable[rules.UserRef],
           employee_involved: bool, typed_scheme_name: str | None, typed_scheme_officer: rules.UserRef | None,
           on_file: PropertyOnFile | None, triage_answers: Mapping[str, bool | None],
           triage_questions: Sequence[str], triage_threshold: int, received_at: datetime, serious: bool,
           region: str) -> IntakeDecision:
    """Decide a report's intake. ``staff`` are the active users; ``requested`` the officer asked for,
    if any (else an officer taking the report gets it); ``on_file`` the property already recorded at
    the address, if there is one."""
    if requested is None and actor.roles & _TAKES_REPORTS:
        requested = actor
    scheme_name, scheme_officer = scheme_of(typed_scheme_name, typed_scheme_officer, on_file)
    supported = bool(scheme_name)
    assignment = rules.assign(requested=requested, employee_involved=employee_involved,
                              supported_housing=supported, scheme_officer=scheme_officer,
                              team_leaders=[u for u in staff if u.roles & _LEADS])
    triage = rules.triage_outcome([triage_answers.get(q) for q in triage_questions], triage_threshold)
    deadline = rules.response_deadline(received_at, serious, False, region)
    return IntakeDecision(assignment, triage, deadline, supported)


def report_is_empty(categories: Sequence[str], summary: str, parties: int, incidents: int) -> str | None:
    """A report with nothing to act on - no category, no summary, no one involved and no incident - is
    refused, saying what is missing; any one of them is enough to log it (the rest can follow)."""
    if categories or summary.strip() or parties or incidents:
        return None
    return ("the report is empty: give at least one of a category, a summary of what happened, the people "
            "involved or an incident")

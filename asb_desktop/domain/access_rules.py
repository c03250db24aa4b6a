"""Who handles a case and who may take it over: 2024 5.9 (an employee is involved) and 2024 5.4-5.5
(supported housing). Each rule is one function, called by every path that can break it: intake,
adding a party, editing the flags, assignment, referral and the case-file import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .enums import PartyRole, Role
from .rules import RANK, Check, UserRef, assign, referral_from_scheme

# An officer giving evidence in their job (a professional witness) does not make a case "employee involved".
NOT_INVOLVING_ROLES = frozenset({PartyRole.PROFESSIONAL_WITNESS.value})
REFERRAL_TARGET_ROLES = frozenset({Role.OFFICER, Role.TEAM_LEADER, Role.MANAGER})


@dataclass(frozen=True)
class PartyFact:
    """What the rules need to know about one party on a case."""

    role: str
    is_employee: bool


@dataclass(frozen=True)
class EmployeeHandling:
    """What 2024 5.9 requires of a case now: restricted, and with whom."""

    officer: UserRef | None
    reason: str
    reassigned: bool


def involves_employee(parties: Iterable[PartyFact], colleague_harassed: bool) -> bool:
    """2024 5.9: an employee is a party (other than as a professional witness) or a colleague was harassed."""
    return colleague_harassed or any(p.is_employee and p.role not in NOT_INVOLVING_ROLES for p in parties)


def employee_handling(*, parties: Iterable[PartyFact], colleague_harassed: bool, already_restricted: bool,
                      assigned: UserRef | None, team_leaders: Iterable[UserRef]) -> EmployeeHandling | None:
    """2024 5.9 after any change to a case: None if nothing must change; otherwise the case must be
    restricted and held by a Team Leader or above (the current holder if they already are one)."""
    if not involves_employee(parties, colleague_harassed):
        return None
    chosen = assign(requested=assigned, employee_involved=True, supported_housing=False, scheme_officer=None,
                    team_leaders=team_leaders)
    reassigned = (chosen.officer.id if chosen.officer else None) != (assigned.id if assigned else None)
    if already_restricted and not reassigned:
        return None
    return EmployeeHandling(chosen.officer, chosen.reason, reassigned)


def may_take_case(*, target: UserRef, employee_involved: bool, supported_housing: bool,
                  scheme_officer: UserRef | None, scheme_attempts: int, referral: bool) -> Check:
    """2024 5.9 and 5.4-5.5: whether ``target`` may be given the case, by assignment or by referral.

    An employee-involved case stays with a Team Leader or above. A supported-housing case moves away
    from its scheme officer only after the scheme officer recorded an attempt to resolve it, and a
    referral goes to a Housing or Enforcement Officer (or above), never to a scheme officer.
    """
    reasons: list[str] = []
    if employee_involved and target.rank < RANK[Role.TEAM_LEADER]:
        reasons.append(f"{target.name} cannot take this case: an employee is involved, so it must stay with "
                       "a Team Leader or above (2024 5.9).")
    if referral and not supported_housing:
        reasons.append("Only a supported-housing case is referred on from the scheme officer (2024 5.5); "
                       "assign this case instead.")
    if referral and not target.roles & REFERRAL_TARGET_ROLES:
        reasons.append(f"{target.name} is not a Housing or Enforcement Officer: a supported-housing case is "
                       "referred on to a Housing or Enforcement Officer, not to a scheme officer (2024 5.5).")
    # An employee-involved case is held by Team Leaders (5.9), not by the scheme officer, so 5.5 governs
    # only referral there.
    moving_on = (supported_housing and not employee_involved and scheme_officer is not None
                 and target.id != scheme_officer.id)
    attempts = referral_from_scheme(scheme_attempts)
    if (moving_on or (referral and supported_housing)) and not attempts.allowed:
        holder = scheme_officer.name if scheme_officer else "the scheme officer"
        reasons.append(f"This supported-housing case stays with {holder}. {attempts.message}")
    if reasons:
        return Check(False, reasons)
    if referral or moving_on:
        return Check(True, [f"{target.name} may take the case. {attempts.message}"])
    return Check(True, [f"{target.name} may take the case."])


REPORT_TAKERS = frozenset({Role.OFFICER, Role.SCHEME_OFFICER, Role.TEAM_LEADER, Role.MANAGER})


def may_log_report(roles: Iterable[Role]) -> Check:
    """5.1: a report is logged by an officer, scheme officer, team leader or manager."""
    if not REPORT_TAKERS & set(roles):
        return Check(False, ["Only an officer, scheme officer, team leader or manager can log a report."])
    return Check(True, [])

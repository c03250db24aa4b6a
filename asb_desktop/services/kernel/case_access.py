"""The 2024 5.9 and 5.5 rules (domain/access_rules.py) applied to a stored case: every service that
can make a case employee-involved, or hand it to someone, calls these inside its own transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access_rules
from ...domain.enums import NoteKind, Role
from ...domain.rules import Check, UserRef
from ...storage.orm import Case, Note, User
from . import derived
from .context import Context


def ref_of(user: User) -> UserRef:
    return UserRef(user.id, user.full_name, frozenset(Role(r) for r in user.roles))


def party_facts(case: Case) -> list[access_rules.PartyFact]:
    return [access_rules.PartyFact(p.role, bool(p.person is not None and p.person.is_employee))
            for p in case.parties]


def team_leaders(s: Session) -> list[UserRef]:
    """Active users who can hold an employee-involved case (Team Leader or Manager)."""
    wanted = {Role.TEAM_LEADER.value, Role.MANAGER.value}
    return [ref_of(u) for u in s.scalars(select(User).where(User.active.is_(True))) if wanted & set(u.roles)]


def apply_employee_rule(ctx: Context, s: Session, case: Case, cause: str) -> str | None:
    """2024 5.9 after ``cause`` changed the case: restrict it and hand it to a Team Leader if an employee
    is now involved, with the reason in the audit trail. Returns that reason, or None if nothing changed."""
    s.flush()
    s.refresh(case, ["parties"])
    facts = party_facts(case)
    if not access_rules.involves_employee(facts, case.colleague_harassed):
        return None
    case.employee_involved = True
    holder = s.get(User, case.assigned_officer_id) if case.assigned_officer_id else None
    decision = access_rules.employee_handling(parties=facts, colleague_harassed=case.colleague_harassed,
                                              already_restricted=case.restricted,
                                              assigned=ref_of(holder) if holder else None,
                                              team_leaders=team_leaders(s))
    if decision is None:
        return None
    case.restricted = True
    case.assigned_officer_id = decision.officer.id if decision.officer else None
    case.assignment_reason = decision.reason
    ctx.audit(s, "change", "case", case.id, case.reference, f"{cause}: {decision.reason}", rule="2024 5.9",
              restricted=True, previous_officer=holder.username if holder else None,
              officer=decision.officer.name if decision.officer else None)
    return decision.reason


def scheme_attempts(s: Session, case: Case) -> int:
    return len(s.scalars(select(Note.id).where(Note.case_id == case.id,
                                               Note.kind == NoteKind.SCHEME_ATTEMPT.value)).all())


def may_take(s: Session, case: Case, target: User, *, referral: bool) -> Check:
    """2024 5.9 and 5.5 for handing ``case`` to ``target`` (by assignment or referral)."""
    scheme = derived.scheme_officer_of(s, case)
    scheme_user = s.get(User, scheme) if scheme else None
    return access_rules.may_take_case(
        target=ref_of(target), employee_involved=case.employee_involved or case.restricted,
        supported_housing=case.supported_housing, scheme_officer=ref_of(scheme_user) if scheme_user else None,
        scheme_attempts=scheme_attempts(s, case), referral=referral)

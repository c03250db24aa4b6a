"""What the wizard's side panel shows while the officer types: the 5.2 gaps, the response deadline
and the assignment, each with its reason. Plain Python over the same rules the case service applies,
so the preview and the case it creates agree."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain import access_rules, rules
from ...domain.enums import Role
from ...domain.forms import RiskForm
from ...services.access import Actor
from ...services.inputs import ReportInput, intake_gaps
from ...services.users import UserInfo


@dataclass(frozen=True)
class Preview:
    gaps: list[str]
    deadline: rules.Deadline
    assignment: rules.Assignment
    triage: rules.Check


def _ref(user: UserInfo) -> rules.UserRef:
    return rules.UserRef(user.id, user.full_name, frozenset(Role(r) for r in user.roles))


def preview(report: ReportInput, users: list[UserInfo], me: Actor, region: str, triage_form: RiskForm) -> Preview:
    active = [u for u in users if u.active]
    by_name = {u.username: u for u in active}
    requested = _ref(by_name[report.assign_to]) if report.assign_to in by_name else None
    if requested is None and me.roles & {Role.OFFICER, Role.TEAM_LEADER, Role.MANAGER}:
        requested = me.ref
    prop = report.property
    scheme_user = by_name.get(prop.scheme_officer or "") if prop else None
    employee = access_rules.involves_employee(
        [access_rules.PartyFact(str(p.role), bool(p.person and p.person.is_employee)) for p in report.parties],
        report.colleague_harassed)
    leaders = [_ref(u) for u in active if {Role.TEAM_LEADER.value, Role.MANAGER.value} & set(u.roles)]
    assignment = rules.assign(requested=requested, employee_involved=employee,
                              supported_housing=bool(prop and prop.scheme_name),
                              scheme_officer=_ref(scheme_user) if scheme_user else None, team_leaders=leaders)
    triage = rules.triage_outcome([report.triage.get(q) for q in triage_form.question_ids()], triage_form.threshold)
    deadline = rules.response_deadline(report.received_at, report.serious, False, region)
    return Preview(intake_gaps(report), deadline, assignment, triage)

"""What the wizard's side panel shows while the officer types: the 5.2 gaps, the response deadline
and the assignment, each with its reason. The decision is domain.intake.decide, the same function
the case service calls, so the preview and the case it creates agree."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain import access_rules, rules
from ...domain.enums import Role
from ...domain.forms import RiskForm
from ...domain.intake import PropertyOnFile, decide
from ...services.admin.users import UserInfo
from ...services.kernel.access import Actor
from ...services.kernel.inputs import ReportInput, intake_gaps


@dataclass(frozen=True)
class Preview:
    gaps: list[str]
    deadline: rules.Deadline
    assignment: rules.Assignment
    triage: rules.Check


def _ref(user: UserInfo) -> rules.UserRef:
    return rules.UserRef(user.id, user.full_name, frozenset(Role(r) for r in user.roles))


def preview(report: ReportInput, users: list[UserInfo], me: Actor, region: str, triage_form: RiskForm,
            on_file: PropertyOnFile | None = None) -> Preview:
    """``on_file`` is the property already recorded at the report's address, if any."""
    active = [u for u in users if u.active]
    by_name = {u.username: u for u in active}
    prop = report.property
    typed_officer = by_name.get(prop.scheme_officer or "") if prop else None
    decision = decide(
        actor=me.ref, requested=_ref(by_name[report.assign_to]) if report.assign_to in by_name else None,
        staff=[_ref(u) for u in active],
        employee_involved=access_rules.involves_employee(
            [access_rules.PartyFact(str(p.role), bool(p.person and p.person.is_employee)) for p in report.parties],
            report.colleague_harassed),
        typed_scheme_name=prop.scheme_name if prop else None,
        typed_scheme_officer=_ref(typed_officer) if typed_officer else None, on_file=on_file,
        triage_answers=report.triage, triage_questions=triage_form.question_ids(),
        triage_threshold=triage_form.threshold, received_at=report.received_at, serious=report.serious,
        region=region)
    return Preview(intake_gaps(report), decision.deadline, decision.assignment, decision.triage)

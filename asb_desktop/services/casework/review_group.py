"""The colleague review group (procedure 2024 5.9.1): for a case involving an employee (a restricted
case), the meeting of the line manager, Health and Safety, HR and the Housing Manager - who attended,
when, what they decided - and the escalation to the Director of Operations when they cannot agree.
Team leaders and above only; every record audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...domain.review_group import (
    DECISIONS,
    ESCALATE_TO,
    MEMBER_ROLES,
    review_group_allowed,
    review_group_problems,
)
from ...storage.orm import Case
from ...storage.orm_lettings import ReviewGroupMeeting
from ..kernel.access import require_role
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import RuleBlocked, ValidationError
from .tenancy_checks import _date

LEADERS = (Role.TEAM_LEADER, Role.MANAGER)


@dataclass(frozen=True)
class ReviewGroupInfo:
    uid: str
    case_reference: str
    met_on: date
    members: dict[str, str] = field(default_factory=dict)
    decision: str = ""
    decision_label: str = ""
    actions: str = ""
    escalated_to: str = ""
    escalated_on: date | None = None
    escalation_note: str = ""
    recorded_at: datetime | None = None


class ReviewGroupService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _restricted_case(self, s: Session, reference: str, doing: str) -> Case:
        require_role(self.ctx.actor, *LEADERS, doing=doing)
        case = open_case(self.ctx, s, reference, edit=True)
        check = review_group_allowed(case.reference, bool(case.restricted))
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        return case

    @staticmethod
    def _info(case: Case, row: ReviewGroupMeeting) -> ReviewGroupInfo:
        return ReviewGroupInfo(row.uid, case.reference, row.met_on, dict(row.members or {}), row.decision,
                               DECISIONS.get(row.decision, row.decision), row.actions, row.escalated_to,
                               row.escalated_on, row.escalation_note, row.created_at)

    def record(self, reference: str, met_on: str | date | None, members: dict[str, str], decision: str,
               actions: str = "", escalated_to: str = "", escalated_on: str | date | None = None,
               escalation_note: str = "") -> ReviewGroupInfo:
        """Record the meeting. ``members`` maps line_manager, health_and_safety, hr, housing_manager to
        names. A 'not_agreed' decision must carry the escalation to the Director of Operations."""
        met = _date(met_on, "date")
        if met is None:
            raise ValidationError("date", "give the date the review group met, like 2026-11-20")
        members = {k: (v or "").strip() for k, v in members.items()}
        problems = review_group_problems(members, decision, actions, escalated_to)
        if problems:
            raise ValidationError(*problems[0])
        escalated = _date(escalated_on, "escalated on")
        if met > self.ctx.now().date():
            raise ValidationError("date", "the meeting date is in the future: record it once the group has met")
        with self.ctx.session() as s:
            case = self._restricted_case(s, reference, "record the colleague review group")
            row = ReviewGroupMeeting(case_id=case.id, met_on=met, members=members, decision=decision,
                                     actions=actions.strip(), escalated_to=escalated_to.strip(),
                                     escalated_on=(escalated or self.ctx.now().date()) if decision == "not_agreed"
                                     else None, escalation_note=escalation_note.strip(),
                                     created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            summary = f"Colleague review group met {met:%d %B %Y}: {DECISIONS[decision]}"
            if decision == "not_agreed":
                summary += f"; escalated to {row.escalated_to} ({ESCALATE_TO})"
            changed(self.ctx, s, case, summary, "review_group", row.id)
            return self._info(case, row)

    def list(self, reference: str) -> list[ReviewGroupInfo]:
        require_role(self.ctx.actor, *LEADERS, doing="read the colleague review group")

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            rows = s.scalars(select(ReviewGroupMeeting).where(ReviewGroupMeeting.case_id == case.id)
                             .order_by(ReviewGroupMeeting.met_on, ReviewGroupMeeting.id))
            return [self._info(case, r) for r in rows]


__all__ = ["MEMBER_ROLES", "ReviewGroupInfo", "ReviewGroupService"]

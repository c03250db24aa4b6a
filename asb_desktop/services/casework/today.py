"""The officer's day in one read: what is overdue, due today and this week on my cases, evidence in the
inbox not yet linked, statements waiting for their witness, and for team leaders and managers the
approvals waiting for them and the restricted cases. Read only: nothing here writes, not even an audit
row (opening a case from the list does that)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import and_, exists, select

from ...domain.due import DueGroup, due_group
from ...domain.enums import CaseStatus, Role
from ...storage.orm import Assessment, Case, User
from ..kernel.access import visible_cases
from ..kernel.context import Context
from ..kernel.read_models import DueItem
from .queries import QueryService

#: who is asked to approve: notices and Appendix 2 sign-off (procedure 14.4) and closures
APPROVERS = frozenset({Role.TEAM_LEADER, Role.MANAGER})


@dataclass(frozen=True)
class TodayItem:
    """One line of the Today page: which case, what, why, and when it was due (if it has a date)."""

    reference: str
    what: str
    why: str = ""
    due_at: datetime | None = None
    task_uid: str | None = None
    task_version: int | None = None


@dataclass(frozen=True)
class Today:
    overdue: list[TodayItem] = field(default_factory=list)
    due_today: list[TodayItem] = field(default_factory=list)
    this_week: list[TodayItem] = field(default_factory=list)
    inbox: int = 0  # evidence items added but not linked to a case
    statements: list[TodayItem] = field(default_factory=list)
    approvals: list[TodayItem] = field(default_factory=list)
    restricted: list[TodayItem] = field(default_factory=list)
    approver: bool = False
    case_reviews: list[TodayItem] = field(default_factory=list)  # open cases that met the case review threshold
    # open subject access requests (UK GDPR Art. 15), one month to answer: team leaders and above
    subject_access: list[TodayItem] = field(default_factory=list)

    @property
    def attention(self) -> int:
        """The count shown beside Today in the navigation: what needs doing now."""
        return len(self.overdue) + len(self.due_today) + len(self.approvals)


def _item(d: DueItem) -> TodayItem:
    return TodayItem(d.reference, d.label, d.reason, d.due_at, d.task_uid, d.task_version)


class TodayService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def today(self) -> Today:
        # the court, documents and evidence tables are imported here, not at start-up: Today is the first page
        from ...storage.orm_court import Notice, NoticeApproval
        from ...storage.orm_documents import Statement
        from ...storage.orm_evidence import EvidenceItem, EvidenceLink

        now = self.ctx.now()
        groups: dict[DueGroup, list[TodayItem]] = {g: [] for g in DueGroup}
        for d in QueryService(self.ctx).due_items(mine=True, within_days=7):
            groups[DueGroup.OVERDUE if d.overdue else due_group(d.due_at, now)].append(_item(d))
        overdue, due_today, this_week = groups[DueGroup.OVERDUE], groups[DueGroup.TODAY], groups[DueGroup.THIS_WEEK]
        approver = bool(APPROVERS & self.ctx.actor.roles)
        with self.ctx.session() as s:
            seen = visible_cases(self.ctx.actor)
            is_open = Case.status != CaseStatus.CLOSED.value
            linked = exists().where(EvidenceLink.evidence_id == EvidenceItem.id)
            inbox = len(s.execute(select(EvidenceItem.id).where(~linked,
                                                                 EvidenceItem.added_by_id == self.ctx.actor.id)).all())
            statements = [TodayItem(ref, f"Statement {number} is final and waiting for the witness to sign",
                                    "Read it with the witness (Witness review) or send the review pack")
                          for ref, number in s.execute(
                              select(Case.reference, Statement.number).join(Case, Case.id == Statement.case_id)
                              .where(seen, is_open, Case.assigned_officer_id == self.ctx.actor.id,
                                     Statement.status == "final").order_by(Case.reference, Statement.number))]
            approvals: list[TodayItem] = []
            restricted: list[TodayItem] = []
            case_reviews: list[TodayItem] = []
            if approver:
                for ref, signed in s.execute(
                        select(Case.reference, Assessment.officer_signed_at).join(Case, Case.id == Assessment.case_id)
                        .where(seen, is_open, Assessment.kind == "peia", Assessment.officer_signed_at.is_not(None),
                               Assessment.manager_signed_at.is_(None)).order_by(Assessment.officer_signed_at)):
                    approvals.append(TodayItem(ref, "Appendix 2 to sign off",
                                               "The officer signed the assessment; the legal gate opens when a "
                                               "manager signs it off (procedure 14.4)", signed))
                approved = exists().where(NoticeApproval.case_id == Case.id)
                served = exists().where(Notice.case_id == Case.id)
                for ref, signed in s.execute(
                        select(Case.reference, Assessment.manager_signed_at).join(Case, Case.id == Assessment.case_id)
                        .where(seen, is_open, Assessment.kind == "peia", Assessment.manager_signed_at.is_not(None),
                               ~approved, ~served).order_by(Assessment.manager_signed_at)):
                    approvals.append(TodayItem(ref, "Notice to approve",
                                               "Appendix 2 is signed off and no notice has been approved yet", signed))
                for d in QueryService(self.ctx).due_items(within_days=0):
                    if d.kind == "proposed_closure":
                        approvals.append(TodayItem(d.reference, "Closure to decide", d.reason, d.due_at))
                officer = select(User.full_name).where(User.id == Case.assigned_officer_id).scalar_subquery()
                for ref, name in s.execute(select(Case.reference, officer).where(
                        seen, is_open, and_(Case.employee_involved)).order_by(Case.reference)):
                    restricted.append(TodayItem(ref, "Restricted: an employee is involved",
                                                f"With {name or 'no one yet'}"))
                for ref, at, why in s.execute(select(Case.reference, Case.case_review_at, Case.case_review_reason)
                                              .where(seen, is_open, Case.case_review_at.is_not(None))
                                              .order_by(Case.case_review_at, Case.reference)):
                    case_reviews.append(TodayItem(ref, "ASB case review threshold met", why, at))
        approvals.sort(key=lambda i: i.due_at or now)
        return Today(overdue, due_today, this_week, inbox, statements, approvals, restricted, approver,
                     case_reviews, self._subject_access(now))

    def _subject_access(self, now: datetime) -> list[TodayItem]:
        """Open subject access requests until each is marked answered, soonest due first."""
        from ...domain.sar import SAR_ROLES, sar_reference
        from ...storage.orm_privacy import SubjectAccessRequest as Sar

        if not set(SAR_ROLES) & self.ctx.actor.roles:
            return []
        out = []
        with self.ctx.session() as s:
            rows = s.execute(select(Sar.id, Sar.received_on, Sar.due_on, Sar.exported_at)
                             .where(Sar.answered_at.is_(None)).order_by(Sar.due_on, Sar.id)).all()
        for row_id, received_on, due_on, exported_at in rows:
            due = datetime.combine(due_on, time(23, 59))
            late = "OVERDUE: " if due < now else ""
            out.append(TodayItem(sar_reference(row_id), "Subject access request to answer",
                                 f"{late}due {due_on:%d/%m/%Y}, one month from receipt on {received_on:%d/%m/%Y} "
                                 "(UK GDPR Art. 12(3))" + ("" if exported_at else "; disclosure not produced yet"),
                                 due))
        return out

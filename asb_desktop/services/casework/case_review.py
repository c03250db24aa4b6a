"""ASB case review (Community Trigger) on every new report (issue 22).

``check_case_review`` is called by the intake (``CaseService.report``) and when a case is reopened or a
counter-allegation opened: it gathers the earlier reports about the same alleged perpetrator or the same
address, asks ``domain.case_review.check`` with the threshold for the organisation's region
(``forms/case_review.toml``), and when it is met flags the new case (``case_review_at`` and
``case_review_reason``) with an audit entry. The flag shows in the case header, on team leaders' Today
page and in the reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...domain import case_review
from ...domain.case_review import ReportFact
from ...domain.enums import PartyRole, Role
from ...storage.orm import Case, CaseCategory, CaseParty, Category
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.errors import ValidationError

REPORTING = (Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR)


def _facts(s: Session, cases: list[tuple[int, str, datetime, int | None, bool]]) -> dict[int, ReportFact]:
    ids = [c[0] for c in cases]
    perpetrators: dict[int, set[int]] = defaultdict(set)
    complainants: dict[int, set[str]] = defaultdict(set)
    for case_id, person_id, role, anonymous in s.execute(
            select(CaseParty.case_id, CaseParty.person_id, CaseParty.role, CaseParty.anonymous)
            .where(CaseParty.case_id.in_(ids))):
        if role == PartyRole.ALLEGED_PERPETRATOR.value and person_id is not None:
            perpetrators[case_id].add(person_id)
        elif role == PartyRole.COMPLAINANT.value:
            complainants[case_id].add(f"anonymous:{case_id}" if anonymous or person_id is None else str(person_id))
    hate = set(s.scalars(select(CaseCategory.case_id).join(Category).where(
        CaseCategory.case_id.in_(ids), Category.name.ilike("%hate%"))))
    return {cid: ReportFact(ref, received, frozenset(perpetrators[cid]), place, frozenset(complainants[cid]),
                            bool(flag) or cid in hate)
            for cid, ref, received, place, flag in cases}


def check_case_review(s: Session, ctx: Context, case: Case) -> list[str]:
    """Flag ``case`` when its report meets the case review threshold; returns the reasons ([] if not met)."""
    s.flush()
    threshold = case_review.threshold_for(ctx.region(s))
    start = case_review.months_before(case.received_at, threshold.window_months)
    own = _facts(s, [(case.id, case.reference, case.received_at, case.property_id, case.hate_related)])[case.id]
    same: list = []
    if own.perpetrators:
        same.append(Case.id.in_(select(CaseParty.case_id).where(
            CaseParty.role == PartyRole.ALLEGED_PERPETRATOR.value, CaseParty.person_id.in_(own.perpetrators))))
    if case.property_id is not None:
        same.append(Case.property_id == case.property_id)
    if not same and not own.hate:
        return []
    earlier = []
    if same:
        rows = s.execute(select(Case.id, Case.reference, Case.received_at, Case.property_id, Case.hate_related)
                         .where(or_(*same), Case.id != case.id, Case.received_at >= start,
                                Case.received_at <= case.received_at)).all()
        earlier = list(_facts(s, [tuple(r) for r in rows]).values())  # type: ignore[misc]
    reasons = case_review.check(threshold, own, earlier)
    if reasons:
        case.case_review_at = ctx.now()
        case.case_review_reason = "; ".join(reasons)
        ctx.audit(s, "flag", "case", case.id, case.reference,
                  f"ASB case review threshold met ({threshold.region}): {case.case_review_reason}",
                  threshold=threshold.title)
    return reasons


@dataclass(frozen=True)
class CaseReviews:
    since: date | None
    until: date | None
    flagged: list[tuple[str, datetime, str]] = field(default_factory=list)  # reference, when, why

    @property
    def count(self) -> int:
        return len(self.flagged)


class CaseReviewService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def flagged(self, since: date | None = None, until: date | None = None) -> CaseReviews:
        """Cases whose report met the case review threshold, flagged in the period."""
        require_role(self.ctx.actor, *REPORTING, doing="run the case review report")
        if since and until and until < since:
            raise ValidationError("until", "the end of the period is before its start")
        with self.ctx.session() as s:
            query = select(Case.reference, Case.case_review_at, Case.case_review_reason).where(
                Case.case_review_at.is_not(None))
            if since:
                query = query.where(Case.case_review_at >= datetime.combine(since, time()))
            if until:
                query = query.where(Case.case_review_at < datetime.combine(until + timedelta(days=1), time()))
            rows = [(ref, at, why) for ref, at, why in s.execute(query.order_by(Case.case_review_at, Case.reference))
                    if at is not None]
            self.ctx.audit(s, "view", "report", "case_reviews", None, "Ran the case review report", flagged=len(rows))
        return CaseReviews(since, until, rows)

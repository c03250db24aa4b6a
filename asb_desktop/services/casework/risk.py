"""Triage and the full risk assessment (Appendix 1), scored from the form definitions in forms/."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...domain import rules
from ...domain.enums import TaskKind
from ...domain.forms import FormError, load_risk_assessment, load_triage
from ...storage.orm import RiskAssessment, Task, User
from ..kernel import derived
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import ValidationError
from .cases import add_task, sync_response_deadline


@dataclass
class RiskResult:
    score: int
    band: str
    reason: str
    response_due_reason: str


@dataclass(frozen=True)
class CurrentRisk:
    """The case's current full assessment (the latest), or only its band when none is recorded."""

    band: str  # "" when the case has no band yet
    score: int | None = None
    assessed_at: datetime | None = None
    assessed_by: str = ""
    answers: dict[str, bool | None] = field(default_factory=dict)
    actions: tuple[str, ...] = ()
    notes: str = ""
    reason: str = ""

    @property
    def recorded(self) -> bool:
        return self.assessed_at is not None


class RiskService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def current(self, reference: str) -> CurrentRisk:
        """What the Risk tab opens on: the latest full assessment, with who made it and when."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            row = s.scalar(select(RiskAssessment).where(RiskAssessment.case_id == case.id,
                                                        RiskAssessment.kind == "full")
                           .order_by(RiskAssessment.created_at.desc(), RiskAssessment.id.desc()).limit(1))
            if row is None:
                return CurrentRisk(case.risk_band or "")
            by = s.get(User, row.created_by_id) if row.created_by_id else None
            answers: dict[str, Any] = dict(row.answers or {})
            return CurrentRisk(row.band, row.score, row.created_at, by.full_name if by else "", answers,
                               tuple(row.actions or ()), row.notes, row.reason)

    def triage(self, reference: str, answers: dict[str, bool | None]) -> rules.Check:
        form = load_triage()
        try:
            form.check_answers(answers)
        except FormError as exc:
            raise ValidationError("triage", str(exc)) from None
        check = rules.triage_outcome([answers.get(q) for q in form.question_ids()], form.threshold)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            case.triage_answers = dict(answers)
            case.full_risk_required = check.allowed
            if check.allowed and not derived.open_task_exists(s, case.id, TaskKind.FULL_RISK_ASSESSMENT) \
                    and case.risk_band is None:
                add_task(s, self.ctx, case, TaskKind.FULL_RISK_ASSESSMENT,
                         "Complete the full risk assessment (Appendix 1)", check.message,
                         case.response_due_at or self.ctx.now())
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "risk", case.id, case.reference, check.message, answers=answers)
        return check

    def assess(self, reference: str, answers: dict[str, bool | None], actions: list[str] | None = None,
               notes: str = "", kind: str = "full") -> RiskResult:
        """Score the full (Appendix 1) or colleague assessment; a high band tightens the response deadline."""
        form = load_risk_assessment()
        try:
            score, band, reason = form.score(answers)
        except FormError as exc:
            raise ValidationError("answers", str(exc)) from None
        known_actions = {a for a, _ in form.actions}
        unknown = sorted(set(actions or []) - known_actions)
        if unknown:
            raise ValidationError("actions", f"'{unknown[0]}' is not an outcome action; use one of "
                                  + ", ".join(sorted(known_actions)))
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            s.add(RiskAssessment(case_id=case.id, kind=kind, form_id=form.id, form_version=form.version,
                                 answers=dict(answers), score=score, band=band.value, reason=reason,
                                 actions=list(actions or []), notes=notes, created_at=self.ctx.now(),
                                 created_by_id=self.ctx.actor.id))
            due_reason = case.response_due_reason
            if kind == "full":
                case.risk_band = band.value
                d = sync_response_deadline(s, self.ctx, case)
                if d is not None:
                    due_reason = d.reason
            done_kind = TaskKind.FULL_RISK_ASSESSMENT if kind == "full" else TaskKind.COLLEAGUE_RISK_ASSESSMENT
            for task in s.scalars(select(Task).where(Task.case_id == case.id, Task.done_at.is_(None),
                                                     Task.kind == done_kind.value)):
                task.done_at = self.ctx.now()
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "create", "risk_assessment", case.id, case.reference, reason, score=score)
            return RiskResult(score, band.value, reason, due_reason)

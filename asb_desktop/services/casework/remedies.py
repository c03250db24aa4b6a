"""Remedies (13, 14) and the Appendix 2 sign-offs that open the way to legal action (14.1, 14.4)."""

from __future__ import annotations

from ...documents.appendices import load_peia
from ...domain import rules
from ...domain.appendix_rules import peia_sign_check
from ...domain.enums import CaseStatus, RemedyKind, RemedyStatus, Role
from ...domain.forms import FormError
from ...storage.orm import Assessment, Remedy
from ..kernel import derived
from ..kernel.access import require_role
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import RuleBlocked, ValidationError
from ..kernel.inputs import parse_enum
from ..kernel.legal_gate import latest_peia, legal_gate_for, peia_check


class RemedyService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def legal_gate(self, reference: str) -> rules.Check:

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            return legal_gate_for(s, case)

    def record(self, reference: str, kind: str, status: str = RemedyStatus.PROPOSED.value, notes: str = "") -> str:
        """Record a remedy. A legal one is refused, with every reason, until the gate is open."""
        kind = parse_enum(RemedyKind, kind, "kind")
        status = parse_enum(RemedyStatus, status, "status")
        legal = RemedyKind(kind).legal
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            if legal:
                gate = legal_gate_for(s, case)
                if not gate.allowed:
                    raise RuleBlocked(gate.reasons)
                if case.status != CaseStatus.CLOSED.value:
                    case.status = CaseStatus.LEGAL.value
            remedy = Remedy(case_id=case.id, kind=kind, legal=legal, status=status, decided_at=self.ctx.now(),
                            notes=notes, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(remedy)
            s.flush()
            changed(self.ctx, s, case, f"{RemedyKind(kind).label}: {RemedyStatus(status).label}", "remedy", remedy.id)
            return remedy.uid

    def record_exception(self, reference: str, reason: str) -> None:
        """14.1: risk of violence or evidence of crime in the property lets legal action come first."""
        if not reason.strip():
            raise ValidationError("reason", "say what the risk of violence or the evidence of crime is")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            case.legal_exception = reason.strip()
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "case", case.id, case.reference, f"14.1 exception recorded: {reason}")

    def peia_complete(self, reference: str, answers: dict) -> None:
        """Appendix 2 completed: the answers checked against forms/peia.toml and by the 14.4 rule; signing
        starts again."""
        if not isinstance(answers, dict) or not answers:
            raise ValidationError("answers", "Appendix 2 has no answers")
        try:
            load_peia().check_answers(answers)
        except FormError as exc:
            raise ValidationError("answers", str(exc)) from None
        check = peia_check(answers)
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            s.add(Assessment(case_id=case.id, kind="peia", answers=answers, completed_at=self.ctx.now(),
                             created_at=self.ctx.now(), created_by_id=self.ctx.actor.id))
            changed(self.ctx, s, case, "Appendix 2 completed", "assessment", case.id)

    def peia_sign(self, reference: str, as_manager: bool) -> str:
        """Officer signs first, then a manager signs off (14.4)."""
        if as_manager:
            require_role(self.ctx.actor, Role.MANAGER, doing="sign off Appendix 2 as manager")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            peia = latest_peia(s, case)
            completed = peia is not None and peia.completed_at is not None
            check = peia_sign_check(completed=completed, completeness=peia_check(peia.answers if peia else None),
                                    as_manager=as_manager, officer_signed=bool(peia and peia.officer_signed_at),
                                    officer_id=peia.officer_signed_by_id if peia else None,
                                    signer_id=self.ctx.actor.id)
            if not check.allowed or peia is None:
                raise RuleBlocked(check.reasons)
            if as_manager:
                peia.manager_signed_by_id, peia.manager_signed_at = self.ctx.actor.id, self.ctx.now()
                msg = "Appendix 2 signed off by the manager"
            else:
                peia.officer_signed_by_id, peia.officer_signed_at = self.ctx.actor.id, self.ctx.now()
                msg = "Appendix 2 signed by the officer"
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "assessment", peia.id, case.reference, msg)
            return msg

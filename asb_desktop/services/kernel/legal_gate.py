"""The way to legal action (procedure 13, 14.1, 14.4): non-legal remedies considered, or an exception
recorded, and Appendix 2 complete, proportionate and signed by the officer and a manager. Read from the
database here, decided by domain.rules.legal_gate and domain.appendix_rules; every area that can take a
case to court (notices, the case detail, documents) asks the same question here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import rules
from ...domain.appendix_rules import peia_completeness, peia_supports_action
from ...storage.orm import Assessment, Case, Remedy


def peia_check(answers: dict | None) -> rules.Check:
    """14.4: whether these Appendix 2 answers complete the organisation's form (forms/peia.toml)."""
    from ...documents.appendices import load_peia

    return peia_completeness(load_peia().questions, answers)


def peia_support(answers: dict | None) -> rules.Check:
    """14.4: whether a complete Appendix 2 concludes the action is proportionate."""
    from ...documents.appendices import load_peia

    return peia_supports_action(load_peia().questions, answers)


def latest_peia(s: Session, case: Case) -> Assessment | None:
    return s.scalar(select(Assessment).where(Assessment.case_id == case.id, Assessment.kind == "peia")
                    .order_by(Assessment.id.desc()).limit(1))


def peia_done(peia: Assessment | None) -> bool:
    """Appendix 2 saved as completed and, by the 14.4 rule, complete (a stored or imported row may not be)."""
    return bool(peia and peia.completed_at and peia_check(peia.answers).allowed)


def legal_gate_for(s: Session, case: Case) -> rules.Check:
    non_legal = s.scalar(select(Remedy.id).where(Remedy.case_id == case.id, Remedy.legal.is_(False)).limit(1))
    peia = latest_peia(s, case)
    complete = peia_done(peia)
    gate = rules.legal_gate(non_legal_considered=non_legal is not None, exception=case.legal_exception or None,
                            peia_complete=complete,
                            peia_officer_signed=bool(peia and peia.officer_signed_at),
                            peia_manager_signed=bool(peia and peia.manager_signed_at))
    if peia is not None and peia.completed_at is not None and not complete:
        return rules.Check(False, [*gate.reasons, *peia_check(peia.answers).reasons])
    if complete and peia is not None:
        support = peia_support(peia.answers)
        if not support.allowed:
            return rules.Check(False, [r for r in gate.reasons if not r.startswith("Legal action may proceed")]
                               + support.reasons)
    return gate

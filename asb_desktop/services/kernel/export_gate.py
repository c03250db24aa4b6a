"""The export gate (procedure 17): a case under court reporting restrictions leaves the system only
after a manager recorded an override. Every export of a case file to a third party (the case-file
export, the media disc, a bundle) calls ``export_check``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.publicity import restriction_banner
from ...storage.orm import Case
from ...storage.orm_lettings import PublicityRecord
from .access import Actor
from .errors import RuleBlocked


def live_records(s: Session, case: Case, kind: str) -> list[PublicityRecord]:
    return list(s.scalars(select(PublicityRecord).where(PublicityRecord.case_id == case.id,
                                                        PublicityRecord.kind == kind,
                                                        PublicityRecord.lifted_at.is_(None))
                          .order_by(PublicityRecord.id)))


def reporting_restrictions(s: Session, case: Case) -> list[str]:
    return [r.detail for r in live_records(s, case, "reporting_restriction")]


def export_check(s: Session, case: Case, actor: Actor) -> str:
    """Called by every export of a case file to a third party: with reporting restrictions in force the
    export is refused unless a manager recorded an override; returns the banner line ("" when none)."""
    restrictions = reporting_restrictions(s, case)
    if restrictions and not live_records(s, case, "export_override"):
        message = (f"Case {case.reference} has court reporting restrictions ({'; '.join(restrictions)}): it "
                   "cannot be exported unless a manager records an override with a reason (asb publicity override).")
        if actor.on_denied is not None:  # the refusal is audited in its own transaction
            actor.on_denied(message, case.reference)
        raise RuleBlocked([message])
    return restriction_banner(restrictions)

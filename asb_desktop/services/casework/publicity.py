"""Publicity about a case (procedure 17): a manager is consulted first; if anyone under 18 is involved,
legal advice is recorded first; court reporting restrictions are recorded on the case and obeyed -
publicity is refused while they stand, and the case-file export is refused unless a manager records an
override with a reason; the court bundle carries a prominent REPORTING RESTRICTIONS line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...domain.publicity import publicity_blockers, restriction_banner, under_18
from ...storage.orm import Case, CaseParty, Person
from ...storage.orm_lettings import PublicityRecord
from ..kernel.access import require_role
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import NotFound, RuleBlocked, ValidationError
from ..kernel.export_gate import live_records, reporting_restrictions
from .tenancy_checks import _date

KINDS = {
    "manager_consultation": "Manager consulted",
    "legal_advice": "Legal advice",
    "reporting_restriction": "Court reporting restriction",
    "publicity": "Publicity",
    "export_override": "Export override (manager)",
}


@dataclass(frozen=True)
class PublicityEntry:
    uid: str
    kind: str
    label: str
    detail: str
    by_name: str
    dated: date | None
    lifted: bool
    recorded_at: datetime


@dataclass(frozen=True)
class PublicityStatus:
    case_reference: str
    restrictions: list[str]
    banner: str
    manager_consulted: bool
    advice_recorded: bool
    anyone_under_18: bool
    blockers: list[str]
    export_override: bool
    entries: list[PublicityEntry] = field(default_factory=list)


def _under_18(s: Session, case: Case, on: date) -> bool:
    births = list(s.scalars(select(Person.date_of_birth).join(CaseParty, CaseParty.person_id == Person.id)
                            .where(CaseParty.case_id == case.id)))
    return under_18(births, on)


class PublicityService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def status(self, reference: str) -> PublicityStatus:

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            return self._status(s, case)

    def _status(self, s: Session, case: Case) -> PublicityStatus:
        restrictions = reporting_restrictions(s, case)
        consulted = bool(live_records(s, case, "manager_consultation"))
        advice = bool(live_records(s, case, "legal_advice"))
        young = _under_18(s, case, self.ctx.now().date())
        rows = s.scalars(select(PublicityRecord).where(PublicityRecord.case_id == case.id)
                         .order_by(PublicityRecord.id))
        entries = [PublicityEntry(r.uid, r.kind, KINDS.get(r.kind, r.kind), r.detail, r.by_name, r.dated,
                                  r.lifted_at is not None, r.created_at) for r in rows]
        return PublicityStatus(case.reference, restrictions, restriction_banner(restrictions), consulted, advice,
                               young, publicity_blockers(consulted, young, advice, restrictions),
                               bool(live_records(s, case, "export_override")), entries)

    def _add(self, reference: str, kind: str, detail: str, by_name: str = "", dated: str | date | None = None,
             under_18_declared: bool = False) -> PublicityStatus:
        if not detail.strip():
            raise ValidationError("detail" if kind != "export_override" else "reason",
                                  "say what was " + ("decided" if kind != "export_override" else "the reason"))
        if kind in ("manager_consultation", "legal_advice") and not by_name.strip():
            raise ValidationError("by", "name the " + ("manager consulted" if kind == "manager_consultation"
                                                       else "adviser (e.g. the legal team)"))
        when = _date(dated, "date") or self.ctx.now().date()
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            if kind == "publicity":
                status = self._status(s, case)
                blockers = publicity_blockers(status.manager_consulted,
                                              status.anyone_under_18 or under_18_declared,
                                              status.advice_recorded, status.restrictions)
                if blockers:  # audited in its own transaction, as every refusal is
                    if self.ctx.actor.on_denied is not None:
                        self.ctx.actor.on_denied("Publicity refused: " + "; ".join(blockers), case.reference)
                    raise RuleBlocked(["Publicity about this case cannot go ahead:"] + blockers)
            row = PublicityRecord(case_id=case.id, kind=kind, detail=detail.strip(), by_name=by_name.strip(),
                                  dated=when, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"{KINDS[kind]}: {row.detail}" + (f" ({row.by_name})" if row.by_name else ""),
                       "publicity", row.id)
            return self._status(s, case)

    def consult(self, reference: str, manager: str, detail: str, dated: str | date | None = None) -> PublicityStatus:
        return self._add(reference, "manager_consultation", detail, manager, dated)

    def advice(self, reference: str, adviser: str, detail: str, dated: str | date | None = None) -> PublicityStatus:
        return self._add(reference, "legal_advice", detail, adviser, dated)

    def restrict(self, reference: str, detail: str, dated: str | date | None = None) -> PublicityStatus:
        """Record a court reporting restriction (e.g. 'Section 45 YJCEA 1999: no identification of the
        youth'). From then on publicity is refused and the case-file export needs a manager's override."""
        return self._add(reference, "reporting_restriction", detail, "", dated)

    def publicise(self, reference: str, detail: str, dated: str | date | None = None,
                  under_18_declared: bool = False) -> PublicityStatus:
        return self._add(reference, "publicity", detail, "", dated, under_18_declared)

    def override_export(self, reference: str, reason: str) -> PublicityStatus:
        require_role(self.ctx.actor, Role.MANAGER, doing="override court reporting restrictions for an export")
        return self._add(reference, "export_override", reason)

    def lift(self, reference: str, uid: str, reason: str) -> PublicityStatus:
        """Lift a reporting restriction or withdraw an override (a manager, with a reason)."""
        require_role(self.ctx.actor, Role.MANAGER, doing="lift a reporting restriction or an override")
        if not reason.strip():
            raise ValidationError("reason", "say why (e.g. the court lifted the restriction on 2026-12-01)")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = s.scalar(select(PublicityRecord).where(PublicityRecord.case_id == case.id,
                                                         PublicityRecord.uid == uid.strip()))
            if row is None or row.kind not in ("reporting_restriction", "export_override"):
                raise NotFound("There is no such reporting restriction or override on this case.")
            if row.lifted_at is not None:
                raise ValidationError("id", "that one is already lifted")
            row.lifted_at = self.ctx.now()
            self.ctx.audit(s, "update", "publicity", row.id, case.reference,
                           f"{KINDS[row.kind]} lifted: {row.detail} - {reason.strip()}")
            return self._status(s, case)

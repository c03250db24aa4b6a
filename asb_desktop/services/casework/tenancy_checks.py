"""Prevention and lettings: the new-tenant contact (procedure 3.1) raised whenever a tenancy is
recorded, and pre-tenancy assessments (4.1-4.3) that the lettings team can read.

There is no lettings role: officers, team leaders and managers record assessments; team leaders and
managers (and the officer who recorded one) read them - that is the lettings view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import RentPeriod, Role, TenancyType
from ...domain.lettings import DECISIONS, pretenancy_problems
from ...storage.orm import Person, Property, Tenancy
from ...storage.orm_lettings import PreTenancyAssessment, TenancyContact
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.errors import NotFound, ValidationError
from ..kernel.inputs import parse_enum
from .case_view import HistoryCase
from .tenancy_contact import READERS, raise_new_tenant_contact

WRITERS = (Role.OFFICER, Role.TEAM_LEADER, Role.MANAGER)


@dataclass(frozen=True)
class TenancyContactInfo:
    uid: str
    tenant: str
    address: str
    tenancy_start: date | None
    not_before: date
    due_on: date
    reason: str
    done_at: datetime | None


@dataclass(frozen=True)
class PreTenancyInfo:
    uid: str
    applicant: str
    applicant_uid: str
    property_address: str
    history_found: tuple[HistoryCase, ...] = ()  # the applicant's ASB history as found when assessed
    risks: str = ""
    decision: str = ""
    decision_label: str = ""
    reason: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None


def _date(value: str | date | None, name: str) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(name, f"'{value}' is not a date like 2026-12-10") from None


def _person(s: Session, person_uid: str) -> Person:
    person = s.scalar(select(Person).where(Person.uid == person_uid.strip()))
    if person is None:
        raise NotFound("There is no such person on file (use the id from 'asb person find').")
    return person


class TenancyCheckService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # 3.1 -------------------------------------------------------------------------------------------
    def record_tenancy(self, person_uid: str, address: str, postcode: str, tenancy_type: str,
                       start: str | date | None, landlord_ref: str = "",
                       rent_period: str | None = None) -> TenancyContactInfo | None:
        """Record a tenancy; a new one raises the 3.1 contact (returned). Officers, team leaders, managers.

        ``rent_period``: weekly, fortnightly, four_weekly or monthly, the periods running from the start date
        (None: not recorded; notices then assume weekly and say so)."""
        require_role(self.ctx.actor, *WRITERS, doing="record a tenancy")
        if not address.strip():
            raise ValidationError("address", "give the property's address")
        types = [t.value for t in TenancyType]
        if tenancy_type not in types:
            raise ValidationError("tenancy type", f"'{tenancy_type}' is not one of {', '.join(types)}")
        period = parse_enum(RentPeriod, rent_period, "--rent-period") if rent_period else None
        start_on = _date(start, "start")
        if start_on is None:
            raise ValidationError("start", "give the date the tenancy starts, like 2026-12-10")
        with self.ctx.session() as s:
            person = _person(s, person_uid)
            prop = s.scalar(select(Property).where(Property.address == address.strip(),
                                                   Property.postcode == postcode.strip()))
            if prop is None:
                prop = Property(address=address.strip(), postcode=postcode.strip(), landlord_ref=landlord_ref)
                s.add(prop)
                s.flush()
            tenancy = Tenancy(property_id=prop.id, person_id=person.id, tenancy_type=tenancy_type,
                              start_date=start_on, landlord_ref=landlord_ref, rent_period=period)
            s.add(tenancy)
            s.flush()
            row = raise_new_tenant_contact(s, tenancy, self.ctx.now(), self.ctx.actor.id)
            self.ctx.audit(s, "create", "tenancy", tenancy.id, None,
                           f"Tenancy recorded for {person.display_name} at {prop.address} from {start_on:%d %B %Y}"
                           + (f"; new-tenant contact due by {row.due_on:%d %B %Y}" if row else ""))
            return self._contact(s, row) if row else None

    @staticmethod
    def _contact(s: Session, row: TenancyContact) -> TenancyContactInfo:
        tenancy = s.get(Tenancy, row.tenancy_id)
        assert tenancy is not None
        person, prop = s.get(Person, tenancy.person_id), s.get(Property, tenancy.property_id)
        return TenancyContactInfo(row.uid, person.display_name if person else "", prop.address if prop else "",
                                  tenancy.start_date, row.not_before, row.due_on, row.reason, row.done_at)

    def contacts_due(self, include_done: bool = False) -> list[TenancyContactInfo]:
        require_role(self.ctx.actor, *READERS, doing="see new-tenant contacts")
        with self.ctx.session() as s:
            stmt = select(TenancyContact).order_by(TenancyContact.due_on, TenancyContact.id)
            if not include_done:
                stmt = stmt.where(TenancyContact.done_at.is_(None))
            return [self._contact(s, r) for r in s.scalars(stmt)]

    def complete_contact(self, uid: str, note: str = "") -> TenancyContactInfo:
        """Mark the new-tenant contact made. Refused before week 4 (3.1 says 4-6 weeks)."""
        require_role(self.ctx.actor, *WRITERS, doing="record a new-tenant contact")
        with self.ctx.session() as s:
            row = s.scalar(select(TenancyContact).where(TenancyContact.uid == uid.strip()))
            if row is None:
                raise NotFound("There is no such new-tenant contact.")
            if row.done_at is not None:
                raise ValidationError("contact", "this new-tenant contact is already recorded as made")
            today = self.ctx.now().date()
            if today < row.not_before:
                raise ValidationError("date", f"the new-tenant contact is made 4-6 weeks after the tenancy starts: "
                                      f"not before {row.not_before:%d %B %Y} (procedure 3.1)")
            row.done_at, row.done_note = self.ctx.now(), note.strip()
            self.ctx.audit(s, "update", "tenancy_contact", row.id, None,
                           f"New-tenant contact made ({row.reason.split(':')[0]})")
            return self._contact(s, row)

    # 4.1-4.3 ---------------------------------------------------------------------------------------
    def add_assessment(self, person_uid: str, decision: str, reason: str, risks: str = "",
                       property_address: str = "") -> PreTenancyInfo:
        """Record a pre-tenancy assessment. The applicant's ASB history is looked up now (4.1, the same
        query as the People page) and kept with the assessment as found."""
        require_role(self.ctx.actor, *WRITERS, doing="record a pre-tenancy assessment")
        problems = pretenancy_problems(decision, reason, risks)
        if problems:
            raise ValidationError(*problems[0])
        from .queries import QueryService

        found = QueryService(self.ctx).open_person_history(person_uid).as_alleged_perpetrator
        history = [{"reference": c.reference, "status": c.status, "received_at": c.received_at.isoformat(),
                    "closure_reason": c.closure_reason, "categories": c.categories} for c in found]
        with self.ctx.session() as s:
            person = _person(s, person_uid)
            row = PreTenancyAssessment(person_id=person.id, property_address=property_address.strip(),
                                       history_found=history, risks=risks.strip(), decision=decision,
                                       reason=reason.strip(), created_at=self.ctx.now(),
                                       created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            self.ctx.audit(s, "create", "pretenancy_assessment", row.id, None,
                           f"Pre-tenancy assessment for {person.display_name}: {DECISIONS[decision]} "
                           f"({len(history)} ASB case(s) found)")
            return self._info(s, row)

    def _info(self, s: Session, row: PreTenancyAssessment) -> PreTenancyInfo:
        from ...storage.orm import User

        person = s.get(Person, row.person_id)
        by = s.get(User, row.created_by_id) if row.created_by_id else None
        return PreTenancyInfo(row.uid, person.display_name if person else "", person.uid if person else "",
                              row.property_address, _history(row.history_found), row.risks, row.decision,
                              DECISIONS.get(row.decision, row.decision), row.reason,
                              by.full_name if by else "", row.created_at)

    def assessments(self, person_uid: str | None = None) -> list[PreTenancyInfo]:
        """The lettings view: assessments (of one applicant, or all), newest first. Audited as a view."""
        require_role(self.ctx.actor, *READERS, doing="read pre-tenancy assessments")
        with self.ctx.session() as s:
            stmt = select(PreTenancyAssessment).order_by(PreTenancyAssessment.created_at.desc(),
                                                         PreTenancyAssessment.id.desc())
            if person_uid:
                stmt = stmt.where(PreTenancyAssessment.person_id == _person(s, person_uid).id)
            rows = list(s.scalars(stmt))
            if not self.ctx.actor.sees_everything:  # an officer reads the ones they recorded
                rows = [r for r in rows if r.created_by_id == self.ctx.actor.id]
            self.ctx.audit(s, "view", "pretenancy_assessment", person_uid or "", None,
                           f"Read {len(rows)} pre-tenancy assessment(s)")
            return [self._info(s, r) for r in rows]


def _history(saved: list[Any] | None) -> tuple[HistoryCase, ...]:
    """The history kept with an assessment (JSON, as it was found) read back as the read model."""
    return tuple(HistoryCase(h["reference"], h["status"], datetime.fromisoformat(h["received_at"]),
                             h.get("closure_reason"), h.get("categories") or "") for h in saved or [])

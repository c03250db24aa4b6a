"""Correcting a recorded tenancy's terms: its rent period and start date, from which the date a notice to
quit could end it is worked out (domain.notice_to_quit). ``asb tenancy add`` records a new tenancy; this
corrects one already on file, with the optimistic version check every editable record has.

Who may: officers, team leaders and managers (as record a tenancy). Reading the tenancies of a case needs
the right to see the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import PartyRole, RentPeriod, TenancyType
from ...domain.lettings import new_tenant_contact_window
from ...storage.orm import Person, Property, Tenancy
from ...storage.orm_lettings import TenancyContact
from ..kernel.access import require_role
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.court_facts import tenancy_rows
from ..kernel.errors import Conflict, NotFound, ValidationError
from .tenancy_checks import WRITERS

NOT_RECORDED = "not recorded"


class Keep(Enum):
    """Leave the rent period as it is (``set_tenancy_terms(rent_period=KEEP)``)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class TenancyRead:
    uid: str
    tenant: str
    address: str  # first line and postcode
    tenancy_type: str
    tenancy_type_label: str
    start: date | None
    end: date | None
    rent_period: str | None  # domain.enums.RentPeriod value; None: not recorded
    rent_period_label: str  # "Weekly", ..., or "not recorded"
    version: int
    relied_on: bool = False  # the tenancy the case's notices rely on today (court_facts.tenancy_of)
    why: str = ""  # how it was chosen ("the alleged perpetrator's tenancy", ...), on the relied-on one

    @property
    def summary(self) -> str:
        """One line for the officer: "secure, weekly rent, from 7 April 2025"."""
        rent = f"{self.rent_period.replace('_', '-')} rent" if self.rent_period else "rent period not recorded"
        start = f"from {self.start.day} {self.start:%B %Y}" if self.start else "start date not recorded"
        ended = f", ended {self.end.day} {self.end:%B %Y}" if self.end else ""
        return f"{self.tenancy_type_label.lower()}, {rent}, {start}{ended}"


def period_label(value: str | None) -> str:
    return RentPeriod(value).label if value else NOT_RECORDED


def parse_rent_period(value: str | None) -> str | None:
    """A rent period as typed ("weekly", "four-weekly", "Four weekly") -> its value; "", "none" or
    "not recorded" -> None. Anything else: ValidationError naming --rent-period."""
    text = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
    if text in ("", "none", "not_recorded"):
        return None
    if text not in {p.value for p in RentPeriod}:
        choices = ", ".join(p.value for p in RentPeriod)
        raise ValidationError("--rent-period", f"'{value}' is not one of: {choices} (or not_recorded)")
    return text


def _start(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("--start", f"'{value}' is not a date like 2025-04-07") from None


def _long(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else NOT_RECORDED


def _read(s: Session, t: Tenancy, relied_on: bool = False, why: str = "") -> TenancyRead:
    person, prop = s.get(Person, t.person_id), s.get(Property, t.property_id)
    address = ", ".join(p for p in ((prop.address.splitlines() or [""])[0], prop.postcode) if p) if prop else ""
    kind = TenancyType(t.tenancy_type).label if t.tenancy_type in {k.value for k in TenancyType} else t.tenancy_type
    return TenancyRead(t.uid, person.display_name if person else "", address, t.tenancy_type, kind, t.start_date,
                       t.end_date, t.rent_period, period_label(t.rent_period), t.version, relied_on,
                       why if relied_on else "")


class TenancyTermsService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def tenancies(self, reference: str) -> list[TenancyRead]:
        """The case's alleged perpetrators' tenancies and its property's, the one the notices rely on today
        (as ``court_facts.tenancy_of`` chooses) first. Audited as a view."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            chosen, why = tenancy_rows(s, case, self.ctx.now().date())
            perpetrators = [p.person_id for p in case.parties
                            if p.role == PartyRole.ALLEGED_PERPETRATOR.value and p.person_id is not None]
            found: list[Tenancy] = []
            if perpetrators:
                found += s.scalars(select(Tenancy).where(Tenancy.person_id.in_(perpetrators))).all()
            if case.property_id is not None:
                found += s.scalars(select(Tenancy).where(Tenancy.property_id == case.property_id)).all()
            first = chosen[0] if chosen else None
            seen: set[int] = set()
            ordered = [first] if first is not None else []
            ordered += sorted((t for t in found if first is None or t.id != first.id),
                              key=lambda t: (t.start_date is None, -(t.start_date or date.min).toordinal(), t.id))
            rows = []
            for t in ordered:
                if t.id not in seen:
                    seen.add(t.id)
                    rows.append(_read(s, t, t is first, why))
            self.ctx.audit(s, "view", "tenancy", "", case.reference,
                           f"Read the {len(rows)} tenancy(ies) of case {case.reference}")
            return rows

    def set_tenancy_terms(self, uid: str, *, rent_period: str | None | Keep = KEEP,
                          start: str | date | None = None, version: int) -> TenancyRead:
        """Correct a tenancy's rent period (None: not recorded; KEEP: unchanged) and start date (None:
        unchanged). ``version``: the tenancy's version as read; refused (Conflict) if it moved since.
        An open new-tenant contact (3.1) follows the start date. Nothing is written on any refusal."""
        require_role(self.ctx.actor, *WRITERS, doing="change a tenancy's terms")
        period = rent_period if isinstance(rent_period, Keep) else parse_rent_period(rent_period)
        start_on = _start(start)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValidationError("--version", f"'{version}' is not a version number (see 'asb tenancy list')")
        with self.ctx.session() as s:
            t = s.scalar(select(Tenancy).where(Tenancy.uid == (uid or "").strip()).with_for_update())
            if t is None:
                raise NotFound("There is no such tenancy on file (use the id from 'asb tenancy list').")
            current = _read(s, t)
            if t.version != version:
                raise Conflict(f"The tenancy of {current.tenant} at {current.address} was changed by someone else "
                               f"since you read it (it is now at version {t.version}, you had version {version}). "
                               "Nothing was saved: look at it again, then make your change again.")
            new_period = t.rent_period if isinstance(period, Keep) else period
            new_start = start_on or t.start_date
            if new_start is not None and t.end_date is not None and new_start > t.end_date:
                raise ValidationError("--start", f"the tenancy ended on {_long(t.end_date)}, so it cannot start "
                                      f"after that ({_long(new_start)})")
            changes: list[str] = []
            if new_period != t.rent_period:
                changes.append(f"rent period {period_label(t.rent_period)} -> {period_label(new_period)}")
            if new_start != t.start_date:
                changes.append(f"start {_long(t.start_date)} -> {_long(new_start)}")
            if not changes:
                return current
            old = {"rent_period": t.rent_period, "start": t.start_date.isoformat() if t.start_date else None}
            moved = self._move_contact(s, t, new_start) if new_start and new_start != t.start_date else ""
            t.rent_period, t.start_date = new_period, new_start
            s.flush()
            self.ctx.audit(s, "change", "tenancy", t.id, None,
                           f"Tenancy terms of {current.tenant} at {current.address} changed: " + "; ".join(changes)
                           + moved, old=old, new={"rent_period": new_period, "start": new_start.isoformat()
                                                  if new_start else None})
            return _read(s, t)

    @staticmethod
    def _move_contact(s: Session, t: Tenancy, start: date) -> str:
        """3.1: an open new-tenant contact is due 4-6 weeks after the (corrected) start date."""
        window = new_tenant_contact_window(start)
        moved = ""
        for row in s.scalars(select(TenancyContact).where(TenancyContact.tenancy_id == t.id,
                                                          TenancyContact.done_at.is_(None))):
            row.not_before, row.due_on, row.reason = window.not_before, window.due_on, window.reason
            moved = f"; new-tenant contact now due by {_long(window.due_on)}"
        return moved

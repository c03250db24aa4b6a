"""Procedure 3.1, called wherever a tenancy is recorded (the tenancy service, a report that records
one): kept apart from the tenancy service so the case service can call it without a cycle."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...domain.lettings import is_new_tenancy, new_tenant_contact_window
from ...storage.orm import Person, Property, Tenancy
from ...storage.orm_lettings import TenancyContact
from ..kernel.access import Actor
from ..kernel.read_models import DueItem

READERS = (Role.OFFICER, Role.TEAM_LEADER, Role.MANAGER)  # as the tenancy service: who sees the contacts


def raise_new_tenant_contact(s: Session, tenancy: Tenancy, now: datetime, actor_id: int | None) -> TenancyContact | None:
    """3.1, called wherever a tenancy is recorded: a new tenancy gets its contact, due at 6 weeks and not
    before 4. An old tenancy (window passed) or one with no start date gets none. Returns the row or None."""
    if not is_new_tenancy(tenancy.start_date, now.date()) or tenancy.start_date is None:
        return None
    if tenancy.id is None:
        s.flush()
    window = new_tenant_contact_window(tenancy.start_date)
    row = TenancyContact(tenancy_id=tenancy.id, not_before=window.not_before, due_on=window.due_on,
                         reason=window.reason, done_note="", created_at=now, created_by_id=actor_id)
    s.add(row)
    s.flush()
    return row


def new_tenant_contact_due_items(s: Session, actor: Actor, mine: bool, now: datetime,
                                 horizon: datetime) -> list[DueItem]:
    """3.1 on the due list (`asb due`, the Due page): each open new-tenant contact whose 4-6 week window
    opens within the horizon, due on its last day. Not about a case, so the reference is empty; the
    label names the tenant and the address. ``mine``: the contacts this person raised."""
    if not actor.roles & set(READERS):
        return []
    stmt = (select(TenancyContact, Person.first_names, Person.surname, Property.address)
            .join(Tenancy, Tenancy.id == TenancyContact.tenancy_id)
            .join(Person, Person.id == Tenancy.person_id).join(Property, Property.id == Tenancy.property_id)
            .where(TenancyContact.done_at.is_(None), TenancyContact.not_before <= horizon.date())
            .order_by(TenancyContact.due_on, TenancyContact.id).limit(2000))
    if mine:
        stmt = stmt.where(TenancyContact.created_by_id == actor.id)
    return [DueItem("", "new_tenant_contact",
                    f"New-tenant contact: {' '.join(n for n in (first, last) if n)}, {address.splitlines()[0]}",
                    datetime.combine(row.due_on, time(17, 0)), row.due_on < now.date(), row.reason, row.uid)
            for row, first, last, address in s.execute(stmt)]

"""Procedure 3.1, called wherever a tenancy is recorded (the tenancy service, a report that records
one): kept apart from the tenancy service so the case service can call it without a cycle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..domain.lettings import is_new_tenancy, new_tenant_contact_window
from ..storage.orm import Tenancy
from ..storage.orm_lettings import TenancyContact


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

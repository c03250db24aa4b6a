"""The dates of served notices on the due list. Apart from services/court/notices.py, which brings in the court
package, so the first page (Today) can list them without loading it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ...storage.orm import Case
from ...storage.orm_court import Notice
from .read_models import DueItem


def notice_due_items(s: Session, where: list[ColumnElement[bool]], now: datetime, horizon: datetime) -> list[Any]:
    """Dashboard items: the earliest date proceedings may begin and the date each served notice lapses."""
    today, last = now.date(), horizon.date()
    items: list[DueItem] = []
    stmt = (select(Case.reference, Notice.number, Notice.title, Notice.earliest_proceedings_on, Notice.lapses_on)
            .join(Case, Case.id == Notice.case_id)
            .where(*where, Notice.served_at.is_not(None)).order_by(Notice.earliest_proceedings_on).limit(2000))
    for ref, number, title, earliest, lapses in s.execute(stmt):
        if lapses is not None and lapses < today:
            continue
        if earliest is not None and today <= earliest <= last:
            items.append(DueItem(ref, "notice_proceedings", f"Proceedings may begin: notice {number}",
                                 datetime.combine(earliest, datetime.min.time()), False,
                                 f"{title}: the earliest date proceedings may begin."))
        if lapses is not None and lapses <= last:
            items.append(DueItem(ref, "notice_lapses", f"Notice {number} lapses", datetime.combine(
                lapses, datetime.min.time()), False, f"{title}: begin proceedings before this date or the notice "
                "lapses and a new one must be served."))
    return items

"""Tables for data protection (issue 22, migration 0009v_sar_retention): subject access requests
(UK GDPR Art. 15, answered within one month, Art. 12(3)) and legal holds that stop a case being
deleted under the retention schedule (Art. 5(1)(e))."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base, UidMixin


class SubjectAccessRequest(UidMixin, Base):
    """One request by a person for the data held about them. The row names the person only by their
    id (no copy of their name), and keeps the counts of what was disclosed, never the content."""

    __tablename__ = "subject_access_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[datetime | None] = mapped_column(DateTime)
    exports: Mapped[int] = mapped_column(Integer, default=0)
    disclosed: Mapped[dict[str, Any]] = mapped_column(default=dict)  # counts of what the last export held
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LegalHold(UidMixin, Base):
    """A hold on a case: while it is not cleared, the retention run never deletes the case."""

    __tablename__ = "legal_holds"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(DateTime)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    clear_reason: Mapped[str] = mapped_column(Text, default="")

"""Tables for prevention and lettings (procedure 3.1, 4.1-4.3), the colleague review group
(2024 5.9.1) and publicity (17). Created by migration 0008o_lettings_review_publicity."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base, CaseChild, UidMixin


class TenancyContact(UidMixin, Base):
    """3.1: the new-tenant contact raised when a tenancy is recorded: due in weeks 4-6."""

    __tablename__ = "tenancy_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    tenancy_id: Mapped[int] = mapped_column(ForeignKey("tenancies.id", ondelete="CASCADE"), index=True)
    not_before: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PreTenancyAssessment(UidMixin, Base):
    """4.1-4.3: an applicant's ASB history as found, the risks, the decision and why."""

    __tablename__ = "pretenancy_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    property_address: Mapped[str] = mapped_column(Text, default="")
    history_found: Mapped[list[Any]] = mapped_column(default=list)  # the case references (and status) found
    risks: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReviewGroupMeeting(CaseChild, Base):
    """2024 5.9.1: the colleague review group's meeting, decision and any escalation."""

    __tablename__ = "review_group_meetings"
    met_on: Mapped[date] = mapped_column(Date)
    members: Mapped[dict[str, Any]] = mapped_column(default=dict)  # role key -> name
    decision: Mapped[str] = mapped_column(String(20))
    actions: Mapped[str] = mapped_column(Text, default="")
    escalated_to: Mapped[str] = mapped_column(String(200), default="")
    escalated_on: Mapped[date | None] = mapped_column(Date)
    escalation_note: Mapped[str] = mapped_column(Text, default="")


class PublicityRecord(CaseChild, Base):
    """17: one entry in a case's publicity file - a manager consultation, legal advice, a court reporting
    restriction (made or lifted), a publicity item, or a manager's export override."""

    __tablename__ = "publicity_records"
    kind: Mapped[str] = mapped_column(String(30), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    by_name: Mapped[str] = mapped_column(String(200), default="")  # the manager / adviser named
    dated: Mapped[date | None] = mapped_column(Date)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)

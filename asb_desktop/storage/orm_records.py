"""Tables for the police (6.3-6.4), safeguarding discussions (7.7.2, 8.4.2) and information sharing
with partners under a protocol (12.1) - migration 0008n_police_sharing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base, CaseChild, UidMixin


class PoliceAdvice(CaseChild, Base):
    """6.3: someone was advised to report to the police."""

    __tablename__ = "police_advice"
    advised_on: Mapped[date] = mapped_column(Date)
    advised_by: Mapped[str] = mapped_column(String(200))
    advised_who: Mapped[str] = mapped_column(String(200), default="")  # who was advised (e.g. the complainant)
    police_reference: Mapped[str] = mapped_column(String(100), default="")


class PoliceReport(CaseChild, Base):
    """6.4: the officer's own report to the police, with the manager's guidance."""

    __tablename__ = "police_reports"
    reported_on: Mapped[date] = mapped_column(Date)
    police_reference: Mapped[str] = mapped_column(String(100), default="")
    manager_name: Mapped[str] = mapped_column(String(200))
    guidance_on: Mapped[date] = mapped_column(Date)
    guidance: Mapped[str] = mapped_column(Text)


class SafeguardingDiscussion(CaseChild, Base):
    """7.7.2 / 8.4.2: a safeguarding concern discussed with a manager."""

    __tablename__ = "safeguarding_discussions"
    manager_name: Mapped[str] = mapped_column(String(200))
    discussed_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text)


class PartnerProtocol(UidMixin, Base):
    """12.1: an information-sharing protocol agreed with a partner (organisation data)."""

    __tablename__ = "partner_protocols"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_name: Mapped[str] = mapped_column(String(200))
    protocol_reference: Mapped[str] = mapped_column(String(100))
    agreed_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class InformationShare(CaseChild, Base):
    """12.1: information on the case shared with a partner, under the protocol recorded for it."""

    __tablename__ = "information_shares"
    partner_name: Mapped[str] = mapped_column(String(200))
    protocol_id: Mapped[int] = mapped_column(ForeignKey("partner_protocols.id"))
    shared_on: Mapped[date] = mapped_column(Date)
    what: Mapped[str] = mapped_column(Text, default="")

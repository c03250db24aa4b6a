"""Tables for notices and court bundles (migration 0004_court)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base, CaseChild


class NoticeApproval(CaseChild, Base):
    """A manager's (or team leader's) approval to serve a notice of one type on the case."""

    __tablename__ = "notice_approvals"
    notice_type: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")


class Notice(CaseChild, Base):
    """A generated notice pack and, once recorded, its service and the dates that follow."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("case_id", "number"),)
    number: Mapped[int] = mapped_column(Integer)
    notice_type: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(Text)
    tenancy_type: Mapped[str | None] = mapped_column(String(30))
    fixed_term: Mapped[bool] = mapped_column(Boolean, default=False)
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("notice_approvals.id"))
    folder: Mapped[str] = mapped_column(Text)
    files: Mapped[list[Any]] = mapped_column(default=list)  # [{title, file, sha256}]
    served_method: Mapped[str | None] = mapped_column(String(30))
    served_at: Mapped[datetime | None] = mapped_column(DateTime)
    served_by: Mapped[str] = mapped_column(String(200), default="")
    deemed_served_on: Mapped[date | None] = mapped_column(Date)
    deemed_reason: Mapped[str] = mapped_column(Text, default="")
    earliest_proceedings_on: Mapped[date | None] = mapped_column(Date, index=True)
    lapses_on: Mapped[date | None] = mapped_column(Date, index=True)
    # issue 17 (migration 0009s_notice_service_rule)
    service_rule: Mapped[str] = mapped_column(Text, default="", server_default="")  # the rule the deemed date used
    agreement_rule: Mapped[str] = mapped_column(Text, default="", server_default="")  # agreement/statute rule text
    planned_method: Mapped[str | None] = mapped_column(String(30))  # service planned when the pack was made
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)
    specified_on: Mapped[date | None] = mapped_column(Date)  # the notice's "after [date]"
    signed_by_id: Mapped[int | None] = mapped_column(Integer)
    signed_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signed_by_role: Mapped[str] = mapped_column(String(30), default="", server_default="")
    # the date sought for the tenant to give up possession (s83(3)(a)(ii) Housing Act 1985; 0013g_notice_give_up)
    give_up_on: Mapped[date | None] = mapped_column(Date)


class AbsoluteCondition(CaseChild, Base):
    """The condition of the absolute ground (s84A Housing Act 1985 / Ground 7A Housing Act 1988) relied on:
    the conviction, finding or order, its court and date, the appeal's final determination if any, and the
    evidence (migration 0010a_absolute_condition). The latest row for a case is the one relied on."""

    __tablename__ = "absolute_conditions"
    condition: Mapped[int] = mapped_column(Integer)
    court: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    appeal_determined_on: Mapped[date | None] = mapped_column(Date)
    details: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")  # evidence uid or document title


class BundleFile(CaseChild, Base):
    """An external document added to the case's bundles (claim form, order ...), stored as PDF."""

    __tablename__ = "bundle_files"
    title: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(200), default="")
    original_name: Mapped[str] = mapped_column(Text, default="")
    stored_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    doc_date: Mapped[date | None] = mapped_column(Date)


class BundleVersion(CaseChild, Base):
    """One issued version of a case's bundle for a hearing: the stored PDF, its hash and its layout."""

    __tablename__ = "bundle_versions"
    __table_args__ = (UniqueConstraint("case_id", "hearing", "version"),)
    hearing: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    stored_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    entries: Mapped[list[Any]] = mapped_column(default=list)  # every document with its pages, all versions
    untexted_pages: Mapped[list[Any]] = mapped_column(default=list)

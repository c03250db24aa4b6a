"""SQLAlchemy 2 typed tables for the case file.

Datetimes are naive UK wall-clock time, as officers record them. Every row that is exchanged
between databases carries a ``uid`` (UUID text) so an exported case re-imports exactly.
ORM objects never leave the services layer: services return plain dataclasses or dicts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

# The base and shared columns live one module down (orm_base) so the area modules need not import
# this one; they are re-exported here, where every caller has always found them.
from .orm_base import NAMING as NAMING
from .orm_base import Base as Base
from .orm_base import CaseChild as CaseChild
from .orm_base import UidMixin as UidMixin
from .orm_base import new_uid as new_uid


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    initials: Mapped[str] = mapped_column(String(10), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    roles: Mapped[list[Any]] = mapped_column(default=list)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # PostgreSQL only: the user's own database role for reporting tools, held by row-level security
    # (storage/row_security.py, ``asb user db-role``)
    db_role: Mapped[str | None] = mapped_column(String(63))


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class ReferenceCounter(Base):
    """Next case number per year; an UPDATE on this row serialises concurrent case creation."""

    __tablename__ = "reference_counters"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Person(UidMixin, Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40), default="")
    first_names: Mapped[str] = mapped_column(String(200), default="")
    surname: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(12), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    preferred_contact_method: Mapped[str | None] = mapped_column(String(30))
    contact_frequency_days: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(60), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    vulnerabilities: Mapped[str] = mapped_column(Text, default="")
    is_employee: Mapped[bool] = mapped_column(Boolean, default=False)
    occupation: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_names, self.surname) if p).strip()


class Property(UidMixin, Base):
    __tablename__ = "properties"
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(12), default="")
    landlord_ref: Mapped[str] = mapped_column(String(60), default="")
    scheme_name: Mapped[str | None] = mapped_column(String(200))
    scheme_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class Tenancy(UidMixin, Base):
    __tablename__ = "tenancies"
    id: Mapped[int] = mapped_column(primary_key=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("properties.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    tenancy_type: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    landlord_ref: Mapped[str] = mapped_column(String(60), default="")
    # domain.enums.RentPeriod; None: not recorded. Periods run from start_date (domain.notice_to_quit).
    rent_period: Mapped[str | None] = mapped_column(String(20))
    # Optimistic check (migration 0014r): a change made from an older copy is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Case(UidMixin, Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    closure_reason: Mapped[str | None] = mapped_column(String(40))
    closure_note: Mapped[str] = mapped_column(Text, default="")
    complainant_satisfaction: Mapped[str | None] = mapped_column(String(30))  # TP12, asked at closure
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    assigned_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assignment_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    property_id: Mapped[int | None] = mapped_column(ForeignKey("properties.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # Flags
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    employee_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    colleague_harassed: Mapped[bool] = mapped_column(Boolean, default=False)
    domestic_abuse: Mapped[bool] = mapped_column(Boolean, default=False)
    hate_related: Mapped[bool] = mapped_column(Boolean, default=False)
    safeguarding_concern: Mapped[bool] = mapped_column(Boolean, default=False)
    crime_reported: Mapped[bool] = mapped_column(Boolean, default=False)
    police_reference: Mapped[str] = mapped_column(String(60), default="")
    supported_housing: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)  # employee case: team leader and above
    anonymous_checklist: Mapped[dict[str, Any]] = mapped_column(default=dict)  # 2024 5.7 points explained
    unknown_perpetrator: Mapped[bool] = mapped_column(Boolean, default=False)
    unknown_perpetrator_description: Mapped[str] = mapped_column(Text, default="")
    legal_exception: Mapped[str] = mapped_column(Text, default="")  # 14.1 risk of violence / crime in property
    referred_to_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # 2024 5.5
    # Risk
    triage_answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    full_risk_required: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_band: Mapped[str | None] = mapped_column(String(20), index=True)
    # Noise triage (issue 22): the ASB procedure or Good Neighbourhood Management, with the answers and why
    noise_track: Mapped[str | None] = mapped_column(String(10))
    noise_answers: Mapped[dict[str, Any] | None] = mapped_column()
    noise_reason: Mapped[str] = mapped_column(Text, default="")
    # ASB case review (Community Trigger): when a report on this case met the threshold, and why
    case_review_at: Mapped[datetime | None] = mapped_column(DateTime)
    case_review_reason: Mapped[str] = mapped_column(Text, default="")
    # Deadlines
    response_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    response_due_reason: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)
    colleague_assessment_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Derived, kept current by the services so a 100,000-row list needs no joins.
    complainant_display: Mapped[str] = mapped_column(String(300), default="")
    perpetrator_display: Mapped[str] = mapped_column(String(300), default="")
    categories_display: Mapped[str] = mapped_column(String(500), default="")
    officer_display: Mapped[str] = mapped_column(String(200), default="")
    next_due_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    next_due_label: Mapped[str] = mapped_column(String(200), default="")
    last_activity_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    parties: Mapped[list[CaseParty]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                    order_by="CaseParty.id")
    category_links: Mapped[list[CaseCategory]] = relationship(cascade="all, delete-orphan")


class CaseCategory(Base):
    __tablename__ = "case_categories"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), primary_key=True, index=True)
    category: Mapped[Category] = relationship(lazy="joined")


class CaseLink(UidMixin, Base):
    __tablename__ = "case_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    linked_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CaseParty(UidMixin, Base):
    __tablename__ = "case_parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    withheld: Mapped[bool] = mapped_column(Boolean, default=False)  # identity kept out of court documents
    third_party_kind: Mapped[str | None] = mapped_column(String(30))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    consent_to_share: Mapped[bool | None] = mapped_column(Boolean)
    description: Mapped[str] = mapped_column(Text, default="")  # e.g. an unknown perpetrator's description
    case: Mapped[Case] = relationship(back_populates="parties")
    person: Mapped[Person | None] = relationship(lazy="joined")


class Incident(CaseChild, Base):
    __tablename__ = "incidents"
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    people_involved: Mapped[str] = mapped_column(Text, default="")
    feelings_then: Mapped[str] = mapped_column(Text, default="")
    feelings_since: Mapped[str] = mapped_column(Text, default="")
    measures_taken: Mapped[str] = mapped_column(Text, default="")
    feels_targeted: Mapped[bool | None] = mapped_column(Boolean)
    targeted_why: Mapped[str] = mapped_column(Text, default="")
    witnesses: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(Text, default="")
    history: Mapped[str] = mapped_column(Text, default="")
    # Optimistic check: an edit made from an older copy is refused (services.workspace_edits).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Task(CaseChild, Base):
    __tablename__ = "tasks"
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic check (migration 0007h)

    __mapper_args__ = {"version_id_col": version}


class Contact(CaseChild, Base):
    __tablename__ = "contacts"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(30))
    with_complainant: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class Interview(CaseChild, Base):
    __tablename__ = "interviews"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(30))
    held_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(30), default="in_person")
    place: Mapped[str] = mapped_column(Text, default="")
    supporter: Mapped[str] = mapped_column(String(200), default="")
    interpreter: Mapped[str] = mapped_column(String(200), default="")
    # 7.2: who the interpreter or signer is to the interviewee, their age or date of birth, and whether
    # the officer marked the content sensitive (a family member under 18 never interprets sensitive content)
    interpreter_relationship: Mapped[str] = mapped_column(String(100), default="")
    interpreter_age: Mapped[int | None] = mapped_column(Integer)
    interpreter_born_on: Mapped[date | None] = mapped_column(Date)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[dict[str, Any]] = mapped_column(default=dict)  # point id -> what was said


class Note(CaseChild, Base):
    """A dated, timed note (7.5); interview notes point to their interview."""

    __tablename__ = "notes"
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30), default="general")
    written_at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    copied_from_uid: Mapped[str | None] = mapped_column(String(36))


class RiskAssessment(CaseChild, Base):
    __tablename__ = "risk_assessments"
    kind: Mapped[str] = mapped_column(String(30))  # full | colleague
    form_id: Mapped[str] = mapped_column(String(60))
    form_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[int] = mapped_column(Integer, default=0)
    band: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")


class Remedy(CaseChild, Base):
    __tablename__ = "remedies"
    kind: Mapped[str] = mapped_column(String(40))
    legal: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(30))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    notes: Mapped[str] = mapped_column(Text, default="")


class Assessment(CaseChild, Base):
    """Appendix 2 (proportionality and equality impact): answers and the two sign-offs (14.4)."""

    __tablename__ = "assessments"
    kind: Mapped[str] = mapped_column(String(30), default="peia")
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    officer_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    officer_signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    manager_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    manager_signed_at: Mapped[datetime | None] = mapped_column(DateTime)


class ForumRecord(CaseChild, Base):
    __tablename__ = "forum_records"
    forum: Mapped[str] = mapped_column(String(20))
    meeting_date: Mapped[date] = mapped_column(Date)
    protocol_in_place: Mapped[bool] = mapped_column(Boolean, default=False)
    information_shared: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Append-only: database triggers refuse UPDATE and DELETE (see the first migration)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # view | create | change | export | import | ...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    case_reference: Mapped[str | None] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The hash chain (storage/audit_chain.py): given at insert, under a lock, never by the caller.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class SignInFailure(Base):
    """A failed team-mode sign-in, kept so throttling holds across processes; cleared on success."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)


class SearchDocument(Base):
    """One row of searchable text per case. On SQLite an FTS5 table mirrors it (see migrations)."""

    __tablename__ = "case_search"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True,
                                         autoincrement=False)
    body: Mapped[str] = mapped_column(Text, default="")


Index("ix_case_parties_role_person", CaseParty.role, CaseParty.person_id)

CASE_CHILD_TABLES = (Incident, Task, Contact, Interview, Note, RiskAssessment, Remedy, Assessment, ForumRecord)

# Each later area keeps its tables in its own module (they import orm_base, never this module);
# importing them here registers them on Base.metadata after the core tables, so migrations, backups
# and the schema checks see every table. Import this module, not an area module alone, before using
# a session: it is the one that registers every mapper and the audit chain's session hooks.
from . import orm_court, orm_documents, orm_evidence, orm_files, orm_lettings, orm_privacy, orm_records  # noqa: E402,F401,I001
from .audit_chain import register_listeners  # noqa: E402 - the chain's session hooks need AuditEntry

register_listeners()

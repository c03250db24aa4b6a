"""Tables for court documents: witness statements (every version kept), preflight waivers, witness
review requests, and the register of generated documents (letters, appendices, signed statements)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base, CaseChild, UidMixin


class Statement(CaseChild, Base):
    """One witness statement (the 1st, 2nd ... of that witness in the case); its text lives in versions."""

    __tablename__ = "statements"
    __table_args__ = (UniqueConstraint("case_id", "witness_key", "number", name="uq_statements_witness_number"),)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # an officer witness
    witness_key: Mapped[str] = mapped_column(String(120))  # "person:<uid>" or "user:<username>"
    witness_role: Mapped[str] = mapped_column(String(30))  # complainant | witness | professional_witness | officer
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | final | signed


class StatementVersion(UidMixin, Base):
    __tablename__ = "statement_versions"
    __table_args__ = (UniqueConstraint("statement_id", "version", name="uq_statement_versions_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    final_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signature_kind: Mapped[str | None] = mapped_column(String(20))  # drawn | typed | wet
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    wet_scan_evidence_uid: Mapped[str | None] = mapped_column(String(36))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The signing record (revision 0007i): the name the witness typed, who was present, the SHA-256 of
    # the PDF the witness saw, and the evidence items holding the signed PDF and the record itself.
    typed_name: Mapped[str | None] = mapped_column(String(200))
    signed_present: Mapped[list[Any] | None] = mapped_column()
    reviewed_pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_evidence_uid: Mapped[str | None] = mapped_column(String(36))
    record_evidence_uid: Mapped[str | None] = mapped_column(String(36))


class PreflightWaiver(UidMixin, Base):
    """A PD 32 / PD 22 finding the officer knowingly waived, with the reason."""

    __tablename__ = "preflight_waivers"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("statement_versions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReviewRequest(UidMixin, Base):
    """A change the witness asked for while reading their statement."""

    __tablename__ = "statement_review_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int | None] = mapped_column(Integer)
    request: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_version: Mapped[int | None] = mapped_column(Integer)
    resolution: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(10), default="")  # "" open | changed | declined


class GeneratedDocument(CaseChild, Base):
    """A file the app produced for a case, stored under data_dir/documents with its SHA-256."""

    __tablename__ = "generated_documents"
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    format: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(Text)  # relative to data_dir
    sha256: Mapped[str] = mapped_column(String(64))
    recipient_role: Mapped[str | None] = mapped_column(String(30))
    recipient_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    source: Mapped[str] = mapped_column(String(80), default="")  # e.g. "statement_version:<uid>"


class WitnessSupport(CaseChild, Base):
    """Support for a witness who must attend court (procedure 14.5.5): the date they are needed at court
    and, per item (visit, adjustments, process, transport), its state, date and note (migration 0007k)."""

    __tablename__ = "witness_support"
    __table_args__ = (UniqueConstraint("case_id", "witness_key", name="uq_witness_support_witness"),)
    witness_key: Mapped[str] = mapped_column(String(120))  # "person:<uid>" or "user:<username>"
    witness_name: Mapped[str] = mapped_column(String(300), default="")
    hearing_on: Mapped[date | None] = mapped_column(Date, index=True)
    items: Mapped[dict[str, Any]] = mapped_column(default=dict)  # item -> {state, on, note}
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

"""Tables of the evidence store: items (one per file added to a case or to the inbox), their cases, the
chain of custody, exhibit marks and diary entries. The files themselves live in the content-addressed
store (``asb_desktop/evidence/store.py``) under their SHA-256, each kept once however many items hold
it; a row is written only once its file is in place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base, CaseChild, UidMixin


class EvidenceItem(UidMixin, Base):
    """One file as added to a case (or to the inbox): its own adder, custody and exhibit marks. The same
    bytes added to another case are another item over the same stored file (stored once)."""

    __tablename__ = "evidence_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    original_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20), index=True)  # diary | noise | video | photo | document | other
    source: Mapped[str] = mapped_column(String(30), default="")
    made_at: Mapped[datetime | None] = mapped_column(DateTime)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    description: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # what the file says about itself
    analysis: Mapped[dict[str, Any]] = mapped_column(default=dict)  # what we measured (levels, pages ...)


class EvidenceLink(UidMixin, Base):
    """An item belongs to a case. Items with no link sit in the evidence inbox."""

    __tablename__ = "evidence_links"
    __table_args__ = (UniqueConstraint("evidence_id", "case_id", name="uq_evidence_links_item_case"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime)
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CustodyEvent(UidMixin, Base):
    """Chain of custody: every add, view, export, change of description and link of an item."""

    __tablename__ = "evidence_custody"
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    case_reference: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")


class Exhibit(UidMixin, Base):
    """An exhibit mark (PD 32 18.4, 18.6): witness initials + a number running on across that witness's
    statements in the case. The unique constraints keep marks unique when two users assign at once."""

    __tablename__ = "exhibits"
    __table_args__ = (
        UniqueConstraint("case_id", "mark", name="uq_exhibits_case_mark"),
        UniqueConstraint("case_id", "evidence_id", name="uq_exhibits_case_item"),
        UniqueConstraint("case_id", "person_id", "number", name="uq_exhibits_case_person_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(12))
    number: Mapped[int] = mapped_column(Integer)
    mark: Mapped[str] = mapped_column(String(20))
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DiaryEntry(CaseChild, Base):
    """One row of a diary sheet (DOMAIN.md section 8); ``ended_at`` may be on the next day."""

    __tablename__ = "diary_entries"
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_items.id", ondelete="SET NULL"),
                                                    index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")
    effect: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[int | None] = mapped_column(Integer)
    who_involved: Mapped[str] = mapped_column(Text, default="")
    witnesses: Mapped[str] = mapped_column(Text, default="")

"""Plain data the evidence service returns (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class EvidenceInfo:
    uid: str
    sha256: str
    size: int
    original_name: str
    kind: str
    source: str
    made_at: datetime | None
    added_by: str
    added_at: datetime
    description: str
    meta: dict[str, Any]
    analysis: dict[str, Any]
    cases: tuple[str, ...]
    exhibit_marks: tuple[str, ...] = ()
    also_on: tuple[str, ...] = ()  # when just added: other cases holding the same bytes that the user can view

    @property
    def figures(self) -> str:
        """The level figures of a noise recording in one line (empty for other kinds)."""
        from .audio import figures_line

        return figures_line(self.analysis) if self.kind == "noise" else ""


@dataclass(frozen=True)
class ExhibitInfo:
    """An exhibit mark on a case. ``person_id`` is the witness's database id; ``withheld`` is true when
    the witness's identity must stay out of anything a perpetrator or a court receives."""

    mark: str
    evidence_id: str  # the evidence item's uid
    person_id: int
    person_uid: str
    person_name: str
    withheld: bool
    description: str
    kind: str
    original_name: str
    sha256: str
    made_at: datetime | None
    number: int


@dataclass(frozen=True)
class DiaryEntryInfo:
    uid: str
    person_id: int | None
    person_name: str
    evidence_id: str | None  # the scan or filled form it came from
    started_at: datetime
    ended_at: datetime | None
    what_happened: str
    place: str
    effect: str
    severity: int | None
    who_involved: str
    witnesses: str


@dataclass(frozen=True)
class CustodyInfo:
    at: datetime
    username: str
    action: str
    case_reference: str | None
    detail: str


@dataclass(frozen=True)
class Refused:
    path: str
    reason: str


@dataclass
class AddReport:
    stored: list[EvidenceInfo] = field(default_factory=list)
    already_held: list[EvidenceInfo] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused and not self.cancelled


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)  # "sha256 (original name)"
    altered: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)  # files in the store with no row
    leftovers: list[str] = field(default_factory=list)  # temporary files of an interrupted import

    @property
    def ok(self) -> bool:
        return not (self.missing or self.altered or self.orphaned)

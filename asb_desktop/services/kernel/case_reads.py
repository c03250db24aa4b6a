"""Reads of a case's evidence that other areas show: its diary entries, and diary and evidence lines
for the case timeline. Plain reads, so the case queries need not import the evidence area."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...evidence.records import DiaryEntryInfo
from ...storage.orm import Case, Person
from ...storage.orm_evidence import DiaryEntry, EvidenceItem, EvidenceLink
from .read_models import TimelineEntry


def diary_entries(s: Session, case: Case) -> list[DiaryEntryInfo]:
    stmt = (select(DiaryEntry, Person, EvidenceItem.uid).outerjoin(Person, Person.id == DiaryEntry.person_id)
            .outerjoin(EvidenceItem, EvidenceItem.id == DiaryEntry.evidence_id)
            .where(DiaryEntry.case_id == case.id).order_by(DiaryEntry.started_at, DiaryEntry.id))
    return [DiaryEntryInfo(d.uid, d.person_id, p.display_name if p else "", ev, d.started_at, d.ended_at,
                           d.what_happened, d.place, d.effect, d.severity, d.who_involved, d.witnesses)
            for d, p, ev in s.execute(stmt)]


def _diary_line(d: DiaryEntryInfo) -> TimelineEntry:
    until = f" to {d.ended_at:%H:%M}" if d.ended_at else ""
    sev = f" (severity {d.severity})" if d.severity is not None else ""
    return TimelineEntry(d.started_at, "diary", f"Diary{until}: {d.what_happened[:180]}{sev}")


def diary_timeline_events(s: Session, case: Case) -> list[TimelineEntry]:
    """Diary entries and evidence put on the case, as lines in the shape of ``queries.timeline``."""
    events = [_diary_line(d) for d in diary_entries(s, case)]
    rows = s.execute(select(EvidenceLink.linked_at, EvidenceItem.kind, EvidenceItem.original_name)
                     .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_id)
                     .where(EvidenceLink.case_id == case.id))
    events += [TimelineEntry(at, "evidence", f"Evidence added: {name} ({kind})") for at, kind, name in rows]
    return sorted(events, key=lambda e: e.at)

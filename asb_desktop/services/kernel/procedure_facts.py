"""Read from the database the facts the procedure's rules decide on (closure 16.1, keeping in
touch 15.1), so every path hands the domain functions the same facts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ...domain.closure import ClosureFacts, OpenTask
from ...domain.contact_rules import ContactMade
from ...domain.enums import ContactOutcome, InterviewKind, PartyRole, RemedyStatus
from ...storage.orm import Case, CaseParty, Contact, Incident, Interview, Person, Remedy, Task
from ...storage.orm_evidence import DiaryEntry

_IN_EFFECT = (RemedyStatus.IN_PLACE.value, RemedyStatus.COMPLETED.value, RemedyStatus.BREACHED.value)


def _latest(s: Session, column: InstrumentedAttribute[datetime], *where: ColumnElement[bool]) -> datetime | None:
    return s.scalar(select(func.max(column)).where(*where))


def closure_facts(s: Session, case: Case) -> ClosureFacts:
    """The case's last incident, diary entry, interview and successful contact, its remedies and open tasks."""
    remedies = s.execute(select(Remedy.legal).where(Remedy.case_id == case.id,
                                                    Remedy.status.in_(_IN_EFFECT))).scalars().all()
    tasks = s.execute(select(Task.kind, Task.title).where(Task.case_id == case.id, Task.done_at.is_(None))
                      .order_by(Task.id)).all()
    return ClosureFacts(
        received_at=case.received_at,
        last_incident=_latest(s, Incident.started_at, Incident.case_id == case.id),
        last_diary_entry=_latest(s, DiaryEntry.started_at, DiaryEntry.case_id == case.id),
        last_interview=_latest(s, Interview.held_at, Interview.case_id == case.id),
        last_successful_contact=_latest(s, Contact.at, Contact.case_id == case.id, Contact.with_complainant.is_(True),
                                        Contact.outcome == ContactOutcome.SPOKE.value),
        last_complainant_interview=_latest(s, Interview.held_at, Interview.case_id == case.id,
                                           Interview.kind == InterviewKind.COMPLAINANT.value),
        non_legal_remedy=any(not legal for legal in remedies), legal_remedy=any(remedies),
        open_tasks=tuple(OpenTask(kind, title) for kind, title in tasks))


def complainant_contacts(s: Session, case_ids: Iterable[int]) -> dict[int, list[ContactMade]]:
    """Each case's contacts with the complainant (15.1), oldest first."""
    ids = list(case_ids)
    out: dict[int, list[ContactMade]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for cid, at, method, outcome in s.execute(
                select(Contact.case_id, Contact.at, Contact.method, Contact.outcome)
                .where(Contact.case_id.in_(chunk), Contact.with_complainant.is_(True)).order_by(Contact.at)):
            out[cid].append(ContactMade(at, method, outcome))
    return out


def complainants(s: Session, case_ids: Iterable[int]) -> dict[int, Person]:
    """Each case's first complainant on file (a person, not an anonymous description)."""
    ids = list(case_ids)
    out: dict[int, Person] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = s.execute(select(CaseParty.case_id, Person).join(Person, Person.id == CaseParty.person_id)
                         .where(CaseParty.case_id.in_(chunk), CaseParty.role == PartyRole.COMPLAINANT.value)
                         .order_by(CaseParty.id))
        for cid, person in rows:
            out.setdefault(cid, person)
    return out

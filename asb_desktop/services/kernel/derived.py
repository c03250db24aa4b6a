"""Derived case columns and the search text, recomputed after every change to a case.

The case list shows complainant, perpetrator, categories, officer and next due date for up to
100,000 cases; keeping them as columns on ``cases`` lets the list page and sort without joins.
The same pure functions are used by the bulk demo loader, so both paths agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ...domain import rules
from ...domain.contact_letter import Attempt, FailedContacts, failed_contacts
from ...domain.contact_rules import next_contact
from ...domain.enums import ContactOutcome, PartyRole, TaskKind
from ...storage.orm import (
    Case,
    CaseParty,
    Contact,
    Incident,
    Interview,
    Note,
    Property,
    SearchDocument,
    Task,
    User,
)
from ...storage.orm_evidence import DiaryEntry
from ...storage.search import fold

ANONYMOUS = "Anonymous"
UNKNOWN = "Unknown"


@dataclass(frozen=True)
class PartyName:
    role: str
    name: str
    anonymous: bool = False


def complainant_display(parties: Iterable[PartyName]) -> str:
    names = [ANONYMOUS if p.anonymous else p.name for p in parties if p.role == PartyRole.COMPLAINANT]
    return ", ".join(n for n in names if n)


def perpetrator_display(parties: Iterable[PartyName], unknown: bool) -> str:
    names = [p.name for p in parties if p.role == PartyRole.ALLEGED_PERPETRATOR and p.name]
    if unknown and not names:
        return UNKNOWN
    return ", ".join(names)


def search_body(reference: str, parties: Iterable[PartyName], addresses: Iterable[str],
                texts: Iterable[str]) -> str:
    """Searchable text, folded for accent-free matching (storage.search.fold); an address shared by
    several parties appears once. Anonymous complainants' names are left out so a search never
    surfaces them."""
    names = [p.name for p in parties if not p.anonymous]
    return fold("\n".join([reference, *names, *dict.fromkeys(addresses), *texts]))


def _party_names(case: Case) -> list[PartyName]:
    return [PartyName(p.role, p.person.display_name if p.person else p.organisation, p.anonymous)
            for p in case.parties]


def next_due(session: Session, case: Case, now: datetime) -> tuple[datetime | None, str]:
    """The earliest thing due on an open case, with a label saying what it is."""
    if case.closed_at is not None:
        return None, ""
    candidates: list[tuple[datetime, str]] = []
    if case.responded_at is None and case.response_due_at:
        candidates.append((case.response_due_at, "First response"))
    for task in session.scalars(select(Task).where(Task.case_id == case.id, Task.done_at.is_(None),
                                                   Task.due_at.is_not(None))):
        candidates.append((task.due_at, task.title))  # type: ignore[arg-type]
    contact = complainant_contact_deadline(session, case)
    if contact is not None:
        candidates.append((contact.due, "Complainant contact"))
    if not candidates:
        return None, ""
    due, label = min(candidates, key=lambda c: c[0])
    return due, label


def complainant_contact_deadline(session: Session, case: Case) -> rules.Deadline | None:
    """15.1: when the complainant should next be contacted (None if there is no complainant to call).
    Speaking to them, or a letter or email in the format they prefer, keeps in touch."""
    complainant = next((p for p in case.parties if p.role == PartyRole.COMPLAINANT and p.person), None)
    if complainant is None or complainant.person is None or case.closed_at is not None:
        return None
    from .procedure_facts import complainant_contacts

    person = complainant.person
    return next_contact(complainant_contacts(session, [case.id])[case.id], person.preferred_contact_method,
                        case.received_at, person.contact_frequency_days)


def last_activity(session: Session, case: Case) -> datetime:
    times = [case.received_at]
    for col, model in ((Incident.started_at, Incident), (Contact.at, Contact), (Note.written_at, Note),
                       (DiaryEntry.started_at, DiaryEntry), (Interview.held_at, Interview)):
        latest = session.scalar(select(col).where(model.case_id == case.id).order_by(col.desc()).limit(1))
        if latest:
            times.append(latest)
    return max(times)


def refresh(session: Session, case: Case, now: datetime) -> None:
    """Recompute the derived columns and the search text of one case (call before commit)."""
    session.flush()
    session.refresh(case, ["parties"])
    parties = _party_names(case)
    case.complainant_display = complainant_display(parties)
    case.perpetrator_display = perpetrator_display(parties, case.unknown_perpetrator)
    case.categories_display = ", ".join(sorted(link.category.name for link in case.category_links))
    officer = session.get(User, case.assigned_officer_id) if case.assigned_officer_id else None
    case.officer_display = officer.full_name if officer else ""
    case.next_due_at, case.next_due_label = next_due(session, case, now)
    case.last_activity_at = last_activity(session, case)
    case.updated_at = now
    flag_modified(case, "updated_at")  # always UPDATE, so every change bumps the case's version
    addresses = [p.person.address for p in case.parties if p.person and not p.anonymous]
    if case.property_id:
        prop = session.get(Property, case.property_id)
        if prop:
            addresses.append(f"{prop.address} {prop.postcode}")
    texts = [case.summary, case.categories_display, case.police_reference, case.unknown_perpetrator_description]
    texts += session.scalars(select(Incident.description).where(Incident.case_id == case.id))
    texts += session.scalars(select(Incident.location).where(Incident.case_id == case.id))
    texts += session.scalars(select(Note.text).where(Note.case_id == case.id))
    body = search_body(case.reference, parties, addresses, [t for t in texts if t])
    doc = session.get(SearchDocument, case.id)
    if doc is None:
        session.add(SearchDocument(case_id=case.id, body=body))
    elif doc.body != body:
        doc.body = body


def open_task_exists(session: Session, case_id: int, kind: TaskKind) -> bool:
    return session.scalar(select(Task.id).where(Task.case_id == case_id, Task.kind == kind.value,
                                                Task.done_at.is_(None)).limit(1)) is not None


def complainant_failed_contacts(session: Session, case_id: int) -> FailedContacts:
    """7.6: the complainant contact attempts of a case, counted by the one domain rule."""
    rows = session.execute(select(Contact.at, Contact.outcome).where(
        Contact.case_id == case_id, Contact.with_complainant.is_(True)).order_by(Contact.at, Contact.id))
    return failed_contacts(Attempt(at, ContactOutcome(outcome)) for at, outcome in rows)


def scheme_officer_of(session: Session, case: Case) -> int | None:
    if not case.property_id:
        return None
    return session.scalar(select(Property.scheme_officer_id).where(Property.id == case.property_id))


__all__ = ["CaseParty", "refresh", "next_due", "complainant_display", "perpetrator_display", "search_body"]

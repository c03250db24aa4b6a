"""One case in full as the window and ``asb case show`` read it: frozen, typed read models, one per part
of the case (its people, incidents, tasks, contacts and the rest), built by ``QueryService.case_detail``.

Dates stay dates: the window formats them with its own helpers, and ``asb case show --json`` writes them
as ISO text. An anonymous party (2024 5.7) never carries the person behind it: ``person`` is None."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypeVar

from ...storage.orm import Base
from ..kernel.read_models import TimelineEntry as TimelineEntry  # the case detail's timeline lines

V = TypeVar("V")


def view_of(cls: type[V], row: Base, **extra: Any) -> V:
    """``cls`` filled from the columns of ``row`` that it names, and ``extra`` for the rest."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{n: getattr(row, n) for n in names if n not in extra and hasattr(row, n)}, **extra)


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a rule allows something, and why not."""
    allowed: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonView:
    id: int
    title: str
    first_names: str
    surname: str
    date_of_birth: date | None
    address: str
    postcode: str
    phone: str
    email: str
    preferred_contact_method: str | None
    contact_frequency_days: int | None
    language: str
    interpreter_needed: bool
    vulnerabilities: str
    is_employee: bool
    occupation: str
    notes: str
    created_at: datetime
    version: int
    uid: str


@dataclass(frozen=True, slots=True)
class PartyView:
    """Someone on the case. ``name`` is what to show; for an anonymous party it is "Anonymous" and
    ``person`` is None (5.7)."""
    id: int
    person_id: int | None
    role: str
    anonymous: bool
    withheld: bool
    third_party_kind: str | None
    organisation: str
    consent_to_share: bool | None
    description: str
    uid: str
    person: PersonView | None
    name: str
    third_party_disclosure: Decision | None = None  # a third-party reporter: may what they said be shared


@dataclass(frozen=True, slots=True)
class PropertyView:
    id: int
    address: str
    postcode: str
    landlord_ref: str
    scheme_name: str | None
    scheme_officer_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class TenancyView:
    id: int
    property_id: int
    person_id: int
    tenancy_type: str
    start_date: date | None
    end_date: date | None
    landlord_ref: str
    uid: str


@dataclass(frozen=True, slots=True)
class IncidentView:
    id: int
    started_at: datetime
    ended_at: datetime | None
    location: str
    description: str
    people_involved: str
    feelings_then: str
    feelings_since: str
    measures_taken: str
    feels_targeted: bool | None
    targeted_why: str
    witnesses: str
    frequency: str
    history: str
    version: int
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class TaskView:
    id: int
    kind: str
    title: str
    reason: str
    due_at: datetime | None
    done_at: datetime | None
    assigned_to_id: int | None
    version: int
    created_at: datetime
    created_by_id: int | None
    uid: str
    assigned_name: str = ""


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    person_id: int | None
    at: datetime
    method: str
    outcome: str
    with_complainant: bool
    notes: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class InterviewView:
    id: int
    person_id: int | None
    kind: str
    held_at: datetime
    method: str
    place: str
    supporter: str
    interpreter: str
    interpreter_relationship: str
    interpreter_age: int | None
    interpreter_born_on: date | None
    sensitive: bool
    points: dict[str, Any]  # point id -> what was said
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    interview_id: int | None
    kind: str
    written_at: datetime
    text: str
    confidential: bool
    copied_from_uid: str | None
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class RiskAssessmentView:
    id: int
    kind: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    score: int
    band: str
    reason: str
    actions: list[Any]
    notes: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class RemedyView:
    id: int
    kind: str
    legal: bool
    status: str
    decided_at: datetime
    notes: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class AssessmentView:
    id: int
    kind: str
    answers: dict[str, Any]
    completed_at: datetime | None
    officer_signed_by_id: int | None
    officer_signed_at: datetime | None
    manager_signed_by_id: int | None
    manager_signed_at: datetime | None
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class ForumRecordView:
    id: int
    forum: str
    meeting_date: date
    protocol_in_place: bool
    information_shared: str
    outcome: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class CaseLinkView:
    kind: str
    note: str
    reference: str
    direction: str  # "to": this case links to it; "from": it links to this case


@dataclass(frozen=True, slots=True)
class ContactDue:
    """15.1: when the complainant is next due a contact, and why then."""
    due: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class ClosureView:
    """16.1 for the closure dialog: each closure reason (by value) with whether the facts allow it, and
    the open safeguarding work that would stop a closure."""
    options: dict[str, Decision]
    open_safeguarding: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything on one case (``QueryService.case_detail``)."""
    id: int
    reference: str
    channel: str
    status: str
    closure_reason: str | None
    closure_note: str
    complainant_satisfaction: str | None
    received_at: datetime
    closed_at: datetime | None
    assigned_officer_id: int | None
    assignment_reason: str
    created_by_id: int | None
    property_id: int | None
    summary: str
    serious: bool
    employee_involved: bool
    colleague_harassed: bool
    domestic_abuse: bool
    hate_related: bool
    safeguarding_concern: bool
    crime_reported: bool
    police_reference: str
    supported_housing: bool
    restricted: bool
    anonymous_checklist: dict[str, Any]  # 2024 5.7 points explained
    unknown_perpetrator: bool
    unknown_perpetrator_description: str
    legal_exception: str
    referred_to_officer_id: int | None
    triage_answers: dict[str, Any]
    full_risk_required: bool
    risk_band: str | None
    noise_track: str | None
    noise_answers: dict[str, Any] | None
    noise_reason: str
    case_review_at: datetime | None
    case_review_reason: str
    response_due_at: datetime | None
    response_due_reason: str
    responded_at: datetime | None
    colleague_assessment_due_at: datetime | None
    complainant_display: str
    perpetrator_display: str
    categories_display: str
    officer_display: str
    next_due_at: datetime | None
    next_due_label: str
    last_activity_at: datetime
    updated_at: datetime
    version: int
    uid: str
    assigned_officer: str
    parties: tuple[PartyView, ...]
    property: PropertyView | None
    tenancies: tuple[TenancyView, ...]
    categories: tuple[str, ...]
    incidents: tuple[IncidentView, ...]
    tasks: tuple[TaskView, ...]
    contacts: tuple[ContactView, ...]
    interviews: tuple[InterviewView, ...]
    notes: tuple[NoteView, ...]
    risk_assessments: tuple[RiskAssessmentView, ...]
    remedies: tuple[RemedyView, ...]
    assessments: tuple[AssessmentView, ...]
    forum_records: tuple[ForumRecordView, ...]
    links: tuple[CaseLinkView, ...]
    legal_gate: Decision
    feedback_letters: Decision
    complainant_contact_due: ContactDue | None
    proposed_for_closure: str  # the 4-week quiet message, or ""
    closure: ClosureView
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task as the due and today lists know it: enough to assign it or move its due date."""
    uid: str
    title: str
    version: int
    due_at: datetime | None
    assigned_name: str = ""


@dataclass(frozen=True, slots=True)
class PersonFound:
    """One person from ``QueryService.find_people``; never an anonymous reporter (2024 5.7)."""
    uid: str
    name: str
    address: str
    postcode: str
    date_of_birth: date | None
    is_employee: bool


@dataclass(frozen=True, slots=True)
class HistoryCase:
    """A case where the person was the alleged perpetrator (4.1)."""
    reference: str
    status: str
    received_at: datetime
    closure_reason: str | None
    categories: str


@dataclass(frozen=True, slots=True)
class PersonHistory:
    """4.1: a person's ASB history as ``QueryService.open_person_history`` found it. ``hidden_cases`` counts
    the cases the reader may not see; ``summary`` says so in words."""
    person: PersonView
    name: str
    as_alleged_perpetrator: tuple[HistoryCase, ...]
    hidden_cases: int
    summary: str


@dataclass(frozen=True, slots=True)
class AuditEntryView:
    """One entry of the audit trail (``QueryService.audit_trail``), hash chain included."""
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    case_reference: str | None
    summary: str
    detail: dict[str, Any]
    prev_hash: str | None
    hash: str | None

"""What happens on a case: incidents, tasks, contact attempts, interviews, notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.enums import (
    ContactMethod,
    ContactOutcome,
    InterviewKind,
    NoteKind,
    PartyRole,
    TaskKind,
)
from ..domain.forms import load_interview_points
from ..domain.plain_english import check_plain_english
from ..storage.orm import Case, CaseParty, Contact, Incident, Interview, Note, Person, Task
from . import derived
from .cases import add_task, load_case
from .context import Context
from .errors import NotFound, RuleBlocked, ValidationError
from .inputs import IncidentInput, parse_enum


def new_incident(ctx: Context, case_id: int, data: IncidentInput) -> Incident:
    return Incident(case_id=case_id, created_at=ctx.now(), created_by_id=ctx.actor.id, **vars(data))


def letter_task_done(s: Session, ctx: Context, case: Case, how: str) -> None:
    """The 7.6 letter or email has gone: the open "send a letter" task it answers is done."""
    for task in s.scalars(select(Task).where(Task.case_id == case.id, Task.kind == TaskKind.SEND_LETTER.value,
                                             Task.done_at.is_(None))):
        task.done_at = ctx.now()
        ctx.audit(s, "change", "task", task.id, case.reference, f"Task done: {task.title} ({how})")


@dataclass
class ContactLogged:
    failed_in_a_row: int
    letter_task: str | None  # the reason a "send letter" task was raised, if one was


class ActivityService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _case(self, s: Session, reference: str) -> Case:
        from .access import require_edit

        case = load_case(s, reference)
        require_edit(self.ctx.actor, case, derived.scheme_officer_of(s, case))
        return case

    def _done(self, s: Session, case: Case, summary: str, entity: str, entity_id: object) -> None:
        derived.refresh(s, case, self.ctx.now())
        self.ctx.audit(s, "create", entity, entity_id, case.reference, summary)

    def add_incident(self, reference: str, data: IncidentInput) -> str:
        data.validate("incident", self.ctx.now())
        with self.ctx.session() as s:
            case = self._case(s, reference)
            incident = new_incident(self.ctx, case.id, data)
            s.add(incident)
            s.flush()
            self._done(s, case, f"Incident on {data.started_at:%d %B %Y %H:%M} added", "incident", incident.id)
            return incident.uid

    def add_task(self, reference: str, title: str, due: datetime | None, reason: str = "") -> str:
        if not title.strip():
            raise ValidationError("title", "a task needs a title")
        with self.ctx.session() as s:
            case = self._case(s, reference)
            task = add_task(s, self.ctx, case, TaskKind.GENERAL, title.strip(), reason or "Added by the officer.", due)
            s.flush()
            self._done(s, case, f"Task added: {title}", "task", task.id)
            return task.uid

    def complete_task(self, reference: str, task_uid: str) -> None:
        with self.ctx.session() as s:
            case = self._case(s, reference)
            task = s.scalar(select(Task).where(Task.case_id == case.id, Task.uid == task_uid))
            if task is None:
                raise NotFound(f"That task is not on case {case.reference}.")
            task.done_at = self.ctx.now()
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "task", task.id, case.reference, f"Task done: {task.title}")

    def log_contact(self, reference: str, method: str, outcome: str, at: datetime | None = None,
                    person_uid: str | None = None, notes: str = "") -> ContactLogged:
        """Record a contact attempt; the second failed attempt in a row raises the 7.6 letter task."""
        method = parse_enum(ContactMethod, method, "method")
        outcome = parse_enum(ContactOutcome, outcome, "outcome")
        when = at or self.ctx.now()
        if when > self.ctx.now():
            raise ValidationError("at", "a contact attempt cannot be in the future")
        with self.ctx.session() as s:
            case = self._case(s, reference)
            person, with_complainant = self._contact_person(s, case, person_uid)
            s.add(Contact(case_id=case.id, person_id=person.id if person else None, at=when, method=method,
                          outcome=outcome, with_complainant=with_complainant, notes=notes,
                          created_at=self.ctx.now(), created_by_id=self.ctx.actor.id))
            s.flush()
            failed = derived.complainant_failed_contacts(s, case.id)
            letter = None
            if with_complainant and failed.letter_due and not derived.open_task_exists(s, case.id,
                                                                                      TaskKind.SEND_LETTER):
                add_task(s, self.ctx, case, TaskKind.SEND_LETTER, "Send a letter or email: contact attempts failed",
                         failed.check.message, self.ctx.now())
                letter = failed.check.message
            elif with_complainant and outcome == ContactOutcome.SENT and failed.answered:
                letter_task_done(s, self.ctx, case, f"{ContactMethod(method).label.lower()} sent")
            self._done(s, case, f"Contact by {method}: {ContactOutcome(outcome).label}", "contact", case.id)
            return ContactLogged(failed.count, letter)

    def _contact_person(self, s: Session, case: Case, uid: str | None) -> tuple[Person | None, bool]:
        parties = list(s.scalars(select(CaseParty).where(CaseParty.case_id == case.id)))
        if uid is None:
            complainant = next((p for p in parties if p.role == PartyRole.COMPLAINANT), None)
            return (complainant.person if complainant else None), complainant is not None
        party = next((p for p in parties if p.person and p.person.uid == uid), None)
        if party is None:
            raise ValidationError("person", f"that person is not part of case {case.reference}")
        return party.person, party.role == PartyRole.COMPLAINANT

    def add_note(self, reference: str, text: str, kind: str = NoteKind.GENERAL.value,
                 written_at: datetime | None = None, confidential: bool = False,
                 allow_flagged: bool = False) -> str:
        """A dated, timed note in plain English (7.5): abbreviations and slang are refused unless allowed."""
        kind = parse_enum(NoteKind, kind, "kind")
        if not text.strip():
            raise ValidationError("text", "the note is empty")
        self._plain_english(text, allow_flagged)
        with self.ctx.session() as s:
            case = self._case(s, reference)
            note = Note(case_id=case.id, kind=kind, written_at=written_at or self.ctx.now(), text=text.strip(),
                        confidential=confidential, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(note)
            s.flush()
            self._done(s, case, f"Note added ({NoteKind(kind).label})", "note", note.id)
            return note.uid

    @staticmethod
    def _plain_english(text: str, allow_flagged: bool) -> None:
        findings = check_plain_english(text)
        if findings and not allow_flagged:
            raise RuleBlocked(["Notes must be in plain English without abbreviations or slang (7.5): "
                               + "; ".join(f.message for f in findings) + "."])

    def record_interview(self, reference: str, kind: str, held_at: datetime, points: dict[str, str],
                         person_uid: str | None = None, method: str = ContactMethod.IN_PERSON.value,
                         place: str = "", supporter: str = "", interpreter: str = "", notes: str = "",
                         allow_flagged: bool = False) -> str:
        """Complainant (7.3) or alleged perpetrator (8.1) interview with its dated, timed notes."""
        kind = parse_enum(InterviewKind, kind, "kind")
        method = parse_enum(ContactMethod, method, "method")
        _, known = load_interview_points(kind)
        unknown = sorted(set(points) - {pid for pid, _ in known})
        if unknown:
            raise ValidationError(f"points.{unknown[0]}", "is not one of this interview's points")
        if held_at > self.ctx.now():
            raise ValidationError("held_at", "an interview cannot be in the future")
        for text in [*points.values(), notes]:
            self._plain_english(text, allow_flagged)
        with self.ctx.session() as s:
            case = self._case(s, reference)
            person = None
            if person_uid:
                person = s.scalar(select(Person).where(Person.uid == person_uid))
                if person is None:
                    raise ValidationError("person", "no such person")
            interview = Interview(case_id=case.id, person_id=person.id if person else None, kind=kind,
                                  held_at=held_at, method=method, place=place, supporter=supporter,
                                  interpreter=interpreter, points=dict(points), created_at=self.ctx.now(),
                                  created_by_id=self.ctx.actor.id)
            s.add(interview)
            s.flush()
            if notes.strip():
                s.add(Note(case_id=case.id, interview_id=interview.id, kind=NoteKind.INTERVIEW.value,
                           written_at=held_at, text=notes.strip(), created_at=self.ctx.now(),
                           created_by_id=self.ctx.actor.id))
            self._done(s, case, f"{InterviewKind(kind).label} interview on {held_at:%d %B %Y %H:%M}",
                       "interview", interview.id)
            return interview.uid

    def missing_interview_points(self, kind: str, points: dict[str, str]) -> list[str]:
        _, known = load_interview_points(parse_enum(InterviewKind, kind, "kind"))
        return [text for pid, text in known if not points.get(pid, "").strip()]

"""What happens on a case: incidents, tasks, contact attempts, interviews, notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import ContactMethod, ContactOutcome, InterviewKind, NoteKind, PartyRole, Role, TaskKind
from ...domain.forms import load_interview_points
from ...domain.plain_english import notes_check
from ...domain.rules import RANK
from ...storage.orm import Case, CaseParty, Contact, Interview, Note, Person, Task, User
from ..kernel import derived
from ..kernel.access import CASE_WORKERS, Actor, can_view
from ..kernel.case_file import changed, letter_task_done, open_case
from ..kernel.context import Context
from ..kernel.errors import Conflict, NotFound, RuleBlocked, ValidationError
from ..kernel.inputs import IncidentInput, parse_enum
from .cases import add_task, find_user, new_incident


@dataclass
class ContactLogged:
    failed_in_a_row: int
    letter_task: str | None  # the reason a "send letter" task was raised, if one was


@dataclass(frozen=True)
class TaskView:
    """One task after a change, as the caller may show it."""

    id: int
    uid: str
    kind: str
    title: str
    due_at: datetime | None
    done_at: datetime | None
    assigned_to: str  # username, "" when nobody
    assigned_name: str
    version: int


@dataclass(frozen=True)
class Assignee:
    username: str
    full_name: str


def may_work(user: User, case: Case, scheme_officer_id: int | None) -> bool:
    """Whether this user could change the case, so can be given one of its tasks: a case worker who can
    see it (a restricted employee case: team leader and above; a scheme case: its scheme officer)."""
    actor = Actor(user.id, user.username, user.full_name, user.initials, frozenset(Role(r) for r in user.roles))
    if not actor.roles & CASE_WORKERS or not can_view(actor, case, scheme_officer_id):
        return False
    return not (case.restricted or case.employee_involved) or actor.rank >= RANK[Role.TEAM_LEADER]


class ActivityService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add_incident(self, reference: str, data: IncidentInput) -> str:
        data.validate("incident", self.ctx.now())
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            incident = new_incident(self.ctx, case.id, data)
            s.add(incident)
            s.flush()
            changed(self.ctx, s, case, f"Incident on {data.started_at:%d %B %Y %H:%M} added", "incident", incident.id)
            return incident.uid

    def add_task(self, reference: str, title: str, due: date | datetime | None, reason: str = "",
                 kind: str = TaskKind.GENERAL.value, assign_to: str | None = None) -> str:
        """Add a task (a due date in the past is refused); returns its uid. ``assign_to`` is a username:
        only someone who may work on the case can be given it (default: the case's officer)."""
        if not title.strip():
            raise ValidationError("title", "a task needs a title")
        task_kind = TaskKind(parse_enum(TaskKind, kind, "kind"))
        due_at = self._due_at(due, "due")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            user = self._assignee(s, case, assign_to) if assign_to else None
            task = add_task(s, self.ctx, case, task_kind, title.strip(), reason.strip() or "Added by the officer.",
                            due_at, user.id if user else None)
            s.flush()
            who = f", for {user.full_name}" if user else ""
            when = f", due {due_at:%d/%m/%Y}" if due_at else ""
            changed(self.ctx, s, case, f"Task added: {title.strip()}{when}{who}", "task", task.id)
            return task.uid

    def complete_task(self, reference: str, task_ref: str, expected_version: int | None = None) -> TaskView:
        """Mark a task done; one already done is refused and nothing changes."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            task = self._task(s, case, task_ref, expected_version)
            if task.done_at is not None:
                raise ValidationError("task", f"'{task.title}' was already completed on "
                                      f"{task.done_at:%d/%m/%Y at %H:%M}; nothing was changed")
            task.done_at = self.ctx.now()
            s.flush()
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "task", task.id, case.reference, f"Task done: {task.title}")
            return self._view(s, task)

    def assign_task(self, reference: str, task_ref: str, username: str,
                    expected_version: int | None = None) -> TaskView:
        """Give a task to a colleague who may work on the case (restricted and scheme cases are narrower)."""
        if not username.strip():
            raise ValidationError("assign to", "choose who the task is for")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            task = self._task(s, case, task_ref, expected_version)
            self._open(task, "given to someone else")
            user = self._assignee(s, case, username.strip())
            before = s.get(User, task.assigned_to_id) if task.assigned_to_id else None
            task.assigned_to_id = user.id
            s.flush()
            self.ctx.audit(s, "change", "task", task.id, case.reference,
                           f"Task '{task.title}' assigned to {user.full_name}"
                           + (f" (was {before.full_name})" if before else ""),
                           before=before.username if before else None, after=user.username)
            return self._view(s, task)

    def move_task_due(self, reference: str, task_ref: str, due: date | datetime, reason: str,
                      expected_version: int | None = None) -> TaskView:
        """Set or move a task's due date; the reason is required and goes to the audit trail."""
        due_at = self._due_at(due, "due")
        if due_at is None:
            raise ValidationError("due", "a new due date is required, like 2026-12-01")
        if not reason.strip():
            raise ValidationError("reason", "say why the due date is being set or moved")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            task = self._task(s, case, task_ref, expected_version)
            self._open(task, "given a new due date")
            before = task.due_at
            task.due_at = due_at
            s.flush()
            derived.refresh(s, case, self.ctx.now())
            was = f"from {before:%d/%m/%Y} " if before else ""
            self.ctx.audit(s, "change", "task", task.id, case.reference,
                           f"Task '{task.title}' due date moved {was}to {due_at:%d/%m/%Y}: {reason.strip()}",
                           before=before.isoformat() if before else None, after=due_at.isoformat(),
                           reason=reason.strip())
            return self._view(s, task)

    def task(self, reference: str, task_ref: str) -> TaskView:
        """One task of the case (by number or uid), as it is now."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            return self._view(s, self._task(s, case, task_ref, None))

    def task_assignees(self, reference: str) -> list[Assignee]:
        """The colleagues a task on this case can be given to, by name."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            scheme = derived.scheme_officer_of(s, case)
            users = s.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name))
            return [Assignee(u.username, u.full_name) for u in users if may_work(u, case, scheme)]

    # ------------------------------------------------------------- task helpers
    def _due_at(self, due: date | datetime | None, field: str) -> datetime | None:
        if due is None:
            return None
        at = due if isinstance(due, datetime) else datetime.combine(due, time(23, 59))
        if at.date() < self.ctx.now().date():
            raise ValidationError(field, f"{at:%d/%m/%Y} is in the past; a task must be due today or later")
        return at

    def _task(self, s: Session, case: Case, task_ref: str, expected_version: int | None) -> Task:
        ref = str(task_ref).strip().lstrip("#")
        where = Task.id == int(ref) if ref.isdigit() else Task.uid == ref
        task = s.scalar(select(Task).where(Task.case_id == case.id, where))
        if task is None:
            raise NotFound(f"There is no task {task_ref} on case {case.reference}; reload the case.")
        if expected_version is not None and task.version != expected_version:
            raise Conflict(f"The task '{task.title}' was changed by someone else since you opened it (it is now "
                           f"at version {task.version}, you had version {expected_version}). Nothing of yours was "
                           "saved: reload the case, then make your change again.")
        return task

    @staticmethod
    def _open(task: Task, doing: str) -> None:
        if task.done_at is not None:
            raise ValidationError("task", f"'{task.title}' is already done, so it cannot be {doing}")

    def _assignee(self, s: Session, case: Case, username: str) -> User:
        user = find_user(s, username, "assign to")
        if not may_work(user, case, derived.scheme_officer_of(s, case)):
            why = ("an employee is involved, so only a team leader or manager can work on it"
                   if case.restricted or case.employee_involved else "they cannot work on this case")
            raise ValidationError("assign to", f"{user.full_name} cannot be given a task on {case.reference}: {why}")
        return user

    @staticmethod
    def _view(s: Session, task: Task) -> TaskView:
        user = s.get(User, task.assigned_to_id) if task.assigned_to_id else None
        return TaskView(task.id, task.uid, task.kind, task.title, task.due_at, task.done_at,
                        user.username if user else "", user.full_name if user else "", task.version)

    def log_contact(self, reference: str, method: str, outcome: str, at: datetime | None = None,
                    person_uid: str | None = None, notes: str = "") -> ContactLogged:
        """Record a contact attempt; the second failed attempt in a row raises the 7.6 letter task."""
        method = parse_enum(ContactMethod, method, "method")
        outcome = parse_enum(ContactOutcome, outcome, "outcome")
        when = at or self.ctx.now()
        if when > self.ctx.now():
            raise ValidationError("at", "a contact attempt cannot be in the future")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
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
            changed(self.ctx, s, case, f"Contact by {method}: {ContactOutcome(outcome).label}", "contact", case.id)
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
            case = open_case(self.ctx, s, reference, edit=True)
            note = Note(case_id=case.id, kind=kind, written_at=written_at or self.ctx.now(), text=text.strip(),
                        confidential=confidential, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(note)
            s.flush()
            changed(self.ctx, s, case, f"Note added ({NoteKind(kind).label})", "note", note.id)
            return note.uid

    @staticmethod
    def _plain_english(text: str, allow_flagged: bool) -> None:
        check = notes_check(text, allow_flagged)
        if not check.allowed:
            raise RuleBlocked(check.reasons)

    def record_interview(self, reference: str, kind: str, held_at: datetime, points: dict[str, str],
                         person_uid: str | None = None, method: str = ContactMethod.IN_PERSON.value,
                         place: str = "", supporter: str = "", interpreter: str = "", notes: str = "",
                         allow_flagged: bool = False, interpreter_relationship: str = "",
                         interpreter_age: int | None = None, interpreter_born_on: date | None = None,
                         sensitive: bool = False) -> str:
        """Complainant (7.3) or alleged perpetrator (8.1) interview with its dated, timed notes and the 7.2
        arrangements (a family member under 18 never interprets sensitive content)."""
        from .interview_arrangements import check_arrangements

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
            case = open_case(self.ctx, s, reference, edit=True)
            check_arrangements(case, interpreter=interpreter, relationship=interpreter_relationship,
                               age=interpreter_age, born_on=interpreter_born_on, held_on=held_at.date(),
                               sensitive=sensitive)
            person = None
            if person_uid:
                person = s.scalar(select(Person).where(Person.uid == person_uid))
                if person is None:
                    raise ValidationError("person", "no such person")
            interview = Interview(case_id=case.id, person_id=person.id if person else None, kind=kind,
                                  held_at=held_at, method=method, place=place, supporter=supporter,
                                  interpreter=interpreter,
                                  interpreter_relationship=interpreter_relationship.strip(),
                                  interpreter_age=interpreter_age, interpreter_born_on=interpreter_born_on,
                                  sensitive=sensitive, points=dict(points), created_at=self.ctx.now(),
                                  created_by_id=self.ctx.actor.id)
            s.add(interview)
            s.flush()
            if notes.strip():
                s.add(Note(case_id=case.id, interview_id=interview.id, kind=NoteKind.INTERVIEW.value,
                           written_at=held_at, text=notes.strip(), created_at=self.ctx.now(),
                           created_by_id=self.ctx.actor.id))
            changed(self.ctx, s, case, f"{InterviewKind(kind).label} interview on {held_at:%d %B %Y %H:%M}",
                       "interview", interview.id)
            return interview.uid

    def missing_interview_points(self, kind: str, points: dict[str, str]) -> list[str]:
        _, known = load_interview_points(parse_enum(InterviewKind, kind, "kind"))
        return [text for pid, text in known if not points.get(pid, "").strip()]

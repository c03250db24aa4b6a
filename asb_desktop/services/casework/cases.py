"""Taking a report and moving a case through its life: assignment, response, closure, reopening."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...domain import access_rules, closure, intake, response, rules, safeguarding, tsm
from ...domain.enums import (
    CaseStatus,
    ClosureReason,
    LinkKind,
    NoteKind,
    PartyRole,
    Role,
    Satisfaction,
    TaskKind,
)
from ...domain.forms import load_triage
from ...storage.orm import (
    Case,
    CaseCategory,
    CaseLink,
    CaseParty,
    Category,
    Incident,
    Note,
    Person,
    Property,
    ReferenceCounter,
    Task,
    Tenancy,
    User,
)
from ..kernel import derived, procedure_facts
from ..kernel.access import Actor, can_view, require_role
from ..kernel.case_access import apply_employee_rule, may_take
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import NotFound, RuleBlocked, ValidationError
from ..kernel.identity import refuse_duplicate
from ..kernel.inputs import IncidentInput, PersonInput, ReportInput, intake_gaps, parse_enum
from .case_review import check_case_review
from .intake import active_staff, property_on_file, user_ref


@dataclass
class CaseOpened:
    reference: str
    assignment: str
    response_due: datetime | None
    response_reason: str
    gaps: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # tasks created, with their reasons
    earlier_cases: list[str] = field(default_factory=list)  # 16.3: closed cases about the same perpetrator
    visible: bool = True  # False when the one who logged it may not see it (an employee case, 2024 5.9)


def allocate_reference(session: Session, year: int) -> str:
    """Next ``ASB-YYYY-NNNNN``. The UPDATE takes a row lock, so two users never get the same number."""
    new = session.execute(update(ReferenceCounter).where(ReferenceCounter.year == year)
                          .values(last=ReferenceCounter.last + 1).returning(ReferenceCounter.last)).scalar()
    if new is None:
        session.add(ReferenceCounter(year=year, last=1))
        session.flush()
        new = 1
    return f"ASB-{year}-{new:05d}"


def find_user(session: Session, username: str, what: str) -> User:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        raise ValidationError(what, f"there is no active user called '{username}'")
    return user


def load_case(session: Session, reference: str, lock: bool = False) -> Case:
    """The case by reference; ``lock`` holds its row until the transaction ends (PostgreSQL's FOR UPDATE,
    nothing on SQLite, whose writes are serialised anyway), so an insert on the case that also refreshes
    its derived columns never meets a version moved by someone else mid-transaction."""
    stmt = select(Case).where(Case.reference == reference.strip().upper())
    case = session.scalar(stmt.with_for_update() if lock else stmt)
    if case is None:
        raise NotFound(f"There is no case {reference}. Check the reference (like ASB-2026-00042).")
    return case


def new_incident(ctx: Context, case_id: int, data: IncidentInput) -> Incident:
    return Incident(case_id=case_id, created_at=ctx.now(), created_by_id=ctx.actor.id, **vars(data))


def add_task(session: Session, ctx: Context, case: Case, kind: TaskKind, title: str, reason: str,
             due: datetime | None, assigned_to: int | None = None) -> Task:
    task = Task(case_id=case.id, kind=kind.value, title=title, reason=reason, due_at=due,
                assigned_to_id=assigned_to or case.assigned_officer_id, created_at=ctx.now(),
                created_by_id=ctx.actor.id)
    session.add(task)
    return task


def sync_response_deadline(session: Session, ctx: Context, case: Case) -> rules.Deadline | None:
    """Re-decide the first-response deadline from the case's serious flag and risk band (5.3, 6.2)
    and move the open response task with it. Nothing changes once the response is made."""
    if case.responded_at is not None:
        return None
    d = response.response_due(case.received_at, case.serious, case.risk_band, ctx.region(session))
    case.response_due_at, case.response_due_reason = d.due, d.reason
    for task in session.scalars(select(Task).where(Task.case_id == case.id, Task.done_at.is_(None),
                                                   Task.kind == TaskKind.RESPONSE.value)):
        task.due_at, task.reason = d.due, d.reason
    return d


def raise_concern_task(session: Session, ctx: Context, case: Case, due: datetime | None) -> str | None:
    """7.7, 8.4: a safeguarding concern raises a referral task, unless one is already open."""
    open_kinds = set(session.scalars(select(Task.kind).where(Task.case_id == case.id, Task.done_at.is_(None))))
    if not safeguarding.concern_task_needed(case.safeguarding_concern, open_kinds):
        return None
    title, why = safeguarding.CONCERN_TASK
    add_task(session, ctx, case, TaskKind.SAFEGUARDING_REFERRAL, title, why, due)
    return f"{title}: {why}"


DUPLICATE_HOW = ('To use them, give their id as "existing_uid" in parties[{i}].person; if this is someone else, '
                 'set "new_person": true on parties[{i}] (or run asb case new with --new-person)')


def _person(session: Session, data: PersonInput, now: datetime) -> Person:
    if data.existing_uid:
        person = session.scalar(select(Person).where(Person.uid == data.existing_uid))
        if person is None:
            raise ValidationError("person", f"no person on file with id {data.existing_uid}")
        return person
    values = {k: v for k, v in vars(data).items() if k != "existing_uid"}
    person = Person(**values, created_at=now)
    session.add(person)
    return person


class CaseService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    # ----------------------------------------------------------------- intake
    def report(self, report: ReportInput, *, new_people: bool = False) -> CaseOpened:
        """Log a new report as a case (2024 5.1-5.9): assign it, set its deadlines, raise its tasks.

        A person who looks like someone already on file (4.1, ``domain.identity_rules.same_person``) raises
        ``PossibleDuplicate`` naming the match, unless the party gives the person's id (``existing_uid``),
        says ``new_person``, or ``new_people`` says so for every party."""
        ctx = self.ctx
        check = access_rules.may_log_report(self.actor.roles)
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        now = ctx.now()
        report.validate(now)
        triage_form = load_triage()
        triage_form.check_answers(report.triage)
        with ctx.session() as s:
            region = ctx.region(s)
            for i, party in enumerate(report.parties):
                if party.person is not None and not party.anonymous:
                    refuse_duplicate(s, party.person, f"parties[{i}].person", new_people or party.new_person,
                                     DUPLICATE_HOW.format(i=i))
            reference = allocate_reference(s, report.received_at.year)
            people = [(_person(s, p.person, now) if p.person else None, p) for p in report.parties]
            s.flush()
            employee = access_rules.involves_employee(
                [access_rules.PartyFact(str(p.role), bool(person and person.is_employee)) for person, p in people],
                report.colleague_harassed)
            typed = report.property
            typed_officer = (find_user(s, typed.scheme_officer, "property.scheme_officer")
                             if typed and typed.scheme_officer else None)
            requested = find_user(s, report.assign_to, "assign_to") if report.assign_to else None
            decision = intake.decide(
                actor=self.actor.ref, requested=user_ref(requested) if requested else None,
                staff=active_staff(s), employee_involved=employee,
                typed_scheme_name=typed.scheme_name if typed else None,
                typed_scheme_officer=user_ref(typed_officer) if typed_officer else None,
                on_file=property_on_file(s, typed.address, typed.postcode) if typed else None,
                triage_answers=report.triage, triage_questions=triage_form.question_ids(),
                triage_threshold=triage_form.threshold, received_at=report.received_at, serious=report.serious,
                region=region)
            assignment, triage, deadline = decision.assignment, decision.triage, decision.deadline
            prop = self._property(s, report, people)
            case = Case(
                reference=reference, channel=report.channel, status=CaseStatus.NEW.value,
                received_at=report.received_at, created_by_id=self.actor.id,
                assigned_officer_id=assignment.officer.id if assignment.officer else None,
                assignment_reason=assignment.reason, property_id=prop.id if prop else None,
                summary=report.summary, serious=report.serious, employee_involved=employee,
                colleague_harassed=report.colleague_harassed, domestic_abuse=report.domestic_abuse,
                hate_related=report.hate_related, safeguarding_concern=report.safeguarding_concern,
                crime_reported=report.crime_reported, police_reference=report.police_reference,
                supported_housing=decision.supported_housing, restricted=assignment.restricted,
                anonymous_checklist=report.anonymous_checklist,
                unknown_perpetrator=not any(p.role == PartyRole.ALLEGED_PERPETRATOR for _, p in people),
                unknown_perpetrator_description=report.unknown_perpetrator_description,
                triage_answers=dict(report.triage), full_risk_required=triage.allowed,
                response_due_at=deadline.due, response_due_reason=deadline.reason,
                last_activity_at=report.received_at, updated_at=now)
            s.add(case)
            s.flush()
            for person, p in people:
                s.add(CaseParty(case_id=case.id, person_id=person.id if person else None, role=p.role,
                                anonymous=p.anonymous, third_party_kind=p.third_party_kind,
                                organisation=p.organisation, consent_to_share=p.consent_to_share,
                                description=p.description))
            self._set_categories(s, case, report.categories)
            for incident in report.incidents:
                s.add(new_incident(ctx, case.id, incident))
            actions = self._intake_tasks(s, case, report, triage, deadline)
            review = check_case_review(s, ctx, case)
            if review:
                actions.append("ASB case review threshold met: " + "; ".join(review))
            s.flush()
            concern = raise_concern_task(s, ctx, case, deadline.due)
            if concern:
                actions.append(concern)
            derived.refresh(s, case, now)
            earlier = self._earlier_cases(s, case, [pe for pe, p in people
                                                    if pe and p.role == PartyRole.ALLEGED_PERPETRATOR])
            ctx.audit(s, "create", "case", case.id, reference, f"Logged report {reference}",
                      assignment=assignment.reason, response_due=deadline.reason)
            return CaseOpened(reference, assignment.reason, deadline.due, deadline.reason,
                              intake_gaps(report), actions, earlier, can_view(self.actor, case))

    def _property(self, s: Session, report: ReportInput, people: list) -> Property | None:
        data = report.property
        if data is None:
            return None
        officer = find_user(s, data.scheme_officer, "property.scheme_officer") if data.scheme_officer else None
        prop = s.scalar(select(Property).where(Property.address == data.address.strip(),
                                               Property.postcode == data.postcode.strip()))
        if prop is None:
            prop = Property(address=data.address.strip(), postcode=data.postcode.strip(),
                            landlord_ref=data.landlord_ref, scheme_name=data.scheme_name or None,
                            scheme_officer_id=officer.id if officer else None)
            s.add(prop)
            s.flush()
        elif officer and prop.scheme_officer_id != officer.id:
            prop.scheme_officer_id = officer.id
        tenant = next((pe for pe, p in people if pe and p.role == data.tenant_role), None)
        if data.tenancy_type and tenant is not None:
            tenancy = Tenancy(property_id=prop.id, person_id=tenant.id, tenancy_type=data.tenancy_type,
                              start_date=data.tenancy_start, landlord_ref=data.landlord_ref,
                              rent_period=data.rent_period or None)
            s.add(tenancy)
            from .tenancy_contact import raise_new_tenant_contact  # 3.1: a new tenancy's 4-6 week contact

            raise_new_tenant_contact(s, tenancy, self.ctx.now(), self.ctx.actor.id)
        return prop

    def _set_categories(self, s: Session, case: Case, names: list[str]) -> None:
        for name in dict.fromkeys(n.strip() for n in names if n.strip()):
            category = s.scalar(select(Category).where(Category.name == name))
            if category is None:
                known = ", ".join(s.scalars(select(Category.name).where(Category.retired.is_(False))))
                raise ValidationError("categories", f"'{name}' is not a category. Known: {known}")
            s.add(CaseCategory(case_id=case.id, category_id=category.id))

    def _intake_tasks(self, s: Session, case: Case, report: ReportInput, triage: rules.Check,
                      deadline: rules.Deadline) -> list[str]:
        ctx = self.ctx
        made: list[tuple[TaskKind, str, str, datetime | None]] = [
            (TaskKind.RESPONSE, "Respond to the complainant", deadline.reason, deadline.due)]
        if report.colleague_harassed:
            d = rules.colleague_assessment_deadline(report.received_at)
            case.colleague_assessment_due_at = d.due
            made.append((TaskKind.COLLEAGUE_RISK_ASSESSMENT, "Colleague risk assessment", d.reason, d.due))
        if triage.allowed:
            made.append((TaskKind.FULL_RISK_ASSESSMENT, "Complete the full risk assessment (Appendix 1)",
                         triage.message, deadline.due))
        if report.domestic_abuse:
            made += [(TaskKind.DOMESTIC_ABUSE if i == 0 else TaskKind.SAFEGUARDING_REFERRAL, title, why,
                      deadline.due) for i, (title, why) in enumerate(rules.domestic_abuse_tasks())]
        for kind, title, why, due in made:
            add_task(s, ctx, case, kind, title, why, due)
        return [f"{title}: {why}" for _, title, why, _ in made]

    def _earlier_cases(self, s: Session, case: Case, perpetrators: list[Person]) -> list[str]:
        if not perpetrators:
            return []
        rows = s.scalars(select(Case.reference).join(CaseParty, CaseParty.case_id == Case.id).where(
            CaseParty.person_id.in_([p.id for p in perpetrators]),
            CaseParty.role == PartyRole.ALLEGED_PERPETRATOR.value, Case.id != case.id,
            Case.status == CaseStatus.CLOSED.value).distinct())
        return sorted(rows)

    # -------------------------------------------------------------- lifecycle
    def _editable(self, s: Session, reference: str, expected_version: int | None) -> Case:
        case = open_case(self.ctx, s, reference, edit=True)
        if expected_version is not None and case.version != expected_version:
            editor = s.scalar(select(User.full_name).join(
                Case, Case.created_by_id == User.id).where(Case.id == case.id))
            from ..kernel.errors import Conflict

            raise Conflict(f"Case {case.reference} was changed by someone else (it is now at version "
                           f"{case.version}, you opened version {expected_version}; created by {editor}). "
                           "Nothing of yours was saved: reload the case, then make your change again.")
        return case

    def update(self, reference: str, changes: dict[str, Any], expected_version: int | None = None) -> int:
        """Change simple case fields. Returns the new version number."""
        allowed = {"summary", "serious", "hate_related", "safeguarding_concern", "crime_reported",
                   "police_reference", "unknown_perpetrator_description", "legal_exception", "colleague_harassed"}
        bad = sorted(set(changes) - allowed - {"domestic_abuse"})
        if bad:
            raise ValidationError(bad[0], "cannot be changed this way")
        with self.ctx.session() as s:
            case = self._editable(s, reference, expected_version)
            before = {k: getattr(case, k) for k in changes}
            for key, value in changes.items():
                if key != "domestic_abuse":
                    setattr(case, key, value)
            if changes.get("domestic_abuse") and not case.domestic_abuse:
                case.domestic_abuse = True
                for i, (title, why) in enumerate(rules.domestic_abuse_tasks()):
                    add_task(s, self.ctx, case, TaskKind.DOMESTIC_ABUSE if i == 0 else
                             TaskKind.SAFEGUARDING_REFERRAL, title, why, self.ctx.now())
            moved = None
            if changes.get("colleague_harassed") and not before.get("colleague_harassed"):
                d = rules.colleague_assessment_deadline(self.ctx.now())
                case.colleague_assessment_due_at = d.due
                moved = apply_employee_rule(self.ctx, s, case, "Colleague harassed by a customer ticked")
                add_task(s, self.ctx, case, TaskKind.COLLEAGUE_RISK_ASSESSMENT, "Colleague risk assessment",
                         d.reason, d.due)
            if "serious" in changes:
                sync_response_deadline(s, self.ctx, case)
            if changes.get("safeguarding_concern") and not before["safeguarding_concern"]:
                s.flush()
                raise_concern_task(s, self.ctx, case, self.ctx.now())
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "case", case.id, case.reference, "Changed " + ", ".join(changes),
                           before={k: str(v) for k, v in before.items()},
                           after={k: str(v) for k, v in changes.items()}, **({"reassigned": moved} if moved else {}))
            s.flush()
            return case.version

    def assign(self, reference: str, username: str, expected_version: int | None = None) -> str:
        with self.ctx.session() as s:
            case = self._editable(s, reference, expected_version)
            user = find_user(s, username, "officer")
            check = may_take(s, case, user, referral=False)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            case.assigned_officer_id = user.id
            case.assignment_reason = f"Assigned to {user.full_name} by {self.actor.full_name}."
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "case", case.id, case.reference, case.assignment_reason)
            return case.assignment_reason

    def refer_from_scheme(self, reference: str, username: str) -> str:
        """2024 5.5: a supported-housing case goes on to a housing officer after the scheme officer tried."""
        with self.ctx.session() as s:
            case = self._editable(s, reference, None)
            user = find_user(s, username, "officer")
            check = may_take(s, case, user, referral=True)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            case.referred_to_officer_id = user.id
            case.assigned_officer_id = user.id
            case.assignment_reason = f"Referred to {user.full_name} by the scheme officer (2024 5.5)."
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "case", case.id, case.reference, case.assignment_reason)
            return case.assignment_reason

    def record_response(self, reference: str, at: datetime | None = None) -> str:
        with self.ctx.session() as s:
            case = self._editable(s, reference, None)
            when = at or self.ctx.now()
            timing = response.first_response_time(when, case.received_at, self.ctx.now())
            if not timing.allowed:
                raise ValidationError("at", timing.message)
            case.responded_at = when
            if case.status == CaseStatus.NEW.value:
                case.status = CaseStatus.ACTIVE.value
            for task in s.scalars(select(Task).where(Task.case_id == case.id, Task.kind == TaskKind.RESPONSE.value,
                                                     Task.done_at.is_(None))):
                task.done_at = when
            on_time = case.response_due_at is None or when <= case.response_due_at
            derived.refresh(s, case, self.ctx.now())
            msg = f"First response recorded {'on time' if on_time else 'late'} at {when:%d %B %Y %H:%M}."
            self.ctx.audit(s, "change", "case", case.id, case.reference, msg)
            return msg

    def close(self, reference: str, reason: str | None, note: str = "", expected_version: int | None = None,
              manager_decision: str = "", satisfaction: str | None = None) -> str:
        """16.1: close for a reason the facts support. Open safeguarding or domestic-abuse tasks block it
        unless a manager records a decision (audited); those tasks are then left open, never marked done.
        ``satisfaction`` is the complainant's TP12 answer, if they gave one."""
        check = rules.closure(reason)
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        assert reason is not None  # the check allows only a closure reason
        answer = parse_enum(Satisfaction, satisfaction, "satisfaction") if satisfaction else None
        with self.ctx.session() as s:
            case = self._editable(s, reference, expected_version)
            check = closure.not_closed_yet(case.reference, case.status == CaseStatus.CLOSED.value)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            if answer is not None:
                self._set_satisfaction(s, case, answer)
            now = self.ctx.now()
            decision = closure.may_close(ClosureReason(reason), procedure_facts.closure_facts(s, case), now,
                                         roles=frozenset(self.actor.roles), manager_decision=manager_decision)
            if not decision.allowed:
                raise RuleBlocked(decision.check.reasons)
            case.status, case.closure_reason, case.closure_note = CaseStatus.CLOSED.value, reason, note
            case.closed_at = now
            for task in s.scalars(select(Task).where(Task.case_id == case.id, Task.done_at.is_(None))):
                if safeguarding.is_safeguarding_task(task.kind):
                    task.reason += f" Left open when the case closed on {self.actor.full_name}'s decision."
                    continue
                task.done_at = case.closed_at
                task.reason += " (closed with the case)"
            if decision.left_open:
                text = decision.check.reasons[-1]
                s.add(Note(case_id=case.id, kind=NoteKind.SAFEGUARDING.value, written_at=now, text=text,
                           confidential=True, created_at=now, created_by_id=self.actor.id))
                self.ctx.audit(s, "override", "case", case.id, case.reference, text,
                               decision=manager_decision.strip(), tasks=[t.title for t in decision.left_open])
            derived.refresh(s, case, now)
            self.ctx.audit(s, "change", "case", case.id, case.reference, decision.check.message, note=note)
            return decision.check.message

    def record_satisfaction(self, reference: str, satisfaction: str, expected_version: int | None = None) -> str:
        """TP12 on a closed case, when the complainant answers after the closure letter."""
        answer = parse_enum(Satisfaction, satisfaction, "satisfaction")
        with self.ctx.session() as s:
            case = self._editable(s, reference, expected_version)
            check = closure.satisfaction_asked(case.reference, case.status == CaseStatus.CLOSED.value)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            self._set_satisfaction(s, case, answer)
            case.updated_at = self.ctx.now()
            return f"Recorded on {case.reference}: {Satisfaction(answer).label.lower()} (TP12)."

    def _set_satisfaction(self, s: Session, case: Case, answer: str) -> None:
        why = tsm.may_record_satisfaction([p.anonymous for p in case.parties
                                           if p.role == PartyRole.COMPLAINANT.value])
        if why:
            raise RuleBlocked([why])
        before, case.complainant_satisfaction = case.complainant_satisfaction, answer
        self.ctx.audit(s, "change", "case", case.id, case.reference,
                       f"Complainant's satisfaction (TP12): {Satisfaction(answer).label}",
                       before=before, after=answer)

    def reopen(self, reference: str, copy_note_uids: list[str] | None = None, summary: str = "") -> CaseOpened:
        """16.3: a new report about a closed case's perpetrator opens a new, linked case."""
        return self._linked_case(reference, LinkKind.REOPENED_FROM, copy_note_uids or [], summary)

    def counter_allegation(self, reference: str, copy_note_uids: list[str] | None = None,
                           summary: str = "") -> CaseOpened:
        """8.3: a counter-allegation is a new case with the roles swapped, linked to the first."""
        return self._linked_case(reference, LinkKind.COUNTER_ALLEGATION, copy_note_uids or [], summary)

    def _linked_case(self, reference: str, kind: LinkKind, note_uids: list[str], summary: str) -> CaseOpened:
        ctx = self.ctx
        now = ctx.now()
        check = access_rules.may_log_report(self.actor.roles)  # a reopened or counter case is a new report
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        with ctx.session() as s:
            source = self._editable(s, reference, None)
            if kind == LinkKind.REOPENED_FROM:
                check = closure.may_reopen(source.reference, source.status == CaseStatus.CLOSED.value)
                if not check.allowed:
                    raise RuleBlocked(check.reasons)
            new_ref = allocate_reference(s, now.year)
            region = ctx.region(s)
            deadline = rules.response_deadline(now, source.serious, source.risk_band == "high", region)
            why = ("New report about the same alleged perpetrator after closure (16.3)" if kind == LinkKind.REOPENED_FROM
                   else "Counter-allegation opened as a new case (8.3)")
            case = Case(reference=new_ref, channel=source.channel, status=CaseStatus.NEW.value, received_at=now,
                        created_by_id=self.actor.id, assigned_officer_id=source.assigned_officer_id,
                        assignment_reason=f"{why}; assigned as {source.reference} was.",
                        property_id=source.property_id, summary=summary or f"{why}: from {source.reference}.",
                        employee_involved=source.employee_involved, restricted=source.restricted,
                        supported_housing=source.supported_housing, unknown_perpetrator=source.unknown_perpetrator,
                        unknown_perpetrator_description=source.unknown_perpetrator_description,
                        response_due_at=deadline.due, response_due_reason=deadline.reason,
                        last_activity_at=now, updated_at=now)
            s.add(case)
            s.flush()
            swap = {PartyRole.COMPLAINANT.value: PartyRole.ALLEGED_PERPETRATOR.value,
                    PartyRole.ALLEGED_PERPETRATOR.value: PartyRole.COMPLAINANT.value}
            for party in source.parties:
                role = swap.get(party.role, party.role) if kind == LinkKind.COUNTER_ALLEGATION else party.role
                if kind == LinkKind.COUNTER_ALLEGATION and party.anonymous:
                    continue  # an anonymous complainant is never named as the other side's perpetrator
                if kind == LinkKind.COUNTER_ALLEGATION and role == PartyRole.ALLEGED_PERPETRATOR and not party.person:
                    continue
                s.add(CaseParty(case_id=case.id, person_id=party.person_id, role=role, anonymous=party.anonymous,
                                third_party_kind=party.third_party_kind, organisation=party.organisation,
                                consent_to_share=party.consent_to_share, description=party.description))
            if kind == LinkKind.COUNTER_ALLEGATION:
                case.unknown_perpetrator = not any(p.role == PartyRole.COMPLAINANT and p.person for p in source.parties)
            for link in source.category_links:
                s.add(CaseCategory(case_id=case.id, category_id=link.category_id))
            notes = list(s.scalars(select(Note).where(Note.case_id == source.id, Note.uid.in_(note_uids))))
            missing = set(note_uids) - {n.uid for n in notes}
            if missing:
                raise ValidationError("notes", f"{len(missing)} chosen note(s) are not on case {source.reference}")
            for n in notes:
                s.add(Note(case_id=case.id, kind=n.kind, written_at=n.written_at, confidential=n.confidential,
                           text=f"[Copied from {source.reference}] {n.text}", copied_from_uid=n.uid,
                           created_at=now, created_by_id=self.actor.id))
            s.add(CaseLink(case_id=case.id, linked_case_id=source.id, kind=kind.value, note=why, created_at=now))
            add_task(s, ctx, case, TaskKind.RESPONSE, "Respond to the complainant", deadline.reason, deadline.due)
            apply_employee_rule(ctx, s, case, f"{why} ({new_ref})")
            review = check_case_review(s, ctx, case)
            derived.refresh(s, case, now)
            ctx.audit(s, "create", "case", case.id, new_ref, f"{why}: {new_ref} linked to {source.reference}",
                      copied_notes=len(notes))
            return CaseOpened(new_ref, case.assignment_reason, deadline.due, deadline.reason, [],
                              [f"{len(notes)} note(s) copied from {source.reference}"]
                              + [f"ASB case review threshold met: {why}" for why in review], [source.reference])

    def add_category(self, name: str) -> None:
        require_role(self.actor, Role.ADMINISTRATOR, doing="add categories")
        with self.ctx.session() as s:
            if s.scalar(select(Category.id).where(Category.name == name.strip())):
                raise ValidationError("category", f"'{name}' already exists")
            s.add(Category(name=name.strip()))
            self.ctx.audit(s, "create", "category", name, summary=f"Added category {name}")

"""Reading the case file: lists, search, one case in full, what is due, a person's history, the audit trail.

Every read goes through the actor's visibility rules and returns frozen read models (case_view.py,
kernel/read_models.py). Reading has no side effect, except where a view is audited on purpose: opening a
case and opening a person's ASB history (``open_person_history``) each write a "view" entry in the audit
trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from ...domain import rules
from ...domain.enums import CaseStatus, PartyRole
from ...domain.identity_rules import hidden_cases_note
from ...domain.incident_times import incident_span
from ...domain.intake import PropertyOnFile
from ...storage.orm import (
    CASE_CHILD_TABLES,
    AuditEntry,
    Case,
    CaseLink,
    CaseParty,
    Person,
    Property,
    Task,
    Tenancy,
    User,
)
from ..kernel import derived
from ..kernel.access import require_role, visible_cases
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import NotFound
from ..kernel.legal_gate import legal_gate_for
from ..kernel.read_models import CaseRow, DueItem
from .case_view import (
    AssessmentView,
    AuditEntryView,
    CaseDetail,
    CaseLinkView,
    ClosureView,
    ContactDue,
    ContactView,
    Decision,
    ForumRecordView,
    HistoryCase,
    IncidentView,
    InterviewView,
    NoteView,
    PartyView,
    PersonFound,
    PersonHistory,
    PersonView,
    PropertyView,
    RemedyView,
    RiskAssessmentView,
    TaskView,
    TenancyView,
    TimelineEntry,
    view_of,
)
from .intake import property_on_file

SORTABLE: dict[str, InstrumentedAttribute[object]] = {"reference": Case.id, "received_at": Case.received_at, "status": Case.status,
            "risk_band": Case.risk_band, "officer": Case.officer_display, "next_due_at": Case.next_due_at,
            "complainant": Case.complainant_display, "perpetrator": Case.perpetrator_display,
            "categories": Case.categories_display}


def row_of(c: Any) -> CaseRow:
    return CaseRow(c.id, c.reference, c.complainant_display, c.perpetrator_display, c.categories_display,
                   c.risk_band or "", c.status, c.officer_display, c.next_due_at, c.next_due_label, c.received_at,
                   c.version, bool(c.restricted))


class QueryService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _filters(self, status: str | None, officer_id: int | None, overdue: bool, mine: bool,
                 category: str | None) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [visible_cases(self.ctx.actor)]
        if status == "open":
            where.append(Case.status != CaseStatus.CLOSED.value)
        elif status:
            where.append(Case.status == status)
        if mine:
            where.append(Case.assigned_officer_id == self.ctx.actor.id)
        if officer_id is not None:
            where.append(Case.assigned_officer_id == officer_id)
        if overdue:
            where.append(and_(Case.next_due_at < self.ctx.now(), Case.status != CaseStatus.CLOSED.value))
        if category:
            where.append(Case.categories_display.contains(category))
        return where

    def list_cases(self, search: str = "", *, status: str | None = None, overdue: bool = False,
                   mine: bool = False, officer_id: int | None = None, category: str | None = None,
                   sort: str = "reference", descending: bool = True, limit: int = 50,
                   offset: int = 0, extra: Sequence[ColumnElement[bool]] = ()) -> list[CaseRow]:
        """One page of the case list; ``extra`` adds conditions on ``cases`` (the case list's filters)."""
        where = [*self._filters(status, officer_id, overdue, mine, category), *extra]
        with self.ctx.session() as s:
            if search.strip():
                from ...storage.search import search_case_ids

                ids = search_case_ids(s, search, limit=limit, offset=offset, where=and_(*where))
                rows = {c.id: c for c in s.execute(select(*_ROW_COLS).where(Case.id.in_(ids)))}
                return [row_of(rows[i]) for i in ids if i in rows]
            col = SORTABLE.get(sort, Case.id)
            stmt = (select(*_ROW_COLS).where(*where).order_by(col.desc() if descending else col.asc(), Case.id.desc())
                    .limit(limit).offset(offset))
            return [row_of(c) for c in s.execute(stmt)]

    def count_cases(self, *, status: str | None = None, overdue: bool = False, mine: bool = False) -> int:
        with self.ctx.session() as s:
            return s.scalar(select(func.count(Case.id)).where(*self._filters(status, None, overdue, mine, None))) or 0

    def case_detail(self, reference: str) -> CaseDetail:
        """Everything on one case, as plain data. Reading only: a reload after an edit writes nothing;
        ``open_case`` is what records that someone looked at the case."""
        with self.ctx.session() as s:
            return self._detail(s, open_case(self.ctx, s, reference))

    def open_case(self, reference: str, how: str = "Opened") -> CaseDetail:
        """``case_detail`` for a user opening (or previewing) the case: one "view" audit entry per call."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            out = self._detail(s, case)
            self.ctx.audit(s, "view", "case", case.id, case.reference, f"{how} {case.reference}")
            return out

    def _detail(self, s: Session, case: Case) -> CaseDetail:
        users = {u.id: u.full_name for u in s.scalars(select(User))}
        parties = []
        for p in case.parties:
            disclosure = None
            if p.role == PartyRole.THIRD_PARTY_REPORTER or p.third_party_kind:
                disclosure = decision(rules.third_party_disclosure(p.consent_to_share))
            parties.append(view_of(
                PartyView, p,
                # 5.7: an anonymous reporter's identity never leaves the service
                person=view_of(PersonView, p.person) if p.person and not p.anonymous else None,
                name=derived.ANONYMOUS if p.anonymous else (
                    p.person.display_name if p.person else p.organisation or p.description),
                third_party_disclosure=disclosure))
        prop = s.get(Property, case.property_id) if case.property_id else None
        tenancies = tuple(view_of(TenancyView, t) for t in s.scalars(select(Tenancy).where(
            Tenancy.property_id == case.property_id))) if case.property_id else ()
        children: dict[str, tuple[Any, ...]] = {}
        for model in CASE_CHILD_TABLES:
            rows = s.scalars(select(model).where(model.case_id == case.id).order_by(model.id))
            view = _CHILD_VIEWS[model.__tablename__]
            children[model.__tablename__] = tuple(
                view_of(view, r, assigned_name=users.get(r.assigned_to_id or -1, "")) if isinstance(r, Task)
                else view_of(view, r) for r in rows)
        links = s.execute(select(CaseLink.kind, CaseLink.note, Case.reference).join(
            Case, Case.id == CaseLink.linked_case_id).where(CaseLink.case_id == case.id))
        back = s.execute(select(CaseLink.kind, CaseLink.note, Case.reference).join(
            Case, Case.id == CaseLink.case_id).where(CaseLink.linked_case_id == case.id))
        feedback = rules.feedback_letters(any(p.anonymous and p.role == PartyRole.COMPLAINANT
                                              for p in case.parties))
        contact = derived.complainant_contact_deadline(s, case)
        quiet = rules.proposed_for_closure(case.last_activity_at, self.ctx.now())
        from ..kernel.case_reads import diary_timeline_events as evidence_events
        from .case_records import timeline_events as record_events

        out = view_of(
            CaseDetail, case,
            assigned_officer=users.get(case.assigned_officer_id or -1, ""),
            parties=tuple(parties),
            property=view_of(PropertyView, prop) if prop else None,
            tenancies=tenancies,
            categories=tuple(sorted(link.category.name for link in case.category_links)),
            **children,
            links=(*(CaseLinkView(k, n, r, "to") for k, n, r in links),
                   *(CaseLinkView(k, n, r, "from") for k, n, r in back)),
            legal_gate=decision(legal_gate_for(s, case)),
            feedback_letters=decision(feedback),
            complainant_contact_due=ContactDue(contact.due, contact.reason) if contact else None,
            proposed_for_closure=quiet.message if quiet.allowed and case.closed_at is None else "",
            closure=closure_view(s, case, self.ctx.now()),
            timeline=())
        return replace(out, timeline=timeline(out, [*evidence_events(s, case), *record_events(s, case)]))

    def due_items(self, mine: bool = False, within_days: int = 7) -> list[DueItem]:
        """Due and overdue: response deadlines, complainant contacts, colleague assessments, tasks,
        cases quiet for 4 weeks proposed for closure, and new-tenant contacts (3.1, no case)."""
        now = self.ctx.now()
        horizon = datetime.fromordinal(now.toordinal() + within_days)
        where = self._filters("open", None, False, mine, None)
        items: list[DueItem] = []
        with self.ctx.session() as s:
            stmt = (select(Case.reference, Task.kind, Task.title, Task.due_at, Task.reason, Task.uid, Task.version)
                    .join(Case, Case.id == Task.case_id)
                    .where(*where, Task.done_at.is_(None), Task.due_at.is_not(None), Task.due_at <= horizon)
                    .order_by(Task.due_at).limit(2000))
            for ref, kind, title, due, reason, uid, version in s.execute(stmt):
                if due is not None:  # always so (the query leaves out tasks with no due date)
                    items.append(DueItem(ref, kind, title, due, due < now, reason, uid, version))
            items += _contact_due_items(s, where, now, horizon)
            cutoff = now - rules.QUIET_PERIOD
            for ref, last in s.execute(select(Case.reference, Case.last_activity_at).where(
                    *where, Case.last_activity_at <= cutoff).order_by(Case.last_activity_at).limit(2000)):
                check = rules.proposed_for_closure(last, now)
                items.append(DueItem(ref, "proposed_closure", "Proposed for closure", last + rules.QUIET_PERIOD,
                                     True, check.message))
            from ..kernel.notice_due import notice_due_items

            items += notice_due_items(s, where, now, horizon)
            from .case_records import safeguarding_due_items

            items += safeguarding_due_items(s, where, now)
            from .tenancy_contact import new_tenant_contact_due_items

            items += new_tenant_contact_due_items(s, self.ctx.actor, mine, now, horizon)
            refs = {i.reference for i in items if i.reference}
            officers = {ref: officer for ref, officer in s.execute(
                select(Case.reference, Case.officer_display).where(Case.reference.in_(refs)))} if refs else {}
        return sorted((replace(i, officer=officers.get(i.reference) or "") for i in items), key=lambda i: i.due_at)

    def property_on_file(self, address: str, postcode: str) -> PropertyOnFile | None:
        """The property already recorded at this address, as the intake decision sees it (2024 5.4)."""
        with self.ctx.session() as s:
            return property_on_file(s, address, postcode)

    def open_person_history(self, person_uid: str) -> PersonHistory:
        """4.1: every case where the person was the alleged perpetrator, for pre-tenancy checks.

        Opening it is audited: it writes a "view" entry naming the person, as opening a case does, so
        call it when someone asks to see the history, never to refresh a list."""
        with self.ctx.session() as s:
            person = s.scalar(select(Person).where(Person.uid == person_uid))
            if person is None:
                raise NotFound("There is no such person on file.")
            rows = s.execute(select(Case.reference, Case.status, Case.received_at, Case.closure_reason,
                                    Case.categories_display, Case.restricted, Case.assigned_officer_id)
                             .join(CaseParty, CaseParty.case_id == Case.id)
                             .where(CaseParty.person_id == person.id,
                                    CaseParty.role == PartyRole.ALLEGED_PERPETRATOR.value,
                                    visible_cases(self.ctx.actor)).order_by(Case.received_at).distinct())
            cases = tuple(HistoryCase(r, st, rec, cr, cat) for r, st, rec, cr, cat, _, _ in rows)
            every = s.scalar(select(func.count(func.distinct(CaseParty.case_id))).where(
                CaseParty.person_id == person.id, CaseParty.role == PartyRole.ALLEGED_PERPETRATOR.value)) or 0
            hidden = max(0, every - len(cases))
            self.ctx.audit(s, "view", "person", person.id, None, f"Viewed ASB history of {person.display_name}")
            return PersonHistory(view_of(PersonView, person), person.display_name, cases, hidden,
                                 hidden_cases_note(len(cases), hidden))

    def find_people(self, text: str, limit: int = 20) -> list[PersonFound]:
        """Person search. Never returns an anonymous reporter (2024 5.7)."""
        from ..kernel.identity import anonymous_person_ids

        like = f"%{text.strip()}%"
        with self.ctx.session() as s:
            hidden = anonymous_person_ids(s)
            rows = s.scalars(select(Person).where(Person.id.not_in(hidden) if hidden else true(), or_(
                (Person.first_names + " " + Person.surname).ilike(like), Person.address.ilike(like),
                Person.postcode.ilike(like))).order_by(Person.surname, Person.first_names).limit(limit))
            return [PersonFound(p.uid, p.display_name, p.address, p.postcode, p.date_of_birth, p.is_employee)
                    for p in rows]

    def audit_trail(self, reference: str | None = None, limit: int = 200) -> list[AuditEntryView]:
        """The newest ``limit`` entries of the audit trail: one case's (whoever may see the case), or
        everything (administrators and managers)."""
        with self.ctx.session() as s:
            stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
            if reference:
                open_case(self.ctx, s, reference)
                stmt = stmt.where(AuditEntry.case_reference == reference.strip().upper())
            else:
                from ...domain.enums import Role

                require_role(self.ctx.actor, Role.ADMINISTRATOR, Role.MANAGER, doing="read the whole audit trail")
            return [view_of(AuditEntryView, e, detail=dict(e.detail or {})) for e in s.scalars(stmt)]


def closure_view(s: Session, case: Case, now: datetime) -> ClosureView:
    """16.1 for the closure dialog: each reason with whether the facts allow it, and open safeguarding work."""
    from ...domain.closure import closure_options
    from ..kernel.procedure_facts import closure_facts

    facts = closure_facts(s, case)
    return ClosureView({reason.value: decision(c) for reason, c in closure_options(facts, now).items()},
                       tuple(t.title for t in facts.open_safeguarding))


def _contact_due_items(s: Session, where: list[Any], now: datetime, horizon: datetime) -> list[DueItem]:
    """15.1 contact due on every open case, whatever else is due first on the same case. The contact
    date is never before the case's next due date, so only cases with something due by ``horizon`` are read."""
    from ...domain.contact_rules import next_contact
    from ..kernel.procedure_facts import complainant_contacts, complainants

    cases = s.execute(select(Case.id, Case.reference, Case.received_at).where(
        *where, Case.next_due_at.is_not(None), Case.next_due_at <= horizon).order_by(Case.next_due_at).limit(2000)).all()
    people = complainants(s, [c.id for c in cases])
    contacts = complainant_contacts(s, [c.id for c in cases if c.id in people])
    items = []
    for cid, ref, received in cases:
        person = people.get(cid)
        if person is None:
            continue
        d = next_contact(contacts[cid], person.preferred_contact_method, received, person.contact_frequency_days)
        if d.due <= horizon:
            items.append(DueItem(ref, "complainant_contact", "Complainant contact", d.due, d.due < now, d.reason))
    return items


def decision(check: Any) -> Decision:
    """A rule's answer (anything with ``allowed`` and ``reasons``) as a read model."""
    return Decision(bool(check.allowed), tuple(check.reasons))


def timeline(detail: CaseDetail, extra: Iterable[TimelineEntry] = ()) -> tuple[TimelineEntry, ...]:
    """Everything that happened on the case in time order, one line each (``extra``: diary, evidence and
    case-record lines)."""
    events: list[tuple[datetime, str, str]] = [(detail.received_at, "report", "Report received")]
    events += [(e.at, e.kind, e.text) for e in extra]
    for i in detail.incidents:
        what = i.description[:200] or "Incident"
        if i.ended_at:  # one that ran on shows its end as well as its start
            what = f"{incident_span(i.started_at, i.ended_at)}: {what}"
        events.append((i.started_at, "incident", what))
    for c in detail.contacts:
        events.append((c.at, "contact", f"Contact by {c.method}: {c.outcome}"))
    for n in detail.notes:
        events.append((n.written_at, "note", n.text[:200]))
    for iv in detail.interviews:
        events.append((iv.held_at, "interview", f"{iv.kind.replace('_', ' ').capitalize()} interview"))
    for r in detail.remedies:
        events.append((r.decided_at, "remedy", f"{r.kind.replace('_', ' ')}: {r.status.replace('_', ' ')}"))
    for ra in detail.risk_assessments:
        events.append((ra.created_at, "risk", ra.reason))
    for t in detail.tasks:
        if t.done_at:
            events.append((t.done_at, "task", f"Done: {t.title}"))
    if detail.closed_at:
        events.append((detail.closed_at, "closure", f"Closed: {detail.closure_reason}"))
    return tuple(TimelineEntry(at, kind, text) for at, kind, text in sorted(events, key=lambda e: e[0]))


_CHILD_VIEWS: dict[str, type[Any]] = {
    "incidents": IncidentView, "tasks": TaskView, "contacts": ContactView, "interviews": InterviewView,
    "notes": NoteView, "risk_assessments": RiskAssessmentView, "remedies": RemedyView,
    "assessments": AssessmentView, "forum_records": ForumRecordView}

_ROW_COLS = (Case.id, Case.reference, Case.complainant_display, Case.perpetrator_display, Case.categories_display,
             Case.risk_band, Case.status, Case.officer_display, Case.next_due_at, Case.next_due_label,
             Case.received_at, Case.version, Case.restricted)

__all__ = ["QueryService", "CaseRow", "CaseDetail", "DueItem", "asdict"]

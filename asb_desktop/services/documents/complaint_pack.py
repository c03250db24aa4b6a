"""A complaint pack for one case (issue 22): the facts gathered from the case file, withheld and
anonymous identities removed from every line, rendered twice so the index gives the page each part
starts on, checked page by page for any withheld identity before it is written, and audited."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...court.withheld import WithheldPerson, hit_phrases, pdf_pages_text, redact, search_pdf
from ...documents.complaint_pack import PURPOSES, SECTIONS, ComplaintFacts, build_complaint_pack, when
from ...domain.complaint_chronology import DeadlineFact, deadline_lines
from ...domain.enums import CaseStatus, ClosureReason, Role, TaskKind
from ...domain.identity_rules import withheld_identity_check
from ...storage.orm import (
    AuditEntry,
    Case,
    Contact,
    Incident,
    Interview,
    Note,
    Remedy,
    RiskAssessment,
    Task,
    User,
)
from ...storage.orm_documents import GeneratedDocument
from ..kernel.access import require_role
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.court_facts import withheld_people
from ..kernel.errors import RuleBlocked, ValidationError

DECISIONS = ("create", "change", "override", "import", "assign")


@dataclass(frozen=True)
class ComplaintPackInfo:
    path: Path
    pages: int
    deadlines: int
    missed: int
    events: int


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


class ComplaintPackService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def build(self, reference: str, out: Path, purpose: str = "complaint") -> ComplaintPackInfo:
        """Write the pack for ``reference`` to ``out`` (a .pdf file). Team leaders, managers and
        administrators: it answers a complaint about how the team handled the case, or (``purpose``
        "case_review") goes to the panel of an ASB case review, which looks at the same chronology."""
        if purpose not in PURPOSES:
            raise ValidationError("purpose", f"'{purpose}' is not one of: {', '.join(PURPOSES)}")
        from ...documents.render_pdf import render_pdf

        require_role(self.ctx.actor, Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR,
                     doing="make a complaint pack")
        out = Path(out)
        if out.suffix.lower() != ".pdf":
            raise ValidationError("out", f"'{out}' must be a .pdf file")
        if not out.parent.is_dir():
            raise ValidationError("out", f"the folder {out.parent} does not exist; create it or choose another")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            people = withheld_people(case)
            facts = self._facts(s, case, people)
            facts.purpose = purpose
            if purpose == "case_review":
                facts.brief.append(("Case review", clean_review(case, people)))
            self.ctx.audit(s, "view", "case", case.id, case.reference, "Read the case file for a complaint pack")
        first = render_pdf(build_complaint_pack(facts))
        draft = out.with_name(out.name + ".partial")
        draft.write_bytes(first)
        starts = _section_pages(draft, SECTIONS)
        data = render_pdf(build_complaint_pack(facts, starts))
        draft.write_bytes(data)
        check = withheld_identity_check("The complaint pack would show ", hit_phrases(search_pdf(draft, people)),
                                        "; nothing was written.")
        if not check.allowed:  # never written with a withheld identity in it
            draft.unlink(missing_ok=True)
            raise RuleBlocked(check.reasons)
        os.replace(draft, out)
        pages = len(pdf_pages_text(out)) - 1  # pdftotext ends the last page with a form feed too
        missed = sum(1 for d in facts.deadlines if d.days_late)
        with self.ctx.session() as s:
            self.ctx.audit(s, "export", "case", case.id, case.reference,
                           f"{PURPOSES[purpose][0]} written ({pages} pages)",
                           path=str(out), deadlines=len(facts.deadlines), missed=missed)
        return ComplaintPackInfo(out, pages, len(facts.deadlines), missed, len(facts.chronology))

    def _facts(self, s: Session, case: Case, people: list[WithheldPerson]) -> ComplaintFacts:
        def clean(text: str) -> str:
            return redact(text, people)

        now = self.ctx.now()
        users, names = {}, {}
        for uid, username, name in s.execute(select(User.id, User.username, User.full_name)):
            users[uid], names[username] = name, name
        officer = users.get(case.assigned_officer_id or -1, "not assigned")
        brief = [("Case", case.reference), ("Received", when(case.received_at) + f" by {_label(case.channel)}"),
                 ("Categories", case.categories_display or "none recorded"), ("Officer", officer),
                 ("Why this officer", clean(case.assignment_reason) or "not recorded"),
                 ("Complainant", clean(case.complainant_display) or "none recorded"),
                 ("Alleged perpetrator", clean(case.perpetrator_display) or "none recorded"),
                 ("Risk band", (case.risk_band or "not assessed").capitalize()),
                 ("Status", CaseStatus(case.status).label)]
        if case.closed_at:
            brief.append(("Closed", f"{when(case.closed_at)}: "
                                    f"{ClosureReason(case.closure_reason).label if case.closure_reason else ''}"))
        facts = []
        if case.response_due_at:
            facts.append(DeadlineFact("First response to the complainant", case.response_due_at, case.responded_at,
                                      case.response_due_reason))
        for t in s.scalars(select(Task).where(Task.case_id == case.id, Task.due_at.is_not(None),
                                              Task.kind != TaskKind.RESPONSE.value)):  # the case's own deadline
            assert t.due_at is not None
            facts.append(DeadlineFact(clean(t.title), t.due_at, t.done_at, t.reason))
        events: list[tuple[datetime, str, str]] = [(case.received_at, "Report", "Report received")]
        for i in s.scalars(select(Incident).where(Incident.case_id == case.id)):
            events.append((i.started_at, "Incident", clean(i.description[:300]) or "Incident"))
        for c in s.scalars(select(Contact).where(Contact.case_id == case.id)):
            events.append((c.at, "Contact", f"{_label(c.method)}: {_label(c.outcome)}"
                           + (f". {clean(c.notes[:300])}" if c.notes.strip() else "")))
        for iv in s.scalars(select(Interview).where(Interview.case_id == case.id)):
            events.append((iv.held_at, "Interview", f"{_label(iv.kind)} interview ({_label(iv.method).lower()})"))
        for n in s.scalars(select(Note).where(Note.case_id == case.id, Note.confidential.is_(False))):
            events.append((n.written_at, "Note", clean(n.text[:300])))
        for t in s.scalars(select(Task).where(Task.case_id == case.id, Task.done_at.is_not(None))):
            assert t.done_at is not None
            events.append((t.done_at, "Task done", clean(t.title)))
        risk = [(r.created_at, f"{r.kind.capitalize()}: {r.band.capitalize()}, score {r.score}", clean(r.reason))
                for r in s.scalars(select(RiskAssessment).where(RiskAssessment.case_id == case.id))]
        documents = [(d.created_at, clean(d.title), f"{d.format.upper()}, version {d.version}")
                     for d in s.scalars(select(GeneratedDocument).where(GeneratedDocument.case_id == case.id))]
        remedies = [(r.decided_at, f"{_label(r.kind)}: {_label(r.status).lower()}", clean(r.notes[:300]))
                    for r in s.scalars(select(Remedy).where(Remedy.case_id == case.id))]
        decisions = [(a.at, names.get(a.username, a.username), clean(a.summary[:300])) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.case_reference == case.reference, AuditEntry.action.in_(DECISIONS))
            .order_by(AuditEntry.at, AuditEntry.id))]
        events += [(d[0], "Letter or document", d[1]) for d in documents]
        events += [(r[0], "Risk assessment", r[1]) for r in risk]
        events += [(r[0], "Remedy", r[1]) for r in remedies]
        if case.closed_at:
            events.append((case.closed_at, "Closure", brief[-1][1].split(": ", 1)[-1]))
        return ComplaintFacts(case.reference, str(self.ctx.setting(s, "organisation_name") or ""),
                              self.ctx.actor.full_name, now, brief, deadline_lines(facts, now),
                              sorted(events, key=lambda e: e[0]), sorted(risk), sorted(documents), sorted(remedies),
                              decisions)


def clean_review(case: Case, people: list[WithheldPerson]) -> str:
    """Why the case met the review threshold, with withheld identities removed."""
    if case.case_review_at is None:
        return "The case has not met the case review threshold; the review was asked for on other grounds."
    return redact(f"Threshold met on {when(case.case_review_at)}: {case.case_review_reason}", people)


def _section_pages(path: Path, sections: tuple[str, ...]) -> dict[str, int]:
    """The page (1-based) each section heading first appears on, after the index on page 1."""
    pages = pdf_pages_text(path)
    found: dict[str, int] = {}
    for name in sections:
        for number, text in enumerate(pages[1:], 2):
            if name in text:
                found[name] = number
                break
    return found

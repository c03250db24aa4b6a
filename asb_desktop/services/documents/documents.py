"""Appendix 1, Appendix 2 and letters from the case without retyping, each stored against the case
(data_dir/documents, SHA-256) and listed by ``generated`` for the court bundle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.appendices import SignOff, build_peia, build_risk_assessment, load_peia
from ...documents.guard import ensure_absent
from ...documents.letters import LetterTemplate, build_letter, load_letter_templates
from ...documents.model import Document
from ...documents.render_docx import render
from ...domain import rules
from ...domain.closure import closure_letter
from ...domain.contact_letter import attempts_wording, completes_letter_task, letter_check
from ...domain.enums import ClosureReason, ContactOutcome, NoteKind, PartyRole
from ...domain.forms import load_risk_assessment
from ...storage.orm import Assessment, Case, CaseParty, Contact, Note, Person, RiskAssessment, User
from ...storage.orm_documents import GeneratedDocument
from ..kernel import derived
from ..kernel.case_documents import (
    GeneratedInfo,
    generated_documents,
    generated_info,
    identities_of,
    protected_identities,
)
from ..kernel.case_evidence import case_items
from ..kernel.case_file import letter_task_done, open_case
from ..kernel.case_reads import diary_entries
from ..kernel.context import Context
from ..kernel.errors import NotFound, RuleBlocked, ValidationError
from ..kernel.legal_gate import peia_done
from .document_store import letterhead, store
from .peia_prefill import prefill

FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Rendered:
    data: bytes
    document: GeneratedInfo


@dataclass(frozen=True)
class PeiaState:
    answers: dict[str, Any]
    completed: bool
    officer: SignOff = SignOff("Officer", "", None)
    manager: SignOff = SignOff("Manager", "", None)


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationError("format", f"'{fmt}' is not pdf or docx")
    return fmt


class DocumentService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx


    def _finish(self, s: Session, case: Case, doc: Document, kind: str, fmt: str, recipient_role: str | None = None,
                recipient: Person | None = None) -> Rendered:
        doc.author = doc.author or self.ctx.actor.full_name  # a letter is already the officer's
        doc.created = self.ctx.now()
        data = render(doc, _fmt(fmt))
        row = store(self.ctx, s, case, kind, doc.title, fmt, data, recipient_role,
                    recipient.id if recipient else None)
        return Rendered(data, generated_info(self.ctx, s, case, row))

    def generated(self, reference: str) -> list[GeneratedInfo]:
        """Every document generated for the case, oldest first (the bundle picks them up from here)."""
        return generated_documents(self.ctx, reference)

    def generated_all(self, limit: int = 1000) -> list[GeneratedInfo]:
        """Documents generated across every case the user may see, newest first (the Documents page)."""
        from ..kernel.access import visible_cases

        with self.ctx.session() as s:
            rows = s.execute(select(GeneratedDocument, Case).join(Case, Case.id == GeneratedDocument.case_id)
                             .where(visible_cases(self.ctx.actor))
                             .order_by(GeneratedDocument.created_at.desc(), GeneratedDocument.id.desc())
                             .limit(limit)).all()
            self.ctx.audit(s, "view", "document", "", None, f"Listed {len(rows)} generated document(s)")
            return [generated_info(self.ctx, s, case, row) for row, case in rows]

    # -------------------------------------------------------------- Appendix 1
    def risk_assessment(self, reference: str, fmt: str = "pdf") -> Rendered:
        """The latest full risk assessment recorded on the case (RiskService.assess), as Appendix 1."""
        form = load_risk_assessment()
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = s.scalar(select(RiskAssessment).where(RiskAssessment.case_id == case.id, RiskAssessment.kind == "full")
                           .order_by(RiskAssessment.id.desc()).limit(1))
            if row is None:
                raise NotFound(f"No full risk assessment is recorded on case {case.reference}; complete Appendix 1 "
                               "first.")
            user = s.get(User, row.created_by_id) if row.created_by_id else None
            doc = build_risk_assessment(form, case.reference, dict(row.answers), row.score, row.band, row.reason,
                                        list(row.actions), row.notes, row.created_at, user.full_name if user else "",
                                        letterhead(self.ctx, s))
            ensure_absent(doc, protected_identities(s, case, complainants=False), "risk assessment")
            return self._finish(s, case, doc, "risk_assessment", fmt)

    # -------------------------------------------------------------- Appendix 2
    def peia_prefill(self, reference: str) -> dict[str, Any]:
        """Appendix 2 answers pre-filled from the case, for the officer to edit."""
        items = case_items(self.ctx, reference)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            return prefill(s, case, load_peia(), items, diary_entries(s, case))

    def peia_state(self, reference: str) -> PeiaState:
        """Appendix 2 as the form shows it: the completed answers (else the pre-filled draft) and who signed."""
        draft = self.peia_prefill(reference)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            row = s.scalar(select(Assessment).where(Assessment.case_id == case.id, Assessment.kind == "peia")
                           .order_by(Assessment.id.desc()).limit(1))
            names = {u.id: u.full_name for u in s.scalars(select(User))}
            if row is None or row.completed_at is None:
                return PeiaState(draft, False)
            if not peia_done(row):  # saved as completed, but not complete by the 14.4 rule
                return PeiaState({**draft, **row.answers}, False)
            return PeiaState({**draft, **row.answers}, True,
                             SignOff("Officer", names.get(row.officer_signed_by_id or -1, ""), row.officer_signed_at),
                             SignOff("Manager", names.get(row.manager_signed_by_id or -1, ""), row.manager_signed_at))

    def peia(self, reference: str, fmt: str = "pdf") -> Rendered:
        """Appendix 2: the completed answers with both sign-offs, or the pre-filled draft if not completed."""
        form = load_peia()
        state = self.peia_state(reference)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            answers = {q.id: state.answers.get(q.id) for q in form.questions}
            signoffs, completed = [state.officer, state.manager], state.completed
            doc = build_peia(form, case.reference, answers, signoffs, completed, letterhead(self.ctx, s))
            ensure_absent(doc, protected_identities(s, case, complainants=False), "Appendix 2")
            return self._finish(s, case, doc, "peia", fmt)

    # ----------------------------------------------------------------- letters
    def letter_kinds(self) -> list[LetterTemplate]:
        return list(load_letter_templates().values())

    def letter(self, reference: str, kind: str, fmt: str = "pdf", to: str | None = None,
               values: dict[str, str] | None = None) -> Rendered:
        """Fill a letter template from the case, store it and log the contact. A letter to an alleged
        perpetrator is refused if it holds any complainant's identity or a confidential note."""
        templates = load_letter_templates()
        if kind not in templates:
            raise ValidationError("kind", f"'{kind}' is not a letter; use one of {', '.join(sorted(templates))}")
        template = templates[kind]
        given = {k: str(v) for k, v in (values or {}).items()}
        unknown = sorted(set(given) - set(template.needs))
        if unknown:
            raise ValidationError(unknown[0], f"the {template.title} does not use it; it needs: "
                                  + (", ".join(template.needs) or "nothing extra"))
        missing = [f"{k} ({what})" for k, what in template.needs.items() if not given.get(k, "").strip()]
        if missing:
            raise ValidationError(missing[0].split(" ")[0], f"the {template.title} needs {', '.join(missing)}")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            party = self._recipient(case, template.recipient, to)
            person = party.person
            assert person is not None
            officer = s.get(User, self.ctx.actor.id)
            filled = {"recipient_name": person.display_name, "date": _today(self.ctx.now()),
                      "case_reference": case.reference, "officer_name": officer.full_name if officer else "",
                      "officer_title": (officer.job_title if officer else "") or "Housing Officer",
                      "organisation_name": str(self.ctx.setting(s, "organisation_name") or ""), **given}
            filled.update(self._recipient_fields(s, case, template))
            address = "\n".join(x for x in (person.address, person.postcode) if x)
            doc = build_letter(template, filled, address, letterhead(self.ctx, s))
            if template.recipient == PartyRole.ALLEGED_PERPETRATOR:
                forbidden = protected_identities(s, case, complainants=True)
            else:
                own = {i.text for i in identities_of(person, "")}
                forbidden = [i for i in protected_identities(s, case, complainants=False) if i.text not in own]
            ensure_absent(doc, forbidden, f"letter to the {PartyRole(template.recipient).label.lower()}")
            out = self._finish(s, case, doc, f"letter_{kind}", fmt, template.recipient, person)
            s.add(Contact(case_id=case.id, person_id=person.id, at=self.ctx.now(), method="letter",
                          outcome=ContactOutcome.SENT.value,
                          with_complainant=template.recipient == PartyRole.COMPLAINANT,
                          notes=f"{template.title} ({fmt.upper()}, SHA-256 {out.document.sha256[:12]}...)",
                          created_at=self.ctx.now(), created_by_id=self.ctx.actor.id))
            if completes_letter_task(template.id):
                letter_task_done(s, self.ctx, case, "letter written")
            derived.refresh(s, case, self.ctx.now())
            return out

    @staticmethod
    def _recipient(case: Case, role: str, to: str | None) -> CaseParty:
        parties = [p for p in case.parties if p.role == role and p.person is not None]
        if role == PartyRole.COMPLAINANT:
            check = rules.feedback_letters(any(p.anonymous for p in case.parties if p.role == role))
            if not check.allowed:
                raise RuleBlocked(check.reasons)
        if to is not None:
            folded = to.strip().casefold()
            parties = [p for p in parties if p.person is not None and folded in (str(p.person.id), p.person.uid.casefold(),
                                                        p.person.display_name.casefold(),
                                                        f"{p.person.first_names} {p.person.surname}".casefold())]
        if not parties:
            who = PartyRole(role).label.lower()
            raise ValidationError("to", f"case {case.reference} has no named {who}" +
                                  (f" called '{to}'" if to else "") + " to write to")
        return parties[0]

    def _recipient_fields(self, s: Session, case: Case, template: LetterTemplate) -> dict[str, str]:
        if template.recipient == PartyRole.ALLEGED_PERPETRATOR:
            return {"allegations": _allegations(s, case)}
        out: dict[str, str] = {}
        used = template.fields()
        if "agreed_actions" in used:
            notes = s.scalars(select(Note.text).where(Note.case_id == case.id, Note.kind == NoteKind.AGREED_ACTION.value,
                                                      Note.confidential.is_(False)).order_by(Note.written_at))
            out["agreed_actions"] = "\n".join(f"- {n}" for n in notes)
            if template.id == "acknowledgement" and not out["agreed_actions"]:
                raise ValidationError("agreed_actions", "no agreed actions are recorded on the case; add them as "
                                      "notes of kind 'agreed_action' first (6.5)")
        if "contact_attempts" in used:
            failed = derived.complainant_failed_contacts(s, case.id)
            out["contact_attempts"] = attempts_wording(failed)
            check = letter_check(template.id, failed)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
        if "closure_reason" in used:
            out["closure_reason"] = ClosureReason(case.closure_reason).label.lower() if case.closure_reason else ""
            if template.id == "closure":
                check = closure_letter(case.closure_reason)
                if not check.allowed:
                    raise RuleBlocked(check.reasons)
        return out


def _today(at: datetime) -> str:
    return f"{at.day} {at:%B %Y}"


def _allegations(s: Session, case: Case) -> str:
    from ...storage.orm import Incident

    lines = []
    for i in s.scalars(select(Incident).where(Incident.case_id == case.id).order_by(Incident.started_at)):
        where = f", {i.location.strip()}" if i.location.strip() else ""
        lines.append(f"- {_today(i.started_at)} at {i.started_at:%H:%M}{where}: "
                     f"{i.description.strip() or 'incident reported'}")
    return "\n".join(lines) or "- (no incidents recorded)"


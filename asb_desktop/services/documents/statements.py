"""Witness statements: draft from the case, edit (every version kept), compare versions, render.
Preflight, witness review and signing: statement_signing.StatementService (the public class)."""

from __future__ import annotations

import builtins
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...documents.diffing import ParagraphChange, diff_paragraphs
from ...documents.drafting import DiaryFact, DraftInput, ExhibitFact, draft_paragraphs, state_interpreter
from ...documents.model import Document
from ...documents.render_docx import render
from ...documents.statement import StatementContent, build_hearsay_notice
from ...documents.wording import ordinal
from ...domain import signing
from ...storage.orm import Case, User
from ...storage.orm_documents import Statement, StatementVersion
from ..kernel.case_documents import GeneratedInfo, protected_identities
from ..kernel.case_evidence import assign_exhibit, case_exhibits
from ..kernel.case_file import changed, open_case
from ..kernel.case_reads import diary_entries
from ..kernel.context import Context
from ..kernel.errors import NotFound, RuleBlocked, ValidationError
from ..kernel.statement_reads import (
    ReviewRequestInfo,
    StatementInfo,
    case_statements,
    render_version,
    review_requests,
    statement_document,
    statement_info,
    statement_version,
    translation_ready,
    with_properties,
)
from .document_store import store
from .statement_data import (
    complainant_source,
    default_proceedings,
    incident_facts,
    resolve_witness,
    witness_facts,
)

PREPARED_METHODS = ("face_to_face", "telephone", "video", "written")
DETAIL_FIELDS = ("court", "claim_number", "claimant", "defendants", "party", "made_date", "prepared",
                 "interpreter", "certificate", "hearsay", "statement_of_truth", "language", "translator",
                 "statement_of_truth_original", "originals")
PARTS = ("english", "original")  # a statement in the witness's own language: its translation, its original
TRANSLATED_KINDS = {"english": "statement_translation", "original": "statement_original"}


class StatementRecords:
    """Statements and their versions as stored: what drafting, signing and review packs share (held by
    each of those services, not inherited)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def statement(self, s: Session, case: Case, number: int, witness: str | None = None) -> Statement:
        rows = list(s.scalars(select(Statement).where(Statement.case_id == case.id, Statement.number == number)))
        if witness is not None:
            w = resolve_witness(self.ctx, s, case, witness)
            rows = [r for r in rows if r.witness_key == w.key]
        if not rows:
            raise NotFound(f"There is no {ordinal(number)} statement on case {case.reference}"
                           + (f" for {witness}" if witness else "") + ".")
        if len(rows) > 1:
            raise ValidationError("witness", f"several witnesses have a {ordinal(number)} statement on case "
                                  f"{case.reference}; say which witness")
        return rows[0]

    @staticmethod
    def version(s: Session, st: Statement, version: int | None = None) -> StatementVersion:
        return statement_version(s, st, version)

    @staticmethod
    def info(s: Session, case: Case, st: Statement, v: StatementVersion) -> StatementInfo:
        return statement_info(s, case, st, v)

    @staticmethod
    def requests(s: Session, st: Statement) -> list[ReviewRequestInfo]:
        return review_requests(s, st)

    def check(self, check: signing.Check) -> None:
        if not check.allowed:
            raise RuleBlocked(check.reasons)

    def add_version(self, s: Session, st: Statement, content: StatementContent, note: str) -> StatementVersion:
        last = s.scalar(select(func.max(StatementVersion.version)).where(StatementVersion.statement_id == st.id)) or 0
        v = StatementVersion(statement_id=st.id, version=last + 1, content=content.to_json(), note=note,
                             created_at=self.ctx.now(), created_by_id=self.ctx.actor.id, locked=False)
        s.add(v)
        st.status = "draft"
        s.flush()
        return v

    def document(self, s: Session, case: Case, content: StatementContent, v: StatementVersion | None,
                 part: str | None = None) -> Document:
        """The statement laid out (kernel/statement_reads.py): ``part`` None is what the witness signs."""
        return statement_document(self.ctx, s, case, content, v, part)

    def properties(self, doc: Document) -> Document:
        return with_properties(self.ctx, doc)

    def guard(self, s: Session, case: Case, content: StatementContent) -> None:
        """Lay out every part (both languages of a translated statement): a protected identity in
        either is refused."""
        for part in PARTS if content.translated else ("english",):
            self.document(s, case, content, None, part)


def _hearsay_mark(value: Any, i: int) -> dict[str, Any]:
    """A paragraph marked hearsay (PD 32 18.2): who the information came from, or that the source is
    withheld and why. True alone marks it with its source still to be given."""
    if value is True:
        return {"source": "", "withheld": False, "reason": ""}
    if not isinstance(value, dict):
        raise ValidationError(f"paragraphs[{i}].hearsay", "must be an object with 'source' (and 'withheld', "
                                                          "'reason' for a withheld source)")
    unknown = sorted(set(value) - {"source", "withheld", "reason"})
    if unknown:
        raise ValidationError(f"paragraphs[{i}].hearsay", f"has unknown field(s) {', '.join(unknown)}: use "
                                                          "source, withheld, reason")
    for key in ("source", "reason"):
        if not isinstance(value.get(key, ""), str):
            raise ValidationError(f"paragraphs[{i}].hearsay.{key}", "must be text")
    if not isinstance(value.get("withheld", False), bool):
        raise ValidationError(f"paragraphs[{i}].hearsay.withheld", "must be true or false")
    return {"source": value.get("source", "").strip(), "withheld": bool(value.get("withheld", False)),
            "reason": value.get("reason", "").strip()}


def _paragraph_dicts(paragraphs: list[Any]) -> list[dict[str, Any]]:
    """Paragraphs as stored; an "original" (the witness's own words in their language) is kept with
    its English "text", and a paragraph with either is kept."""
    out: list[dict[str, Any]] = []
    for i, p in enumerate(paragraphs, 1):
        if isinstance(p, str):
            out.append({"text": p.strip(), "numbered": True, "heading": False})
        elif isinstance(p, dict) and isinstance(p.get("text", ""), str) and ("text" in p or "original" in p):
            item = {"text": p.get("text", "").strip(), "numbered": bool(p.get("numbered", True)),
                    "heading": bool(p.get("heading", False))}
            if "original" in p:
                if not isinstance(p["original"], str):
                    raise ValidationError(f"paragraphs[{i}].original", "must be text")
                item["original"] = p["original"].strip()
            if p.get("hearsay"):
                item["hearsay"] = _hearsay_mark(p["hearsay"], i)
            out.append(item)
        else:
            raise ValidationError(f"paragraphs[{i}]", "must be text, or an object with a 'text'")
    if not any(p["text"] or p.get("original") for p in out):
        raise ValidationError("paragraphs", "the statement has no text")
    return [p for p in out if p["text"] or p.get("original")]


def _person(value: Any, name: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
            dates: tuple[str, ...] = ()) -> dict[str, str] | None:
    """A recorded person (interpreter, translator, authorised person): None clears it."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise ValidationError(name, f"must be an object with {', '.join(required)}")
    unknown = sorted(set(value) - set(required) - set(optional) - set(dates))
    if unknown:
        raise ValidationError(f"{name}.{unknown[0]}", f"is not recorded for the {name}; use "
                              f"{', '.join(required + optional + dates)}")
    out = {k: str(v or "").strip() for k, v in value.items()}
    for key in required:
        if not out.get(key):
            raise ValidationError(f"{name}.{key}", f"the {name}'s {key.replace('_', ' ')} is needed")
    for key in dates:
        if out.get(key):
            try:
                out[key] = date.fromisoformat(out[key]).isoformat()
            except ValueError:
                raise ValidationError(f"{name}.{key}", f"'{out[key]}' is not a date like 2026-11-23") from None
    return out


def statement_of_truth_in(language: str) -> str:
    """The organisation's statement of truth in ``language`` from forms/statement_of_truth/<language>.toml
    (``wording = "..."``), or "" when it supplies none: the officer then enters the translator's."""
    from ...domain.forms import forms_dir

    path = forms_dir() / "statement_of_truth" / f"{language.strip().casefold().replace(' ', '_')}.toml"
    if not language.strip() or not path.is_file():
        return ""
    import tomllib

    with path.open("rb") as fh:
        return str(tomllib.load(fh).get("wording", "")).strip()


class StatementService:
    """Drafting, editing, comparing and rendering witness statements (signing: SigningService)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.records = StatementRecords(ctx)

    def draft(self, reference: str, witness: str, incidents: list[str] | None = None,
              evidence: list[str] | None = None, include_diary: bool = True, court: str = "",
              claim_number: str = "", prepared: str = "face_to_face", interpreter: dict[str, str] | None = None,
              certificate: dict[str, str] | None = None, diary: list[str] | None = None,
              language: str = "") -> StatementInfo:
        """Draft the next statement of this witness from the case (version 1). ``diary``: the uids of the
        witness's diary entries to cover (all of them when None and ``include_diary``). ``language``: the
        witness's own language when the statement is to be made in it (PD 32 18.1): the draft's English
        paragraphs are then the translation, and the witness's words are added to each."""
        if prepared not in PREPARED_METHODS:
            raise ValidationError("prepared", f"'{prepared}' is not one of {', '.join(PREPARED_METHODS)}")
        interpreter = _person(interpreter, "interpreter", ("name", "language"), dates=("translation_date",))
        certificate = _person(certificate, "certificate", ("name", "address"))
        with self.ctx.session() as s:  # resolve first: an officer witness is added to the case here
            case = open_case(self.ctx, s, reference, edit=True)
            w = resolve_witness(self.ctx, s, case, witness)
            person_id = w.person.id
        for uid in evidence or []:
            assign_exhibit(self.ctx, case.reference, uid, person_id)
        exhibits = case_exhibits(self.ctx, case.reference, person_id=person_id)
        with self.ctx.session() as s:
            entries = [d for d in diary_entries(s, open_case(self.ctx, s, case.reference))
                       if d.person_id == person_id] if include_diary else []
        if diary is not None:
            unknown = sorted(set(diary) - {d.uid for d in entries})
            if unknown:
                raise ValidationError("diary", f"diary entry {unknown[0]} is not this witness's on case {reference}")
            entries = [d for d in entries if d.uid in set(diary)]
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            w = resolve_witness(self.ctx, s, case, witness)
            facts = witness_facts(self.ctx, s, case, w)
            officer = s.get(User, self.ctx.actor.id)
            wanted = set(evidence) if evidence is not None else None
            source, hidden = complainant_source(case)
            data = DraftInput(
                witness=facts, organisation=str(self.ctx.setting(s, "organisation_name") or "the Claimant"),
                taken_by=officer.full_name if officer else self.ctx.actor.full_name, prepared=prepared,
                interpreter=interpreter,
                diary=[DiaryFact(d.started_at, d.ended_at, d.what_happened, d.place, d.effect, d.severity)
                       for d in entries],
                exhibits=[ExhibitFact(x.mark, x.description, x.made_at) for x in exhibits
                          if wanted is None or x.evidence_id in wanted],
                hearsay_source=source if hidden else "")
            if w.role == "officer":
                data.reported = [(source, i) for i in incident_facts(s, case, incidents)]
            else:
                data.incidents = incident_facts(s, case, incidents if incidents is not None
                                                else (None if w.role == "complainant" else []))
            paragraphs, hearsay = draft_paragraphs(data)
            number = (s.scalar(select(func.max(Statement.number)).where(
                Statement.case_id == case.id, Statement.witness_key == w.key)) or 0) + 1
            content = StatementContent(
                proceedings=default_proceedings(self.ctx, s, case, court, claim_number), witness=facts,
                number=number, made_date=self.ctx.now().date().isoformat(), prepared=prepared,
                paragraphs=paragraphs, interpreter=interpreter, certificate=certificate,
                hearsay={"paragraphs": hearsay, "source": source,
                         "reason": "they fear reprisals"} if hearsay else None,
                language=language.strip(), statement_of_truth_original=statement_of_truth_in(language))
            st = Statement(case_id=case.id, person_id=w.person.id, user_id=w.user.id if w.user else None,
                           witness_key=w.key, witness_role=w.role, number=number, status="draft",
                           created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(st)
            s.flush()
            self.records.guard(s, case, content)  # refuses a draft holding a protected identity
            v = self.records.add_version(s, st, content, "Drafted from the case")
            changed(self.ctx, s, case, f"{ordinal(number)} statement of {facts.full_name} drafted", "statement", st.id)
            return self.records.info(s, case, st, v)

    def get(self, reference: str, number: int, version: int | None = None, witness: str | None = None) -> StatementInfo:
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            st = self.records.statement(s, case, number, witness)
            info = self.records.info(s, case, st, self.records.version(s, st, version))
            self.ctx.audit(s, "view", "statement", st.id, case.reference, f"Viewed statement {number}")
            return info

    def list(self, reference: str) -> list[StatementInfo]:
        return case_statements(self.ctx, reference)

    def edit(self, reference: str, number: int, paragraphs: builtins.list[Any] | None = None, note: str = "",
             witness: str | None = None, **details: Any) -> StatementInfo:
        """Replace the paragraphs and/or details (court, claim_number, made_date, interpreter ...): a new
        version. A signed statement is never changed: the change becomes the witness's next statement."""
        unknown = sorted(set(details) - set(DETAIL_FIELDS))
        if unknown:
            raise ValidationError(unknown[0], f"is not a statement detail; use one of {', '.join(DETAIL_FIELDS)}")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            current = self.records.version(s, st)
            content = StatementContent.from_json(current.content)
            if paragraphs is not None:
                content.paragraphs = _paragraph_dicts(paragraphs)
            self._apply_details(content, details)
            if current.locked:
                st = self._next_statement(s, case, st)
                content.number, content.made_date = st.number, self.ctx.now().date().isoformat()
                note = note or f"Changes after statement {number} was signed"
            self.records.guard(s, case, content)
            v = self.records.add_version(s, st, content, note or "Edited by the officer")
            changed(self.ctx, s, case, f"Statement {st.number} version {v.version} saved", "statement", st.id)
            return self.records.info(s, case, st, v)

    def _next_statement(self, s: Session, case: Case, st: Statement) -> Statement:
        number = (s.scalar(select(func.max(Statement.number)).where(
            Statement.case_id == case.id, Statement.witness_key == st.witness_key)) or 0) + 1
        new = Statement(case_id=case.id, person_id=st.person_id, user_id=st.user_id, witness_key=st.witness_key,
                        witness_role=st.witness_role, number=number, status="draft", created_at=self.ctx.now(),
                        created_by_id=self.ctx.actor.id)
        s.add(new)
        s.flush()
        return new

    @staticmethod
    def _apply_details(content: StatementContent, details: dict[str, Any]) -> None:
        details = dict(details)
        originals = details.pop("originals", None)
        for key, value in details.items():
            if key in ("court", "claim_number", "claimant"):
                setattr(content.proceedings, key, str(value or "").strip())
            elif key == "defendants":
                content.proceedings.defendants = [str(d).strip() for d in (value or []) if str(d).strip()]
            elif key == "made_date":
                try:
                    content.made_date = date.fromisoformat(str(value)).isoformat()
                except ValueError:
                    raise ValidationError("made_date", f"'{value}' is not a date like 2026-11-23") from None
            elif key == "prepared" and value not in PREPARED_METHODS:
                raise ValidationError("prepared", f"'{value}' is not one of {', '.join(PREPARED_METHODS)}")
            elif key == "interpreter":
                content.interpreter = _person(value, "interpreter", ("name", "language"), dates=("translation_date",))
                content.paragraphs = state_interpreter(content.paragraphs, content.interpreter, content.prepared)
            elif key == "certificate":
                content.certificate = _person(value, "certificate", ("name", "address"))
            elif key == "translator":
                content.translator = _person(value, "translator", ("name",), ("language", "qualifications", "nrpsi"),
                                             ("date",))
            elif key == "language":
                content.language = str(value or "").strip()
                if content.language and not content.statement_of_truth_original:
                    content.statement_of_truth_original = statement_of_truth_in(content.language)
            elif key in ("statement_of_truth", "statement_of_truth_original"):
                setattr(content, key, str(value or "").strip())
            else:
                setattr(content, key, value)
        if originals is not None:
            if not isinstance(originals, list) or not all(isinstance(o, str) for o in originals):
                raise ValidationError("originals", "must be a list of texts, one for each paragraph")
            if len(originals) != len(content.paragraphs):
                raise ValidationError("originals", f"gives {len(originals)} texts for {len(content.paragraphs)} "
                                      "paragraphs: give the witness's words for each paragraph, in order")
            for p, text in zip(content.paragraphs, originals, strict=True):
                p["original"] = text.strip()

    def diff(self, reference: str, number: int, old: int, new: int, witness: str | None = None) -> builtins.list[ParagraphChange]:
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            st = self.records.statement(s, case, number, witness)
            a, b = (StatementContent.from_json(self.records.version(s, st, n).content) for n in (old, new))
            return diff_paragraphs([p["text"] for p in a.paragraphs], [p["text"] for p in b.paragraphs])

    def render(self, reference: str, number: int, fmt: str, version: int | None = None,
               witness: str | None = None, part: str = "english") -> bytes:
        """The statement as PDF or DOCX (audited as an export). A signed version renders with its signature.
        A statement made in the witness's own language renders as its English translation (``part``
        "english") or its original ("original"); both are refused while a paragraph lacks either text."""
        if fmt not in ("pdf", "docx"):
            raise ValidationError("format", f"'{fmt}' is not pdf or docx")
        if part not in PARTS:
            raise ValidationError("part", f"'{part}' is not one of {', '.join(PARTS)}")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            st = self.records.statement(s, case, number, witness)
            return render_version(self.ctx, s, case, st, self.records.version(s, st, version), fmt, part)

    def file_translation(self, reference: str, number: int, witness: str | None = None,
                         formats: tuple[str, ...] = ("pdf", "docx"), version: int | None = None) -> builtins.list[GeneratedInfo]:
        """PD 32 23.2: generate and file side by side the original statement in the witness's language
        (kind statement_original) and its English translation (statement_translation), each in
        ``formats``. Refused, naming the paragraph, while any text or the translator is missing."""
        for fmt in formats:
            if fmt not in ("pdf", "docx"):
                raise ValidationError("format", f"'{fmt}' is not pdf or docx")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            v = self.records.version(s, st, version)
            content = StatementContent.from_json(v.content)
            if not content.translated:
                raise ValidationError("language", f"statement {number} was made in English: there is no translation "
                                      "to file")
            translation_ready(content, number, "english")
            out: list[GeneratedInfo] = []
            for part in ("original", "english"):
                doc = self.records.document(s, case, content, v, part)
                for fmt in formats:
                    row = store(self.ctx, s, case, TRANSLATED_KINDS[part], doc.title, fmt, render(doc, fmt),
                                source=f"statement_version:{v.uid}")
                    out.append(GeneratedInfo(row.uid, case.reference, row.kind, row.title, row.version, row.format,
                                             self.ctx.data_dir / row.path, row.sha256, row.created_at,
                                             self.ctx.actor.full_name, None, row.source))
            return out

    def hearsay_notice(self, reference: str, number: int, fmt: str, witness: str | None = None) -> bytes:
        """The hearsay notice (CPR 33.2) for a statement with paragraphs marked as hearsay: each listed with
        its source, or with the reason its source is withheld."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            st = self.records.statement(s, case, number, witness)
            content = StatementContent.from_json(self.records.version(s, st).content)
            if not content.hearsay_items():
                raise ValidationError("statement", f"statement {number} has no paragraph marked as hearsay: mark "
                                                   "each paragraph that reports what someone else saw or said, "
                                                   "with its source")
            gaps = content.hearsay_gaps()
            if gaps:
                raise ValidationError(gaps[0][0], gaps[0][1])
            doc = self.records.properties(build_hearsay_notice(content, protected_identities(s, case, complainants=False),
                                                        self.ctx.now().date()))
            self.ctx.audit(s, "export", "statement", st.id, case.reference, f"Hearsay notice for statement {number}")
            return render(doc, fmt)

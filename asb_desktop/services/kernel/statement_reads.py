"""A case's witness statements as every area reads them: the read models, a version laid out and
rendered (with its signature once signed). The documents area drafts, edits and signs them on these;
the court bundle takes the final and signed ones from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.model import Document
from ...documents.render_docx import render
from ...documents.statement import SigningState, StatementContent, build_statement
from ...domain import signing
from ...storage.orm import Case
from ...storage.orm_documents import ReviewRequest, Statement, StatementVersion
from .case_documents import protected_identities
from .case_file import open_case
from .context import Context
from .errors import NotFound, ValidationError


@dataclass(frozen=True)
class ReviewRequestInfo:
    """A change the witness asked for; ``outcome`` is "" while open, then "changed" (``resolved_version``
    is the version that makes it) or "declined" (``resolution`` is the reason the witness is shown)."""

    uid: str
    version: int
    paragraph: int | None
    request: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_version: int | None
    resolution: str
    outcome: str = ""

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def rule_view(self) -> signing.ChangeRequest:
        return signing.ChangeRequest(self.uid, self.paragraph, self.request, "" if self.is_open else
                                     self.outcome or "declined")


@dataclass(frozen=True)
class StatementInfo:
    uid: str
    case_reference: str
    number: int
    witness: str
    witness_role: str
    status: str  # draft | final | signed
    version: int
    paragraphs: list[tuple[str | None, str]]  # (printed number, text with **bold** marks)
    marks: list[str]
    made_date: str
    signed_at: datetime | None = None
    pdf_sha256: str | None = None
    versions: list[int] = field(default_factory=list)
    witness_ref: str = ""  # what ``witness=`` accepts for this statement: a person uid or a username
    statement_of_truth: str = ""
    styles: list[str] = field(default_factory=list)  # per paragraph: numbered | unnumbered | heading
    requests: list[ReviewRequestInfo] = field(default_factory=list)  # the witness's change requests
    language: str = ""  # the witness's own language when the statement is made in it (else English)
    originals: list[str] = field(default_factory=list)  # per paragraph: the witness's words in ``language``
    interpreter: dict[str, str] | None = None
    translator: dict[str, str] | None = None
    certificate: dict[str, str] | None = None
    statement_of_truth_original: str = ""
    original_gaps: list[tuple[str, str]] = field(default_factory=list)  # what the witness cannot read yet
    hearsay_marks: list[dict[str, Any] | None] = field(default_factory=list)  # per paragraph (PD 32 18.2)

    def witness_words(self, what: str = "shown to the witness") -> tuple[list[tuple[str | None, str]], str]:
        """What the witness reads and signs: (printed number, text) per paragraph and the statement of
        truth - their own words for a statement made in their language, else the English. Refused,
        naming the paragraph, while any of their own words are missing (as rendering the original is)."""
        if not self.language:
            return self.paragraphs, self.statement_of_truth
        if self.original_gaps:
            name, why = self.original_gaps[0]
            more = len(self.original_gaps) - 1
            raise ValidationError(name, f"statement {self.number} cannot be {what} yet: {why}"
                                  + (f" (and {more} more to complete)" if more else ""))
        return ([(n, o) for (n, _t), o in zip(self.paragraphs, self.originals, strict=True)],
                self.statement_of_truth_original)

    @property
    def open_requests(self) -> list[ReviewRequestInfo]:
        return [r for r in self.requests if r.is_open]

    @property
    def declined_requests(self) -> list[ReviewRequestInfo]:
        """Requests the officer declined, with the reason: the witness sees them before signing."""
        return [r for r in self.requests if r.outcome == signing.DECLINED]


def statement_version(s: Session, st: Statement, version: int | None = None) -> StatementVersion:
    """The version asked for, else the latest."""
    stmt = select(StatementVersion).where(StatementVersion.statement_id == st.id)
    stmt = stmt.where(StatementVersion.version == version) if version else \
        stmt.order_by(StatementVersion.version.desc()).limit(1)
    row = s.scalar(stmt)
    if row is None:
        raise NotFound(f"Statement {st.number} has no version {version}.")
    return row


def _style(p: dict[str, Any]) -> str:
    return "heading" if p.get("heading") else "numbered" if p.get("numbered", True) else "unnumbered"


def review_requests(s: Session, st: Statement) -> list[ReviewRequestInfo]:
    rows = s.scalars(select(ReviewRequest).where(ReviewRequest.statement_id == st.id).order_by(ReviewRequest.id))
    return [ReviewRequestInfo(r.uid, r.version, r.paragraph, r.request, r.created_at, r.resolved_at,
                              r.resolved_version, r.resolution, r.outcome or "") for r in rows]


def statement_info(s: Session, case: Case, st: Statement, v: StatementVersion) -> StatementInfo:
    content = StatementContent.from_json(v.content)
    versions = list(s.scalars(select(StatementVersion.version).where(StatementVersion.statement_id == st.id)
                              .order_by(StatementVersion.version)))
    return StatementInfo(st.uid, case.reference, st.number, content.witness.full_name, st.witness_role,
                         st.status, v.version, [(n, p.get("text", "")) for n, p in content.numbered()],
                         content.marks(), content.made_date, v.signed_at, v.pdf_sha256, versions,
                         st.witness_key.partition(":")[2], content.statement_of_truth,
                         [_style(p) for p in content.paragraphs], review_requests(s, st),
                         language=content.language,
                         originals=[str(p.get("original", "")) for p in content.paragraphs]
                         if content.translated else [],
                         hearsay_marks=[p.get("hearsay") if isinstance(p.get("hearsay"), dict) else None
                                        for p in content.paragraphs],
                         interpreter=content.interpreter, translator=content.translator,
                         certificate=content.certificate,
                         statement_of_truth_original=content.statement_of_truth_original,
                         original_gaps=content.original_gaps())


def case_statements(ctx: Context, reference: str) -> list[StatementInfo]:
    """Every statement on the case, each at its latest version."""
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        rows = s.scalars(select(Statement).where(Statement.case_id == case.id).order_by(Statement.id))
        return [statement_info(s, case, st, statement_version(s, st)) for st in rows]


def with_properties(ctx: Context, doc: Document) -> Document:
    """The file's own properties (DOCX core properties, PDF info): the officer producing it and now."""
    doc.author, doc.created = ctx.actor.full_name, ctx.now()
    return doc


def statement_document(ctx: Context, s: Session, case: Case, content: StatementContent,
                       v: StatementVersion | None, part: str | None = None) -> Document:
    """The statement laid out. ``part`` None: the document the witness signs - the original for a
    statement made in their own language, else the (English) statement."""
    part = part or ("original" if content.translated else "english")
    state = SigningState()
    if v is not None and v.signed_at is not None:
        state = SigningState(v.signed_at.date(), v.signature_png, v.signature_kind == "wet",
                             v.signature_kind == "typed")
    doc = build_statement(content, state, protected_identities(s, case, complainants=False),
                          draft_mark=v is None or v.final_at is None, part=part)
    return with_properties(ctx, doc)


def translation_ready(content: StatementContent, number: int, part: str) -> None:
    """Refused, naming the paragraph, while a statement made in another language lacks either text."""
    if part == "original" and not content.translated:
        raise ValidationError("part", f"statement {number} was made in English: it has no original in another "
                              "language (record the witness's language first)")
    if content.translated:
        gaps = content.translation_gaps()
        if gaps:
            raise ValidationError(gaps[0][0], f"statement {number} cannot be rendered yet: {gaps[0][1]}"
                                  + (f" (and {len(gaps) - 1} more to complete)" if len(gaps) > 1 else ""))


def render_version(ctx: Context, s: Session, case: Case, st: Statement, v: StatementVersion, fmt: str,
                   part: str) -> bytes:
    """One version as PDF or DOCX, audited as an export; a signed version renders with its signature."""
    content = StatementContent.from_json(v.content)
    translation_ready(content, st.number, part)
    data = render(statement_document(ctx, s, case, content, v, part), fmt)
    what = f" ({content.language} original)" if part == "original" else \
        " (English translation)" if content.translated else ""
    ctx.audit(s, "export", "statement", st.id, case.reference,
              f"Statement {st.number} version {v.version}{what} rendered ({fmt.upper()})")
    return data


def render_latest(ctx: Context, reference: str, uid: str, fmt: str, part: str = "english") -> bytes:
    """The latest version of the case's statement ``uid`` (a ``StatementInfo.uid``), rendered."""
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        st = s.scalar(select(Statement).where(Statement.case_id == case.id, Statement.uid == uid))
        if st is None:
            raise NotFound(f"There is no statement {uid} on case {case.reference}.")
        return render_version(ctx, s, case, st, statement_version(s, st), fmt, part)

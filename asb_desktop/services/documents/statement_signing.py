"""Preflight before the final version (fix or waive with a reason), witness review requests, and
signing: a drawn signature embedded, or a wet signature with the signed scan on the evidence store.
A signed version is locked with the SHA-256 of its PDF."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ...documents.preflight import Finding, check
from ...documents.render_pdf import render_pdf
from ...documents.statement import StatementContent
from ...domain import signing
from ...evidence.kinds import Kind
from ...storage.orm_documents import GeneratedDocument, PreflightWaiver, ReviewRequest, StatementVersion
from ...storage.orm_evidence import EvidenceItem
from ..kernel.case_evidence import case_exhibits, item_info, keep_bytes
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import NotFound, ValidationError
from ..kernel.file_stores import evidence_store
from .document_store import store
from .statements import ReviewRequestInfo, StatementInfo, StatementRecords, StatementService

if TYPE_CHECKING:
    from .review_guard import ReviewGuard

__all__ = ["ReviewRequestInfo", "SignedStatement", "SigningRecord", "SigningService", "typed_signature_png"]


@dataclass(frozen=True)
class SignedStatement:
    number: int
    version: int
    sha256: str
    path: str  # relative to the data folder
    signature: str  # drawn | typed | wet


@dataclass(frozen=True)
class SigningRecord:
    """What is kept with a signed version: how, when and before whom it was signed, and the PDFs."""

    number: int
    version: int
    witness: str
    method: str  # drawn | typed | wet
    method_name: str
    typed_name: str | None
    signed_at: datetime | None
    present: tuple[str, ...]
    signed_sha256: str  # the signed PDF (also on the register of generated documents)
    signed_path: str | None  # relative to the data folder
    signed_evidence_uid: str | None
    reviewed_sha256: str | None  # the PDF the witness saw before signing
    reviewed_evidence_uid: str | None
    record_evidence_uid: str | None
    wet_scan_evidence_uid: str | None
    intact: bool  # the stored PDFs still match their SHA-256

    def lines(self) -> list[str]:
        """The record in plain lines, as the Documents tab and ``asb statement record`` show it."""
        when = f"{self.signed_at:%d/%m/%Y %H:%M}" if self.signed_at else "unknown"
        out = [f"Statement {self.number} of {self.witness}, version {self.version}",
               f"Signed: {when}, {self.method_name}" + (f" (typed: {self.typed_name})" if self.typed_name else ""),
               f"Present: {', '.join(self.present) or 'not recorded (signed before records were kept)'}",
               f"Signed PDF SHA-256: {self.signed_sha256}"
               + (f" (evidence {self.signed_evidence_uid})" if self.signed_evidence_uid else ""),
               f"PDF the witness saw SHA-256: {self.reviewed_sha256 or 'not recorded'}"
               + (f" (evidence {self.reviewed_evidence_uid})" if self.reviewed_evidence_uid else "")]
        if self.wet_scan_evidence_uid:
            out.append(f"Wet-signed scan: evidence {self.wet_scan_evidence_uid}")
        if self.record_evidence_uid:
            out.append(f"Signing record: evidence {self.record_evidence_uid}")
        out.append("Stored files match their SHA-256." if self.intact else
                   "WARNING: a stored file is missing or does not match its SHA-256: run 'asb evidence verify'.")
        return out


class SigningService:
    """Preflight, witness review requests, making a statement final and signing it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.records = StatementRecords(ctx)
        self.drafts = StatementService(ctx)

    # ---------------------------------------------------------------- preflight
    def _known_marks(self, reference: str, number: int, witness: str | None) -> set[str]:
        with self.ctx.session() as s:
            st = self.records.statement(s, open_case(self.ctx, s, reference), number, witness)
            person_id = st.person_id
        if person_id is None:
            return set()
        return {x.mark for x in case_exhibits(self.ctx, reference, person_id=person_id)}

    def check(self, reference: str, number: int, witness: str | None = None) -> list[Finding]:
        """Every PD 32 / PD 22 requirement the latest version misses, with any waiver's reason."""
        known = self._known_marks(reference, number, witness)
        with self.ctx.session() as s:
            st = self.records.statement(s, open_case(self.ctx, s, reference), number, witness)
            v = self.records.version(s, st)
            return self._findings(s, v, known)

    @staticmethod
    def _findings(s: Any, v: StatementVersion, known: set[str]) -> list[Finding]:
        waivers = {w.key: w.reason for w in s.scalars(select(PreflightWaiver).where(PreflightWaiver.version_id == v.id))}
        return [replace(f, waived=waivers.get(f.key)) for f in check(StatementContent.from_json(v.content), known)]

    def waive(self, reference: str, number: int, key: str, reason: str, witness: str | None = None) -> None:
        """Knowingly waive one finding of the latest version, with the reason (recorded and audited)."""
        if len(reason.strip()) < 10:
            raise ValidationError("reason", "say why this requirement is waived (at least a short sentence)")
        known = self._known_marks(reference, number, witness)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            v = self.records.version(s, st)
            self.records.check(signing.may_change(number, locked=v.locked, what="waiving a requirement"))
            keys = {f.key for f in self._findings(s, v, known)}
            if key not in keys:
                raise ValidationError("key", f"'{key}' is not a finding of statement {number} version {v.version}; "
                                      "run the check to see the keys")
            s.add(PreflightWaiver(version_id=v.id, key=key, reason=reason.strip(), created_at=self.ctx.now(),
                                  created_by_id=self.ctx.actor.id))
            self.ctx.audit(s, "change", "statement", st.id, case.reference,
                           f"Statement {number}: requirement {key} waived", reason=reason.strip())

    def finalise(self, reference: str, number: int, witness: str | None = None) -> StatementInfo:
        """Mark the latest version final, refused while any finding is neither fixed nor waived or any
        change the witness asked for is open (domain.signing.may_finalise)."""
        known = self._known_marks(reference, number, witness)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            v = self.records.version(s, st)
            open_findings = [(f.key, f.message) for f in self._findings(s, v, known) if f.waived is None]
            self.records.check(signing.may_finalise(number, self._rule_requests(s, st), locked=v.locked,
                                                    findings=open_findings))
            v.final_at = self.ctx.now()
            st.status = "final"
            changed(self.ctx, s, case, f"Statement {number} version {v.version} made final", "statement", st.id)
            return self.records.info(s, case, st, v)

    # ------------------------------------------------------------------ review
    def request_change(self, reference: str, number: int, paragraph: int | None, request: str,
                       witness: str | None = None) -> str:
        """The witness asks for a change while reading (paragraph number, or None for the whole statement)."""
        if not request.strip():
            raise ValidationError("request", "write the change the witness wants")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            v = self.records.version(s, st)
            self.records.check(signing.may_change(number, locked=v.locked, what="asking for a change"))
            count = sum(1 for n, _ in StatementContent.from_json(v.content).numbered() if n)
            if paragraph is not None and not 1 <= paragraph <= count:
                raise ValidationError("paragraph", f"statement {number} has paragraphs 1 to {count}")
            row = ReviewRequest(statement_id=st.id, version=v.version, paragraph=paragraph, request=request.strip(),
                                created_at=self.ctx.now(), created_by_id=self.ctx.actor.id, resolution="")
            s.add(row)
            if v.final_at is not None:  # not final while a change is asked for: made final again once resolved
                v.final_at, st.status = None, "draft"
            s.flush()
            where = f"paragraph {paragraph}" if paragraph else "the statement"
            changed(self.ctx, s, case, f"Witness asked for a change to {where} of statement {number}", "statement", st.id)
            return row.uid

    def review_requests(self, reference: str, number: int, witness: str | None = None) -> list[ReviewRequestInfo]:
        with self.ctx.session() as s:
            st = self.records.statement(s, open_case(self.ctx, s, reference), number, witness)
            return self.records.requests(s, st)

    def open_requests(self, reference: str, number: int, witness: str | None = None) -> list[ReviewRequestInfo]:
        """The witness's change requests still waiting for the officer's decision."""
        return [r for r in self.review_requests(reference, number, witness) if r.is_open]

    def _rule_requests(self, s: Any, st: Any) -> list[signing.ChangeRequest]:
        return [r.rule_view() for r in self.records.requests(s, st)]

    def resolve_request(self, reference: str, number: int, request_uid: str, outcome: str, reason: str = "",
                        version: int | None = None, witness: str | None = None) -> ReviewRequestInfo:
        """Close one request: "changed" links it to the version making the change (default: the latest,
        which must be newer than the version the witness asked about); "declined" needs the reason,
        which the witness is shown before signing."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            row = self._request_row(s, st, number, request_uid)
            linked = self.records.version(s, st, version).version if outcome == signing.CHANGED else None
            problem = signing.resolution_problem(outcome, reason, row.version, linked, row.resolved_at is None)
            if problem:
                raise ValidationError(*problem)
            row.resolved_at, row.resolved_by_id, row.outcome = self.ctx.now(), self.ctx.actor.id, outcome
            row.resolved_version = linked
            row.resolution = reason.strip() or f"Changed in version {linked}"
            what = f"changed in version {linked}" if linked else f"declined: {row.resolution}"
            self.ctx.audit(s, "change", "statement", st.id, case.reference,
                           f"Statement {number}: the witness's change request {what}")
            (info,) = [r for r in self.records.requests(s, st) if r.uid == row.uid]
            return info

    @staticmethod
    def _request_row(s: Any, st: Any, number: int, uid: str) -> ReviewRequest:
        uid = uid.strip()
        rows = [r for r in s.scalars(select(ReviewRequest).where(ReviewRequest.statement_id == st.id))
                if r.uid == uid or (len(uid) >= 6 and r.uid.startswith(uid))]
        if len(rows) != 1:
            raise ValidationError("request", f"{uid or '(none)'} is not a change request of statement {number}"
                                  if not rows else f"{uid} matches several requests; give more of it")
        return rows[0]

    def resolve_requests(self, reference: str, number: int, request_uids: list[str], resolution: str,
                         paragraphs: list[Any] | None = None, witness: str | None = None) -> StatementInfo:
        """The officer amends (a new version when ``paragraphs`` are given: the requests are "changed") or
        declines them with ``resolution`` as the reason the witness is shown."""
        if not resolution.strip():
            raise ValidationError("resolution", "say what was done about the request")
        if paragraphs is None and len(resolution.strip()) < signing.MIN_REASON:
            raise ValidationError("resolution", "say why the change is declined (at least a short sentence)")
        if paragraphs is not None:
            current = self.drafts.get(reference, number, witness=witness)
            self.records.check(signing.may_change(number, locked=current.status == "signed", what="amending it"))
        info = self.drafts.edit(reference, number, paragraphs, note=f"Witness review: {resolution.strip()}",
                         witness=witness) if paragraphs is not None else self.drafts.get(reference, number, witness=witness)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            rows = {r.uid: r for r in s.scalars(select(ReviewRequest).where(ReviewRequest.statement_id == st.id))}
            for uid in request_uids:
                row = rows.get(uid)
                if row is None:
                    raise ValidationError("request", f"{uid} is not a review request of statement {number}")
                if row.resolved_at is None:
                    row.resolved_at, row.resolved_by_id = self.ctx.now(), self.ctx.actor.id
                    row.resolved_version, row.resolution = info.version, resolution.strip()
                    row.outcome = signing.CHANGED if paragraphs is not None else signing.DECLINED
            self.ctx.audit(s, "change", "statement", st.id, case.reference,
                           f"Statement {number}: {len(request_uids)} review request(s) resolved")
            s.flush()
            return self.records.info(s, case, st, self.records.version(s, st))

    # ----------------------------------------------------------------- signing
    def sign(self, reference: str, number: int, signature_png: bytes | None = None,
             wet_scan_evidence: str | None = None, signed_on: date | None = None,
             witness: str | None = None, typed_name: str | None = None,
             present: list[str] | None = None) -> SignedStatement:
        """Sign the final version: a signature drawn on the pad (PNG), the witness's full name typed
        (it must match the name on the statement), or the wet-signed scan held on the evidence store.

        Every path keeps a signing record with the version: the method, date and time, who was present
        (``present``: the officers' names entered at signing; the signing officer when not given), the
        SHA-256 of the PDF the witness saw. That PDF, the signed PDF and the record (JSON) go into the
        case's evidence store; the record is written to the audit trail. The version is locked with the
        SHA-256 of the signed PDF."""
        if sum(x is not None for x in (signature_png, wet_scan_evidence, typed_name)) != 1:
            raise ValidationError("signature", "give one of: the drawn signature, the typed name or the signed scan")
        if signature_png is not None:
            _check_png(signature_png)
        elif wet_scan_evidence is not None:
            item_info(self.ctx, str(wet_scan_evidence), reference)  # must exist on this case
        names = signing.present_names(present if present is not None else [self.ctx.actor.full_name])
        if not names:
            raise ValidationError("present", "say who was present when the witness signed (the officers' names)")
        box = evidence_store(self.ctx)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            v = self.records.version(s, st)
            self.records.check(signing.may_sign(number, self._rule_requests(s, st), final=v.final_at is not None,
                                         locked=v.locked))
            content = StatementContent.from_json(v.content)
            full_name = content.witness.full_name
            if typed_name is not None:
                problem = signing.typed_name_problem(typed_name, full_name)
                if problem:
                    raise ValidationError("typed name", problem)
                typed_name = " ".join(typed_name.split())
                signature_png = typed_signature_png(typed_name)
            reviewed = render_pdf(self.records.document(s, case, content, v))  # the final version, as read
            kind = signing.DRAWN if typed_name is None and signature_png is not None else \
                signing.TYPED if typed_name is not None else signing.WET
            v.signed_at = datetime.combine(signed_on, self.ctx.now().time()) if signed_on else self.ctx.now()
            v.signature_kind, v.typed_name, v.signed_present = kind, typed_name, names
            v.signature_png, v.wet_scan_evidence_uid = signature_png, wet_scan_evidence
            pdf = render_pdf(self.records.document(s, case, content, v))
            title = f"Statement {number} of {full_name}"
            row = store(self.ctx, s, case, "witness_statement", f"{title} (signed)", "pdf", pdf,
                        recipient_role="court", source=f"statement_version:{v.uid}")
            stem = f"{case.reference}-statement-{number}-v{v.version}"
            seen = keep_bytes(self.ctx, s, case, reviewed, f"{stem}-as-read.pdf", Kind.DOCUMENT,
                              f"{title}, version {v.version}: the PDF the witness read before signing", into=box)
            signed = keep_bytes(self.ctx, s, case, pdf, f"{stem}-signed.pdf", Kind.DOCUMENT,
                                f"{title}, version {v.version}, signed ({signing.METHOD_NAMES[kind]})",
                                {"statement_version": v.uid, "signing": kind}, into=box)
            record = {"record": "witness statement signing", "case": case.reference, "statement": number,
                      "version": v.version, "version_uid": v.uid, "witness": full_name, "method": kind,
                      "method_name": signing.METHOD_NAMES[kind], "typed_name": typed_name,
                      "signed_at": v.signed_at.isoformat(), "present": names,
                      "recorded_by": self.ctx.actor.full_name or self.ctx.actor.username,
                      "reviewed_pdf": {"sha256": seen.sha256, "evidence_uid": seen.uid},
                      "signed_pdf": {"sha256": row.sha256, "evidence_uid": signed.uid, "document": row.path},
                      "wet_scan_evidence_uid": wet_scan_evidence}
            data = (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
            kept = keep_bytes(self.ctx, s, case, data, f"{stem}-signing-record.json", Kind.OTHER,
                              f"{title}, version {v.version}: the signing record", {"signing_record": True},
                              into=box)
            v.pdf_sha256, v.locked, st.status = row.sha256, True, "signed"
            v.reviewed_pdf_sha256, v.signed_evidence_uid, v.record_evidence_uid = seen.sha256, signed.uid, kept.uid
            changed(self.ctx, s, case, f"Statement {number} signed ({kind}); SHA-256 {row.sha256}", "statement", st.id)
            self.ctx.audit(s, "create", "signing_record", v.uid, case.reference,
                           f"Signing record of statement {number} version {v.version}: {signing.METHOD_NAMES[kind]}, "
                           f"{v.signed_at:%d/%m/%Y %H:%M}, present: {', '.join(names)}",
                           **{k: record[k] for k in ("version", "method", "typed_name", "present", "reviewed_pdf",
                                                     "signed_pdf", "wet_scan_evidence_uid")},
                           signed_at=record["signed_at"], record_evidence_uid=kept.uid)
            return SignedStatement(number, v.version, row.sha256, row.path, kind)

    def review_guard(self, reference: str, number: int, pin: str | None = None,
                     witness: str | None = None) -> ReviewGuard:
        """What the witness review window asks before it lets anyone leave (see review_guard.py)."""
        from .review_guard import ReviewGuard

        with self.ctx.session() as s:
            self.records.statement(s, open_case(self.ctx, s, reference), number, witness)  # it exists and may be seen
        return ReviewGuard(self.ctx, reference, number, pin)

    def review_secret(self) -> str:
        """What leaving a witness review will need: "password" (team mode) or "PIN" (set when opening)."""
        from .review_guard import leave_secret

        return leave_secret(self.ctx)

    def signing_record(self, reference: str, number: int, version: int | None = None,
                       witness: str | None = None) -> SigningRecord:
        """The signing record kept with a signed version (default: the signed one), with whether the
        stored PDFs still match their SHA-256; viewing it is audited."""
        from ...evidence.store import hash_file

        root = evidence_store(self.ctx)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            st = self.records.statement(s, case, number, witness)
            if version is None:
                v = s.scalar(select(StatementVersion).where(StatementVersion.statement_id == st.id,
                                                            StatementVersion.signed_at.is_not(None))
                             .order_by(StatementVersion.version.desc()).limit(1))
                if v is None:
                    raise NotFound(f"Statement {number} on case {case.reference} is not signed: it has no "
                                   "signing record.")
            else:
                v = self.records.version(s, st, version)
                if v.signed_at is None:
                    raise NotFound(f"Version {v.version} of statement {number} is not signed.")
            doc = s.scalar(select(GeneratedDocument).where(GeneratedDocument.case_id == case.id,
                                                           GeneratedDocument.sha256 == v.pdf_sha256))
            seen = s.scalar(select(EvidenceItem.uid).where(EvidenceItem.sha256 == v.reviewed_pdf_sha256)) \
                if v.reviewed_pdf_sha256 else None
            checks = []
            for sha in (v.pdf_sha256, v.reviewed_pdf_sha256):
                path = root.path_for(sha) if sha else None
                checks.append(path is not None and path.is_file() and hash_file(path) == sha)
            content = StatementContent.from_json(v.content)
            self.ctx.audit(s, "view", "signing_record", v.uid, case.reference,
                           f"Viewed the signing record of statement {number} version {v.version}")
            return SigningRecord(number, v.version, content.witness.full_name, v.signature_kind or "",
                                 signing.METHOD_NAMES.get(v.signature_kind or "", v.signature_kind or ""),
                                 v.typed_name, v.signed_at, tuple(v.signed_present or ()), v.pdf_sha256 or "",
                                 doc.path if doc else None, v.signed_evidence_uid, v.reviewed_pdf_sha256, seen,
                                 v.record_evidence_uid, v.wet_scan_evidence_uid, all(checks) if
                                 v.reviewed_pdf_sha256 else checks[0])


def typed_signature_png(name: str) -> bytes:
    """The typed name as the signature image printed on the statement (the shipped italic face)."""
    from PIL import Image, ImageDraw, ImageFont

    from ...documents.fonts import fonts_dir

    font = ImageFont.truetype(str(fonts_dir() / "DejaVuSerif-Italic.ttf"), 48)
    left, top, right, bottom = font.getbbox(name)
    img = Image.new("RGBA", (max(200, int(right - left) + 40), int(bottom - top) + 40), (255, 255, 255, 0))
    ImageDraw.Draw(img).text((20 - left, 20 - top), name, font=font, fill=(20, 30, 90, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _check_png(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationError("signature", "the signature must be a PNG image")
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError("signature", "the signature image is damaged; draw it again") from None

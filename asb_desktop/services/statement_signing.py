"""Preflight before the final version (fix or waive with a reason), witness review requests, and
signing: a drawn signature embedded, or a wet signature with the signed scan on the evidence store.
A signed version is locked with the SHA-256 of its PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from ..documents.preflight import Finding, check
from ..documents.render_pdf import render_pdf
from ..documents.statement import StatementContent
from ..domain import signing
from ..storage.orm_documents import PreflightWaiver, ReviewRequest, StatementVersion
from .document_store import store
from .errors import RuleBlocked, ValidationError
from .statements import ReviewRequestInfo, StatementDrafting, StatementInfo

__all__ = ["ReviewRequestInfo", "SignedStatement", "StatementService"]


@dataclass(frozen=True)
class SignedStatement:
    number: int
    version: int
    sha256: str
    path: str  # relative to the data folder
    signature: str  # drawn | wet


class StatementService(StatementDrafting):
    # ---------------------------------------------------------------- preflight
    def _known_marks(self, reference: str, number: int, witness: str | None) -> set[str]:
        from .evidence import EvidenceService

        with self.ctx.session() as s:
            st = self._statement(s, self._viewable(s, reference), number, witness)
            person_id = st.person_id
        if person_id is None:
            return set()
        return {x.mark for x in EvidenceService(self.ctx).exhibits(reference, person_id=person_id)}

    def check(self, reference: str, number: int, witness: str | None = None) -> list[Finding]:
        """Every PD 32 / PD 22 requirement the latest version misses, with any waiver's reason."""
        known = self._known_marks(reference, number, witness)
        with self.ctx.session() as s:
            st = self._statement(s, self._viewable(s, reference), number, witness)
            v = self._version(s, st)
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
            case = self._case(s, reference)
            st = self._statement(s, case, number, witness)
            v = self._version(s, st)
            self._check(signing.may_change(number, locked=v.locked, what="waiving a requirement"))
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
            case = self._case(s, reference)
            st = self._statement(s, case, number, witness)
            v = self._version(s, st)
            self._check(signing.may_finalise(number, self._rule_requests(s, st), locked=v.locked))
            open_findings = [f for f in self._findings(s, v, known) if f.waived is None]
            if open_findings:
                raise RuleBlocked([f"Statement {number} cannot be made final until each of these is fixed or "
                                   "waived with a reason:"] + [f"[{f.key}] {f.message}" for f in open_findings])
            v.final_at = self.ctx.now()
            st.status = "final"
            self._done(s, case, f"Statement {number} version {v.version} made final", "statement", st.id)
            return self._info(s, case, st, v)

    # ------------------------------------------------------------------ review
    def request_change(self, reference: str, number: int, paragraph: int | None, request: str,
                       witness: str | None = None) -> str:
        """The witness asks for a change while reading (paragraph number, or None for the whole statement)."""
        if not request.strip():
            raise ValidationError("request", "write the change the witness wants")
        with self.ctx.session() as s:
            case = self._case(s, reference)
            st = self._statement(s, case, number, witness)
            v = self._version(s, st)
            self._check(signing.may_change(number, locked=v.locked, what="asking for a change"))
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
            self._done(s, case, f"Witness asked for a change to {where} of statement {number}", "statement", st.id)
            return row.uid

    def review_requests(self, reference: str, number: int, witness: str | None = None) -> list[ReviewRequestInfo]:
        with self.ctx.session() as s:
            st = self._statement(s, self._viewable(s, reference), number, witness)
            return self._requests(s, st)

    def open_requests(self, reference: str, number: int, witness: str | None = None) -> list[ReviewRequestInfo]:
        """The witness's change requests still waiting for the officer's decision."""
        return [r for r in self.review_requests(reference, number, witness) if r.is_open]

    def _rule_requests(self, s: Any, st: Any) -> list[signing.ChangeRequest]:
        return [r.rule_view() for r in self._requests(s, st)]

    def resolve_request(self, reference: str, number: int, request_uid: str, outcome: str, reason: str = "",
                        version: int | None = None, witness: str | None = None) -> ReviewRequestInfo:
        """Close one request: "changed" links it to the version making the change (default: the latest,
        which must be newer than the version the witness asked about); "declined" needs the reason,
        which the witness is shown before signing."""
        with self.ctx.session() as s:
            case = self._case(s, reference)
            st = self._statement(s, case, number, witness)
            row = self._request_row(s, st, number, request_uid)
            linked = self._version(s, st, version).version if outcome == signing.CHANGED else None
            problem = signing.resolution_problem(outcome, reason, row.version, linked, row.resolved_at is None)
            if problem:
                raise ValidationError(*problem)
            row.resolved_at, row.resolved_by_id, row.outcome = self.ctx.now(), self.ctx.actor.id, outcome
            row.resolved_version = linked
            row.resolution = reason.strip() or f"Changed in version {linked}"
            what = f"changed in version {linked}" if linked else f"declined: {row.resolution}"
            self.ctx.audit(s, "change", "statement", st.id, case.reference,
                           f"Statement {number}: the witness's change request {what}")
            (info,) = [r for r in self._requests(s, st) if r.uid == row.uid]
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
            current = self.get(reference, number, witness=witness)
            self._check(signing.may_change(number, locked=current.status == "signed", what="amending it"))
        info = self.edit(reference, number, paragraphs, note=f"Witness review: {resolution.strip()}",
                         witness=witness) if paragraphs is not None else self.get(reference, number, witness=witness)
        with self.ctx.session() as s:
            case = self._case(s, reference)
            st = self._statement(s, case, number, witness)
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
            return self._info(s, case, st, self._version(s, st))

    # ----------------------------------------------------------------- signing
    def sign(self, reference: str, number: int, signature_png: bytes | None = None,
             wet_scan_evidence: str | None = None, signed_on: date | None = None,
             witness: str | None = None) -> SignedStatement:
        """Sign the final version: embed a drawn signature (PNG), or record the wet-signed scan held on
        the evidence store. The version is locked with the SHA-256 of its PDF."""
        if (signature_png is None) == (wet_scan_evidence is None):
            raise ValidationError("signature", "give either the drawn signature or the signed scan, not both")
        if signature_png is not None:
            _check_png(signature_png)
        else:
            from .evidence import EvidenceService

            EvidenceService(self.ctx).item(str(wet_scan_evidence), reference)  # must exist on this case
        with self.ctx.session() as s:
            case = self._case(s, reference)
            st = self._statement(s, case, number, witness)
            v = self._version(s, st)
            self._check(signing.may_sign(number, self._rule_requests(s, st), final=v.final_at is not None,
                                         locked=v.locked))
            v.signed_at = datetime.combine(signed_on, self.ctx.now().time()) if signed_on else self.ctx.now()
            v.signature_kind = "drawn" if signature_png is not None else "wet"
            v.signature_png, v.wet_scan_evidence_uid = signature_png, wet_scan_evidence
            content = StatementContent.from_json(v.content)
            pdf = render_pdf(self._document(s, case, content, v))
            row = store(self.ctx, s, case, "witness_statement",
                        f"Statement {number} of {content.witness.full_name} (signed)", "pdf", pdf,
                        recipient_role="court", source=f"statement_version:{v.uid}")
            v.pdf_sha256, v.locked, st.status = row.sha256, True, "signed"
            self._done(s, case, f"Statement {number} signed ({v.signature_kind}); SHA-256 {row.sha256}",
                       "statement", st.id)
            return SignedStatement(number, v.version, row.sha256, row.path, v.signature_kind)


def _check_png(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationError("signature", "the signature must be a PNG image")
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError("signature", "the signature image is damaged; draw it again") from None

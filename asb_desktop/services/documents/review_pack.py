"""Review at home: the witness's statement as a fillable PDF review pack, and the returned pack read
back into change requests (``SigningService.request_change``), so each must be resolved before the
statement is made final. A pack for a superseded version, another statement or another case is
refused; a pack returned with every box empty records "reviewed, no changes requested". A statement
made in the witness's own language is sent in that language (refused, naming the paragraph, while any
of their words are missing); the instructions stay in English unless forms/review_pack/<language>.toml
gives them."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.guard import find
from ...documents.review_pack import (
    INSTRUCTIONS,
    PackContent,
    ReturnedPack,
    ReviewPackError,
    pack_text,
    paragraph_count,
    read_pack,
    statement_digest,
    write_pack,
)
from ...documents.statement import StatementContent
from ...documents.wording import ordinal
from ...domain import signing
from ...domain.identity_rules import withheld_identity_check
from ...storage.orm import AuditEntry, Case, Note, User
from ...storage.orm_documents import ReviewRequest, Statement
from ..kernel.case_documents import protected_identities
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import RuleBlocked, ValidationError
from .document_store import store
from .statement_signing import SigningService
from .statements import StatementRecords

NO_CHANGES = "reviewed, no changes requested"


def instructions_in(language: str) -> tuple[str, ...]:
    """The pack's instructions in ``language`` from forms/review_pack/<language>.toml (``instructions``,
    a list of texts), else the English ones: the app ships no translations it cannot vouch for."""
    from ...domain.forms import forms_dir

    name = language.strip().casefold().replace(" ", "_")
    path = forms_dir() / "review_pack" / f"{name}.toml"
    if not name or not path.is_file():
        return INSTRUCTIONS
    import tomllib

    with path.open("rb") as fh:
        given = tomllib.load(fh).get("instructions", [])
    lines = tuple(str(x).strip() for x in given if str(x).strip()) if isinstance(given, list) else ()
    return lines or INSTRUCTIONS


@dataclass(frozen=True)
class ReviewPack:
    """A generated review pack: stored as a generated document (``path``, absolute) and returned as bytes."""

    number: int
    version: int
    statement_sha256: str  # of the version's text, printed in every footer
    pack_uid: str
    path: Path
    file_sha256: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ReviewImport:
    """What a returned pack did: the change requests made (uids), or ``no_changes`` with its note."""

    number: int
    version: int
    requests: list[str]
    no_changes: bool
    summary: str


@dataclass(frozen=True)
class PackEvent:
    """A review pack made for the witness ("sent") or read back ("returned"), from the audit trail."""

    at: datetime
    kind: str  # sent | returned
    version: int
    summary: str
    no_changes: bool = False


class ReviewPackService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.records = StatementRecords(ctx)
        self.signing = SigningService(ctx)

    def history(self, reference: str, number: int, witness: str | None = None) -> list[PackEvent]:
        """The review packs made for this statement and those returned, oldest first."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            st = self.records.statement(s, case, number, witness)
            rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "statement",
                                                      AuditEntry.entity_id == str(st.id),
                                                      AuditEntry.case_reference == case.reference,
                                                      AuditEntry.action.in_(("export", "import")))
                             .order_by(AuditEntry.id))
            return [PackEvent(a.at, "sent" if a.action == "export" else "returned", int(a.detail.get("version", 0)),
                              a.summary, bool(a.detail.get("no_changes"))) for a in rows if "pack" in (a.detail or {})]

    def review_pack(self, reference: str, number: int, witness: str | None = None) -> ReviewPack:
        """The latest version as a review pack for the witness (stored, audited as an export)."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            v = self.records.version(s, st)
            check = signing.may_review(number, locked=v.locked)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            content = StatementContent.from_json(v.content)
            gaps = content.original_gaps()  # the witness reviews their own words: all of them are needed
            if gaps:
                raise ValidationError(gaps[0][0], f"the review pack for statement {number} cannot be made yet: "
                                      f"{gaps[0][1]}" + (f" (and {len(gaps) - 1} more to complete)"
                                                         if len(gaps) > 1 else ""))
            officer = s.get(User, self.ctx.actor.id)
            pack = PackContent(case.reference, st.uid, st.number, v.version, content.witness.full_name, content,
                               str(uuid.uuid4()), str(self.ctx.setting(s, "organisation_name") or ""),
                               officer.full_name if officer else self.ctx.actor.full_name,
                               f"{self.ctx.now():%d/%m/%Y}",
                               instructions_in(content.language) if content.translated else INSTRUCTIONS)
            self._guard(s, case, pack)
            data = write_pack(pack)
            row = store(self.ctx, s, case, "review_pack",
                        f"Review pack: statement {number} of {pack.witness}, version {v.version}", "pdf", data,
                        recipient_role="witness", recipient_person_id=st.person_id,
                        source=f"statement_version:{v.uid}")
            self.ctx.audit(s, "export", "statement", st.id, case.reference,
                           f"Review pack for the witness: statement {number} version {v.version}",
                           pack=pack.pack_uid, statement_sha256=pack.sha256, sha256=row.sha256, version=v.version)
            return ReviewPack(st.number, v.version, pack.sha256, pack.pack_uid, self.ctx.data_dir / row.path,
                              row.sha256, data)

    def _guard(self, s: Session, case: Case, pack: PackContent) -> None:
        """The witness receives the pack: no anonymous or withheld person's identity may be in it."""
        kinds = sorted({h.what for h in find(pack_text(pack), protected_identities(s, case, complainants=False))})
        check = withheld_identity_check("The review pack was not produced: it contains the ",
                                        [", ".join(kinds)] if kinds else [],
                                        ", which must not appear in it. Remove it from the statement and try again.")
        if not check.allowed:
            raise RuleBlocked(check.reasons)

    def import_review_pack(self, reference: str, number: int, pdf: Path | str,
                           witness: str | None = None) -> ReviewImport:
        """Read a returned pack: each filled box becomes a change request on that paragraph of that
        version (the general box one on the whole statement). Everything is checked before anything
        is written; an empty pack records "reviewed, no changes requested"."""
        path = Path(pdf)
        try:
            returned = read_pack(path)
        except ReviewPackError as exc:
            raise ValidationError(path.name, f"{exc}. Nothing was imported.") from None
        except OSError as exc:
            raise ValidationError(path.name, f"could not be read ({exc.strerror or exc}). Nothing was imported.") \
                from None
        file_sha = hashlib.sha256(path.read_bytes()).hexdigest()
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            if returned.case_reference.strip().upper() != case.reference.upper():
                raise ValidationError(path.name, f"this review pack is for case {returned.case_reference}, not "
                                      f"{case.reference}. Nothing was imported.")
            st = self.records.statement(s, case, number, witness)
            self._check_pack(s, case, st, returned, path.name)
            wanted: list[tuple[int | None, str]] = [(p, text) for p, text in returned.comments.items()]
            if returned.general:
                wanted.append((None, returned.general))
            held = {(r.paragraph, r.request) for r in s.scalars(select(ReviewRequest).where(
                ReviewRequest.statement_id == st.id, ReviewRequest.version == returned.version))}
            fresh = [(p, text) for p, text in wanted if (p, text.strip()) not in held]
            before = self._returned_on(s, st, returned.pack_uid)
            if (wanted and not fresh) or (not wanted and before):
                raise ValidationError(path.name, "this review pack was imported already"
                                      + (f" on {before:%d/%m/%Y}" if before else "") + ". Nothing was imported.")
            witness_name = StatementContent.from_json(self.records.version(s, st).content).witness.full_name
        if not wanted:
            return self._no_changes(reference, number, returned, path.name, file_sha, witness, witness_name)
        uids = [self.signing.request_change(reference, number, p, text, witness) for p, text in fresh]
        again = len(wanted) - len(fresh)
        summary = (f"Review pack returned for statement {number} of {witness_name}, version {returned.version}: "
                   f"{len(uids)} change request(s) recorded"
                   + (f" ({again} already recorded from an earlier copy)" if again else "")
                   + "; resolve each before the statement is made final.")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            self.ctx.audit(s, "import", "statement", st.id, case.reference, summary, file=path.name,
                           sha256=file_sha, pack=returned.pack_uid, requests=uids, version=returned.version)
        return ReviewImport(number, returned.version, uids, False, summary)

    def _check_pack(self, s: Session, case: Case, st: Statement, returned: ReturnedPack, name: str) -> None:
        """Refuse a pack for another statement, a superseded or altered version, or a signed statement."""
        if returned.statement_uid != st.uid:
            other = s.scalar(select(Statement).where(Statement.uid == returned.statement_uid,
                                                     Statement.case_id == case.id))
            which = f"the {ordinal(other.number)} statement of {self._witness_name(s, other)}" if other else \
                "another statement"
            raise ValidationError(name, f"this review pack is for {which}, not the {ordinal(st.number)} statement "
                                  f"of {self._witness_name(s, st)}. Nothing was imported.")
        current = self.records.version(s, st)
        if returned.version != current.version:
            if returned.version < current.version:
                raise ValidationError(name, f"this review pack is for an old version of statement {st.number}: "
                                      f"pack version {returned.version}, current version {current.version}. The "
                                      "statement has changed since the pack was made, so the comments may no "
                                      "longer fit the paragraphs. Nothing was imported: send the witness a new "
                                      f"review pack for version {current.version}.")
            raise ValidationError(name, f"this review pack says version {returned.version}, but statement "
                                  f"{st.number} has only {current.version} version(s). Nothing was imported.")
        content = StatementContent.from_json(current.content)
        if returned.sha256 != statement_digest(st.uid, current.version, content):
            raise ValidationError(name, f"this review pack does not match version {current.version} of statement "
                                  f"{st.number} (its SHA-256 differs): it may have been altered. Nothing was "
                                  "imported: send the witness a new review pack.")
        check = signing.may_import_review(st.number, locked=current.locked)
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        count = paragraph_count(content)
        beyond = [n for n in returned.comments if not 1 <= n <= count]
        if beyond:
            raise ValidationError(name, f"the pack has a comment on paragraph {beyond[0]}, but version "
                                  f"{current.version} has paragraphs 1 to {count}. Nothing was imported.")

    @staticmethod
    def _returned_on(s: Session, st: Statement, pack_uid: str) -> datetime | None:
        """When this pack (by its uid) was imported before, if it was."""
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "statement", AuditEntry.entity_id == str(st.id),
                                                  AuditEntry.action == "import").order_by(AuditEntry.id))
        return next((a.at for a in rows if (a.detail or {}).get("pack") == pack_uid), None)

    def _witness_name(self, s: Session, st: Statement) -> str:
        return StatementContent.from_json(self.records.version(s, st).content).witness.full_name

    def _no_changes(self, reference: str, number: int, returned: ReturnedPack, name: str, file_sha: str,
                    witness: str | None, witness_name: str) -> ReviewImport:
        today = f"{self.ctx.now():%d/%m/%Y}"
        summary = (f"Statement {number} of {witness_name}, version {returned.version}: {NO_CHANGES} "
                   f"(review pack returned on {today}).")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            st = self.records.statement(s, case, number, witness)
            note = Note(case_id=case.id, kind="general", written_at=self.ctx.now(), text=summary,
                        confidential=False, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(note)
            s.flush()
            self.ctx.audit(s, "import", "statement", st.id, case.reference, summary, file=name, sha256=file_sha,
                           pack=returned.pack_uid, note=note.uid, version=returned.version, no_changes=True)
            changed(self.ctx, s, case, f"Note added: {summary}", "note", note.id)
        return ReviewImport(number, returned.version, [], True, summary)

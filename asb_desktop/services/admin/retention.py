"""Retention (UK GDPR Art. 5(1)(e), storage limitation): the schedule in forms/retention.toml applied
to every case (domain/retention.py decides), legal holds, and the deletion of the cases due.

A deletion removes the case's rows (every table under the case goes with it), the evidence items
held only by deleted cases, the stored files nobody else references (evidence, generated documents,
notices, bundles), and the people who were only on deleted cases. It leaves one audit entry with
counts and the deleted references, never a name. Earlier audit entries are kept: the audit trail is
append-only (database triggers), so what they say stays (see docs/admin-guide.md).

Roles: the report and holds, team leaders, managers and administrators; the deletion, administrators.
"""

from __future__ import annotations

import shutil
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...domain import retention as rule
from ...domain.enums import CaseStatus, Role
from ...domain.errors import RuleBlocked
from ...storage.layout import cache_dir
from ...storage.orm import AuditEntry, Base, Case, CaseParty, Contact, Interview, Person, Remedy
from ..kernel.access import require_role
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import NotFound, ValidationError
from ..kernel.file_stores import evidence_store, named_files

REPORTING = (Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR)


def load_schedule(path: Path | None = None) -> rule.Schedule:
    from ...resources import forms_dir

    source = path or forms_dir() / "retention.toml"
    try:
        return rule.parse_schedule(tomllib.loads(source.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ValidationError("retention schedule", f"{source} is missing") from None
    except (tomllib.TOMLDecodeError, rule.ScheduleError) as exc:
        raise ValidationError("retention schedule", f"{source}: {exc}") from None


@dataclass(frozen=True)
class RunResult:
    cases: int
    rows: dict[str, int]  # table -> rows deleted
    files: int
    references: list[str]
    kept_blocked: int  # due by date, but kept by a hold or an open court matter


class RetentionService:
    def __init__(self, ctx: Context, schedule: rule.Schedule | None = None) -> None:
        self.ctx = ctx
        self.schedule = schedule

    # -- facts and decisions -----------------------------------------------------------------------------
    def _facts(self, s: Session) -> list[rule.CaseFacts]:
        from ...storage.orm_court import BundleVersion, Notice
        from ...storage.orm_privacy import LegalHold, SubjectAccessRequest

        today = self.ctx.now().date()
        orders: dict[int, list[rule.OrderFact]] = defaultdict(list)
        for case_id, kind, status, decided in s.execute(select(Remedy.case_id, Remedy.kind, Remedy.status,
                                                               Remedy.decided_at).where(Remedy.legal.is_(True))):
            orders[case_id].append(rule.OrderFact(kind, status, decided.date() if decided else None))
        holds = set(s.scalars(select(LegalHold.case_id).where(LegalHold.cleared_at.is_(None))))
        live = set(s.scalars(select(Notice.case_id).where(Notice.served_at.is_not(None))
                             .where((Notice.lapses_on.is_(None)) | (Notice.lapses_on >= today))))
        bundles = set(s.scalars(select(BundleVersion.case_id)))
        asked = set(s.scalars(select(CaseParty.case_id).join(
            SubjectAccessRequest, SubjectAccessRequest.person_id == CaseParty.person_id).where(
            SubjectAccessRequest.answered_at.is_(None))))
        return [rule.CaseFacts(ref, status != CaseStatus.CLOSED.value, closed.date() if closed else None,
                               tuple(orders.get(cid, ())), cid in holds, cid in live, cid in bundles, cid in asked)
                for cid, ref, status, closed in s.execute(
                    select(Case.id, Case.reference, Case.status, Case.closed_at).order_by(Case.reference))]

    def decisions(self, s: Session) -> list[rule.Decision]:
        schedule = self.schedule or load_schedule()
        today = self.ctx.now().date()
        return [rule.decide(f, schedule, today) for f in self._facts(s)]

    def report(self) -> list[rule.Decision]:
        """Every case with its decision: due for deletion, or kept and why."""
        require_role(self.ctx.actor, *REPORTING, doing="see the retention report")
        with self.ctx.session() as s:
            out = self.decisions(s)
            self.ctx.audit(s, "view", "report", "retention", None, "Ran the retention report",
                           due=sum(1 for d in out if d.due), cases=len(out))
        return out

    # -- holds -----------------------------------------------------------------------------------------
    def set_hold(self, reference: str, reason: str) -> str:
        from ...storage.orm_privacy import LegalHold

        require_role(self.ctx.actor, *REPORTING, doing="set a legal hold")
        if not (reason or "").strip():
            raise ValidationError("reason", "say why the case is held (for example the claim or complaint)")
        with self.ctx.session() as s:
            case = self._case(s, reference)
            held = s.scalar(select(LegalHold.id).where(LegalHold.case_id == case.id, LegalHold.cleared_at.is_(None)))
            check = rule.may_set_hold(case.reference, held is not None)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            hold = LegalHold(case_id=case.id, reason=reason.strip(), set_at=self.ctx.now(),
                             set_by_id=self.ctx.actor.id, clear_reason="")
            s.add(hold)
            s.flush()
            self.ctx.audit(s, "create", "legal_hold", hold.uid, case.reference,
                           f"Legal hold set on {case.reference}: it will not be deleted", reason=reason.strip())
            return f"Legal hold set on {case.reference}."

    def clear_hold(self, reference: str, reason: str = "") -> str:
        from ...storage.orm_privacy import LegalHold

        require_role(self.ctx.actor, *REPORTING, doing="clear a legal hold")
        with self.ctx.session() as s:
            case = self._case(s, reference)
            hold = s.scalar(select(LegalHold).where(LegalHold.case_id == case.id, LegalHold.cleared_at.is_(None)))
            if hold is None:
                raise ValidationError("reference", f"case {case.reference} has no legal hold to clear")
            hold.cleared_at, hold.cleared_by_id, hold.clear_reason = self.ctx.now(), self.ctx.actor.id, reason.strip()
            self.ctx.audit(s, "change", "legal_hold", hold.uid, case.reference,
                           f"Legal hold cleared on {case.reference}", reason=reason.strip())
            return f"Legal hold cleared on {case.reference}."


    def _case(self, s: Session, reference: str) -> Case:
        try:
            return open_case(self.ctx, s, reference)
        except NotFound:  # the administrator typed it: a field error (exit 2), as for any other input
            raise ValidationError("reference", f"there is no case {reference!r}") from None

    # -- deletion --------------------------------------------------------------------------------------
    def delete_due(self, confirm: bool = False) -> RunResult:
        """Delete every case due under the schedule (administrators; ``confirm`` must be given)."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="delete cases under the retention schedule")
        if not confirm:
            raise ValidationError("confirm", "deleting is permanent: run the report first, then confirm")
        from ...storage.orm_court import BundleFile, BundleVersion, Notice
        from ...storage.orm_documents import GeneratedDocument, Statement
        from ...storage.orm_evidence import DiaryEntry, EvidenceItem, EvidenceLink, Exhibit
        from ...storage.orm_privacy import SubjectAccessRequest

        files: set[Path] = set()
        caches: set[Path] = set()  # derived pictures of removed evidence (thumbnails, charts)
        db_shas: set[str] = set()  # stored files in the team file store (the database) to remove
        store = None
        with self.ctx.session() as s:
            decisions = self.decisions(s)
            refs = [d.reference for d in decisions if d.due]
            ids = list(s.scalars(select(Case.id).where(Case.reference.in_(refs)))) if refs else []
            rows: dict[str, int] = {}
            if ids:
                # the evidence items held only by the deleted cases, and their stored files nobody else holds
                linked = defaultdict(set)
                for item_id, case_id in s.execute(select(EvidenceLink.evidence_id, EvidenceLink.case_id).where(
                        EvidenceLink.evidence_id.in_(select(EvidenceLink.evidence_id)
                                                     .where(EvidenceLink.case_id.in_(ids))))):
                    linked[item_id].add(case_id)
                items = [i for i, cases in linked.items() if cases <= set(ids)]
                shas = set(s.scalars(select(EvidenceItem.sha256).where(EvidenceItem.id.in_(items)))) if items else set()
                kept_shas = set(s.scalars(select(EvidenceItem.sha256).where(
                    EvidenceItem.sha256.in_(shas), EvidenceItem.id.not_in(items)))) if shas else set()
                store = evidence_store(self.ctx)
                if store.is_database:  # the team file store: its rows go after the commit, below
                    db_shas |= shas - kept_shas
                    files |= {store.cached_path(sha) for sha in shas - kept_shas}
                else:
                    files |= {store.path_for(sha) for sha in shas - kept_shas}
                caches |= {cache_dir(self.ctx.data_dir, "evidence") / sha[:2] / sha for sha in shas - kept_shas}
                # the other stored files of the deleted cases, unless a kept case's row names the same file
                for column, table in ((GeneratedDocument.path, GeneratedDocument),
                                      (BundleFile.stored_path, BundleFile), (BundleVersion.stored_path, BundleVersion)):
                    mine = set(s.scalars(select(column).where(table.case_id.in_(ids))))
                    others = set(s.scalars(select(column).where(column.in_(mine), table.case_id.not_in(ids))))
                    files |= {self.ctx.data_dir / p for p in mine - others if p}
                for folder, listed in s.execute(select(Notice.folder, Notice.files).where(Notice.case_id.in_(ids))):
                    for f in listed or []:
                        name = f.get("file") if isinstance(f, dict) else None
                        if name:
                            files.add(self.ctx.data_dir / folder / name)
                        if store.is_database and isinstance(f, dict) and isinstance(f.get("sha256"), str):
                            db_shas.add(f["sha256"])
                if store.is_database:  # the team file store keeps the generated files too (kernel/file_stores.py)
                    for sha_column, table in ((GeneratedDocument.sha256, GeneratedDocument),
                                              (BundleFile.sha256, BundleFile), (BundleVersion.sha256, BundleVersion)):
                        db_shas |= set(s.scalars(select(sha_column).where(table.case_id.in_(ids))))
                # the people who were only on deleted cases
                candidates: set[int] = set()
                person_columns: list[tuple[Any, Any]] = [
                    (CaseParty.person_id, CaseParty), (Contact.person_id, Contact), (Interview.person_id, Interview),
                    (Statement.person_id, Statement), (Exhibit.person_id, Exhibit),
                    (DiaryEntry.person_id, DiaryEntry), (GeneratedDocument.recipient_person_id, GeneratedDocument)]
                for pcol, ptable in person_columns:
                    candidates |= {int(p) for p in s.scalars(select(pcol).where(ptable.case_id.in_(ids))) if p}
                rows = self._count_rows(s, ids, items)
                if items:
                    s.execute(delete(EvidenceItem).where(EvidenceItem.id.in_(items)))
                s.execute(delete(Case).where(Case.id.in_(ids)))
                if db_shas:  # a file some kept row still names (evidence or generated) stays in the store
                    db_shas -= named_files(s, self.ctx.data_dir, db_shas)
                still = self._people_referenced(s, candidates, SubjectAccessRequest)
                gone = sorted(candidates - still)
                if gone:
                    s.execute(delete(Person).where(Person.id.in_(gone)))
                rows["people"] = len(gone)
            existing = [f for f in files if f.is_file()]
            blocked = sum(1 for d in decisions if d.blocked)
            # the deleted cases' earlier audit entries stay (append-only, hash-chained): counted, not changed
            kept_audit = s.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.case_reference.in_(refs))) if refs else 0
            self.ctx.audit(s, "delete", "retention", "", None,
                           f"Retention run: {len(ids)} cases deleted under the schedule, {len(existing)} stored "
                           f"files removed; {blocked} cases kept by a legal hold or an open court matter",
                           cases=len(ids), files=len(existing), rows=rows, references=refs, kept_blocked=blocked,
                           audit_entries_kept=int(kept_audit or 0))
        removed = 0
        for f in existing:  # after the commit: a rolled-back run must not lose files
            try:
                f.unlink()
                removed += 1
            except OSError:
                pass
        if db_shas and store is not None:
            store.remove(db_shas)
        for cache in caches:
            shutil.rmtree(cache, ignore_errors=True)
        if ids:  # OCR'd pages are cached by what they draw, not by case: the whole cache goes (it rebuilds)
            shutil.rmtree(cache_dir(self.ctx.data_dir, "ocr"), ignore_errors=True)
        for ref in refs:
            folder = self.ctx.data_dir / "documents" / ref
            if folder.is_dir():
                for sub in sorted(folder.rglob("*"), reverse=True):
                    if sub.is_dir() and not any(sub.iterdir()):
                        sub.rmdir()
                if not any(folder.iterdir()):
                    folder.rmdir()
        return RunResult(len(ids), rows, removed, refs, blocked)

    @staticmethod
    def _count_rows(s: Session, ids: list[int], items: list[int]) -> dict[str, int]:
        """Rows that go with the cases, per table (for the audit entry: counts only)."""
        out: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            col = table.c.get("case_id")
            if col is None or table.name in {"audit_log"}:
                continue
            n = s.scalar(select(func.count()).select_from(table).where(col.in_(ids))) or 0
            if n:
                out[table.name] = int(n)
        out["cases"] = len(ids)
        out["evidence_items"] = len(items)
        return out

    @staticmethod
    def _people_referenced(s: Session, candidates: set[int], sar: Any) -> set[int]:
        """Which of ``candidates`` some remaining row still points at (any foreign key to people), or who
        has a subject access request still open."""
        if not candidates:
            return set()
        still: set[int] = set()
        for table in Base.metadata.sorted_tables:
            if table.name == sar.__tablename__:
                continue
            for fk in table.foreign_keys:
                if fk.column.table.name == "people":
                    still |= set(s.scalars(select(fk.parent).where(fk.parent.in_(candidates))))
        still |= set(s.scalars(select(sar.person_id).where(sar.person_id.in_(candidates), sar.answered_at.is_(None))))
        return {p for p in still if p is not None}


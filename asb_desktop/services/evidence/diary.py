"""Diary sheets and diary entries on a case: a blank fillable sheet out, a filled one back in, entries
keyed in beside a scanned sheet, and the lines they (and evidence additions) add to the case timeline."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...evidence.diary import DiaryRow, DiaryRowsError, check_rows
from ...evidence.kinds import Kind
from ...evidence.records import DiaryEntryInfo
from ...storage.orm import Case, Person
from ...storage.orm_evidence import DiaryEntry, EvidenceItem
from ..kernel import derived
from ..kernel.case_reads import diary_entries, diary_timeline_events
from ..kernel.context import Context
from ..kernel.errors import ValidationError
from ..kernel.read_models import TimelineEntry
from .evidence import EvidenceService

DIARY_RETURN_DAYS = 14  # diary sheets are returned within 2-4 weeks (DOMAIN.md section 8)


class DiaryService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.evidence = EvidenceService(ctx)

    def entries(self, reference: str) -> list[DiaryEntryInfo]:
        """The case's diary entries in time order (for the diary table and the case timeline)."""
        with self.ctx.session() as s:
            return diary_entries(s, self.evidence.case_for(s, reference, edit=False))

    def timeline_events(self, reference: str) -> list[TimelineEntry]:
        """Diary entries and evidence additions as case-timeline lines."""
        with self.ctx.session() as s:
            return diary_timeline_events(s, self.evidence.case_for(s, reference, edit=False))

    def _complainant(self, s: Session, case: Case, person_id: int | str | None) -> Person | None:
        if person_id is not None:
            return self.evidence.party(s, case, person_id)
        return next((p.person for p in case.parties if p.role == "complainant" and p.person is not None), None)

    def blank_sheet(self, reference: str, out: Path, person_id: int | str | None = None,
                    return_by: date | None = None) -> Path:
        """A blank fillable diary sheet for the complainant (or another person on the case)."""
        from ...evidence.diary_sheet import write_blank_sheet

        with self.ctx.session() as s:
            case = self.evidence.case_for(s, reference, edit=True)
            person = self._complainant(s, case, person_id)
            due = return_by or (self.ctx.now() + timedelta(days=DIARY_RETURN_DAYS)).date()
            name = person.display_name if person else ""
            organisation = str(self.ctx.setting(s, "organisation_name") or "")
            path = write_blank_sheet(Path(out), case.reference, name, due, organisation)
            self.ctx.audit(s, "export", "diary_sheet", path.name, case.reference,
                           f"Blank diary sheet for {name or 'the complainant'}, return by {due:%d/%m/%Y}")
        return path

    def import_sheet(self, reference: str, pdf: Path | str, person_id: int | str | None = None) -> list[str]:
        """Read a filled diary sheet into diary entries. Every row is checked first: if any is wrong,
        nothing is saved. The PDF itself is stored as diary evidence and the entries point to it."""
        from ...evidence.diary_sheet import DiarySheetError, read_filled_sheet

        try:
            sheet = read_filled_sheet(Path(pdf))
        except DiarySheetError as exc:
            raise ValidationError(Path(pdf).name, str(exc)) from None
        except OSError as exc:
            raise ValidationError(Path(pdf).name, f"could not be read ({exc.strerror})") from None
        if sheet.case_reference.strip().upper() != reference.strip().upper():
            raise ValidationError(Path(pdf).name, f"this diary sheet is for case {sheet.case_reference}, not "
                                  f"{reference.upper()}")
        rows = self._checked_rows(sheet.rows)
        if not rows:
            raise ValidationError(Path(pdf).name, "the diary sheet has no entries filled in")
        # Everything that can refuse the import is checked before the PDF is stored as evidence.
        try:
            with open(pdf, "rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as exc:
            raise ValidationError(Path(pdf).name, f"could not be read ({exc.strerror})") from None
        with self.ctx.session() as s:
            case = self.evidence.case_for(s, reference, edit=True)
            self._complainant(s, case, person_id)
            held = s.scalar(select(func.count(DiaryEntry.id)).join(EvidenceItem, EvidenceItem.id == DiaryEntry.evidence_id)
                            .where(EvidenceItem.sha256 == sha))
            if held:
                raise ValidationError(Path(pdf).name, f"this diary sheet was imported already ({held} entries)")
        item = self._stored_one(reference, Path(pdf))
        return self._save_entries(reference, rows, person_id, item)

    def add_entries(self, reference: str, rows: list[dict[str, str]], person_id: int | str | None = None,
                    scan: Path | str | None = None, evidence_id: str | None = None) -> list[str]:
        """Key in entries (e.g. beside a scanned sheet, which is stored as diary evidence and linked)."""
        checked = self._checked_rows(rows)
        if not checked:
            raise ValidationError("diary", "there are no entries to add")
        if scan is not None:
            with self.ctx.session() as s:  # the case and the person are checked before the scan is stored
                self._complainant(s, self.evidence.case_for(s, reference, edit=True), person_id)
            evidence_id = self._stored_one(reference, Path(scan))
        return self._save_entries(reference, checked, person_id, evidence_id)

    def _checked_rows(self, rows: list[dict[str, Any]]) -> list[DiaryRow]:
        try:
            return check_rows(rows, self.ctx.now())
        except DiaryRowsError as exc:
            raise ValidationError("diary", str(exc) + ". Nothing was saved.") from None

    def _stored_one(self, reference: str, path: Path) -> str:
        report = self.evidence.add_files(reference, [path], kind=Kind.DIARY.value)
        if report.refused:
            raise ValidationError(path.name, report.refused[0].reason)
        return (report.stored or report.already_held)[0].uid

    def _save_entries(self, reference: str, rows: list[DiaryRow], person_id: int | str | None,
                      evidence_id: str | None) -> list[str]:
        with self.ctx.session() as s:
            case = self.evidence.case_for(s, reference, edit=True)
            person = self._complainant(s, case, person_id)
            item = self.evidence.viewable_item(s, evidence_id, case) if evidence_id else None
            entries = [DiaryEntry(case_id=case.id, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id,
                                  person_id=person.id if person else None, evidence_id=item.id if item else None,
                                  **vars(r)) for r in rows]
            s.add_all(entries)
            s.flush()
            self.ctx.audit(s, "create", "diary_entry", entries[0].uid, case.reference,
                           f"{len(entries)} diary entries added" + (f" from {item.original_name}" if item else ""))
            derived.refresh(s, case, self.ctx.now())
            return [e.uid for e in entries]

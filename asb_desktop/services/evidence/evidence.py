"""Evidence on cases: the store, the chain of custody, exhibit marks and diary entries.

Every add, view, export, link and change of description is written to the item's custody log and to
the audit trail. An item belongs to one case (or to the inbox): the same bytes added to another case
become that case's own item, with its own adder and custody, over the one stored copy; nothing about
an item on a case the user cannot see (that it exists, who added it, its case) is ever shown to them. Files go into the content-addressed store first and the row second, so a crash leaves
at worst a file with no row, which ``verify`` reports as orphaned; never a row without its file.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ...evidence.kinds import Kind, parse_kind, parse_source, sanitise_name
from ...evidence.records import (
    AddReport,
    CustodyInfo,
    DiaryEntryInfo,
    EvidenceInfo,
    ExhibitInfo,
    VerifyReport,
)
from ...evidence.store import EvidenceStore, StoreError, hash_file, is_sha256
from ...storage.layout import cache_dir, generated_files
from ...storage.orm import Case, CaseParty, Person, User
from ...storage.orm_evidence import CustodyEvent, EvidenceItem, EvidenceLink, Exhibit
from ..kernel.access import CASE_WORKERS, visible_cases
from ..kernel.case_file import open_case
from ..kernel.case_reads import diary_entries
from ..kernel.context import Context
from ..kernel.errors import ASBError, NotFound, PermissionDenied, ValidationError
from ..kernel.file_stores import evidence_root, evidence_store, folder_store, uses_database_store

Progress = Callable[[int, int, str], None]
EXHIBIT_ATTEMPTS = 20
CALIBRATION_RANGE = (0.0, 200.0)  # dB added to dBFS; a calibrator's figure is well inside this
_PREVIEW_LOCKS: dict[str, threading.Lock] = {}
_PREVIEW_GUARD = threading.Lock()


def _preview_lock(sha256: str) -> threading.Lock:
    """One preview maker per stored file at a time (the grid and the detail pane may both ask)."""
    with _PREVIEW_GUARD:
        return _PREVIEW_LOCKS.setdefault(sha256, threading.Lock())


def initials_of(person: Person) -> str:
    """Witness initials for exhibit marks: the first letter of each first name and of the surname."""
    words = person.first_names.replace("-", " ").split() + person.surname.split()[:1]
    letters = "".join(w[0] for w in words if w and w[0].isalpha()).upper()
    return letters[:6] or "X"


def _retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ if isinstance(exc, ASBError) else exc
    return isinstance(cause, IntegrityError | OperationalError)


class EvidenceService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ the store (kernel/file_stores.py)
    def root(self) -> Path:
        return evidence_root(self.ctx)

    def uses_database_store(self) -> bool:
        return uses_database_store(self.ctx)

    def store(self) -> EvidenceStore:
        return evidence_store(self.ctx)

    def folder_store(self) -> EvidenceStore:
        return folder_store(self.ctx)

    def cache_dir(self) -> Path:
        """Derived pictures (thumbnails, charts, converted documents): never part of the store."""
        return cache_dir(self.ctx.data_dir, "evidence")

    # ------------------------------------------------------------------ helpers
    def case_for(self, s: Session, reference: str, edit: bool) -> Case:
        return open_case(self.ctx, s, reference, edit=edit)

    def _require_worker(self) -> None:
        if not self.ctx.actor.roles & CASE_WORKERS:
            raise PermissionDenied("Only officers, team leaders and managers can work with the evidence inbox.")

    def viewable_item(self, s: Session, uid: str, case: Case | None = None) -> EvidenceItem:
        """The item with this uid, or (given a SHA-256) an item holding those bytes that the user can see,
        the one on ``case`` first. A hash held only on cases the user cannot see is "not found", so a
        hash can never be used to learn that another case holds a file."""
        key = uid.strip()
        item = s.scalar(select(EvidenceItem).where(EvidenceItem.uid == key))
        if item is not None:
            if self._can_see(s, item):
                return item
            if not self._linked(s, [item.id]):
                self._require_worker()
            raise PermissionDenied(f"You do not have access to any case holding evidence item {uid}.")
        if is_sha256(key.lower()):
            stmt = select(EvidenceItem).where(EvidenceItem.sha256 == key.lower())
            if case is not None:
                on_case = select(EvidenceLink.evidence_id).where(EvidenceLink.case_id == case.id)
                stmt = stmt.order_by(EvidenceItem.id.not_in(on_case))
            for candidate in s.scalars(stmt.order_by(EvidenceItem.id)):
                if self._can_see(s, candidate):
                    return candidate
        raise NotFound(f"There is no evidence item {uid} that you can see. Use 'asb evidence list' to see the items.")

    def _linked(self, s: Session, ids: Iterable[int]) -> set[int]:
        """Which of these items are on any case (the others sit in the inbox)."""
        return set(s.scalars(select(EvidenceLink.evidence_id).where(EvidenceLink.evidence_id.in_(list(ids)))))

    def _can_see(self, s: Session, item: EvidenceItem) -> bool:
        """On a case the user can view; or in the inbox, which every case worker sees."""
        if self._cases_of(s, [item.id]).get(item.id):
            return True
        return not self._linked(s, [item.id]) and bool(self.ctx.actor.roles & CASE_WORKERS)

    def _visible_references(self, s: Session, references: Iterable[str | None]) -> set[str | None]:
        """The references (and None) a custody event may name for this user: cases they can view, and
        references of no case in this database (history carried in by an imported case file)."""
        wanted = {r for r in references if r}
        known = set(s.scalars(select(Case.reference).where(Case.reference.in_(wanted))))
        seen = set(s.scalars(select(Case.reference).where(Case.reference.in_(wanted), visible_cases(self.ctx.actor))))
        return {None, *seen, *(wanted - known)}

    def _custody(self, s: Session, item: EvidenceItem, action: str, reference: str | None, detail: str) -> None:
        s.add(CustodyEvent(evidence_id=item.id, at=self.ctx.now(), username=self.ctx.actor.username,
                           action=action, case_reference=reference, detail=detail))
        self.ctx.audit(s, action, "evidence", item.uid, reference, f"{detail} ({item.original_name})",
                       sha256=item.sha256)

    def _cases_of(self, s: Session, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The cases each item is on, of those the user can view (never another case's reference)."""
        out: dict[int, list[str]] = {}
        rows = s.execute(select(EvidenceLink.evidence_id, Case.reference).join(Case, Case.id == EvidenceLink.case_id)
                         .where(EvidenceLink.evidence_id.in_(list(ids)), visible_cases(self.ctx.actor))
                         .order_by(Case.reference))
        for evidence_id, ref in rows:
            out.setdefault(evidence_id, []).append(ref)
        return {k: tuple(v) for k, v in out.items()}

    def _info(self, s: Session, items: list[EvidenceItem], case: Case | None = None,
              also_on: tuple[str, ...] = ()) -> list[EvidenceInfo]:
        users = dict(s.execute(select(User.id, User.full_name)).all())
        cases = self._cases_of(s, [i.id for i in items])
        marks: dict[int, list[str]] = {}
        if case is not None:
            for evidence_id, mark in s.execute(select(Exhibit.evidence_id, Exhibit.mark)
                                               .where(Exhibit.case_id == case.id)):
                marks.setdefault(evidence_id, []).append(mark)
        return [EvidenceInfo(i.uid, i.sha256, i.size, i.original_name, i.kind, i.source, i.made_at,
                             users.get(i.added_by_id or -1, ""), i.added_at, i.description, dict(i.meta),
                             dict(i.analysis), cases.get(i.id, ()), tuple(marks.get(i.id, ())), also_on)
                for i in items]

    # ------------------------------------------------------------------ adding
    def add_files(self, reference: str | None, paths: Iterable[Path | str], kind: str | None = None,
                  source: str | None = None, description: str = "", progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  step: Callable[[str, float], None] | None = None) -> AddReport:
        """Store files and whole folders, linking them to a case (or the inbox when ``reference`` is None).

        A bad file is refused with a reason and the rest carry on; nothing is half-stored. ``progress``:
        (files done, files, name); ``step``: ("copying" or "analysing", fraction of the current file).
        """
        from ...evidence.intake import import_batch

        try:
            wanted_kind = parse_kind(kind)
            wanted_source = parse_source(source)
        except ValueError as exc:
            raise ValidationError("kind" if "kind" in str(exc) else "source", str(exc)) from None
        with self.ctx.session() as s:
            if reference is None:
                self._require_worker()
            else:
                reference = self.case_for(s, reference, edit=True).reference
        return import_batch(self, reference, [Path(p) for p in paths], wanted_kind, wanted_source, description,
                            progress, cancelled, step)

    def known_facts(self, sha256: str, family: str | None) -> dict[str, Any] | None:
        """What an earlier analysis of these bytes found, so a duplicate is not analysed again: taken from
        any item holding them, on any case, because only what the bytes themselves give is taken (the
        levels uncalibrated, the size and format, the time the file records), never what an officer
        added or anything about that item or its case. The new item's own figures are the same as if
        it had been analysed afresh, so nothing is learnt that the file itself does not say."""
        from ...evidence.examine import known_facts

        with self.ctx.session() as s:
            for meta, analysis, made_at in s.execute(
                    select(EvidenceItem.meta, EvidenceItem.analysis, EvidenceItem.made_at)
                    .where(EvidenceItem.sha256 == sha256).order_by(EvidenceItem.id)):
                facts = known_facts(family, dict(meta or {}), dict(analysis or {}), made_at)
                if facts is not None:
                    return facts
        return None

    def record_item(self, reference: str | None, stored_sha: str, size: int, name: str, kind: Kind,
                    source: str, made_at: datetime | None, description: str, meta: dict[str, Any],
                    analysis: dict[str, Any]) -> tuple[EvidenceInfo, bool]:
        """Write the case's (or the inbox's) row for a file already in the store. Returns (info, new).

        The same bytes already on this case (or in the inbox) are a duplicate: nothing new is written
        and the existing item is returned. Bytes held only elsewhere make a new item of this case's own,
        added by this user now; the user is told of the other cases holding them only when they can
        view those cases (``EvidenceInfo.also_on``), and never of who added them there."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True) if reference else None
            ref = case.reference if case else None
            item = self._held_here(s, stored_sha, case)
            if item is not None:
                self._custody(s, item, "import", ref, f"The same file was added again as '{sanitise_name(name)}'; "
                              "it is already on this " + ("case" if case else "inbox") + ", so nothing new was kept")
                return self._info(s, [item], case)[0], False
            item = EvidenceItem(sha256=stored_sha, size=size, original_name=sanitise_name(name)[:255],
                                kind=kind.value, source=source, made_at=made_at, added_by_id=self.ctx.actor.id,
                                added_at=self.ctx.now(), description=description, meta=meta, analysis=analysis)
            s.add(item)
            s.flush()
            self._custody(s, item, "create", ref, f"Added {kind.value} evidence, SHA-256 {stored_sha}, {size:,} bytes")
            if case is not None:
                self._link(s, item, case)
            return self._info(s, [item], case, self._also_on(s, item))[0], True

    @staticmethod
    def _held_here(s: Session, sha: str, case: Case | None) -> EvidenceItem | None:
        """The item holding these bytes on ``case`` (or, for None, in the inbox), if any."""
        stmt = select(EvidenceItem).where(EvidenceItem.sha256 == sha)
        if case is None:
            stmt = stmt.where(EvidenceItem.id.not_in(select(EvidenceLink.evidence_id)))
        else:
            stmt = stmt.join(EvidenceLink, EvidenceLink.evidence_id == EvidenceItem.id).where(
                EvidenceLink.case_id == case.id)
        return s.scalar(stmt.order_by(EvidenceItem.id).limit(1))

    def _also_on(self, s: Session, item: EvidenceItem) -> tuple[str, ...]:
        """Other cases holding the same bytes, of those this user can view."""
        others = select(EvidenceItem.id).where(EvidenceItem.sha256 == item.sha256, EvidenceItem.id != item.id)
        mine = select(EvidenceLink.case_id).where(EvidenceLink.evidence_id == item.id)
        return tuple(s.scalars(select(Case.reference).distinct().join(EvidenceLink, EvidenceLink.case_id == Case.id)
                               .where(EvidenceLink.evidence_id.in_(others), Case.id.not_in(mine),
                                      visible_cases(self.ctx.actor)).order_by(Case.reference)))

    def keep_bytes(self, s: Session, case: Case, data: bytes, name: str, kind: Kind, description: str,
                   meta: dict[str, Any] | None = None, source: str = "officer",
                   into: EvidenceStore | None = None) -> EvidenceItem:
        """Store a file the app made (a signed statement, a signing record) in the evidence store and
        write its row, custody and link to ``case`` inside the caller's session: the file first, so a
        failure leaves at worst an orphaned file, never a row without its file. ``into``: the store,
        found before the session was opened (its folder is a setting)."""
        import tempfile

        folder = self.ctx.data_dir / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            path = Path(tmp) / sanitise_name(name)
            path.write_bytes(data)
            try:
                stored = (into or self.store()).put(path)
            except StoreError as exc:
                raise ValidationError("evidence store", str(exc)) from None
        item = s.scalar(select(EvidenceItem).where(EvidenceItem.sha256 == stored.sha256))
        if item is None:
            item = EvidenceItem(sha256=stored.sha256, size=stored.size, original_name=sanitise_name(name)[:255],
                                kind=kind.value, source=source, made_at=self.ctx.now(),
                                added_by_id=self.ctx.actor.id, added_at=self.ctx.now(), description=description,
                                meta=dict(meta or {}), analysis={})
            s.add(item)
            s.flush()
            self._custody(s, item, "create", case.reference,
                          f"Added {kind.value} evidence, SHA-256 {stored.sha256}, {stored.size:,} bytes")
        self._link(s, item, case)
        return item

    def _link(self, s: Session, item: EvidenceItem, case: Case) -> None:
        exists = s.scalar(select(EvidenceLink.id).where(EvidenceLink.evidence_id == item.id,
                                                        EvidenceLink.case_id == case.id))
        if exists is None:
            s.add(EvidenceLink(evidence_id=item.id, case_id=case.id, linked_at=self.ctx.now(),
                               linked_by_id=self.ctx.actor.id))
            self._custody(s, item, "link", case.reference, f"Linked to case {case.reference}")

    def _on_case(self, s: Session, item: EvidenceItem, case: Case) -> EvidenceItem:
        """The case's own item for ``item``'s file: ``item`` itself when it is on the case or in the inbox
        (then linked), else the case's item holding the same bytes, made (added by this user, now) if
        the case has none. Another case's item, its adder and custody are never shared."""
        if s.scalar(select(EvidenceLink.id).where(EvidenceLink.evidence_id == item.id,
                                                  EvidenceLink.case_id == case.id)) is not None:
            return item
        if not self._linked(s, [item.id]):
            self._link(s, item, case)
            return item
        held = self._held_here(s, item.sha256, case)
        if held is not None:
            return held
        copy = EvidenceItem(sha256=item.sha256, size=item.size, original_name=item.original_name, kind=item.kind,
                            source=item.source, made_at=item.made_at, added_by_id=self.ctx.actor.id,
                            added_at=self.ctx.now(), description=item.description, meta=dict(item.meta),
                            analysis=dict(item.analysis))
        s.add(copy)
        s.flush()
        self._custody(s, copy, "create", case.reference, f"Added {copy.kind} evidence, SHA-256 {copy.sha256}, "
                      f"{copy.size:,} bytes (a file already in the store)")
        self._link(s, copy, case)
        return copy

    def link(self, uid: str, reference: str) -> str:
        """Put an item (e.g. from the inbox) on a case; returns the uid of the case's item. An item on
        another case is not shared: the case gets its own item over the same stored file."""
        with self.ctx.session() as s:
            case = self.case_for(s, reference, edit=True)
            return self._on_case(s, self.viewable_item(s, uid, case), case).uid

    # ------------------------------------------------------------------ reading
    def list_items(self, reference: str | None) -> list[EvidenceInfo]:
        """The items on a case, or the evidence inbox (items on no case) when ``reference`` is None."""
        with self.ctx.session() as s:
            if reference is None:
                self._require_worker()
                linked = select(EvidenceLink.evidence_id)
                items = list(s.scalars(select(EvidenceItem).where(EvidenceItem.id.not_in(linked))
                                       .order_by(EvidenceItem.added_at, EvidenceItem.id)))
                self.ctx.audit(s, "view", "evidence", "inbox", None, f"Viewed the evidence inbox ({len(items)})")
                return self._info(s, items)
            case = self.case_for(s, reference, edit=False)
            items = list(s.scalars(select(EvidenceItem).join(EvidenceLink, EvidenceLink.evidence_id == EvidenceItem.id)
                                   .where(EvidenceLink.case_id == case.id)
                                   .order_by(EvidenceItem.made_at.is_(None), EvidenceItem.made_at, EvidenceItem.id)))
            self.ctx.audit(s, "view", "evidence", "list", case.reference,
                           f"Listed the evidence on {case.reference} ({len(items)} items)")
            return self._info(s, items, case)

    def item(self, uid: str, reference: str | None = None) -> EvidenceInfo:
        """One item, logged as viewed in its chain of custody."""
        with self.ctx.session() as s:
            case = self.case_for(s, reference, edit=False) if reference else None
            item = self.viewable_item(s, uid, case)
            self._custody(s, item, "view", case.reference if case else None, "Viewed")
            return self._info(s, [item], case)[0]

    def custody(self, uid: str) -> list[CustodyInfo]:
        """The item's chain of custody: only events of cases the user can view (or of no case)."""
        with self.ctx.session() as s:
            item = self.viewable_item(s, uid)
            rows = list(s.scalars(select(CustodyEvent).where(CustodyEvent.evidence_id == item.id)
                                  .order_by(CustodyEvent.at, CustodyEvent.id)))
            shown = self._visible_references(s, (r.case_reference for r in rows))
            return [CustodyInfo(r.at, r.username, r.action, r.case_reference, r.detail) for r in rows
                    if r.case_reference in shown]

    def open_file(self, uid: str, purpose: str = "Opened the file") -> Path:
        """The stored file's path (read-only), logged as a view; for previews and playback."""
        with self.ctx.session() as s:
            item = self.viewable_item(s, uid)
            self._custody(s, item, "view", None, purpose)
            sha = item.sha256
        path = self.store().path_for(sha)
        if not path.is_file():
            raise NotFound(f"The stored file for evidence item {uid} is missing from the store. Run 'asb evidence "
                           "verify' and restore it from a backup.")
        return path

    def export(self, uid: str, dest: Path, reference: str | None = None) -> Path:
        """Copy the original bytes out (checking the hash on the way), logged as an export."""

        with self.ctx.session() as s:
            case = self.case_for(s, reference, edit=False) if reference else None
            item = self.viewable_item(s, uid, case)
            item_id, sha, name = item.id, item.sha256, item.original_name
        store = self.store()
        if not store.has(sha):
            raise NotFound(f"The stored file for {name} is missing from the store, so it was not exported. Run "
                           "'asb evidence verify' and restore it from a backup.")
        dest = Path(dest)
        if dest.is_dir():
            dest = dest / name
        tmp = dest.with_name(dest.name + ".partial")
        store.copy_to(sha, tmp)
        if hash_file(tmp) != sha:
            tmp.unlink()
            raise ASBError(f"The stored file for {name} no longer matches its SHA-256, so it was not exported. "
                           "Run 'asb evidence verify'.")
        tmp.replace(dest)
        with self.ctx.session() as s:
            held = s.get(EvidenceItem, item_id)
            assert held is not None
            self._custody(s, held, "export", case.reference if case else None, f"Exported to {dest}")
        return dest

    def set_description(self, uid: str, description: str) -> None:
        with self.ctx.session() as s:
            item = self.viewable_item(s, uid)
            before = item.description
            item.description = description.strip()
            self._custody(s, item, "change", None, f"Description changed from '{before}' to '{item.description}'")

    def set_calibration(self, uid: str, offset: float | None) -> EvidenceInfo:
        """Set (or with None remove) a recording's calibration offset: dBFS + offset = dB(A). Logged."""
        from ...evidence.audio import with_calibration

        if offset is not None and not (math.isfinite(offset) and CALIBRATION_RANGE[0] <= offset <= CALIBRATION_RANGE[1]):
            raise ValidationError("calibration offset", f"{offset} dB is not a plausible offset: enter the figure from "
                                  f"the calibrator, between {CALIBRATION_RANGE[0]:g} and {CALIBRATION_RANGE[1]:g} dB")
        with self.ctx.session() as s:
            item = self.viewable_item(s, uid)
            if not (item.analysis or {}).get("levels"):
                raise ValidationError("calibration offset", f"{item.original_name} is not a noise recording with "
                                      "measured levels, so it has nothing to calibrate")
            item.analysis = with_calibration(dict(item.analysis), offset)
            what = (f"Calibration offset set to {offset:+.1f} dB (levels now calibrated dB(A))" if offset is not None
                    else "Calibration offset removed (levels are uncalibrated dBFS)")
            self._custody(s, item, "change", None, what)
            info = self._info(s, [item])[0]
        for chart in ("levels.png", "wave.png"):  # the charts state the calibration: draw them again
            (self.cache_dir() / info.sha256[:2] / info.sha256 / chart).unlink(missing_ok=True)
        return info

    def previews(self, uid: str) -> list[Path]:
        """PNG previews of an item (thumbnail, keyframes, first page, level chart and waveform), made once
        into the cache; making them reads the stored file, which is logged as a view."""
        from ...evidence.previews import previews

        with self.ctx.session() as s:
            item = self.viewable_item(s, uid)
            item_id, sha, kind = item.id, item.sha256, item.kind
            family, analysis = str(item.meta.get("detected", "")), dict(item.analysis)
        folder = self.cache_dir() / sha[:2] / sha
        with _preview_lock(sha):
            done = sorted(folder.glob("*.png")) if folder.is_dir() else []
            if done:
                return done
            stored = self.store().path_for(sha)
            if not stored.is_file():
                raise NotFound(f"The stored file for evidence item {uid} is missing from the store. Run 'asb evidence "
                               "verify' and restore it from a backup.")
            try:
                made = previews(stored, sha, kind, family, analysis, self.cache_dir())
            except Exception as exc:  # noqa: BLE001 - a library's error on an odd file: no preview, said plainly
                raise ASBError(f"No preview could be made of this item ({exc.__class__.__name__}); the stored "
                               "file itself is unchanged.") from exc
        if made:
            with self.ctx.session() as s:
                held = s.get(EvidenceItem, item_id)
                assert held is not None
                self._custody(s, held, "view", None, f"Previews made from the stored file ({len(made)})")
        return made

    # ------------------------------------------------------------------ exhibits
    def assign_exhibit(self, reference: str, evidence_id: str, person_id: int | str) -> ExhibitInfo:
        """Mark an item as produced by a witness: initials + the next number across that witness's
        statements in the case (PD 32 18.6). Safe when two users assign at once: the unique constraints
        refuse a clash and the loser tries again with the next number."""
        for attempt in range(EXHIBIT_ATTEMPTS):
            try:
                return self._assign_once(reference, evidence_id, person_id)
            except ASBError as exc:
                if not _retryable(exc) or attempt == EXHIBIT_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    def party(self, s: Session, case: Case, person_id: int | str) -> Person:
        column = Person.id if isinstance(person_id, int) else Person.uid
        person = s.scalar(select(Person).join(CaseParty, CaseParty.person_id == Person.id)
                          .where(column == person_id, CaseParty.case_id == case.id))
        if person is None:
            raise ValidationError("witness", f"person {person_id} is not a party to case {case.reference}")
        return person

    def _assign_once(self, reference: str, evidence_id: str, person_id: int | str) -> ExhibitInfo:
        with self.ctx.session() as s:
            case = self.case_for(s, reference, edit=True)
            person = self.party(s, case, person_id)
            item = self._on_case(s, self.viewable_item(s, evidence_id, case), case)
            held = s.scalar(select(Exhibit).where(Exhibit.case_id == case.id, Exhibit.evidence_id == item.id))
            if held is not None:
                if held.person_id != person.id:
                    raise ValidationError("exhibit", f"this item is already exhibit {held.mark} of another witness "
                                          f"in case {case.reference}")
                return self._exhibits(s, case, item_id=item.id)[0]
            prefix = self._prefix(s, case, person)
            number = (s.scalar(select(func.max(Exhibit.number)).where(Exhibit.case_id == case.id,
                                                                      Exhibit.person_id == person.id)) or 0) + 1
            s.add(Exhibit(case_id=case.id, evidence_id=item.id, person_id=person.id, prefix=prefix, number=number,
                          mark=f"{prefix}{number}", assigned_at=self.ctx.now(), assigned_by_id=self.ctx.actor.id))
            s.flush()
            self._custody(s, item, "change", case.reference, f"Marked exhibit {prefix}{number}")
            return self._exhibits(s, case, item_id=item.id)[0]

    @staticmethod
    def _prefix(s: Session, case: Case, person: Person) -> str:
        """The witness's prefix in this case: kept once chosen; initials, lengthened if another
        witness in the case already uses the same ones (so marks never collide)."""
        mine = s.scalar(select(Exhibit.prefix).where(Exhibit.case_id == case.id, Exhibit.person_id == person.id))
        if mine:
            return mine
        # Only other witnesses' prefixes count: under READ COMMITTED a mark this witness got from a
        # concurrent assignment may appear here although the query above did not see it yet.
        taken = set(s.scalars(select(Exhibit.prefix).where(Exhibit.case_id == case.id,
                                                           Exhibit.person_id != person.id)))
        base = initials_of(person)
        surname = "".join(ch for ch in person.surname.upper() if ch.isalpha())
        for extra in range(1, len(surname) + 1):
            candidate = base if extra == 1 else base + surname[1:extra]
            if candidate not in taken:
                return candidate[:12]
        return f"{base}{person.id}-"[:12]

    def exhibits(self, reference: str, person_id: int | str | None = None) -> list[ExhibitInfo]:
        """Exhibit marks on a case in the order given, optionally for one witness."""
        with self.ctx.session() as s:
            case = self.case_for(s, reference, edit=False)
            pid = None if person_id is None else self.party(s, case, person_id).id
            return self._exhibits(s, case, person=pid)

    @staticmethod
    def _exhibits(s: Session, case: Case, person: int | None = None, item_id: int | None = None) -> list[ExhibitInfo]:
        stmt = (select(Exhibit, EvidenceItem, Person)
                .join(EvidenceItem, EvidenceItem.id == Exhibit.evidence_id).join(Person, Person.id == Exhibit.person_id)
                .where(Exhibit.case_id == case.id).order_by(Exhibit.prefix, Exhibit.number))
        if person is not None:
            stmt = stmt.where(Exhibit.person_id == person)
        if item_id is not None:
            stmt = stmt.where(Exhibit.evidence_id == item_id)
        hidden = {p.person_id for p in case.parties if p.anonymous or p.withheld}
        return [ExhibitInfo(x.mark, item.uid, p.id, p.uid, p.display_name, p.id in hidden,
                            item.description or item.original_name, item.kind, item.original_name, item.sha256,
                            item.made_at, x.number)
                for x, item, p in s.execute(stmt)]

    # ------------------------------------------------------------------ verify
    def verify(self) -> VerifyReport:
        """Re-hash every stored file: missing, altered (hash differs) and orphaned (no row) evidence, and
        the generated documents, notice packs and bundles kept in the data folder. With the team file store
        in use, generated files are kept there too: each must be there (this machine's copy, which another
        machine's may lack, is checked when present)."""
        store = self.store()
        with self.ctx.session() as s:
            self._require_worker()
            rows = self._names_by_hash(s)
            generated = generated_files(s, self.ctx.data_dir)
        in_store = {sha: f"{path.relative_to(self.ctx.data_dir).as_posix()} ({title})"
                    for title, path, sha in generated} if store.is_database else {}
        report = VerifyReport()
        seen: set[str] = set()
        for entry in store.walk():
            seen.add(entry.sha256)
            report.checked += 1
            name = rows.get(entry.sha256) or in_store.get(entry.sha256)
            if name is None or not store.placed(entry):
                report.orphaned.append(str(entry.path))
            elif store.rehash(entry) != entry.sha256:
                report.altered.append(f"{entry.sha256} ({name})")
        report.missing = [f"{sha} ({name})" for sha, name in sorted(rows.items()) if sha not in seen]
        report.leftovers = [str(p) for p in store.leftovers()]
        for title, path, sha in generated:
            report.checked += sha not in in_store or sha not in seen  # the store's copy is counted above
            where = f"{path.relative_to(self.ctx.data_dir).as_posix()} ({title})"
            if store.is_database and sha not in seen:
                report.missing.append(f"{where}: not in the team file store")
            if path.is_file() and hash_file(path) != sha:
                report.altered.append(where)
            elif not path.is_file() and not store.is_database:
                report.missing.append(where)
        with self.ctx.session() as s:
            self.ctx.audit(s, "verify", "evidence", "store", None,
                           f"Verified {report.checked} stored files: {len(report.missing)} missing, "
                           f"{len(report.altered)} altered, {len(report.orphaned)} orphaned")
        return report

    def _names_by_hash(self, s: Session) -> dict[str, str]:
        """SHA-256 → the name of an item holding it that this user can see; a file held only on cases
        they cannot see is reported by its hash alone (never its name, case or adder)."""
        on_seen = (select(EvidenceLink.evidence_id).join(Case, Case.id == EvidenceLink.case_id)
                   .where(visible_cases(self.ctx.actor)))
        inbox = select(EvidenceItem.id).where(EvidenceItem.id.not_in(select(EvidenceLink.evidence_id)))
        seen = set(s.scalars(on_seen)) | set(s.scalars(inbox))
        out: dict[str, str] = {}
        for item_id, sha, name in s.execute(select(EvidenceItem.id, EvidenceItem.sha256, EvidenceItem.original_name)
                                            .order_by(EvidenceItem.id)):
            if item_id in seen:
                out[sha] = name
            else:
                out.setdefault(sha, "")
        return {sha: name or "held on a case you cannot see" for sha, name in out.items()}

    # ------------------------------------------------------------------ diary entries
    def diary_entries(self, reference: str) -> list[DiaryEntryInfo]:
        """The case's diary entries in time order (for statements, bundles and the diary table)."""
        with self.ctx.session() as s:
            return diary_entries(s, open_case(self.ctx, s, reference))


__all__ = ["EvidenceService", "StoreError", "initials_of"]

"""Evidence on cases: the store, the chain of custody, exhibit marks and diary entries.

Every add, view, export, link and change of description is written to the item's custody log and to
the audit trail. An item belongs to one case (or to the inbox): the same bytes added to another case
become that case's own item, with its own adder and custody, over the one stored copy; nothing about
an item on a case the user cannot see (that it exists, who added it, its case) is ever shown to them. Files go into the content-addressed store first and the row second, so a crash leaves
at worst a file with no row, which ``verify`` reports as orphaned; never a row without its file.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
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
from ...evidence.store import EvidenceStore, StoreError, hash_file
from ...storage.layout import cache_dir, generated_files
from ...storage.orm import Case, Person
from ...storage.orm_evidence import CustodyEvent, EvidenceItem, EvidenceLink
from ..kernel.access import visible_cases
from ..kernel.case_evidence import (
    assign_exhibit,
    case_exhibits,
    case_items,
    custody,
    evidence_info,
    held_here,
    item_info,
    link,
    on_case,
    open_file,
    party,
    require_worker,
    viewable_item,
)
from ..kernel.case_file import open_case
from ..kernel.case_reads import diary_entries
from ..kernel.context import Context
from ..kernel.errors import ASBError, NotFound, ValidationError
from ..kernel.file_stores import evidence_root, evidence_store, folder_store, uses_database_store

Progress = Callable[[int, int, str], None]
CALIBRATION_RANGE = (0.0, 200.0)  # dB added to dBFS; a calibrator's figure is well inside this
_PREVIEW_LOCKS: dict[str, threading.Lock] = {}
_PREVIEW_GUARD = threading.Lock()


def _preview_lock(sha256: str) -> threading.Lock:
    """One preview maker per stored file at a time (the grid and the detail pane may both ask)."""
    with _PREVIEW_GUARD:
        return _PREVIEW_LOCKS.setdefault(sha256, threading.Lock())


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

    def viewable_item(self, s: Session, uid: str, case: Case | None = None) -> EvidenceItem:
        """The item with this uid (or SHA-256) that the user can see (kernel/case_evidence.py)."""
        return viewable_item(self.ctx, s, uid, case)

    def _visible_references(self, s: Session, references: Iterable[str | None]) -> set[str | None]:
        """The references (and None) a custody event may name for this user: cases they can view, and
        references of no case in this database (history carried in by an imported case file)."""
        wanted = {r for r in references if r}
        known = set(s.scalars(select(Case.reference).where(Case.reference.in_(wanted))))
        seen = set(s.scalars(select(Case.reference).where(Case.reference.in_(wanted), visible_cases(self.ctx.actor))))
        return {None, *seen, *(wanted - known)}

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
                require_worker(self.ctx)
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
            item = held_here(s, stored_sha, case)
            if item is not None:
                custody(self.ctx, s, item, "import", ref, f"The same file was added again as '{sanitise_name(name)}'; "
                        "it is already on this " + ("case" if case else "inbox") + ", so nothing new was kept")
                return evidence_info(self.ctx, s, [item], case)[0], False
            item = EvidenceItem(sha256=stored_sha, size=size, original_name=sanitise_name(name)[:255],
                                kind=kind.value, source=source, made_at=made_at, added_by_id=self.ctx.actor.id,
                                added_at=self.ctx.now(), description=description, meta=meta, analysis=analysis)
            s.add(item)
            s.flush()
            custody(self.ctx, s, item, "create", ref,
                    f"Added {kind.value} evidence, SHA-256 {stored_sha}, {size:,} bytes")
            if case is not None:
                link(self.ctx, s, item, case)
            return evidence_info(self.ctx, s, [item], case, self._also_on(s, item))[0], True

    def _also_on(self, s: Session, item: EvidenceItem) -> tuple[str, ...]:
        """Other cases holding the same bytes, of those this user can view."""
        others = select(EvidenceItem.id).where(EvidenceItem.sha256 == item.sha256, EvidenceItem.id != item.id)
        mine = select(EvidenceLink.case_id).where(EvidenceLink.evidence_id == item.id)
        return tuple(s.scalars(select(Case.reference).distinct().join(EvidenceLink, EvidenceLink.case_id == Case.id)
                               .where(EvidenceLink.evidence_id.in_(others), Case.id.not_in(mine),
                                      visible_cases(self.ctx.actor)).order_by(Case.reference)))

    def link(self, uid: str, reference: str) -> str:
        """Put an item (e.g. from the inbox) on a case; returns the uid of the case's item. An item on
        another case is not shared: the case gets its own item over the same stored file."""
        with self.ctx.session() as s:
            case = self.case_for(s, reference, edit=True)
            return on_case(self.ctx, s, self.viewable_item(s, uid, case), case).uid

    # ------------------------------------------------------------------ reading
    def list_items(self, reference: str | None) -> list[EvidenceInfo]:
        """The items on a case, or the evidence inbox (items on no case) when ``reference`` is None."""
        if reference is not None:
            return case_items(self.ctx, reference)
        with self.ctx.session() as s:
            require_worker(self.ctx)
            linked = select(EvidenceLink.evidence_id)
            items = list(s.scalars(select(EvidenceItem).where(EvidenceItem.id.not_in(linked))
                                   .order_by(EvidenceItem.added_at, EvidenceItem.id)))
            self.ctx.audit(s, "view", "evidence", "inbox", None, f"Viewed the evidence inbox ({len(items)})")
            return evidence_info(self.ctx, s, items)

    def item(self, uid: str, reference: str | None = None) -> EvidenceInfo:
        """One item, logged as viewed in its chain of custody."""
        return item_info(self.ctx, uid, reference)

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
        return open_file(self.ctx, uid, purpose)

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
            custody(self.ctx, s, held, "export", case.reference if case else None, f"Exported to {dest}")
        return dest

    def set_description(self, uid: str, description: str) -> None:
        with self.ctx.session() as s:
            item = self.viewable_item(s, uid)
            before = item.description
            item.description = description.strip()
            custody(self.ctx, s, item, "change", None, f"Description changed from '{before}' to '{item.description}'")

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
            custody(self.ctx, s, item, "change", None, what)
            info = evidence_info(self.ctx, s, [item])[0]
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
                custody(self.ctx, s, held, "view", None, f"Previews made from the stored file ({len(made)})")
        return made

    # ------------------------------------------------------------------ exhibits
    def assign_exhibit(self, reference: str, evidence_id: str, person_id: int | str) -> ExhibitInfo:
        """Mark an item as produced by a witness: initials + the next number across that witness's
        statements in the case (PD 32 18.6); safe when two users assign at once (kernel/case_evidence.py)."""
        return assign_exhibit(self.ctx, reference, evidence_id, person_id)

    def party(self, s: Session, case: Case, person_id: int | str) -> Person:
        return party(s, case, person_id)

    def exhibits(self, reference: str, person_id: int | str | None = None) -> list[ExhibitInfo]:
        """Exhibit marks on a case in the order given, optionally for one witness."""
        return case_exhibits(self.ctx, reference, person_id)

    # ------------------------------------------------------------------ verify
    def verify(self) -> VerifyReport:
        """Re-hash every stored file: missing, altered (hash differs) and orphaned (no row) evidence, and
        the generated documents, notice packs and bundles kept in the data folder. With the team file store
        in use, generated files are kept there too: each must be there (this machine's copy, which another
        machine's may lack, is checked when present)."""
        store = self.store()
        with self.ctx.session() as s:
            require_worker(self.ctx)
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


__all__ = ["EvidenceService", "StoreError"]

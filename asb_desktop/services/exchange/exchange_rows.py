"""Rows of version 2 of the case file: reading them for a case, checking them against the importing
database, and writing them. Evidence items and their chain of custody belong to the imported case like
everything else: an item is never shared with another case here, even when it holds bytes already
stored (those are stored once; the case gets its own item over them). Evidence and custody keep
their uids where free, so a case moved between databases keeps them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...evidence.store import EvidenceStore
from ...storage.layout import generated_files
from ...storage.orm import Base, new_uid
from ...storage.orm_court import BundleFile, BundleVersion, Notice
from ...storage.orm_documents import GeneratedDocument, PreflightWaiver, ReviewRequest, StatementVersion
from ...storage.orm_evidence import CustodyEvent, EvidenceItem
from ..kernel.context import Context
from ..kernel.file_stores import generated_file
from .exchange_format import RECORDS_V2, UID_RE, UID_SECTIONS, FieldSpec
from .exchange_v2 import bundle_file_path, bundle_version_path, document_path, notice_folder

SHARED = ("evidence_items", "evidence_custody")  # kept with their uids where free
CASE_OWNED = tuple(name for name in RECORDS_V2 if name not in SHARED)
BY_CASE = ("evidence_links", "exhibits", "diary_entries", "statements", "generated_documents", "notice_approvals",
           "notices", "bundle_files", "bundle_versions")
KIND_OF = {section: kind for kind, section in UID_SECTIONS.items()}


def columns(record: dict[str, Any], fields: tuple[FieldSpec, ...], ids: dict[str, dict[str, int]]) -> dict[str, Any]:
    """ORM keyword arguments; fields left out of the file take the column default."""
    out = {}
    for f in fields:
        if f.name in record:
            value = record[f.name]
            out[f.column] = ids[f.kind][value] if value is not None and f.kind in ids else value
    return out


# ----------------------------------------------------------------------------------------- export
def case_rows(s: Session, case_id: int) -> dict[str, list[Any]]:
    """The case's version 2 rows, section by section, oldest first."""
    rows: dict[str, list[Any]] = {}
    for name in BY_CASE:
        model: Any = RECORDS_V2[name][0]
        rows[name] = list(s.scalars(select(model).where(model.case_id == case_id).order_by(model.id)))
    statements = [r.id for r in rows["statements"]]
    rows["statement_versions"] = list(s.scalars(select(StatementVersion).where(
        StatementVersion.statement_id.in_(statements)).order_by(StatementVersion.id)))
    rows["preflight_waivers"] = list(s.scalars(select(PreflightWaiver).where(PreflightWaiver.version_id.in_(
        [v.id for v in rows["statement_versions"]])).order_by(PreflightWaiver.id)))
    rows["statement_review_requests"] = list(s.scalars(select(ReviewRequest).where(
        ReviewRequest.statement_id.in_(statements)).order_by(ReviewRequest.id)))
    held = {r.evidence_id for name in ("evidence_links", "exhibits", "diary_entries") for r in rows[name]} - {None}
    wet = {v.wet_scan_evidence_uid for v in rows["statement_versions"]} - {None}
    rows["evidence_items"] = list(s.scalars(select(EvidenceItem).where(or_(
        EvidenceItem.id.in_(held), EvidenceItem.uid.in_(wet))).order_by(EvidenceItem.id)))
    rows["evidence_custody"] = list(s.scalars(select(CustodyEvent).where(CustodyEvent.evidence_id.in_(
        [i.id for i in rows["evidence_items"]])).order_by(CustodyEvent.id)))
    return {name: rows[name] for name in RECORDS_V2}


def uid_names(rows: dict[str, list[Any]]) -> dict[str, dict[int, str]]:
    """Database id → uid for the records other records point to."""
    return {kind: {r.id: r.uid for r in rows[section]} for section, kind in KIND_OF.items() if section in rows}


def _generated(rows: dict[str, list[Any]]) -> list[tuple[Path, str]]:
    generated = [(Path(d.path), d.sha256) for d in rows["generated_documents"]]
    generated += [(Path(n.folder) / f["file"], f["sha256"]) for n in rows["notices"] for f in n.files]
    return generated + [(Path(b.stored_path), b.sha256) for b in [*rows["bundle_files"], *rows["bundle_versions"]]]


def referenced_files(rows: dict[str, list[Any]]) -> set[str]:
    """The SHA-256 of every stored file the rows refer to, read from the rows alone (a JSON-only
    export names them without reading or fetching any)."""
    return {item.sha256 for item in rows["evidence_items"]} | {sha for _path, sha in _generated(rows)}


def stored_files(rows: dict[str, list[Any]], store: EvidenceStore, ctx: Context) -> dict[str, Path]:
    """SHA-256 → where this machine has the file, for every file the rows refer to (a generated file
    another machine made is fetched from the team file store: kernel/file_stores.generated_file)."""
    out: dict[str, Path] = {}
    for item in rows["evidence_items"]:
        out.setdefault(item.sha256, store.path_for(item.sha256))
    for path, sha in _generated(rows):
        if sha not in out:
            out[sha] = generated_file(ctx, path, sha)
    return out


def local_copies(s: Session, data_dir: Path) -> dict[str, Path]:
    """Files this data folder already holds for any case (SHA-256 → path): a JSON-only import can
    take its files from there, e.g. a copy of a case imported under a new reference."""
    out: dict[str, Path] = {}
    for _title, path, sha in generated_files(s, data_dir):
        out.setdefault(sha, path)
    return out


# ----------------------------------------------------------------------------------------- import
def evidence_problems(s: Session, doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Clashes between the file's evidence items (and their custody) and this database's: none can
    arise, as every item is written as the imported case's own (a uid already taken gets a new one).
    Kept so the checks before writing stay in one place."""
    return []


def _uid_taken(s: Session, model: Any, uid: str) -> bool:
    return s.scalar(select(model.id).where(model.uid == uid)) is not None


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every uid in ``names`` replaced (bundle layouts and sources name records by uid)."""
    if not names:
        return value
    if isinstance(value, str):
        return UID_RE.sub(lambda m: names.get(m.group(0), m.group(0)), value)
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, names) for k, v in value.items()}
    return value


def write_rows(s: Session, doc: dict[str, Any], case_id: int, reference: str, ids: dict[str, dict[str, int]],
               new_reference: bool) -> dict[str, int]:
    """Write the version 2 rows of a checked document; returns counts for the audit trail."""
    names: dict[str, str] = {}  # uid in the file → uid written (new uids for a copy; items held already)
    if new_reference:
        names = {r["uid"]: new_uid() for name in CASE_OWNED for r in doc[name]}
    ids.update({kind: {} for kind in KIND_OF.values()})
    already_stored = 0
    for e in doc["evidence_items"]:
        if s.scalar(select(EvidenceItem.id).where(EvidenceItem.sha256 == e["sha256"]).limit(1)) is not None:
            already_stored += 1
        item = EvidenceItem(**columns(e, RECORDS_V2["evidence_items"][1], ids))
        if _uid_taken(s, EvidenceItem, e["uid"]):
            item.uid = names[e["uid"]] = new_uid()
        s.add(item)
        s.flush()
        ids["evidence"][e["uid"]] = item.id
    for c in doc["evidence_custody"]:
        event = CustodyEvent(**columns(c, RECORDS_V2["evidence_custody"][1], ids))
        if _uid_taken(s, CustodyEvent, c["uid"]):
            event.uid = new_uid()
        s.add(event)
        s.flush()
    for name in CASE_OWNED:
        model, fields = RECORDS_V2[name]
        for record in doc[name]:
            row: Base = model(**columns(record, fields, ids))
            if hasattr(model, "case_id"):
                row.case_id = case_id  # type: ignore[attr-defined]
            row.uid = names.get(record["uid"], record["uid"])  # type: ignore[attr-defined]
            _fill_derived(row, reference, names)
            s.add(row)
            if name in KIND_OF:
                s.flush()
                ids[KIND_OF[name]][record["uid"]] = row.id  # type: ignore[attr-defined]
    s.flush()
    return {"evidence_items_new": len(doc["evidence_items"]), "evidence_files_already_stored": already_stored}


def _fill_derived(row: Any, reference: str, names: dict[str, str]) -> None:
    """Where the importer keeps a record's file, and uids inside values that now have new ones."""
    if isinstance(row, StatementVersion) and row.wet_scan_evidence_uid:
        row.wet_scan_evidence_uid = names.get(row.wet_scan_evidence_uid, row.wet_scan_evidence_uid)
    elif isinstance(row, GeneratedDocument):
        row.path = document_path(reference, row.kind, row.version or 1, row.format)
        row.source = _renamed(row.source or "", names)
    elif isinstance(row, Notice):
        row.folder = notice_folder(reference, row.number, row.notice_type)
    elif isinstance(row, BundleFile):
        row.stored_path = bundle_file_path(reference, row.sha256)
    elif isinstance(row, BundleVersion):
        row.stored_path = bundle_version_path(reference, row.hearing, row.version, row.sha256)
        row.entries = _renamed(row.entries or [], names)

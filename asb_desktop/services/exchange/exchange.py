"""One whole case file as JSON: export, and a strict import that changes nothing unless all is valid.

Why: a case moves between teams and databases (a single officer's SQLite file, a team's
PostgreSQL), so the file must round-trip exactly and must never half-load a damaged or hand-edited
file. Database ids never appear: rows are identified by ``uid``, users by username, categories by
name and other cases by reference. The fields are derived from the ORM tables so the format
cannot drift from the schema silently; docs/exchange-format.md documents them and a test checks
that every field is documented. Version 2 of the format (version 1 files are still read): stored
files (evidence, generated documents, notice packs, bundles) are named by SHA-256 and travel in a
zip beside ``case.json`` (``exchange_files.py``).
"""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...storage.orm import (
    Base,
    Case,
    CaseCategory,
    CaseLink,
    Category,
    Interview,
    Person,
    Property,
    ReferenceCounter,
    Tenancy,
    User,
    new_uid,
)
from ..kernel import derived
from ..kernel.access import CASE_WORKERS, require_role, require_view
from ..kernel.case_access import apply_employee_rule
from ..kernel.context import Context
from ..kernel.errors import ASBError, NotFound
from ..kernel.export_gate import export_check as publicity_export_check
from ..kernel.file_stores import evidence_store, keep_generated, named_files
from . import exchange_files as xfiles
from . import exchange_rows as xrows
from .exchange_format import (
    CASE_FIELDS,
    FORMAT,
    PERSON_FIELDS,
    PROPERTY_FIELDS,
    RECORDS,
    RECORDS_V2,
    REFERENCE_RE,
    TENANCY_FIELDS,
    VERSION,
    ExchangeValidationError,
    FieldSpec,
    check_document,
)
from .exchange_v2 import FileRef, file_references


@dataclass(frozen=True)
class ExportResult:
    path: Path
    files: int  # stored files carried in the zip (0 for JSON only)
    referenced: int  # stored files the case refers to
    banner: str = ""  # procedure 17: the REPORTING RESTRICTIONS line when the case has any


@dataclass(frozen=True)
class ImportResult:
    reference: str
    files_written: int  # files put into this evidence store / data folder
    missing: list[str] = field(default_factory=list)  # "field: SHA-256 (name)" left out (skip_missing_files)


# ----------------------------------------------------------------------------------------- export
def _out(f: FieldSpec, value: Any, names: dict[str, dict[int, str]]) -> Any:
    if value is None:
        return None
    if f.kind in names:
        return names[f.kind][value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if f.kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    return copy.deepcopy(value) if f.kind in ("object", "list", "notice_files") else value


def _record(row: Base, fields: tuple[FieldSpec, ...], names: dict[str, dict[int, str]]) -> dict[str, Any]:
    return {f.name: _out(f, getattr(row, f.column), names) for f in fields}


class ExchangeService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def export_case(self, reference: str) -> dict[str, Any]:
        """The whole case file as plain JSON-ready data (see docs/exchange-format.md)."""
        with self.ctx.session() as s:
            case, data, _ = self._collect(s, reference)
            banner = publicity_export_check(s, case, self.ctx.actor)  # procedure 17: reporting restrictions
            self.ctx.audit(s, "export", "case", case.uid, case.reference, f"Exported case {case.reference}"
                           + (f" - {banner}" if banner else ""),
                           format=FORMAT, version=VERSION)
            return data

    def export_to_file(self, reference: str, out: Path | str) -> ExportResult:
        """Write the case to ``out``: a zip (a name ending .zip) holding case.json and every stored file
        it refers to, or JSON only (files referred to by SHA-256, not carried). Audited; a zip export is
        also logged in each evidence item's chain of custody. Nothing is left behind on failure."""
        from ...storage.orm_evidence import CustodyEvent

        out = Path(out)
        store = self._store()
        written = False
        try:
            with self.ctx.session() as s:
                case, data, rows = self._collect(s, reference)
                banner = publicity_export_check(s, case, self.ctx.actor)  # procedure 17
                carried = xfiles.is_zip_name(out)  # JSON only: the files are named, not read or fetched
                files = xrows.stored_files(rows, store, self.ctx) if carried else \
                    dict.fromkeys(xrows.referenced_files(rows), Path())
                if carried:
                    xfiles.write_zip(out, data, files)
                    for item in rows["evidence_items"]:
                        s.add(CustodyEvent(evidence_id=item.id, at=self.ctx.now(), username=self.ctx.actor.username,
                                           action="export", case_reference=case.reference,
                                           detail=f"Exported with case file {out.name}"))
                else:
                    xfiles.write_json(out, data)
                written = True
                self.ctx.audit(s, "export", "case", case.uid, case.reference, f"Exported case {case.reference} "
                               f"to {out.name}" + (f" - {banner}" if banner else ""), format=FORMAT, version=VERSION, path=str(out),
                               files=sorted(files) if carried else [], referenced_files=len(files))
        except OSError as exc:
            raise ASBError(f"The case file could not be written to {out} ({exc.strerror}).") from None
        except BaseException:
            if written:  # not audited, so not left behind
                out.unlink(missing_ok=True)
            raise
        return ExportResult(out, len(files) if carried else 0, len(files), banner)

    def _store(self) -> Any:
        return evidence_store(self.ctx)

    def _named_files(self, shas: set[str]) -> set[str]:
        with self.ctx.session() as s:
            return named_files(s, self.ctx.data_dir, shas)

    def _collect(self, s: Session, reference: str) -> tuple[Case, dict[str, Any], dict[str, list[Any]]]:
        case = s.scalar(select(Case).where(Case.reference == reference.strip().upper()))
        if case is None:
            raise NotFound(f"There is no case {reference}.")
        require_view(self.ctx.actor, case, derived.scheme_officer_of(s, case))
        rows = {name: list(s.scalars(select(model).where(model.case_id == case.id)  # type: ignore[attr-defined]
                                     .order_by(model.id)))  # type: ignore[attr-defined]
                for name, (model, _) in RECORDS.items()}
        rows.update(xrows.case_rows(s, case.id))
        prop = s.get(Property, case.property_id) if case.property_id else None
        tenancies = list(s.scalars(select(Tenancy).where(Tenancy.property_id == prop.id)
                                   .order_by(Tenancy.id))) if prop else []
        sections = {**RECORDS, **RECORDS_V2}
        pairs = [(case, CASE_FIELDS), *([(prop, PROPERTY_FIELDS)] if prop else []),
                 *((t, TENANCY_FIELDS) for t in tenancies),
                 *((r, fields) for name, (_, fields) in sections.items() for r in rows[name])]
        refs: dict[str, set[int]] = {"user": set(), "person": set()}
        for row, fields in pairs:
            for f in fields:
                if f.kind in refs and getattr(row, f.column) is not None:
                    refs[f.kind].add(getattr(row, f.column))
        users = list(s.scalars(select(User).where(User.id.in_(refs["user"])).order_by(User.username)))
        people = list(s.scalars(select(Person).where(Person.id.in_(refs["person"])).order_by(Person.id)))
        linked = {i: r for i, r in s.execute(select(Case.id, Case.reference).where(
            Case.id.in_([link.linked_case_id for link in rows["case_links"] if isinstance(link, CaseLink)])))}
        names = {"user": {u.id: u.username for u in users}, "person": {p.id: p.uid for p in people},
                 "interview": {i.id: i.uid for i in rows["interviews"] if isinstance(i, Interview)}, "case": linked, **xrows.uid_names(rows)}
        categories = sorted(s.scalars(select(Category.name).join(CaseCategory).where(
            CaseCategory.case_id == case.id)))
        data: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "exported_at": self.ctx.now().isoformat(),
            "exported_by": self.ctx.actor.username,
            "users": [{"username": u.username, "full_name": u.full_name, "initials": u.initials,
                       "roles": list(u.roles)} for u in users],
            "categories": categories,
            "case": _record(case, CASE_FIELDS, names),
            "property": None if prop is None else {
                **_record(prop, PROPERTY_FIELDS, names),
                "tenancies": [_record(t, TENANCY_FIELDS, names) for t in tenancies]},
            "people": [_record(p, PERSON_FIELDS, names) for p in people],
        }
        for name, (_, fields) in sections.items():
            data[name] = [_record(r, fields, names) for r in rows[name]]
        return case, data, rows

    # ------------------------------------------------------------------------------------- import
    def import_case(self, data: dict[str, Any], *, new_reference: bool = False, skip_missing_links: bool = False,
                    skip_missing_files: bool = False) -> str:
        """Check the whole file, then write it in one transaction; returns the case's reference.

        ``new_reference`` imports a copy under the next free reference (with fresh uids for the
        case and its records); otherwise a reference already in use is refused. Links to cases
        not in this database are refused unless ``skip_missing_links``. People, the property and
        tenancies already held are reused as they are, never duplicated or changed; evidence items
        are always the case's own (files already in the store are not stored again). Stored files must already be here (see ``import_file`` for a zip) unless
        ``skip_missing_files``.
        """
        return self._import(data, None, new_reference, skip_missing_links, skip_missing_files).reference

    def import_file(self, path: Path | str, *, new_reference: bool = False, skip_missing_links: bool = False,
                    skip_missing_files: bool = False) -> ImportResult:
        """Import a case file written by ``export_to_file``: a zip (its files are checked against their
        SHA-256 and put into this evidence store and data folder) or a JSON file."""
        import zipfile

        path = Path(path)
        if zipfile.is_zipfile(path):
            archive = xfiles.CaseZip(path)
            try:
                return self._import(archive.data(), archive, new_reference, skip_missing_links, skip_missing_files)
            finally:
                archive.close()
        return self._import(xfiles.read_json(path), None, new_reference, skip_missing_links, skip_missing_files)

    def _import(self, data: Any, archive: xfiles.CaseZip | None, new_reference: bool, skip_missing_links: bool,
                skip_missing_files: bool) -> ImportResult:
        require_role(self.ctx.actor, *CASE_WORKERS, Role.ADMINISTRATOR, doing="import a case")
        doc = check_document(data)
        now = self.ctx.now()
        store = self._store()
        staging = xfiles.staging_folder(self.ctx.data_dir) if archive is not None else None
        placer = xfiles.Placer(store, self.ctx.data_dir, lambda path, sha: keep_generated(self.ctx, path, sha),
                               self._named_files)
        try:
            staged = archive.stage(file_references(doc, doc["case"]["reference"]), staging) \
                if archive is not None and staging is not None else {}
            with self.ctx.session() as s:
                skipped = self._check_against_database(s, doc, new_reference, skip_missing_links)
                reference = (self._allocate(s, now.year) if new_reference else self._claim(s, doc["case"]["reference"]))
                refs = file_references(doc, reference)
                plan, problems = xfiles.plan_files(refs, staged, store, self.ctx.data_dir,
                                                   xrows.local_copies(s, self.ctx.data_dir))
                if not skip_missing_files:
                    problems += [(r.field, _missing(r)) for r in plan.missing]
                if problems:
                    raise ExchangeValidationError(problems)
                case, ids, new_people = self._write(s, doc, reference, now, skipped, new_reference)
                counts = xrows.write_rows(s, doc, case.id, reference, ids, new_reference)
                apply_employee_rule(self.ctx, s, case, f"Imported case {reference}")
                derived.refresh(s, case, now)
                written = placer.place(refs, plan)
                missing = [f"{r.field}: {r.sha256} ({r.name})" for r in plan.missing]
                self.ctx.audit(s, "import", "case", case.uid, reference, f"Imported case {reference}",
                               original_reference=doc["case"]["reference"], format=FORMAT, version=data["version"],
                               new_people=new_people, skipped_links=[
                                   doc["case_links"][i]["linked_reference"] for i in sorted(skipped)],
                               files_written=written, missing_files=missing, **counts)
            return ImportResult(reference, written, missing)
        except BaseException:
            placer.undo()
            raise
        finally:
            xfiles.remove_folder(staging)

    def _write(self, s: Session, doc: dict[str, Any], reference: str, now: datetime, skipped: set[int],
               new_reference: bool) -> tuple[Case, dict[str, dict[str, int]], int]:
        """The version 1 part: users, categories, people, property, the case and its records; returns
        the case, the uid → id maps and how many people were new."""
        users = self._users(s, doc["users"], now)
        categories = self._categories(s, doc["categories"])
        ids: dict[str, dict[str, int]] = {"user": users, "person": {}, "interview": {}, "case": {}}
        new_people = 0
        for person in doc["people"]:
            existing = s.scalar(select(Person.id).where(Person.uid == person["uid"]))
            if existing is None:
                new_people += 1
                obj = Person(**xrows.columns(person, PERSON_FIELDS, ids))
                s.add(obj)
                s.flush()
                existing = obj.id
            ids["person"][person["uid"]] = existing
        property_id = self._property(s, doc["property"], ids)
        fresh = new_uid if new_reference else None
        values = xrows.columns(doc["case"], CASE_FIELDS, ids)
        values.update(reference=reference, property_id=property_id, last_activity_at=now, updated_at=now)
        if fresh:
            values["uid"] = fresh()
        case = Case(**values)
        case.category_links = [CaseCategory(category=categories[name]) for name in doc["categories"]]
        s.add(case)
        s.flush()
        ids["case"] = {r: i for r, i in s.execute(select(Case.reference, Case.id).where(Case.reference.in_(
            [r["linked_reference"] for r in doc["case_links"]])))}
        for name, (model, fields) in RECORDS.items():
            for i, record in enumerate(doc[name]):
                if name == "case_links" and i in skipped:
                    continue
                row_values = xrows.columns(record, fields, ids)
                if fresh:
                    row_values["uid"] = fresh()
                row = model(case_id=case.id, **row_values)
                s.add(row)
                if isinstance(row, Interview):
                    s.flush()
                    ids["interview"][record["uid"]] = row.id
        return case, ids, new_people

    def _check_against_database(self, s: Session, doc: dict[str, Any], new_reference: bool,
                                skip_missing_links: bool) -> set[int]:
        """Everything that depends on what this database already holds, checked before any write."""
        problems: list[tuple[str, str]] = []
        reference = doc["case"]["reference"]
        if not new_reference:
            if s.scalar(select(Case.id).where(Case.reference == reference)) is not None:
                problems.append(("case.reference", f"case {reference} is already in this database; import it "
                                 "as a new case to give the copy the next free reference"))
            else:
                uid_paths: list[tuple[str, str, type[Base]]] = [("case.uid", doc["case"]["uid"], Case)]
                for name in (*RECORDS, *xrows.CASE_OWNED):
                    model = {**RECORDS, **RECORDS_V2}[name][0]
                    uid_paths += [(f"{name}[{i}].uid", r["uid"], model) for i, r in enumerate(doc[name])]
                for path, uid, model in uid_paths:
                    if s.scalar(select(model.id).where(model.uid == uid)) is not None:  # type: ignore[attr-defined]
                        problems.append((path, "a record with this uid is already in this database (the case "
                                         "was imported before?); import it as a new case instead"))
        prop = doc["property"]
        if prop is not None:
            prop_id = s.scalar(select(Property.id).where(Property.uid == prop["uid"]))
            for i, t in enumerate(prop["tenancies"]):
                owner = s.scalar(select(Tenancy.property_id).where(Tenancy.uid == t["uid"]))
                if owner is not None and owner != prop_id:
                    problems.append((f"property.tenancies[{i}].uid",
                                     "this tenancy is already in this database for a different property"))
        problems += xrows.evidence_problems(s, doc)
        skipped = set()
        for i, link in enumerate(doc["case_links"]):
            target = link["linked_reference"]
            if s.scalar(select(Case.id).where(Case.reference == target)) is None:
                if skip_missing_links:
                    skipped.add(i)
                else:
                    problems.append((f"case_links[{i}].linked_reference",
                                     f"case {target} is not in this database: import it first, or import "
                                     "without the links to cases that are missing"))
        if problems:
            raise ExchangeValidationError(problems)
        return skipped

    @staticmethod
    def _users(s: Session, users: list[dict[str, Any]], now: datetime) -> dict[str, int]:
        """Existing users are matched by username; missing ones become inactive, with no password."""
        ids: dict[str, int] = {}
        for u in users:
            user = s.scalar(select(User).where(User.username == u["username"]))
            if user is None:
                user = User(username=u["username"], full_name=u["full_name"], initials=u.get("initials", ""),
                            roles=list(u["roles"]), password_hash=None, active=False, created_at=now)
                s.add(user)
                s.flush()
            ids[user.username] = user.id
        return ids

    @staticmethod
    def _categories(s: Session, names: list[str]) -> dict[str, Category]:
        """Missing categories are added as retired: kept on this case, not offered for new ones."""
        out = {}
        for name in names:
            cat = s.scalar(select(Category).where(Category.name == name))
            if cat is None:
                cat = Category(name=name, retired=True)
                s.add(cat)
            out[name] = cat
        return out

    def _property(self, s: Session, prop: dict[str, Any] | None, ids: dict[str, dict[str, int]]) -> int | None:
        if prop is None:
            return None
        prop_id = s.scalar(select(Property.id).where(Property.uid == prop["uid"]))
        if prop_id is None:
            obj = Property(**xrows.columns(prop, PROPERTY_FIELDS, ids))
            s.add(obj)
            s.flush()
            prop_id = obj.id
        for t in prop["tenancies"]:
            if s.scalar(select(Tenancy.id).where(Tenancy.uid == t["uid"])) is None:
                s.add(Tenancy(property_id=prop_id, **xrows.columns(t, TENANCY_FIELDS, ids)))
        return prop_id

    @staticmethod
    def _counter(s: Session, year: int, at_least: int | None = None) -> int:
        """Take the next number for ``year`` (or raise the counter to ``at_least``); row made if missing."""
        stmt = update(ReferenceCounter).where(ReferenceCounter.year == year)
        if at_least is None:
            stmt = stmt.values(last=ReferenceCounter.last + 1)
        else:
            stmt = stmt.where(ReferenceCounter.last < at_least).values(last=at_least)
        s.execute(stmt)
        last = s.scalar(select(ReferenceCounter.last).where(ReferenceCounter.year == year))
        if last is None:
            try:
                with s.begin_nested():
                    s.add(ReferenceCounter(year=year, last=at_least or 1))
                return at_least or 1
            except IntegrityError:  # another transaction made the row first: count through it
                return ExchangeService._counter(s, year, at_least)
        return last

    def _allocate(self, s: Session, year: int) -> str:
        while True:
            reference = f"ASB-{year}-{self._counter(s, year):05d}"
            if s.scalar(select(func.count()).select_from(Case).where(Case.reference == reference)) == 0:
                return reference

    def _claim(self, s: Session, reference: str) -> str:
        """Keep the original reference, and move its year's counter past it so it is never reissued."""
        m = REFERENCE_RE.fullmatch(reference)
        assert m is not None
        self._counter(s, int(m.group(1)), int(m.group(2)))
        return reference


# ------------------------------------------------------------------------------------- validation


def _missing(ref: FileRef) -> str:
    return (f"the file '{ref.name}' (SHA-256 {ref.sha256}) is neither in the case file's zip nor already stored "
            "here: import the zip written by 'asb case export --out CASE.zip', or import without the missing "
            "files (--skip-missing-files) and restore them later")

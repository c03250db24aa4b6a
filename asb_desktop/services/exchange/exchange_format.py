"""The case exchange format: its fields (derived from the ORM tables) and the strict check of a file.

A file is checked completely before anything is written, and every problem is reported with the
path of the field (``case.opened_at``, ``incidents[2].starts_at``) and what is wrong with it.
"""
from __future__ import annotations

import base64
import binascii
import copy
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, LargeBinary, String, Table

from ...domain import enums as E
from ...domain.enums import Role
from ...evidence.kinds import Kind
from ...storage import orm, orm_court, orm_documents, orm_evidence
from ...storage.orm import Base, Case, Person, Property, Tenancy
from ..kernel.errors import ValidationError

FORMAT = "asb-desktop-case"
VERSION = 2  # written; versions 1 and 2 are read
READABLE = (1, 2)
REFERENCE_RE = re.compile(r"ASB-(\d{4})-(\d{5,})")
UID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
INT_RANGE = (-(2**31), 2**31 - 1)  # PostgreSQL INTEGER
BIGINT_RANGE = (-(2**63), 2**63 - 1)
SHA_RE = re.compile(r"[0-9a-f]{64}")
SAFE_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")  # used in file names: no folders, no '..'
# Kept current by derived.refresh (or by the ORM) in whatever database holds the case: not exchanged.
DERIVED = frozenset({"complainant_display", "perpetrator_display", "categories_display", "officer_display",
                     "next_due_at", "next_due_label", "last_activity_at", "updated_at"})
ENUMS: dict[tuple[str, str], type[Enum]] = {
    ("cases", "channel"): E.Channel, ("cases", "status"): E.CaseStatus, ("cases", "closure_reason"): E.ClosureReason,
    ("cases", "complainant_satisfaction"): E.Satisfaction, ("cases", "noise_track"): E.NoiseTrack,
    ("cases", "risk_band"): E.RiskBand, ("people", "preferred_contact_method"): E.ContactMethod,
    ("tenancies", "tenancy_type"): E.TenancyType, ("case_parties", "role"): E.PartyRole,
    ("tenancies", "rent_period"): E.RentPeriod,
    ("case_parties", "third_party_kind"): E.ThirdPartyKind, ("case_links", "kind"): E.LinkKind,
    ("tasks", "kind"): E.TaskKind, ("contacts", "method"): E.ContactMethod, ("contacts", "outcome"): E.ContactOutcome,
    ("interviews", "kind"): E.InterviewKind, ("interviews", "method"): E.ContactMethod, ("notes", "kind"): E.NoteKind,
    ("risk_assessments", "band"): E.RiskBand, ("remedies", "kind"): E.RemedyKind,
    ("remedies", "status"): E.RemedyStatus, ("forum_records", "forum"): E.Forum,
    ("evidence_items", "kind"): Kind,
}
JSON_KINDS = {("risk_assessments", "actions"): "list", ("statement_versions", "signed_present"): "list", ("notices", "files"): "notice_files",
              ("bundle_versions", "entries"): "list", ("bundle_versions", "untexted_pages"): "list"}
REF_KIND = {"users": "user", "people": "person", "interviews": "interview", "cases": "case",
            "evidence_items": "evidence", "statements": "statement", "statement_versions": "statement_version",
            "notice_approvals": "notice_approval"}
REF_NAME = {"person": "person_uid", "interview": "interview_uid", "case": "linked_reference",
            "evidence": "evidence_uid", "statement": "statement_uid", "statement_version": "version_uid",
            "notice_approval": "approval_uid"}
COLUMN_NAME = {("generated_documents", "recipient_person_id"): "recipient_person_uid"}
UID_KINDS = frozenset({"person", "interview", "evidence", "statement", "statement_version", "notice_approval"})
# Written into file names when the importer places a stored file, so kept to safe characters.
SAFE_NAMES = frozenset({("generated_documents", "kind"), ("generated_documents", "format"),
                        ("notices", "notice_type"), ("bundle_versions", "hearing")})


@dataclass(frozen=True)
class FieldSpec:
    """One exchanged field: its JSON name, the ORM column behind it and how its value is checked."""

    name: str
    column: str
    kind: str  # text int bigint bool bytes date datetime object list notice_files | references (REF_KIND)
    required: bool
    nullable: bool
    max_length: int | None = None
    enum: type[Enum] | None = None
    safe_name: bool = False


def fields_of(model: type[Base], skip: Iterable[str] = ()) -> tuple[FieldSpec, ...]:
    """The exchanged fields of a table: every column but surrogate ids, row versions and ``skip``."""
    table = model.__table__
    if not isinstance(table, Table):  # pragma: no cover - every exchanged model is mapped to one table
        raise TypeError(f"{model.__name__} is not mapped to a table")
    row_version = model.__mapper__.version_id_col
    out: list[FieldSpec] = []
    for col in table.columns:
        if col.name in {"id", "case_id", "property_id", *skip} or (row_version is not None and col is row_version):
            continue
        nullable = bool(col.nullable)
        required = col.name == "uid" or (not nullable and col.default is None and col.server_default is None)
        fk = next(iter(col.foreign_keys), None)
        if fk is not None:
            kind = REF_KIND[fk.column.table.name]
            name = COLUMN_NAME.get((table.name, col.name)) or REF_NAME.get(kind, col.name.removesuffix("_id"))
            out.append(FieldSpec(name, col.name, kind, required, nullable))
            continue
        typ = col.type
        if isinstance(typ, Boolean):
            kind = "bool"
        elif isinstance(typ, BigInteger):
            kind = "bigint"
        elif isinstance(typ, Integer):
            kind = "int"
        elif isinstance(typ, LargeBinary):
            kind = "bytes"
        elif isinstance(typ, DateTime):
            kind = "datetime"
        elif isinstance(typ, Date):
            kind = "date"
        elif isinstance(typ, JSON):
            kind = JSON_KINDS.get((table.name, col.name), "object")
        elif isinstance(typ, String):
            kind = "text"
        else:  # pragma: no cover - a new column type must be given a JSON form here first
            raise TypeError(f"{table.name}.{col.name}: no exchange form for {typ!r}")
        length = typ.length if isinstance(typ, String) else None
        out.append(FieldSpec(col.name, col.name, kind, required, nullable, length, ENUMS.get((table.name, col.name)),
                             (table.name, col.name) in SAFE_NAMES))
    return tuple(sorted(out, key=lambda f: f.name != "uid"))


USER_FIELDS = (FieldSpec("username", "username", "text", True, False, 100),
               FieldSpec("full_name", "full_name", "text", True, False, 200),
               FieldSpec("initials", "initials", "text", False, False, 10),
               FieldSpec("roles", "roles", "roles", True, False))
CASE_FIELDS = fields_of(Case, DERIVED)
PERSON_FIELDS = fields_of(Person)
PROPERTY_FIELDS = fields_of(Property)
TENANCY_FIELDS = fields_of(Tenancy)
# Per-case records, in the order they are written (interviews before the notes that point to them).
RECORDS: dict[str, tuple[type[Base], tuple[FieldSpec, ...]]] = {
    name: (model, fields_of(model)) for name, model in (
        ("parties", orm.CaseParty), ("incidents", orm.Incident), ("tasks", orm.Task), ("contacts", orm.Contact),
        ("interviews", orm.Interview), ("notes", orm.Note), ("risk_assessments", orm.RiskAssessment),
        ("remedies", orm.Remedy), ("assessments", orm.Assessment), ("forum_records", orm.ForumRecord),
        ("case_links", orm.CaseLink))}
# Version 2: evidence, statements, generated documents, notices and bundles, all belonging to the case
# (evidence items and their custody keep their uids where free; the stored bytes are kept once). Stored files are named by SHA-256 and their
# place in the data folder is chosen by the importer, so it is not exchanged.
RECORDS_V2: dict[str, tuple[type[Base], tuple[FieldSpec, ...]]] = {
    name: (model, fields_of(model, skip)) for name, model, skip in (
        ("evidence_items", orm_evidence.EvidenceItem, ()), ("evidence_custody", orm_evidence.CustodyEvent, ()),
        ("evidence_links", orm_evidence.EvidenceLink, ()), ("exhibits", orm_evidence.Exhibit, ()),
        ("diary_entries", orm_evidence.DiaryEntry, ()), ("statements", orm_documents.Statement, ()),
        ("statement_versions", orm_documents.StatementVersion, ()),
        ("preflight_waivers", orm_documents.PreflightWaiver, ()),
        ("statement_review_requests", orm_documents.ReviewRequest, ()),
        ("generated_documents", orm_documents.GeneratedDocument, ("path",)),
        ("notice_approvals", orm_court.NoticeApproval, ()), ("notices", orm_court.Notice, ("folder", "signed_by_id")),
        ("bundle_files", orm_court.BundleFile, ("stored_path",)),
        ("bundle_versions", orm_court.BundleVersion, ("stored_path",)))}
ALL_RECORDS = {**RECORDS, **RECORDS_V2}
# Records other records point to by uid: the kind of reference and the section holding them.
UID_SECTIONS = {"interview": "interviews", "evidence": "evidence_items", "statement": "statements",
                "statement_version": "statement_versions", "notice_approval": "notice_approvals"}
TOP_LEVEL = ("format", "version", "exported_at", "exported_by", "users", "categories", "case", "property",
             "people", *RECORDS)
TOP_LEVEL_V2 = (*TOP_LEVEL, *RECORDS_V2)


class ExchangeValidationError(ValidationError):
    """The first problem as ``field``/``problem``; ``problems`` lists every one found."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(*problems[0])
        self.problems = problems
        more = len(problems) - 1
        if more:
            self.args = (f"{self.args[0]} (and {more} more problem{'s' if more > 1 else ''} in the file)",)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return {list: "a list", dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


WANT = {"text": "text", "int": "a whole number", "bigint": "a whole number", "bool": "true or false",
        "bytes": "base64 text", "date": "a date (YYYY-MM-DD)", "datetime": "a date and time (YYYY-MM-DDTHH:MM:SS)",
        "object": "an object", "list": "a list", "notice_files": "a list of files", "roles": "a list of roles",
        "user": "a username", "person": "a person's uid", "interview": "an interview's uid", "case": "a case reference",
        "evidence": "an evidence item's uid", "statement": "a statement's uid",
        "statement_version": "a statement version's uid", "notice_approval": "a notice approval's uid"}
NOTICE_FILE_KEYS = ("title", "file", "sha256")


def _notice_files_problem(value: list[Any]) -> str | None:
    """Each file of a notice pack: its title, its file name in the pack's folder and its SHA-256."""
    names: set[str] = set()
    for i, item in enumerate(value):
        if not isinstance(item, dict) or sorted(item) != sorted(NOTICE_FILE_KEYS):
            return f"item {i} must be an object with exactly: {', '.join(NOTICE_FILE_KEYS)}"
        if not all(isinstance(item[k], str) for k in NOTICE_FILE_KEYS):
            return f"item {i}: title, file and sha256 must be text"
        problem = _text_problem(item["title"], None)
        if problem:
            return f"item {i}: the title {problem}"
        if not SAFE_NAME_RE.fullmatch(item["file"]) or ".." in item["file"]:
            return f"item {i}: '{item['file']}' is not a plain file name (letters, digits, '.', '_', '-')"
        if item["file"] in names:
            return f"item {i}: the file '{item['file']}' is listed twice"
        names.add(item["file"])
        if not SHA_RE.fullmatch(item["sha256"]):
            return f"item {i}: '{item['sha256']}' is not a SHA-256 (64 lower-case hexadecimal characters)"
    return None


def _text_problem(value: str, max_length: int | None) -> str | None:
    if "\x00" in value:
        return "contains a NUL character, which cannot be stored"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains characters that are not valid Unicode"
    if max_length is not None and len(value) > max_length:
        return f"is {len(value)} characters long; at most {max_length} are allowed"
    return None


def _json_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 40:
        return "is nested too deeply"
    if isinstance(value, str):
        return _text_problem(value, None)
    if isinstance(value, float) and not math.isfinite(value):
        return "holds a number that is not finite (NaN or infinity)"
    if value is None or isinstance(value, bool | int | float):
        return None
    if isinstance(value, list):
        items: Iterable[Any] = value
    elif isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return "has a key that is not text"
        items = [*value.keys(), *value.values()]
    else:
        return f"holds {_type_name(value)}, which JSON cannot represent"
    return next((p for p in (_json_problem(v, depth + 1) for v in items) if p), None)


def _has_json_type(kind: str, value: object) -> bool:
    """Whether a JSON value has the type a field of this kind holds (a bool is not a number here)."""
    expected = {"int": int, "bigint": int, "bool": bool, "object": dict, "list": list, "notice_files": list,
                "roles": list}.get(kind, str)
    return isinstance(value, expected) and not (kind in ("int", "bigint") and isinstance(value, bool))


def check_value(f: FieldSpec, value: Any) -> tuple[Any, str | None]:
    """The Python value for one field, or a plain-English problem."""
    if value is None:
        return (None, None) if f.nullable else (None, "must not be empty (null)")
    kind = f.kind
    if not _has_json_type(kind, value):
        return None, f"must be {WANT[kind]}, not {_type_name(value)}"
    if kind == "bool":
        return value, None
    if kind in ("int", "bigint"):
        low, high = INT_RANGE if kind == "int" else BIGINT_RANGE
        return (value, None) if low <= value <= high else (None, f"{value} is too large a number to store")
    if kind in ("object", "list"):
        return value, _json_problem(value)
    if kind == "notice_files":
        problem = _notice_files_problem(value)
        return (None, problem) if problem else (copy.deepcopy(value), None)
    if kind == "bytes":
        try:
            return base64.b64decode(value.encode("ascii"), validate=True), None
        except (binascii.Error, UnicodeEncodeError):
            return None, "is not valid base64 text"
    if kind == "roles":
        if not value:
            return None, "must list at least one role"
        for role in value:
            if not isinstance(role, str) or role not in Role._value2member_map_:
                return None, f"'{role}' is not one of: {', '.join(Role)}"
        return value, None
    if kind == "date":
        if not DATE_RE.fullmatch(value):
            return None, f"'{value}' is not a date written YYYY-MM-DD"
        try:
            return date.fromisoformat(value), None
        except ValueError as exc:
            return None, f"'{value}' is not a real date ({exc})"
    if kind == "datetime":
        if not DATETIME_RE.fullmatch(value):
            return None, f"'{value}' is not a date and time written YYYY-MM-DDTHH:MM:SS (local UK time)"
        try:
            return datetime.fromisoformat(value), None
        except ValueError as exc:
            return None, f"'{value}' is not a real date and time ({exc})"
    problem = _text_problem(value, f.max_length)
    if problem is None and f.enum is not None and value not in f.enum._value2member_map_:
        problem = f"'{value}' is not one of: {', '.join(m.value for m in f.enum)}"
    if problem is None and (f.name == "uid" or kind in UID_KINDS) and not UID_RE.fullmatch(value):
        problem = f"'{value}' is not a uid (a lower-case UUID such as 0b6e1c2a-5d1f-4e7a-9a53-2f0c8d5b7e11)"
    if problem is None and f.name in ("sha256", "pdf_sha256", "reviewed_pdf_sha256") and not SHA_RE.fullmatch(value):
        problem = f"'{value}' is not a SHA-256 (64 lower-case hexadecimal characters)"
    if problem is None and f.safe_name and (not SAFE_NAME_RE.fullmatch(value) or ".." in value):
        problem = f"'{value}' may hold only letters, digits, '.', '_' and '-' (it becomes part of a file name)"
    if problem is None and (kind == "case" or f.name == "reference") and not REFERENCE_RE.fullmatch(value):
        problem = f"'{value}' is not a case reference like ASB-2026-00042"
    if problem is None and kind == "user" and not value:
        problem = "must not be empty"
    return (None, problem) if problem else (value, None)


class _Checker:
    """Collects every problem in a file, each with the path of the field it is about."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, path: str, problem: str) -> None:
        self.problems.append((path, problem))

    def record(self, path: str, data: Any, fields: tuple[FieldSpec, ...],
               extra: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(path, f"must be an object, not {_type_name(data)}")
            return {}
        known = {f.name for f in fields} | set(extra)
        for key in data:
            if key not in known:
                self.fail(f"{path}.{key}", "is not a field of this format (misspelt?)")
        out: dict[str, Any] = {}
        for f in fields:
            if f.name not in data:
                if f.required:
                    self.fail(f"{path}.{f.name}", "is missing; it is required")
                continue
            value, problem = check_value(f, data[f.name])
            if problem:
                self.fail(f"{path}.{f.name}", problem)
            else:
                out[f.name] = value
        return out

    def items(self, path: str, data: Any) -> list[Any]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.fail(path, f"must be a list, not {_type_name(data)}")
            return []
        return data

    def records(self, path: str, data: Any, fields: tuple[FieldSpec, ...]) -> list[dict[str, Any]]:
        return [self.record(f"{path}[{i}]", item, fields) for i, item in enumerate(self.items(path, data))]


def check_document(data: Any) -> dict[str, Any]:
    """Validate a whole file without touching any database; returns it with Python values.

    Raises ``ExchangeValidationError`` (a ``ValidationError``) naming the first bad field.
    """
    c = _Checker()
    if not isinstance(data, dict):
        raise ExchangeValidationError([("file", f"must hold a JSON object, not {_type_name(data)}")])
    if data.get("format") != FORMAT:
        raise ExchangeValidationError([("format", f"{data.get('format')!r} is not an ASB Desktop case file "
                                        f"(expected '{FORMAT}')")])
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in READABLE:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        raise ExchangeValidationError([("version", f"version {version!r} was written by a newer ASB Desktop; "
                                        f"this one reads versions 1 to {VERSION}" if newer else
                                        f"{version!r} is not a known version of the case file format "
                                        f"(this ASB Desktop reads versions 1 to {VERSION})")])
    for key in data:
        if key in RECORDS_V2 and version == 1:
            c.fail(key, "is not a part of version 1 of this format (write version 2 to include it)")
        elif key not in TOP_LEVEL_V2:
            c.fail(key, "is not a part of this format (misspelt?)")
    for f in (FieldSpec("exported_at", "", "datetime", False, True), FieldSpec("exported_by", "", "text", False, True)):
        problem = check_value(f, data.get(f.name))[1]
        if problem:
            c.fail(f.name, problem)
    doc: dict[str, Any] = {"users": c.records("users", data.get("users"), USER_FIELDS), "categories": []}
    category = FieldSpec("categories", "", "text", True, False, 200)
    for i, name in enumerate(c.items("categories", data.get("categories"))):
        value, problem = check_value(category, name)
        if problem or not value:
            c.fail(f"categories[{i}]", problem or "must not be empty")
        elif value in doc["categories"]:
            c.fail(f"categories[{i}]", f"'{value}' is listed twice")
        else:
            doc["categories"].append(value)
    if "case" not in data:
        c.fail("case", "is missing; it is required")
    doc["case"] = c.record("case", data.get("case"), CASE_FIELDS)
    doc["property"] = None
    if data.get("property") is not None:
        doc["property"] = c.record("property", data["property"], PROPERTY_FIELDS, ("tenancies",))
        raw = data["property"].get("tenancies") if isinstance(data["property"], dict) else None
        doc["property"]["tenancies"] = c.records("property.tenancies", raw, TENANCY_FIELDS)
    doc["people"] = c.records("people", data.get("people"), PERSON_FIELDS)
    for name, (_, fields) in ALL_RECORDS.items():
        doc[name] = c.records(name, data.get(name), fields) if name in RECORDS or version > 1 else []
    if not c.problems:
        _check_references(c, doc)
    from ...domain.identity_rules import anonymous_identity, checklist_allowed, withholding_check

    for i, party in enumerate(doc["parties"]):  # 2024 5.7: an anonymous reporter arrives with no identity
        check = anonymous_identity(bool(party.get("anonymous")), name="a person" if party.get("person_uid") else "")
        if not check.allowed:
            c.fail(f"parties[{i}].person_uid", check.message)
        # 2024 5.6-5.7: a perpetrator is never withheld, an anonymous complainant always is
        check = withholding_check(str(party.get("role") or ""), bool(party.get("withheld")),
                                  bool(party.get("anonymous")))
        if not check.allowed:
            c.fail(f"parties[{i}].withheld", check.message)
    checklist = doc["case"].get("anonymous_checklist")  # 2024 5.7: only for an anonymous complainant
    if isinstance(checklist, dict) and any(checklist.values()):
        check = checklist_allowed(any(party.get("anonymous") for party in doc["parties"]))
        if not check.allowed:
            c.fail("case.anonymous_checklist", check.message)
    if not c.problems:
        from .exchange_v2 import check_v2

        check_v2(c.fail, doc)
    if c.problems:
        raise ExchangeValidationError(c.problems)
    return doc


def _check_references(c: _Checker, doc: dict[str, Any]) -> None:
    """Across records: uids unique, and every username, person and interview referred to is present."""
    tenancies = doc["property"]["tenancies"] if doc["property"] else []
    groups: list[tuple[str, list[dict[str, Any]], tuple[FieldSpec, ...]]] = [
        ("case", [doc["case"]], CASE_FIELDS),
        *([("property", [doc["property"]], PROPERTY_FIELDS)] if doc["property"] else []),
        ("property.tenancies", tenancies, TENANCY_FIELDS), ("people", doc["people"], PERSON_FIELDS),
        *((name, doc[name], fields) for name, (_, fields) in ALL_RECORDS.items())]
    seen: dict[str, str] = {}
    available = {"user": {u["username"] for u in doc["users"]}, "person": {p["uid"] for p in doc["people"]},
                 **{kind: {r["uid"] for r in doc[section]} for kind, section in UID_SECTIONS.items()}}
    what = {"user": "the users list", "person": "people", **UID_SECTIONS}
    used: dict[str, set[str]] = {"user": set(), "person": set(), "evidence": set()}
    for group, rows, fields in groups:
        for i, row in enumerate(rows):
            path = group if group in ("case", "property") else f"{group}[{i}]"
            if row["uid"] in seen:
                c.fail(f"{path}.uid", f"duplicate uid: {seen[row['uid']]} has the same one")
            seen.setdefault(row["uid"], path)
            for f in fields:
                value = row.get(f.name)
                if value is None or f.kind not in available:
                    continue
                if value not in available[f.kind]:
                    c.fail(f"{path}.{f.name}", f"'{value}' is not in {what[f.kind]} in this file")
                if f.kind in used and group != "evidence_custody":  # an item's own history is no use of it
                    used[f.kind].add(value)
            if group == "case_links" and row.get("linked_reference") == doc["case"].get("reference"):
                c.fail(f"{path}.linked_reference", "a case cannot be linked to itself")
    usernames: set[str] = set()
    for i, user in enumerate(doc["users"]):
        if user["username"] in usernames:
            c.fail(f"users[{i}].username", f"'{user['username']}' is listed twice")
        usernames.add(user["username"])
    used["evidence"] |= {v.get("wet_scan_evidence_uid") for v in doc["statement_versions"]} - {None}
    for kind, section, key in (("user", "users", "username"), ("person", "people", "uid"),
                               ("evidence", "evidence_items", "uid")):
        for i, row in enumerate(doc[section]):
            if row[key] not in used[kind]:
                c.fail(f"{section}[{i}]", "is not referred to anywhere in the case; leave it out")

"""The case exchange format: its fields (derived from the ORM tables) and the strict check of a file.

A file is checked completely before anything is written, and every problem is reported with the
path of the field (``case.opened_at``, ``incidents[2].starts_at``) and what is wrong with it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String

from ..domain import enums as E
from ..domain.enums import LabelledEnum, Role
from ..storage import orm
from ..storage.orm import (
    Base,
    Case,
    Person,
    Property,
    Tenancy,
)
from .errors import ValidationError

FORMAT = "asb-desktop-case"
VERSION = 1
REFERENCE_RE = re.compile(r"ASB-(\d{4})-(\d{5,})")
UID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
INT_RANGE = (-(2**31), 2**31 - 1)  # PostgreSQL INTEGER
# Kept current by derived.refresh (or by the ORM) in whatever database holds the case: not exchanged.
DERIVED = frozenset({"complainant_display", "perpetrator_display", "categories_display", "officer_display",
                     "next_due_at", "next_due_label", "last_activity_at", "updated_at"})
ENUMS: dict[tuple[str, str], type[LabelledEnum]] = {
    ("cases", "channel"): E.Channel, ("cases", "status"): E.CaseStatus, ("cases", "closure_reason"): E.ClosureReason,
    ("cases", "risk_band"): E.RiskBand, ("people", "preferred_contact_method"): E.ContactMethod,
    ("tenancies", "tenancy_type"): E.TenancyType, ("case_parties", "role"): E.PartyRole,
    ("case_parties", "third_party_kind"): E.ThirdPartyKind, ("case_links", "kind"): E.LinkKind,
    ("tasks", "kind"): E.TaskKind, ("contacts", "method"): E.ContactMethod, ("contacts", "outcome"): E.ContactOutcome,
    ("interviews", "kind"): E.InterviewKind, ("interviews", "method"): E.ContactMethod, ("notes", "kind"): E.NoteKind,
    ("risk_assessments", "band"): E.RiskBand, ("remedies", "kind"): E.RemedyKind,
    ("remedies", "status"): E.RemedyStatus, ("forum_records", "forum"): E.Forum,
}
JSON_LISTS = frozenset({("risk_assessments", "actions")})
REF_KIND = {"users": "user", "people": "person", "interviews": "interview", "cases": "case"}
REF_NAME = {"person": "person_uid", "interview": "interview_uid", "case": "linked_reference"}


@dataclass(frozen=True)
class FieldSpec:
    """One exchanged field: its JSON name, the ORM column behind it and how its value is checked."""

    name: str
    column: str
    kind: str  # text int bool date datetime object list | user person interview case (references)
    required: bool
    nullable: bool
    max_length: int | None = None
    enum: type[LabelledEnum] | None = None


def fields_of(model: type[Base], skip: Iterable[str] = ()) -> tuple[FieldSpec, ...]:
    """The exchanged fields of a table: every column but surrogate ids, versions and ``skip``."""
    table = model.__table__
    out: list[FieldSpec] = []
    for col in table.columns:
        if col.name in {"id", "case_id", "property_id", "version", *skip}:
            continue
        nullable = bool(col.nullable)
        required = col.name == "uid" or (not nullable and col.default is None and col.server_default is None)
        fk = next(iter(col.foreign_keys), None)
        if fk is not None:
            kind = REF_KIND[fk.column.table.name]
            name = REF_NAME.get(kind, col.name.removesuffix("_id"))
            out.append(FieldSpec(name, col.name, kind, required, nullable))
            continue
        typ = col.type
        if isinstance(typ, Boolean):
            kind = "bool"
        elif isinstance(typ, Integer):
            kind = "int"
        elif isinstance(typ, DateTime):
            kind = "datetime"
        elif isinstance(typ, Date):
            kind = "date"
        elif isinstance(typ, JSON):
            kind = "list" if (table.name, col.name) in JSON_LISTS else "object"
        elif isinstance(typ, String):
            kind = "text"
        else:  # pragma: no cover - a new column type must be given a JSON form here first
            raise TypeError(f"{table.name}.{col.name}: no exchange form for {typ!r}")
        length = typ.length if isinstance(typ, String) else None
        out.append(FieldSpec(col.name, col.name, kind, required, nullable, length, ENUMS.get((table.name, col.name))))
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
TOP_LEVEL = ("format", "version", "exported_at", "exported_by", "users", "categories", "case", "property",
             "people", *RECORDS)


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


WANT = {"text": "text", "int": "a whole number", "bool": "true or false", "date": "a date (YYYY-MM-DD)",
        "datetime": "a date and time (YYYY-MM-DDTHH:MM:SS)", "object": "an object", "list": "a list",
        "roles": "a list of roles", "user": "a username", "person": "a person's uid",
        "interview": "an interview's uid", "case": "a case reference"}


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


def check_value(f: FieldSpec, value: Any) -> tuple[Any, str | None]:
    """The Python value for one field, or a plain-English problem."""
    if value is None:
        return (None, None) if f.nullable else (None, "must not be empty (null)")
    kind = f.kind
    expected = {"int": int, "bool": bool, "object": dict, "list": list, "roles": list}.get(kind, str)
    if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
        return None, f"must be {WANT[kind]}, not {_type_name(value)}"
    if kind == "bool":
        return value, None
    if kind == "int":
        ok = INT_RANGE[0] <= value <= INT_RANGE[1]
        return (value, None) if ok else (None, f"{value} is too large a number to store")
    if kind in ("object", "list"):
        return value, _json_problem(value)
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
    if problem is None and (f.name == "uid" or kind in ("person", "interview")) and not UID_RE.fullmatch(value):
        problem = f"'{value}' is not a uid (a lower-case UUID such as 0b6e1c2a-5d1f-4e7a-9a53-2f0c8d5b7e11)"
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
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        raise ExchangeValidationError([("version", f"version {version!r} was written by a newer ASB Desktop; "
                                        f"this one reads version {VERSION}" if newer else
                                        f"{version!r} is not a known version of the case file format "
                                        f"(this ASB Desktop reads version {VERSION})")])
    for key in data:
        if key not in TOP_LEVEL:
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
    for name, (_, fields) in RECORDS.items():
        doc[name] = c.records(name, data.get(name), fields)
    if not c.problems:
        _check_references(c, doc)
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
        *((name, doc[name], fields) for name, (_, fields) in RECORDS.items())]
    seen: dict[str, str] = {}
    available = {"user": {u["username"] for u in doc["users"]}, "person": {p["uid"] for p in doc["people"]},
                 "interview": {r["uid"] for r in doc["interviews"]}}
    what = {"user": "the users list", "person": "people", "interview": "interviews"}
    used: dict[str, set[str]] = {"user": set(), "person": set()}
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
                if f.kind in used:
                    used[f.kind].add(value)
            if group == "case_links" and row.get("linked_reference") == doc["case"].get("reference"):
                c.fail(f"{path}.linked_reference", "a case cannot be linked to itself")
    usernames: set[str] = set()
    for i, user in enumerate(doc["users"]):
        if user["username"] in usernames:
            c.fail(f"users[{i}].username", f"'{user['username']}' is listed twice")
        usernames.add(user["username"])
    for kind, section, key in (("user", "users", "username"), ("person", "people", "uid")):
        for i, row in enumerate(doc[section]):
            if row[key] not in used[kind]:
                c.fail(f"{section}[{i}]", "is not referred to anywhere in the case; leave it out")

"""The case exchange format: exact round trips, and strict all-or-nothing imports, on both backends."""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from case_factory import ZOE, fresh_engine, minimal_case, rich_case, row_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.exchange.exchange import ExchangeService
from asb_desktop.services.exchange.exchange_format import (
    ALL_RECORDS,
    CASE_FIELDS,
    PERSON_FIELDS,
    PROPERTY_FIELDS,
    RECORDS,
    RECORDS_V2,
    TENANCY_FIELDS,
    USER_FIELDS,
    FieldSpec,
)
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import NotFound, PermissionDenied, ValidationError
from asb_desktop.storage.orm import AuditEntry, Category, ReferenceCounter, User

DOCS = Path(__file__).parents[2] / "docs" / "exchange-format.md"
HYPOTHESIS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("exported_at", "exported_by")}


@pytest.fixture
def backend(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite") else "postgresql"


@pytest.fixture
def exported(ctx: Context) -> dict[str, Any]:
    """The rich case (linked to a small one), exported: the starting point for most tests."""
    minimal_case(ctx, "ASB-2026-00001")
    rich_case(ctx, "ASB-2026-00007", linked_to="ASB-2026-00001")
    return ExchangeService(ctx).export_case("ASB-2026-00007")


@pytest.fixture
def second(backend: str, tmp_path: Path, ctx: Context) -> Iterator[Context]:
    """A second, empty database of the same backend, with the small linked case already in it."""
    with fresh_engine(backend, tmp_path) as eng:
        other = Context(eng, sign_in(eng, now=ctx.now()), tmp_path / "data2", clock=ctx.clock)
        yield other


def test_round_trip_into_a_fresh_database_is_exact(ctx: Context, exported: dict[str, Any],
                                                   second: Context) -> None:
    small = ExchangeService(ctx).export_case("ASB-2026-00001")
    target = ExchangeService(second)
    as_json = json.loads(json.dumps(exported, ensure_ascii=False))  # what a file would hold
    assert target.import_case(json.loads(json.dumps(small))) == "ASB-2026-00001"
    assert target.import_case(as_json) == "ASB-2026-00007"
    again = target.export_case("ASB-2026-00007")
    assert strip(again) == strip(exported)
    assert again["people"][0]["first_names"] + " " + again["people"][0]["surname"] == ZOE
    assert {i["started_at"] for i in again["incidents"]} >= {"2026-11-20T23:30:00", "2026-11-18T14:05:07.250000"}
    with second.session() as s:  # missing users arrive inactive with no password; new categories retired
        manager = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        assert manager is not None and not manager.active and manager.password_hash is None
        assert s.scalar(select(Category.retired).where(Category.name == "Harassment — 落書き")) is True
        assert s.get(ReferenceCounter, 2026).last == 7  # type: ignore[union-attr]
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["import", "import", "export"]


def test_export_is_audited_but_not_part_of_the_data(ctx: Context, exported: dict[str, Any]) -> None:
    assert strip(ExchangeService(ctx).export_case("ASB-2026-00007")) == strip(exported)
    assert exported["format"] == "asb-desktop-case" and exported["version"] == 2
    with ctx.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).first()
        assert entry is not None and entry.case_reference == "ASB-2026-00007"
    with pytest.raises(NotFound):
        ExchangeService(ctx).export_case("ASB-2026-99999")


def test_existing_reference_refused_or_imported_under_the_next_one(ctx: Context, exported: dict[str, Any]) -> None:
    service = ExchangeService(ctx)
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as err:
        service.import_case(exported)
    assert err.value.field == "case.reference" and "already in this database" in err.value.problem
    assert row_counts(ctx.engine) == before
    with ctx.session() as s:
        s.add(ReferenceCounter(year=2026, last=7))  # the counter says 7 is taken: the next is 8
    reference = service.import_case(exported, new_reference=True)
    assert reference == "ASB-2026-00008"
    copy_ = service.export_case(reference)
    after = row_counts(ctx.engine)
    assert after["people"] == before["people"] and after["properties"] == before["properties"]  # reused
    assert after["cases"] == before["cases"] + 1 and after["incidents"] == before["incidents"] + 3
    assert copy_["case"]["uid"] != exported["case"]["uid"]
    assert copy_["people"] == exported["people"]
    assert [n["text"] for n in copy_["notes"]] == [n["text"] for n in exported["notes"]]
    interview_note = copy_["notes"][1]
    assert interview_note["interview_uid"] == copy_["interviews"][0]["uid"] != exported["interviews"][0]["uid"]


def test_links_to_missing_cases_refused_unless_skipped(exported: dict[str, Any], second: Context) -> None:
    service = ExchangeService(second)
    before = row_counts(second.engine)
    with pytest.raises(ValidationError) as err:
        service.import_case(exported)
    assert err.value.field == "case_links[0].linked_reference" and "ASB-2026-00001" in err.value.problem
    assert row_counts(second.engine) == before
    assert service.import_case(exported, skip_missing_links=True) == "ASB-2026-00007"
    assert service.export_case("ASB-2026-00007")["case_links"] == []


def test_permissions(ctx: Context, exported: dict[str, Any], second: Context) -> None:
    nobody = Actor(ctx.actor.id + 100, "nobody", "No Body", "NB", frozenset())
    with pytest.raises(PermissionDenied):
        ExchangeService(Context(second.engine, nobody, second.data_dir, second.clock)).import_case(exported)
    with ctx.session() as s:
        s.add(User(username="sam", full_name="Sam Scheme", roles=["scheme_officer"], created_at=ctx.now()))
    with pytest.raises(PermissionDenied):  # a scheme officer of another scheme cannot see it
        ExchangeService(Context(ctx.engine, sign_in(ctx.engine, "sam"), ctx.data_dir, ctx.clock)).export_case(
            "ASB-2026-00007")


# --------------------------------------------------------------------------- malformed files
def expect_rejected(ctx: Context, data: Any, field: str, words: str = "") -> ValidationError:
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as err:
        ExchangeService(ctx).import_case(data, new_reference=True)
    assert err.value.field == field, str(err.value)
    assert words.lower() in err.value.problem.lower(), err.value.problem
    assert row_counts(ctx.engine) == before
    return err.value


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["incidents"][2].update(started_at="2026-02-30T10:00:00"), "incidents[2].started_at",
     "not a real date"),
    (lambda d: d["people"][0].update(date_of_birth="2025-02-29"), "people[0].date_of_birth", "not a real date"),
    (lambda d: d["tasks"][0].update(due_at="tomorrow"), "tasks[0].due_at", "YYYY-MM-DD"),
    (lambda d: d["tasks"][0].update(due_at="2026-11-23T10:00:00+01:00"), "tasks[0].due_at", "YYYY-MM-DD"),
    (lambda d: d["case"].update(channel="carrier pigeon"), "case.channel", "is not one of"),
    (lambda d: d["remedies"][1].update(kind="banishment"), "remedies[1].kind", "is not one of"),
    (lambda d: d["incidents"][0].pop("started_at"), "incidents[0].started_at", "missing"),
    (lambda d: d["case"].pop("uid"), "case.uid", "missing"),
    (lambda d: d["case"].update(serious="yes"), "case.serious", "true or false"),
    (lambda d: d["people"][1].update(contact_frequency_days=7.5), "people[1].contact_frequency_days", "whole number"),
    (lambda d: d["case"].update(received_at=None), "case.received_at", "must not be empty"),
    (lambda d: d["people"][0].update(postcode="X" * 13), "people[0].postcode", "at most 12"),
    (lambda d: d["notes"][0].update(text="nul\x00byte"), "notes[0].text", "NUL"),
    (lambda d: d["incidents"][1].update(uid=d["incidents"][0]["uid"]), "incidents[1].uid", "duplicate uid"),
    (lambda d: d["notes"][1].update(interview_uid=str(uuid.uuid4())), "notes[1].interview_uid", "not in interviews"),
    (lambda d: d["parties"][0].update(person_uid="not-a-uid"), "parties[0].person_uid", "is not a uid"),
    (lambda d: d["tasks"][1].update(assigned_to="ghost"), "tasks[1].assigned_to", "not in the users list"),
    (lambda d: d["case"].update(colour="red"), "case.colour", "not a field"),
    (lambda d: d.update(format="something-else"), "format", "not an ASB Desktop case file"),
    (lambda d: d.update(version=3), "version", "newer"),
    (lambda d: d.update(version=1), "evidence_items", "not a part of version 1"),
    (lambda d: d.update(version="1"), "version", "not a known version"),
    (lambda d: d.update(incidents={}), "incidents", "must be a list"),
    (lambda d: d["risk_assessments"][0].update(answers=[1, 2]), "risk_assessments[0].answers", "an object"),
    (lambda d: d["risk_assessments"][0].update(answers={"x": float("nan")}), "risk_assessments[0].answers",
     "not finite"),
    (lambda d: d["users"].append(dict(d["users"][0])), "users[3].username", "listed twice"),
    (lambda d: d["users"][1].update(roles=["king"]), "users[1].roles", "not one of"),
    (lambda d: d["categories"].append(7), "categories[2]", "must be text"),
    (lambda d: d["case_links"][0].update(linked_reference="ASB-2026-00007"), "case_links[0].linked_reference",
     "itself"),
])
def test_malformed_files_are_rejected_naming_the_field(ctx: Context, exported: dict[str, Any], change: Any,
                                                       field: str, words: str) -> None:
    data = copy.deepcopy(exported)
    change(data)
    expect_rejected(ctx, data, field, words)


def test_every_problem_is_listed(ctx: Context, exported: dict[str, Any]) -> None:
    data = copy.deepcopy(exported)
    data["incidents"][2]["started_at"] = "2026-02-30T10:00:00"
    data["case"]["status"] = "pending"
    err = expect_rejected(ctx, data, "case.status")
    assert [p[0] for p in err.problems] == ["case.status", "incidents[2].started_at"]  # type: ignore[attr-defined]
    assert "1 more problem" in str(err)


def leaf_paths(data: dict[str, Any]) -> list[tuple[str, list[Any], FieldSpec]]:
    """(path, key path, spec) for every field of every record in an exported file."""
    out = []
    groups: list[tuple[str, list[Any], tuple[FieldSpec, ...]]] = [
        ("case", ["case"], CASE_FIELDS), ("property", ["property"], PROPERTY_FIELDS)]
    groups += [(f"property.tenancies[{i}]", ["property", "tenancies", i], TENANCY_FIELDS)
               for i in range(len(data["property"]["tenancies"]))]
    for section, fields in (("users", USER_FIELDS), ("people", PERSON_FIELDS),
                            *((name, spec) for name, (_, spec) in RECORDS.items())):
        groups += [(f"{section}[{i}]", [section, i], fields) for i in range(len(data[section]))]
    for path, keys, fields in groups:
        out += [(f"{path}.{f.name}", [*keys, f.name], f) for f in fields]
    return out


def wrong_values(f: FieldSpec) -> st.SearchStrategy[Any]:
    """Values that can never be valid for this field."""
    others = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.lists(st.integers(), max_size=2),
                       st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.text(max_size=5))
    kinds = {"text": str, "user": str, "person": str, "interview": str, "case": str, "date": str, "datetime": str,
             "int": int, "bool": bool, "object": dict, "list": list, "roles": list}
    wanted = kinds[f.kind]
    wrong = others.filter(lambda v: not isinstance(v, wanted) or (wanted is int and isinstance(v, bool)))
    if f.kind == "date":
        return st.one_of(wrong, st.sampled_from(["2026-02-30", "2025-13-01", "2026-04-31", "26-1-1", "0000-01-01"]))
    if f.kind == "datetime":
        return st.one_of(wrong, st.sampled_from(["2026-02-30T10:00:00", "2026-11-23T25:00:00",
                                                 "2026-11-23T10:61", "2026-11-23 10:00", "2026-11-23"]))
    if f.enum is not None:
        return st.one_of(wrong, st.text(min_size=1, max_size=12).filter(lambda v: v not in f.enum._value2member_map_))
    if f.name == "uid" or f.kind in ("person", "interview"):
        return st.one_of(wrong, st.text(max_size=10))
    return wrong


@HYPOTHESIS
@given(data=st.data())
def test_any_single_broken_field_is_rejected_and_nothing_is_written(ctx: Context, exported: dict[str, Any],
                                                                     data: st.DataObject) -> None:
    path, keys, spec = data.draw(st.sampled_from(leaf_paths(exported)), label="field")
    doc = copy.deepcopy(exported)
    parent = doc
    for key in keys[:-1]:
        parent = parent[key]
    if spec.required and data.draw(st.booleans(), label="delete"):
        del parent[keys[-1]]
        expect_rejected(ctx, doc, path, "missing")
        return
    parent[keys[-1]] = data.draw(wrong_values(spec), label="value")
    expect_rejected(ctx, doc, path)


@HYPOTHESIS
@given(data=st.data())
def test_deleting_optional_fields_still_imports(ctx: Context, exported: dict[str, Any], data: st.DataObject) -> None:
    optional = [p for p in leaf_paths(exported) if not p[2].required and p[0].startswith(("incidents", "case."))]
    chosen = data.draw(st.lists(st.sampled_from(optional), max_size=4, unique_by=lambda p: p[0]))
    doc = copy.deepcopy(exported)
    for _, keys, _spec in chosen:
        parent = doc
        for key in keys[:-1]:
            parent = parent[key]
        parent.pop(keys[-1])
    reference = ExchangeService(ctx).import_case(renew_uids(doc), new_reference=True)
    assert re.fullmatch(r"ASB-2026-\d{5}", reference)


NAME = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200)


def renew_uids(doc: dict[str, Any]) -> dict[str, Any]:
    """The same file with every uid replaced (consistently), as if its records were new."""
    text = json.dumps(doc)
    for old in set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text)):
        text = text.replace(old, str(uuid.uuid4()))
    return json.loads(text)


@HYPOTHESIS
@given(first=NAME, surname=NAME, note=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")))
def test_any_unicode_text_survives_exactly(ctx: Context, exported: dict[str, Any], first: str, surname: str,
                                           note: str) -> None:
    doc = renew_uids(exported)
    doc["people"][0].update(first_names=first, surname=surname)
    doc["notes"][0]["text"] = note
    doc["interviews"][0]["points"] = {first: surname, "nested": [note]}
    service = ExchangeService(ctx)
    back = service.export_case(service.import_case(json.loads(json.dumps(doc)), new_reference=True))
    assert (back["people"][0]["first_names"], back["people"][0]["surname"]) == (first, surname)
    assert back["notes"][0]["text"] == note
    assert back["interviews"][0]["points"] == {first: surname, "nested": [note]}


def documented_fields() -> dict[str, set[str]]:
    """Section (``case``, ``people``, ``property.tenancies`` ...) → the fields its table lists."""
    out: dict[str, set[str]] = {}
    section = ""
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `([a-z_.]+)(?:\[\])?`", line)
        if heading:
            section = heading.group(1)
            out[section] = set()
        elif line.startswith("#"):
            section = ""
        elif section and (cell := re.match(r"^\| `([a-z0-9_]+)`", line)):
            out[section].add(cell.group(1))
    return out


def test_every_field_is_documented() -> None:
    """A schema change must reach docs/exchange-format.md (and perhaps a new format version)."""
    documented = documented_fields()
    specs = {"case": CASE_FIELDS, "people": PERSON_FIELDS, "property": PROPERTY_FIELDS,
             "property.tenancies": TENANCY_FIELDS, "users": USER_FIELDS,
             **{name: spec for name, (_, spec) in ALL_RECORDS.items()}}
    for section, spec in specs.items():
        assert {f.name for f in spec} - documented.get(section, set()) == set(), section
        assert documented[section] - {f.name for f in spec} == set(), section  # nothing documented that is not


def test_version_1_files_are_still_read(ctx: Context, exported: dict[str, Any], second: Context) -> None:
    """A file written before version 2 (no evidence, statements, documents, notices or bundles)."""
    v1 = {k: v for k, v in exported.items() if k not in RECORDS_V2}
    v1["version"] = 1
    v1["case_links"] = []
    service = ExchangeService(second)
    assert service.import_case(copy.deepcopy(v1)) == "ASB-2026-00007"
    again = service.export_case("ASB-2026-00007")
    assert again["version"] == 2 and all(again[name] == [] for name in RECORDS_V2)
    assert strip({k: v for k, v in again.items() if k not in RECORDS_V2 and k != "version"}) == \
        strip({k: v for k, v in v1.items() if k != "version"})


def test_the_documented_example_imports(ctx: Context) -> None:
    example = re.search(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert example is not None
    service = ExchangeService(ctx)
    reference = service.import_case(json.loads(example.group(1)))
    back = service.export_case(reference)
    assert back["incidents"][0]["ended_at"] == "2026-11-21T01:15:00"
    assert back["notes"][0]["interview_uid"] == back["interviews"][0]["uid"]

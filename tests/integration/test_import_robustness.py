"""Every importer refuses bad input plainly and writes nothing: a new report (`asb case new`), a case
file (`asb case import`, JSON or zip) and a filled diary sheet (`asb diary import`).

The named holes first (each as an officer would hit it on the command line: exit 2, the field named,
no "unexpected error", no SQL or case data echoed, no row or data-folder file changed), then one
hypothesis fuzz test per importer. ``ASB_FUZZ_EXAMPLES`` sets how many examples each fuzz test tries
(a few hundred by default, so the normal run stays quick; the nightly run uses 10000, see
docs/design.md "Fuzzing the importers"). SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from case_factory import minimal_case, rich_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from asb_desktop.cli import main
from asb_desktop.evidence.diary_sheet import fill_sheet
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.exchange import exchange_files as xfiles
from asb_desktop.services.exchange.exchange import ExchangeService
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import ASBError, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import Base

FUZZ_EXAMPLES = int(os.environ.get("ASB_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=not os.environ.get("ASB_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])
REF = "ASB-2026-00007"
BASE_REPORT: dict[str, Any] = {
    "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"], "summary": "Loud music",
    "serious": False, "parties": [
        {"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee", "phone": "0113 496 0000",
                                           "date_of_birth": "1980-02-29", "contact_frequency_days": 7}},
        {"role": "alleged_perpetrator", "person": {"first_names": "Bob", "surname": "Marsh"}}],
    "incidents": [{"started_at": "2026-11-19 23:30", "ended_at": "2026-11-20 01:00", "description": "Bass",
                   "feels_targeted": True, "location": "Bedroom"}],
    "property": {"address": "4 Mill Lane", "postcode": "LS1 1AA", "tenancy_type": "assured"},
    "triage": {}, "anonymous_checklist": {},
}
# Words that must never reach an officer's terminal from a refused import.
LEAKS = ("unexpected", "Traceback", "INSERT INTO", "SELECT ", "UPDATE ", "sqlalchemy", "psycopg", "[SQL:")


# ------------------------------------------------------------------------------------------ helpers
def files_in(folder: Path) -> dict[str, int]:
    """Every file in the data folder but the log (relative path → size)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*"))
            if p.is_file() and "logs" not in p.relative_to(folder).parts}


def counts(engine: Engine) -> tuple[int, ...]:
    """Every table's row count in one round trip (``row_counts`` asks table by table)."""
    tables = Base.metadata.sorted_tables
    with engine.connect() as conn:
        return tuple(conn.execute(select(*(select(func.count()).select_from(t).scalar_subquery()
                                           for t in tables))).one())


def state(ctx: Context) -> tuple[tuple[int, ...], dict[str, int]]:
    return counts(ctx.engine), files_in(ctx.data_dir)


def refused_or_done(ctx: Context, attempt: Callable[[], Any]) -> bool:
    """Run an import: it either succeeds or is refused with one of the app's plain errors, and a refusal
    leaves every table and the data folder exactly as they were. True when it was refused."""
    before = state(ctx)
    try:
        attempt()
    except ASBError as exc:
        assert str(exc).strip(), "a refusal must say why"
        assert not any(word in str(exc) for word in LEAKS[:2]), str(exc)
        assert state(ctx) == before, f"refused ({exc}) but something was written"
        return True
    return False


@pytest.fixture
def asb(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


@pytest.fixture
def cli_ctx(asb: Callable[..., tuple[int, str, str]], engine: Any, tmp_path: Path) -> Context:
    """The context of the data folder the `asb` fixture uses, with the rich case in it."""
    assert asb("cases")[0] == 0  # creates the single user
    ctx = Context(engine, sign_in(engine), tmp_path / "data")
    rich_case(ctx, REF)
    return ctx


def refused_plainly(ctx: Context, asb: Callable[..., tuple[int, str, str]], args: list[str],
                    field: str) -> str:
    before = state(ctx)
    code, out, err = asb(*args)
    assert code == 2, (code, out, err)
    assert err.startswith("asb: error: ") and field in err, err
    assert not any(word in out + err for word in LEAKS), err
    assert state(ctx) == before
    return err


def write_json(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# ------------------------------------------------------------------------- asb case new REPORT.json
@pytest.mark.parametrize(("change", "field"), [
    ({"summary": 5}, "summary: must be text"),
    ({"serious": "yes"}, "serious: must be true or false"),
    ({"incidents": [{"started_at": "2026-11-19 23:30", "feels_targeted": "no"}]},
     "incidents[0].feels_targeted: must be true or false"),
    ({"categories": "Noise"}, "categories: must be a list"),
    ({"categories": [5]}, "categories: item 1 must be text"),
    ({"triage": {"urgent": "maybe"}}, "triage: 'urgent' must be true or false"),
    ({"parties": {"role": "complainant"}}, "parties: must be a list"),
    ({"parties": [{"role": "complainant", "person": "Ann"}]}, "parties[0].person: must be a JSON object"),
    ({"parties": [{"role": "complainant", "person": {"surname": "Lee", "contact_frequency_days": "7"}}]},
     "parties[0].person.contact_frequency_days: must be a whole number"),
    ({"property": {"address": 4}}, "property.address: must be text"),
    ({"received_at": "2026-11-20T10:00:00+01:00", "serious": 1}, "serious: must be true or false"),
    ({"summary": "Loud\x00music"}, "summary: contains a NUL character"),
    ({"categories": ["Noise\x00"]}, "categories: contains a NUL character"),
    ({"police_reference": "x" * 61}, "police_reference: is 61 characters long; it may be at most 60"),
    ({"parties": [{"role": "complainant", "person": {"surname": "L" * 5000}}]},
     "parties[0].person.surname: is 5000 characters long"),
    ({"received_at": "0001-01-01T00:00:00+14:00"}, "received_at: '0001-01-01T00:00:00+14:00' is not a usable"),
    ({"property": []}, "property: must be a JSON object"),
    ({"summary": "Loud \ud83d music"}, "summary: contains characters that are not valid Unicode"),
])
def test_case_new_refuses_wrong_types_naming_the_field(cli_ctx: Context, asb: Any, tmp_path: Path,
                                                       change: dict[str, Any], field: str) -> None:
    report = write_json(tmp_path / "report.json", BASE_REPORT | change)
    refused_plainly(cli_ctx, asb, ["case", "new", report], field)


def test_case_new_refuses_deep_and_huge_json(cli_ctx: Context, asb: Any, tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text(deep(100_000), encoding="utf-8")
    refused_plainly(cli_ctx, asb, ["case", "new", str(tmp_path / "deep.json")], "nested too deeply")
    (tmp_path / "big.json").write_text('{"summary": ' + "9" * 5000 + "}", encoding="utf-8")
    refused_plainly(cli_ctx, asb, ["case", "new", str(tmp_path / "big.json")], "big.json")


def test_case_new_still_logs_a_good_report(cli_ctx: Context, asb: Any, tmp_path: Path) -> None:
    code, out, err = asb("case", "new", write_json(tmp_path / "report.json", BASE_REPORT))
    assert code == 0 and out.startswith("Logged ASB-2026-"), err


# ------------------------------------------------------------------------------- asb case import
@pytest.fixture
def case_zip(cli_ctx: Context, tmp_path: Path) -> Path:
    return ExchangeService(cli_ctx).export_to_file(REF, tmp_path / "case.zip").path


def _rezip(src: Path, dest: Path, case_json: bytes) -> Path:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, case_json if info.filename == xfiles.CASE_JSON else old.read(info))
    return dest


def test_case_import_refuses_a_corrupt_zip(cli_ctx: Context, asb: Any, case_zip: Path, tmp_path: Path) -> None:
    raw = bytearray(case_zip.read_bytes())
    broken = tmp_path / "broken.zip"
    # damage the compressed case.json, keep the directory: a zip that opens but cannot be read
    start = raw.index(b"case.json") + len(b"case.json")
    raw[start + 40:start + 200] = bytes(160)
    broken.write_bytes(bytes(raw))
    refused_plainly(cli_ctx, asb, ["case", "import", str(broken), "--new-reference"], "case.json")
    broken.write_bytes(bytes(raw[: len(raw) // 2]))  # cut short: no zip directory at all
    refused_plainly(cli_ctx, asb, ["case", "import", str(broken), "--new-reference"], "broken.zip")


def test_case_import_refuses_deep_json(cli_ctx: Context, asb: Any, case_zip: Path, tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text(deep(100_000), encoding="utf-8")
    refused_plainly(cli_ctx, asb, ["case", "import", str(tmp_path / "deep.json"), "--new-reference"],
                    "nested too deeply")
    nested = _rezip(case_zip, tmp_path / "deep.zip", deep(100_000).encode())
    refused_plainly(cli_ctx, asb, ["case", "import", str(nested), "--new-reference"], "case.json")


def test_case_import_refuses_an_oversized_case_json_from_the_zip_directory(
        cli_ctx: Context, asb: Any, case_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small zip that expands to a huge case.json is refused from its directory entry, unread."""
    monkeypatch.setattr(xfiles, "MAX_CASE_JSON", 64 * 1024)
    data = json.loads(zipfile.ZipFile(case_zip).read(xfiles.CASE_JSON))
    data["notes"][0]["text"] = " " * (512 * 1024)  # compresses to almost nothing
    bomb = _rezip(case_zip, tmp_path / "bomb.zip", json.dumps(data).encode())
    assert bomb.stat().st_size < 64 * 1024

    def never_read(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("case.json was read before its size was checked")

    monkeypatch.setattr(zipfile.ZipFile, "read", never_read)
    err = refused_plainly(cli_ctx, asb, ["case", "import", str(bomb), "--new-reference"], "case.json")
    assert "larger than" in err
    (tmp_path / "big.json").write_text(json.dumps(data), encoding="utf-8")
    refused_plainly(cli_ctx, asb, ["case", "import", str(tmp_path / "big.json"), "--new-reference"], "larger than")


def test_case_import_refuses_a_zip_that_lies_about_its_size(case_zip: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading stops at the cap even if the directory understates the size."""
    monkeypatch.setattr(xfiles, "MAX_CASE_JSON", 1024)
    archive = xfiles.CaseZip.__new__(xfiles.CaseZip)
    archive.zf = zipfile.ZipFile(io.BytesIO(_rezip(case_zip, tmp_path / "x.zip", b" " * 4096).read_bytes()))
    with pytest.raises(ValidationError, match="larger than"):
        archive.data()


# ------------------------------------------------------------------------------- asb diary import
@pytest.fixture
def filled_sheet(cli_ctx: Context, tmp_path: Path) -> Path:
    blank = Services(cli_ctx).diary.blank_sheet(REF, tmp_path / "blank.pdf")
    return fill_sheet(blank, tmp_path / "filled.pdf", {1: {"date": "20/11/2026", "started": "23:30",
                                                           "what_happened": "Bass through the wall"}})


def test_diary_import_refuses_a_malformed_pdf(cli_ctx: Context, asb: Any, filled_sheet: Path,
                                              tmp_path: Path) -> None:
    raw = filled_sheet.read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(raw[:200])
    refused_plainly(cli_ctx, asb, ["diary", "import", REF, str(bad)], "bad.pdf")
    bad.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    refused_plainly(cli_ctx, asb, ["diary", "import", REF, str(bad)], "bad.pdf")


def test_diary_import_refused_stores_nothing(cli_ctx: Context, asb: Any, filled_sheet: Path,
                                             tmp_path: Path) -> None:
    """The PDF is stored as evidence only when the import goes ahead."""
    refused_plainly(cli_ctx, asb, ["diary", "import", REF, str(filled_sheet), "--person", "no-such-person"],
                    "witness")
    other = minimal_case(cli_ctx, "ASB-2026-00001")
    refused_plainly(cli_ctx, asb, ["diary", "import", other, str(filled_sheet)], "not ASB-2026-00001")
    code, out, err = asb("diary", "import", REF, str(filled_sheet))
    assert code == 0 and "Imported 1 diary entries" in out, err
    refused_plainly(cli_ctx, asb, ["diary", "import", REF, str(filled_sheet)], "imported already")


# ------------------------------------------------------------------------------------------- fuzzing
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.sampled_from(["", "2026-11-20 10:00", "2026-02-30", "telephone", "complainant", "\x00", "\ud800", "9" * 400,
                       "x" * 5000, "2026-11-20T10:00:00+05:00", "9999-12-31 23:59"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)


def paths_of(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a JSON document (the root included)."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths_of(value, (*prefix, i))


def mutate(doc: Any, data: st.DataObject, known_keys: list[str]) -> Any:
    """Replace, delete or add one node anywhere in ``doc`` (a copy); up to three times."""
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = list(paths_of(doc))
        path = data.draw(st.sampled_from(paths), label="path")
        value = data.draw(JSON_VALUES, label="value")
        if not path:
            doc = value
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "add"]), label="action")
        if action == "replace":
            parent[path[-1]] = value
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(known_keys) | st.text(max_size=6), label="key")] = value
        else:
            parent.append(value)
    return doc


REPORT_KEYS = sorted({*BASE_REPORT, *(f for f in ReportInput.__dataclass_fields__), "person", "first_names",
                      "surname", "started_at", "ended_at", "feels_targeted", "role", "address", "tenancy_start"})


@FUZZ
@given(data=st.data())
def test_fuzz_new_report(ctx: Context, data: st.DataObject) -> None:
    doc = mutate(BASE_REPORT, data, REPORT_KEYS)
    refused_or_done(ctx, lambda: Services(ctx).cases.report(ReportInput.from_dict(doc)))


@pytest.fixture
def exported(ctx: Context) -> dict[str, Any]:
    minimal_case(ctx, "ASB-2026-00001")
    rich_case(ctx, REF, linked_to="ASB-2026-00001")
    return ExchangeService(ctx).export_case(REF)


@FUZZ
@given(data=st.data())
def test_fuzz_case_file_json(ctx: Context, exported: dict[str, Any], data: st.DataObject) -> None:
    keys = sorted({k for p in paths_of(exported) for k in p if isinstance(k, str)})
    doc = mutate(exported, data, keys)
    refused_or_done(ctx, lambda: ExchangeService(ctx).import_case(doc, new_reference=True))


GOOD_ZIPS: dict[str, bytes] = {}


@FUZZ
@given(data=st.data())
def test_fuzz_case_file_zip_bytes(ctx: Context, exported: dict[str, Any], tmp_path_factory: pytest.TempPathFactory,
                                  data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("zips")
    key = str(ctx.engine.url)
    if key not in GOOD_ZIPS:  # exported once per database, not once per example
        GOOD_ZIPS[key] = ExchangeService(ctx).export_to_file(REF, folder / "good.zip").path.read_bytes()
    raw = bytearray(GOOD_ZIPS[key])
    for _ in range(data.draw(st.integers(1, 6), label="changes")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        how = data.draw(st.sampled_from(["byte", "cut", "zeros"]), label="how")
        if how == "byte":
            raw[at] = data.draw(st.integers(0, 255), label="byte")
        elif how == "cut":
            raw = raw[:max(at, 1)]
        else:
            raw[at:at + 64] = bytes(len(raw[at:at + 64]))
    path = folder / "mutated.zip"
    path.write_bytes(bytes(raw))
    refused_or_done(ctx, lambda: ExchangeService(ctx).import_file(path, new_reference=True))


@pytest.fixture
def blank_sheet(ctx: Context, tmp_path: Path) -> Path:
    rich_case(ctx, REF)
    return Services(ctx).diary.blank_sheet(REF, tmp_path / "blank.pdf")


ROW_TEXT = st.one_of(st.text(max_size=20), st.sampled_from(["20/11/2026", "31/02/2026", "23:30", "7pm", "25:00",
                                                            "11", "-1", "10", "x" * 3000, "01/01/1900"]))


@FUZZ
@given(data=st.data())
def test_fuzz_diary_sheet(ctx: Context, blank_sheet: Path, tmp_path_factory: pytest.TempPathFactory,
                          data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("sheets")
    columns = ["date", "started", "stopped", "what_happened", "place", "effect", "severity", "who_involved",
               "witnesses"]
    rows = data.draw(st.dictionaries(st.integers(1, 24), st.dictionaries(st.sampled_from(columns), ROW_TEXT,
                                                                         max_size=4), max_size=3), label="rows")
    try:
        sheet = fill_sheet(blank_sheet, folder / "filled.pdf", rows)
    except ValueError:  # text a PDF string cannot hold (e.g. a lone surrogate): not a sheet anyone could send
        return
    if data.draw(st.booleans(), label="damage"):
        raw = bytearray(sheet.read_bytes())
        for _ in range(data.draw(st.integers(1, 8), label="changes")):
            at = data.draw(st.integers(0, len(raw) - 1), label="at")
            raw[at] = data.draw(st.integers(0, 255), label="byte")
        if data.draw(st.booleans(), label="cut"):
            raw = raw[: data.draw(st.integers(1, len(raw)), label="length")]
        sheet.write_bytes(bytes(raw))
    refused_or_done(ctx, lambda: Services(ctx).diary.import_sheet(REF, sheet))

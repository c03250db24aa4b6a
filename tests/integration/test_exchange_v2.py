"""Version 2 of the case file: evidence (with the files), exhibits, diary entries, statements, generated
documents, notices and bundles round-trip exactly between SQLite and PostgreSQL, through a zip; bad
zips and missing files are refused with nothing written."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import sys
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from case_factory import ZOE, fresh_engine, rich_case, row_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import select
from support.postgres import postgres_url_or_skip

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evidence"))

from media_factory import tone, write_audio, write_pdf, write_photo  # noqa: E402

from asb_desktop.cli import main  # noqa: E402
from asb_desktop.domain.enums import Role  # noqa: E402
from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.admin.users import sign_in  # noqa: E402
from asb_desktop.services.exchange.exchange import ExchangeService  # noqa: E402
from asb_desktop.services.exchange.exchange_format import RECORDS_V2  # noqa: E402
from asb_desktop.services.kernel.access import Actor  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.services.kernel.errors import ASBError, ValidationError  # noqa: E402
from asb_desktop.storage.orm import AuditEntry, Person, Setting, User  # noqa: E402
from asb_desktop.storage.orm_documents import GeneratedDocument  # noqa: E402
from asb_desktop.storage.orm_evidence import CustodyEvent  # noqa: E402

REF = "ASB-2026-00007"
V2_TABLES = ("evidence_items", "evidence_links", "evidence_custody", "exhibits", "diary_entries", "statements",
             "statement_versions", "preflight_waivers", "statement_review_requests", "generated_documents",
             "notice_approvals", "notices", "bundle_files", "bundle_versions")


def strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("exported_at", "exported_by")}


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 40), (255, 255, 255)).save(buf, "PNG")
    return buf.getvalue()


def _manager(ctx: Context) -> Services:
    with ctx.session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        assert u is not None
        actor = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    return Services(Context(ctx.engine, actor, ctx.data_dir, clock=ctx.clock))


def build_case(ctx: Context, tmp: Path) -> str:
    """The rich case, plus one of everything version 2 carries, made through the services."""
    rich_case(ctx, REF)
    with ctx.session() as s:
        s.merge(Setting(key="organisation_name", value={"v": "Riverside Homes Ltd"}))
        zoe = s.scalar(select(Person.uid).where(Person.first_names == "Zoë"))
    svc = Services(ctx)
    wav = write_audio(tmp / "src" / "noise.wav", tone(1.5))
    png = write_photo(tmp / "src" / "door.png", datetime(2026, 11, 19, 22, 10), fmt="PNG")
    added = svc.evidence.add_files(REF, [wav, png], source="complainant", description="Noise and door")
    uids = {i.original_name: i.uid for i in added.stored}
    svc.diary.add_entries(REF, [{"date": "2026-11-19", "started": "22:00", "stopped": "22:40",
                                          "what_happened": "Music through the wall — «again»", "severity": "4"}],
                                   person_id=zoe)
    st = svc.statements
    n = st.draft(REF, ZOE, evidence=[uids["door.png"]], court="In the County Court at Central London",
                 claim_number="K00EC123").number
    paragraphs = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in st.get(REF, n).paragraphs]
    st.edit(REF, n, [*paragraphs, "I produce my diary sheet."], note="filled in")  # unmarked: waived below
    asked = svc.signing.request_change(REF, n, 1, "Please spell my surname with the accent.")
    svc.signing.resolve_request(REF, n, asked, "declined", "The surname is already spelt with the accent.")
    for finding in svc.signing.check(REF, n):
        svc.signing.waive(REF, n, finding.key, "Accepted by the solicitor for this hearing.")
    svc.signing.finalise(REF, n)
    svc.signing.sign(REF, n, signature_png=_png())
    svc.documents.letter(REF, "warning_letter", "pdf")
    svc.documents.peia(REF, "pdf")
    _manager(ctx).notices.approve(REF, "s83_ground2", "Proportionate: see Appendix 2")
    svc.notices.pack(REF, "s83_ground2")
    svc.notices.served(REF, 1, "first_class_post", datetime(2026, 11, 20, 10, 0), "Sam Server")
    svc.bundles.add(REF, [write_pdf(tmp / "src" / "claim.pdf", text="Claim form")], section="Statements of case",
                    title="Claim form")
    svc.bundles.build(REF, "possession", tmp / "bundle.pdf", ocr=False)
    return REF


@pytest.fixture(autouse=True)
def other_backend_available(request: pytest.FixtureRequest, db_url: str) -> None:
    """A test on SQLite that needs the other back end is skipped without PostgreSQL before the case is built."""
    if "other" in request.fixturenames and db_url.startswith("sqlite"):
        postgres_url_or_skip()


@pytest.fixture
def built(ctx: Context, tmp_path: Path) -> str:
    return build_case(ctx, tmp_path)


@pytest.fixture
def other(db_url: str, tmp_path: Path, ctx: Context) -> Iterator[Context]:
    """An empty database of the OTHER back end (SQLite ↔ PostgreSQL), with its own data folder."""
    backend = "postgresql" if db_url.startswith("sqlite") else "sqlite"
    with fresh_engine(backend, tmp_path, "other") as eng:
        yield Context(eng, sign_in(eng, now=ctx.now()), tmp_path / "data-other", clock=ctx.clock)


def zip_contents(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        data = json.loads(zf.read("case.json"))
        files = {n.removeprefix("files/"): zf.read(n) for n in zf.namelist() if n.startswith("files/")}
    return data, files


def rewrite_zip(src: Path, dest: Path, data: dict[str, Any] | None = None, change: str | None = None,
                extra: dict[str, bytes] | None = None, drop: str | None = None) -> Path:
    """A copy of a case zip with case.json replaced, one file's bytes changed, a member added or left out."""
    old, files = zip_contents(src)
    with zipfile.ZipFile(dest, "w") as zf:
        zf.writestr("case.json", json.dumps(data if data is not None else old))
        for sha, body in files.items():
            if sha != drop:
                zf.writestr(f"files/{sha}", body + b"!" if sha == change else body)
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return dest


def v2_counts(ctx: Context) -> dict[str, int]:
    counts = row_counts(ctx.engine)
    return {t: counts[t] for t in (*V2_TABLES, "cases", "people")}


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_whole_case_round_trips_through_a_zip_between_backends(ctx: Context, built: str, other: Context,
                                                              tmp_path: Path) -> None:
    first = tmp_path / "first.zip"
    result = ExchangeService(ctx).export_to_file(built, first)
    data, files = zip_contents(first)
    assert data["version"] == 2 and result.files == len(files) == result.referenced
    assert {e["original_name"] for e in data["evidence_items"]} >= {"noise.wav", "door.png"}
    assert [x["mark"] for x in data["exhibits"]] == ["ZÓ1"]
    assert data["diary_entries"][0]["what_happened"] == "Music through the wall — «again»"
    version = data["statement_versions"][-1]
    assert version["locked"] and version["signature_kind"] == "drawn" and version["pdf_sha256"] in files
    assert data["preflight_waivers"] and data["statement_review_requests"]
    assert {d["kind"] for d in data["generated_documents"]} >= {"letter_warning_letter", "witness_statement"}
    assert data["notices"][0]["served_by"] == "Sam Server" and len(data["notices"][0]["files"]) == 5
    assert data["bundle_files"][0]["title"] == "Claim form" and data["bundle_versions"][0]["version"] == 1
    for sha, body in files.items():  # every carried file is the file its hash names
        assert hashlib.sha256(body).hexdigest() == sha
    target = ExchangeService(other)
    imported = target.import_file(first)
    # The signed statement PDF is a generated document and (with its signing record) an evidence item:
    # carried once, written to both places.
    both = {d["sha256"] for d in data["generated_documents"]} & {e["sha256"] for e in data["evidence_items"]}
    assert version["pdf_sha256"] in both
    assert imported.reference == built and imported.files_written == len(files) + len(both) and imported.missing == []
    second = tmp_path / "second.zip"
    target.export_to_file(built, second)
    again, again_files = zip_contents(second)
    assert strip(again) == strip(data)
    assert again_files == files
    report = Services(other).evidence.verify()
    assert (report.missing, report.altered, report.orphaned) == ([], [], [])
    statement = Services(other).statements.get(built, 1)
    assert statement.pdf_sha256 == version["pdf_sha256"] and statement.status == "signed"
    with other.session() as s:
        doc = s.scalar(select(GeneratedDocument).where(GeneratedDocument.kind == "witness_statement"))
        assert doc is not None
        assert hashlib.sha256((other.data_dir / doc.path).read_bytes()).hexdigest() == doc.sha256
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[0] == "import" and "export" in actions
    with ctx.session() as s:  # the zip export is in each item's chain of custody where it was made
        exports = s.scalars(select(CustodyEvent).where(CustodyEvent.action == "export")).all()
        assert len(exports) == len(data["evidence_items"])


def test_tampered_file_in_the_zip_refuses_the_whole_import(ctx: Context, built: str, other: Context,
                                                           tmp_path: Path) -> None:
    good = ExchangeService(ctx).export_to_file(built, tmp_path / "good.zip").path
    data, files = zip_contents(good)
    wav = next(e["sha256"] for e in data["evidence_items"] if e["original_name"] == "noise.wav")
    bad = rewrite_zip(good, tmp_path / "bad.zip", change=wav)
    before = v2_counts(other)
    with pytest.raises(ValidationError) as err:
        ExchangeService(other).import_file(bad)
    assert err.value.field == f"files/{wav}" and "does not match its SHA-256" in err.value.problem
    assert v2_counts(other) == before
    assert files_under(other.data_dir) == []  # nothing stored, no staging left behind


def test_missing_files_are_refused_unless_skipped(ctx: Context, built: str, other: Context, tmp_path: Path) -> None:
    json_only = ExchangeService(ctx).export_to_file(built, tmp_path / "case.json")
    assert json_only.files == 0 and json_only.referenced > 0
    data = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    target = ExchangeService(other)
    before = v2_counts(other)
    with pytest.raises(ValidationError) as err:
        target.import_file(tmp_path / "case.json")
    assert err.value.field == "evidence_items[0].sha256" and data["evidence_items"][0]["sha256"] in err.value.problem
    assert "neither in the case file's zip nor already stored" in err.value.problem
    assert v2_counts(other) == before
    wav = data["evidence_items"][0]["sha256"]
    partial = rewrite_zip(ExchangeService(ctx).export_to_file(built, tmp_path / "all.zip").path,
                          tmp_path / "partial.zip", drop=wav)
    with pytest.raises(ValidationError) as err:
        target.import_file(partial)
    assert err.value.field == "evidence_items[0].sha256" and wav in err.value.problem
    assert v2_counts(other) == before and files_under(other.data_dir) == []
    result = target.import_file(partial, skip_missing_files=True)
    assert [m.split(":")[0] for m in result.missing] == ["evidence_items[0].sha256"]
    report = Services(other).evidence.verify()
    assert report.missing == [f"{wav} ({data['evidence_items'][0]['original_name']})"]


def test_json_only_copy_in_the_same_database_takes_files_already_here(ctx: Context, built: str,
                                                                      tmp_path: Path) -> None:
    ExchangeService(ctx).export_to_file(built, tmp_path / "case.json")
    result = ExchangeService(ctx).import_file(tmp_path / "case.json", new_reference=True)
    assert result.reference != built and result.missing == [] and result.files_written > 0
    copy_ = ExchangeService(ctx).export_case(result.reference)
    original = ExchangeService(ctx).export_case(built)
    def without_uid(items: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in i.items() if k != "uid"} for i in items]

    # the copy's own items (new uids, as these are taken here) over the same stored files
    assert without_uid(copy_["evidence_items"]) == without_uid(original["evidence_items"])
    assert not {i["uid"] for i in copy_["evidence_items"]} & {i["uid"] for i in original["evidence_items"]}
    assert [x["mark"] for x in copy_["exhibits"]] == ["ZÓ1"]
    assert copy_["statement_versions"][0]["uid"] != original["statement_versions"][0]["uid"]
    assert copy_["bundle_versions"][0]["sha256"] == original["bundle_versions"][0]["sha256"]
    with ctx.session() as s:
        paths = s.scalars(select(GeneratedDocument.path).where(GeneratedDocument.path.like(f"%{result.reference}%"))).all()
        assert paths
        for path in paths:
            assert (ctx.data_dir / path).is_file()
    source = next(d["source"] for d in copy_["generated_documents"] if d["kind"] == "witness_statement")
    assert source == f"statement_version:{copy_['statement_versions'][-1]['uid']}"


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d.update(version=99), "version", "newer"),
    (lambda d: d.update(version=1), "evidence_items", "not a part of version 1"),
    (lambda d: d["notices"][0]["files"][0].update(file="../../escape.pdf"), "notices[0].files", "plain file name"),
    (lambda d: d["generated_documents"][0].update(kind="../x"), "generated_documents[0].kind", "file name"),
    (lambda d: d["evidence_items"][0].update(sha256="ABC"), "evidence_items[0].sha256", "not a SHA-256"),
    (lambda d: d["exhibits"][0].update(evidence_uid=d["people"][0]["uid"]), "exhibits[0].evidence_uid",
     "not in evidence_items"),
    (lambda d: d["statement_versions"][-1].update(signature_png="not base64!"),
     "statement_versions[1].signature_png", "base64"),
    (lambda d: d["statements"][0].update(witness_key="person:someone-else"), "statements[0].witness_key",
     "person_uid"),
    (lambda d: d["statement_versions"][-1].update(pdf_sha256="0" * 64), "statement_versions[1].pdf_sha256",
     "generated_documents"),
    (lambda d: d["evidence_items"][0].update(size=2**63), "evidence_items[0].size", "too large"),
    (lambda d: d["evidence_items"][0].update(kind="hologram"), "evidence_items[0].kind", "is not one of"),
])
def test_bad_v2_files_are_refused_naming_the_field(ctx: Context, built: str, other: Context, tmp_path: Path,
                                                   change: Any, field: str, words: str) -> None:
    good = ExchangeService(ctx).export_to_file(built, tmp_path / "good.zip").path
    data = copy.deepcopy(zip_contents(good)[0])
    change(data)
    bad = rewrite_zip(good, tmp_path / "bad.zip", data=data)
    before = v2_counts(other)
    with pytest.raises(ValidationError) as err:
        ExchangeService(other).import_file(bad)
    assert err.value.field == field, str(err.value)
    assert words in err.value.problem, err.value.problem
    assert v2_counts(other) == before and files_under(other.data_dir) == []


def test_strange_zips_are_refused(ctx: Context, built: str, other: Context, tmp_path: Path) -> None:
    good = ExchangeService(ctx).export_to_file(built, tmp_path / "good.zip").path
    service = ExchangeService(other)
    for extra, field in (({"../evil.txt": b"x"}, "../evil.txt"), ({f"files/{'a' * 64}": b"x"}, f"files/{'a' * 64}")):
        with pytest.raises(ValidationError) as err:
            service.import_file(rewrite_zip(good, tmp_path / "strange.zip", extra=extra))
        assert err.value.field == field
    (tmp_path / "broken.zip").write_bytes(good.read_bytes()[:200])
    with pytest.raises(ValidationError):
        service.import_file(tmp_path / "broken.zip")
    assert files_under(other.data_dir) == [] and v2_counts(other)["cases"] == 0


def test_cli_export_and_import_zip(ctx: Context, built: str, db_url: str, other: Context, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.zip"
    assert main(["--db", db_url, "--data-dir", str(ctx.data_dir), "case", "export", built, "--out", str(out)]) == 0
    assert "carrying" in capsys.readouterr().err
    other_url = other.engine.url.render_as_string(hide_password=False)
    code = main(["--db", other_url, "--data-dir", str(other.data_dir), "case", "import", str(out)])
    printed = capsys.readouterr().out
    assert code == 0 and f"Imported as {built}, with" in printed
    assert strip(ExchangeService(other).export_case(built)) == strip(zip_contents(out)[0])


KIND_TYPES: dict[str, type] = {"int": int, "bigint": int, "bool": bool, "object": dict, "list": list,
                               "notice_files": list, "bytes": str}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_broken_v2_field_is_refused_and_nothing_is_written(ctx: Context, built: str, other: Context,
                                                               tmp_path: Path, data: st.DataObject) -> None:
    good = tmp_path / "good.zip"
    if not good.exists():
        ExchangeService(ctx).export_to_file(built, good)
    doc = zip_contents(good)[0]
    leaves = [(f"{name}[{i}].{f.name}", name, i, f) for name, (_, spec) in RECORDS_V2.items()
              for i in range(len(doc[name])) for f in spec]
    path, name, i, spec = data.draw(st.sampled_from(leaves), label="field")
    broken = copy.deepcopy(doc)
    if spec.required and data.draw(st.booleans(), label="delete"):
        del broken[name][i][spec.name]
    else:
        wanted = KIND_TYPES.get(spec.kind, str)
        anything = st.one_of(st.integers(), st.booleans(), st.text(max_size=4), st.lists(st.integers(), max_size=2),
                             st.dictionaries(st.text(max_size=2), st.integers(), max_size=1))
        broken[name][i][spec.name] = data.draw(anything.filter(
            lambda v: not isinstance(v, wanted) or (wanted is int and isinstance(v, bool))), label="value")
    before = v2_counts(other)
    with pytest.raises(ValidationError) as err:
        ExchangeService(other).import_file(rewrite_zip(good, tmp_path / "broken.zip", data=broken))
    assert err.value.field == path, str(err.value)
    assert v2_counts(other) == before and files_under(other.data_dir) == []


def test_export_stops_when_a_stored_file_is_missing_or_altered(ctx: Context, built: str, tmp_path: Path) -> None:
    with ctx.session() as s:
        letter = s.scalar(select(GeneratedDocument).where(GeneratedDocument.kind == "letter_warning_letter"))
        assert letter is not None
        path = ctx.data_dir / letter.path
        audits = len(s.scalars(select(AuditEntry).where(AuditEntry.action == "export",
                                                        AuditEntry.entity == "case")).all())
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(ASBError, match="no longer matches its SHA-256"):
        ExchangeService(ctx).export_to_file(built, tmp_path / "out.zip")
    path.unlink()
    with pytest.raises(ASBError, match="is missing"):
        ExchangeService(ctx).export_to_file(built, tmp_path / "out.zip")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out")) == []
    with ctx.session() as s:
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "export",
                                                      AuditEntry.entity == "case")).all()) == audits

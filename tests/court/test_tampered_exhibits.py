"""A recording or exhibit whose stored file no longer matches its SHA-256: `asb bundle media` and
`asb bundle build` refuse plainly, naming the exhibit (exit 2, never "unexpected error"), and write
nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from evidence.media_factory import tone, write_audio, write_pdf

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import ValidationError
from asb_desktop.services.kernel.inputs import ReportInput


def _case_with_exhibits(ctx: Context, tmp_path: Path) -> tuple[str, dict[str, str]]:
    svc = Services(ctx)
    ref = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee"}}],
    })).reference
    person = svc.queries.case_detail(ref).parties[0].person.uid
    audio = write_audio(tmp_path / "in" / "night.wav", tone(1.0))
    letter = write_pdf(tmp_path / "in" / "letter.pdf", pages=1)
    marks: dict[str, str] = {}
    for path, kind in ((audio, "noise"), (letter, "document")):
        item = svc.evidence.add_files(ref, [path], kind=kind).stored[0]
        marks[kind] = svc.evidence.assign_exhibit(ref, item.uid, person).mark
    return ref, marks


def _tamper(ctx: Context, sha: str) -> None:
    path = Services(ctx).evidence.store().path_for(sha)
    os.chmod(path, 0o644)
    with open(path, "ab") as fh:
        fh.write(b"changed")


def _sha_of(ctx: Context, ref: str, mark: str) -> str:
    svc = Services(ctx).evidence
    uid = next(x.evidence_id for x in svc.exhibits(ref) if x.mark == mark)
    return svc.item(uid).sha256


def test_media_export_refuses_a_changed_recording(ctx: Context, tmp_path: Path) -> None:
    ref, marks = _case_with_exhibits(ctx, tmp_path)
    _tamper(ctx, _sha_of(ctx, ref, marks["noise"]))
    with pytest.raises(ValidationError, match=f"Exhibit {marks['noise']}: the stored recording no longer matches"):
        Services(ctx).bundles.export_media(ref, tmp_path / "disc")
    assert not (tmp_path / "disc").exists() or not any((tmp_path / "disc").iterdir())


@pytest.mark.parametrize("kind", ["noise", "document"])
def test_bundle_refuses_an_exhibit_that_no_longer_matches(ctx: Context, tmp_path: Path, kind: str) -> None:
    ref, marks = _case_with_exhibits(ctx, tmp_path)
    _tamper(ctx, _sha_of(ctx, ref, marks[kind]))
    with pytest.raises(ValidationError, match=f"Exhibit {marks[kind]}: its stored file no longer matches"):
        Services(ctx).bundles.build(ref, "possession", tmp_path / "bundle.pdf", ocr=False)
    assert not (tmp_path / "bundle.pdf").exists()
    assert Services(ctx).bundles.versions(ref) == []


def test_cli_bundle_media_and_build_refuse_plainly(db_url: str, engine, tmp_path: Path,  # noqa: ANN001
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"

    def asb(*args: str) -> tuple[int, str]:
        code = main(["--db", db_url, "--data-dir", str(data), *args])
        return code, capsys.readouterr().err

    assert asb("cases")[0] == 0
    ctx = Context(engine, sign_in(engine), data)
    ref, marks = _case_with_exhibits(ctx, tmp_path)
    _tamper(ctx, _sha_of(ctx, ref, marks["noise"]))
    code, err = asb("bundle", "media", ref, "--out", str(tmp_path / "disc"))
    assert code == 2 and f"Exhibit {marks['noise']}" in err and "unexpected" not in err
    assert not (tmp_path / "disc").exists() or not any((tmp_path / "disc").iterdir())
    code, err = asb("bundle", "build", ref, "--hearing", "possession", "--out", str(tmp_path / "b.pdf"), "--no-ocr")
    assert code == 2 and f"Exhibit {marks['noise']}" in err and "unexpected" not in err
    assert not (tmp_path / "b.pdf").exists()


def _manager(ctx: Context) -> Services:
    Services(ctx).users.add("maya", "Maya Manager", ["manager"])
    return Services(Context(ctx.engine, sign_in(ctx.engine, "maya"), ctx.data_dir, ctx.clock))


def test_media_export_obeys_court_reporting_restrictions(ctx: Context, tmp_path: Path) -> None:
    """17: the media disc is refused while a reporting restriction stands, as the case-file export is,
    until a manager records an override; then the REPORTING RESTRICTIONS line heads both manifests."""
    import json

    from sqlalchemy import select

    from asb_desktop.services.kernel.errors import RuleBlocked
    from asb_desktop.storage.orm import AuditEntry

    ref, _marks = _case_with_exhibits(ctx, tmp_path)
    svc = Services(ctx)
    svc.publicity.restrict(ref, "Section 45 YJCEA 1999: the youth must not be identified")
    with pytest.raises(RuleBlocked, match="reporting restrictions .*override"):
        svc.bundles.export_media(ref, tmp_path / "disc")
    assert not (tmp_path / "disc").exists()
    with ctx.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "media")) is None
        assert any("cannot be exported" in a for a in s.scalars(select(AuditEntry.summary)))
    _manager(ctx).publicity.override_export(ref, "The disc goes to the court and the defendant's solicitors")
    manifest = svc.bundles.export_media(ref, tmp_path / "disc")
    assert manifest.read_text(encoding="utf-8").startswith("REPORTING RESTRICTIONS: Section 45")
    head = json.loads((tmp_path / "disc" / "manifest.json").read_text(encoding="utf-8"))
    assert head["reporting_restrictions"].startswith("REPORTING RESTRICTIONS: Section 45")
    with ctx.session() as s:
        assert "REPORTING RESTRICTIONS" in s.scalar(select(AuditEntry.summary).where(AuditEntry.entity == "media"))


def test_cli_bundle_media_refuses_under_reporting_restrictions(db_url: str, engine, tmp_path: Path,  # noqa: ANN001
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"

    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(data), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert asb("cases")[0] == 0
    ctx = Context(engine, sign_in(engine), data)
    ref, _marks = _case_with_exhibits(ctx, tmp_path)
    Services(ctx).publicity.restrict(ref, "Section 45 YJCEA 1999")
    code, out, err = asb("bundle", "media", ref, "--out", str(tmp_path / "disc"))
    assert code == 1 and "reporting restrictions" in err and "override" in err and out == ""
    assert not (tmp_path / "disc").exists()
    _manager(ctx).publicity.override_export(ref, "For the court")
    code, out, err = asb("bundle", "media", ref, "--out", str(tmp_path / "disc"))
    assert code == 0 and "Manifest written" in out and err.startswith("REPORTING RESTRICTIONS: Section 45")

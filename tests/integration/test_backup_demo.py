"""Backups of the full demo database, court-ready case included, through the ``asb`` command: written,
restored into an empty SQLite and an empty PostgreSQL, and written again, identical; every file the
app keeps (evidence, documents, notice packs, bundles) goes with them and verifies."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from case_factory import fresh_engine
from sqlalchemy import select, text

from asb_desktop.cli import main
from asb_desktop.config import account_key_file
from asb_desktop.demo import generate as demo
from asb_desktop.demo.court_case import OFFICER, prepare_court_case
from asb_desktop.services import Services
from asb_desktop.services.admin.users import actor_of
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage import snapshot
from asb_desktop.storage.db import head_revision
from asb_desktop.storage.orm import User

FIXED_NOW = datetime(2026, 11, 23, 10, 0)


def asb(capsys: pytest.CaptureFixture[str], db: str, data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db, "--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def members(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.fixture
def court_ready(ctx: Context, tmp_path: Path) -> str:
    """The demo with its court-ready case taken to a served notice and an issued bundle."""
    demo.generate(ctx.engine, 12, seed=7, today=FIXED_NOW.date())
    ref = prepare_court_case(ctx)
    with ctx.session() as s:
        officer = s.scalar(select(User).where(User.username == OFFICER))
        assert officer is not None
        svc = Services(Context(ctx.engine, actor_of(officer), ctx.data_dir, clock=ctx.clock))
    svc.notices.pack(ref, "s83_ground2")
    svc.notices.served(ref, 1, "first_class_post", datetime(2026, 11, 23, 9, 0), "Tomasz Nowak")
    svc.bundles.build(ref, "possession", tmp_path / "bundle.pdf")
    return ref


def test_the_demo_database_backs_up_restores_into_both_backends_and_backs_up_identically(
        ctx: Context, db_url: str, court_ready: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ctx.engine.connect() as conn:  # the defect: a drawn signature (binary) could not be written
        assert conn.execute(text("SELECT count(*) FROM statement_versions WHERE signature_png IS NOT NULL")).scalar() >= 1
    first = tmp_path / "first.asbbackup"
    code, out, err = asb(capsys, db_url, ctx.data_dir, "backup", "--out", str(first))
    assert code == 0, err
    original = members(first)
    kept = {n.split("/")[1] for n in original if n.startswith("data/")}
    assert kept == {"documents", "court"}  # letters and statements; notice pack and bundle
    assert any(n.startswith("files/") for n in original)
    key = account_key_file()  # one key per computer account, outside the data folder
    assert key.is_file() and key.stat().st_mode & 0o077 == 0

    for backend in ("sqlite", "postgresql"):
        with fresh_engine(backend, tmp_path, f"restored-{backend}") as target:
            url = target.url.render_as_string(hide_password=False)
            home = tmp_path / f"home-{backend}"
            (home / "keys").mkdir(parents=True)
            shutil.copy(key, home / "keys" / key.name)  # the organisation's key, copied to the other computer
            code, out, err = asb(capsys, url, home, "restore", str(first))
            assert code == 0, err
            code, out, err = asb(capsys, url, home, "evidence", "verify")
            assert code == 0 and "All stored files match" in out, out + err
            assert "Checked" in out and int(out.split()[1]) >= len([n for n in original if n.startswith(("files/",
                                                                                                  "data/"))])
            again = tmp_path / f"again-{backend}.asbbackup"
            assert asb(capsys, url, home, "backup", "--out", str(again))[0] == 0
            restored = members(again)
            for name, data in original.items():
                if name in ("manifest.json", "manifest.sig", "tables/audit_log.jsonl"):
                    continue
                assert restored.get(name) == data, f"{name} differs after a restore into {backend}"
            audit = original["tables/audit_log.jsonl"].splitlines()
            assert restored["tables/audit_log.jsonl"].splitlines()[:len(audit)] == audit  # the restore is added
            assert set(restored) == set(original)


def test_a_restore_refuses_a_backup_edited_without_the_key(ctx: Context, db_url: str, court_ready: str,
                                                           tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "b.asbbackup"
    assert asb(capsys, db_url, ctx.data_dir, "backup", "--out", str(backup))[0] == 0
    parts = members(backup)
    lines = parts["tables/audit_log.jsonl"].splitlines(keepends=True)
    parts["tables/audit_log.jsonl"] = b"".join(lines[:-1])  # an audit entry taken out ...
    manifest = json.loads(parts["manifest.json"])
    manifest["members"]["tables/audit_log.jsonl"] = hashlib.sha256(parts["tables/audit_log.jsonl"]).hexdigest()
    manifest["tables"]["audit_log"] -= 1  # ... and the manifest made to agree, by someone without the key
    parts["manifest.json"] = json.dumps(manifest).encode()
    edited = tmp_path / "edited.asbbackup"
    with zipfile.ZipFile(edited, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with ctx.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
    code, out, err = asb(capsys, db_url, ctx.data_dir, "restore", str(edited), "--replace")
    assert code == 2 and "changed after it was written" in err and "Traceback" not in err
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == before

    other_key = tmp_path / "other.key"
    other_key.write_text("ab" * 32)
    code, out, err = asb(capsys, db_url, ctx.data_dir, "restore", str(backup), "--replace", "--key-file",
                         str(other_key))
    assert code == 2 and "signed with another key" in err


def test_the_demo_journey_restores_into_a_new_data_folder_and_on_another_computer_with_the_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """init, demo, backup, then restore into a new data folder (the key is found by itself), and on
    another computer account (refused in plain words until the key file is named)."""
    first, backup = tmp_path / "first", tmp_path / "b.asbbackup"
    url = f"sqlite:///{first / 'asb.sqlite'}"
    assert asb(capsys, url, first, "init")[0] == 0
    assert asb(capsys, url, first, "demo", "--cases", "12", "--seed", "7")[0] == 0
    code, out, err = asb(capsys, url, first, "backup", "--out", str(backup))
    assert code == 0 and f"kept in {account_key_file()}" in out, out + err
    assert not (first / "keys").exists()

    second = tmp_path / "second"
    url2 = f"sqlite:///{second / 'asb.sqlite'}"
    code, out, err = asb(capsys, url2, second, "restore", str(backup))
    assert code == 0, err
    for check in (("evidence", "verify"), ("audit", "verify")):
        code, out, err = asb(capsys, url2, second, *check)
        assert code == 0, out + err
    code, out, err = asb(capsys, url2, second, "cases", "--json")
    assert code == 0 and len(json.loads(out)) >= 12

    key_copy = tmp_path / "usb" / "org.key"
    key_copy.parent.mkdir()
    shutil.copy(account_key_file(), key_copy)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "another-computer"))
    third = tmp_path / "third"
    url3 = f"sqlite:///{third / 'asb.sqlite'}"
    code, out, err = asb(capsys, url3, third, "restore", str(backup))
    assert code == 2 and "no key file" in err and "--key-file" in err and "Traceback" not in err
    assert asb(capsys, url3, third, "restore", str(backup), "--key-file", str(key_copy))[0] == 0


@pytest.mark.postgres
def test_the_backup_before_an_upgrade_reads_binary_columns_on_postgresql(
        pg_schema_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """db.upgrade() backs up an older schema by reflecting it; bytea comes back as memoryview there."""
    from asb_desktop.services.admin.users import sign_in
    from asb_desktop.storage.db import make_engine, upgrade

    engine = make_engine(pg_schema_url)
    upgrade(engine)
    ctx = Context(engine, sign_in(engine, now=FIXED_NOW), tmp_path / "data", clock=lambda: FIXED_NOW)
    demo.generate(engine, 3, seed=7, today=FIXED_NOW.date())
    prepare_court_case(ctx)
    current = head_revision()
    monkeypatch.setattr(snapshot, "head_revision", lambda: "a-newer-revision")  # this database is now "older"
    made = snapshot.write_snapshot(engine, tmp_path / "before-upgrade.asbbackup", bytes(range(32)))
    with zipfile.ZipFile(made) as zf:
        rows = [json.loads(line) for line in zf.read("tables/statement_versions.jsonl").splitlines()]
        assert json.loads(zf.read("manifest.json"))["schema_revision"] == current
    assert any(r["signature_png"] for r in rows)
    engine.dispose()

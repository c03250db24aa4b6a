"""kill -9 during backup, restore, case import, bundle build and a schema upgrade leaves a consistent
database and store (issue 15).

Each case runs the real ``asb`` in a subprocess on a copy of one demo folder (SQLite, 60 cases and
the court-ready case) and SIGKILLs it at a chosen point (tests/integration/kill_at.py: the Nth call
of a named function, before it, after it, or half-way through a file copy) or after a delay. Then:
``PRAGMA integrity_check`` is ok; the database opens and ``asb cases`` works; the operation's effect
is all there or not there at all (row counts of every table match the state before or the state
after a clean run); no evidence row or generated file is without its stored file; no half-written
file is left under a final name.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from asb_desktop.cli import main as asb_main
from asb_desktop.storage.db import make_engine
from asb_desktop.storage.orm import Base

HERE = Path(__file__).parent
COURT_CASE = "ASB-2026-00059"  # prepare_court_case's reference after 60 demo cases
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parents[1]), os.environ.get("PYTHONPATH", "")])}


# ------------------------------------------------------------------------------------------ helpers
def _db(folder: Path) -> str:
    """The folder's database: its SQLite file, or the PostgreSQL URL written in ``db-url``."""
    marker = folder / "db-url"
    return marker.read_text() if marker.is_file() else str(folder / "asb.sqlite")


def _asb_args(folder: Path) -> list[str]:
    return ["--db", _db(folder), "--data-dir", str(folder / "data")]


def run_killed(folder: Path, args: list[str], target: str = "-", nth: int = 1, mode: str = "none",
               after: float | None = None) -> int:
    """Run ``asb`` on ``folder``, killed at ``target`` (see kill_at.py) or ``after`` seconds; the exit code
    (-9 when it was killed)."""
    cmd = [sys.executable, str(HERE / "kill_at.py"), target, str(nth), mode, "--", *_asb_args(folder), *args]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if after is not None:
        try:
            proc.wait(after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    if proc.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"asb {' '.join(args)} failed ({proc.returncode}): {err.decode()}")
    if mode != "none":  # the kill point was reached
        assert proc.returncode == -signal.SIGKILL, f"{target} was not called {nth} times: {out.decode()}"
    return proc.returncode


def asb(folder: Path, *args: str) -> tuple[int, str]:
    """``asb`` in this process (the same code as the command line, without a second interpreter's start-up)."""
    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    handlers = list(root.handlers)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = asb_main([*_asb_args(folder), *args])
    for handler in root.handlers[len(handlers):]:  # the log file main() opened
        root.removeHandler(handler)
        handler.close()
    return code, out.getvalue() + err.getvalue()


def counts(folder: Path) -> dict[str, int]:
    """Rows in every table of the app's schema (the audit trail aside: entries written after the
    operation's own transaction, e.g. "backup written", may or may not be there)."""
    engine = make_engine(_db(folder))
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            return {t.name: conn.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one()
                    for t in Base.metadata.sorted_tables if t.name in names and t.name != "audit_log"}
    finally:
        engine.dispose()


def integrity_ok(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path


def consistent(folder: Path) -> dict[str, int]:
    """The checks every kill ends with; returns the table counts."""
    if not (folder / "db-url").is_file():
        integrity_ok(folder / "asb.sqlite")
    code, out = asb(folder, "cases", "--json")
    assert code == 0, out
    code, out = asb(folder, "evidence", "verify", "--json")
    report = json.loads(out[out.index("{"):])
    assert report["missing"] == [] and report["altered"] == [], report
    assert code == 0 or not report["ok"], out
    leftovers = [p for p in (folder / "data").rglob("*") if p.is_file() and p.stat().st_size == 0
                 and not p.name.endswith(".partial") and p.parent.name != "logs"]
    assert not leftovers, leftovers
    return counts(folder)


def _last_id(folder: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(folder / "asb.sqlite")) as conn:
        return int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])


def clone(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest, ignore=shutil.ignore_patterns("logs"))
    return dest


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """60 demo cases and the court-ready case, a backup of them and the court case exported as a zip."""
    folder = tmp_path_factory.mktemp("kill9") / "demo"
    folder.mkdir()
    assert run_killed(folder, ["demo", "--cases", "60"]) == 0
    code, out = asb(folder, "backup", "--out", str(folder.parent / "demo.asbbackup"))
    assert code == 0, out
    (folder.parent / "backup-counts.json").write_text(json.dumps(counts(folder)))
    code, out = asb(folder, "case", "export", COURT_CASE, "--out", str(folder.parent / "court-case.zip"))
    assert code == 0, out
    yield folder


# ------------------------------------------------------------------------------------------- backup
BACKUP_KILLS = [
    ("asb_desktop.storage.snapshot:_write_table", 5, "before"),  # half the tables written
    ("asb_desktop.storage.snapshot:_write_files", 1, "after"),  # evidence in, generated files not yet
    ("asb_desktop.storage.snapshot:fsync_dir", 1, "before"),  # renamed into place, not yet audited
    ("-", 0, 1.5),  # from outside, whenever that is
]


@pytest.mark.parametrize(("target", "nth", "mode"), BACKUP_KILLS)
def test_kill_during_backup(demo: Path, tmp_path: Path, target: str, nth: int, mode: Any) -> None:
    folder = clone(demo, tmp_path / "db")
    before = counts(folder)
    out = tmp_path / "backups" / "kill.asbbackup"
    out.parent.mkdir()
    timed = not isinstance(mode, str)
    run_killed(folder, ["backup", "--out", str(out)], target, nth, "none" if timed else mode,
               after=mode if timed else None)
    assert consistent(folder) == before
    for leftover in out.parent.iterdir():  # only a hidden temporary, never read as a backup
        assert leftover == out or (leftover.name.startswith(".") and leftover.name.endswith(".partial")), leftover
    if out.exists():  # a backup under its final name is complete: it restores
        fresh = tmp_path / "fresh"
        code, said = asb(fresh, "restore", str(out))
        assert code == 0, said
        assert consistent(fresh) == before
    elif not timed:
        assert target.endswith(("_write_table", "_write_files")), "the backup was renamed into place"


# ------------------------------------------------------------------------------------------ restore
RESTORE_KILLS = [
    ("asb_desktop.storage.snapshot:_drop_schema", 1, "after"),  # old tables dropped, inside the transaction
    ("asb_desktop.storage.snapshot:_after_load", 1, "after"),  # every row loaded, not committed
    ("asb_desktop.storage.snapshot:_restore_files", 1, "before"),  # the files are not all in place
    ("asb_desktop.services.admin.backups:BackupService.restore", 1, "after"),  # done; audited
]


@pytest.mark.parametrize("into", ["fresh", "replace"])
@pytest.mark.parametrize(("target", "nth", "mode"), RESTORE_KILLS)
def test_kill_during_restore(demo: Path, tmp_path: Path, target: str, nth: int, mode: str, into: str) -> None:
    backup = demo.parent / "demo.asbbackup"
    new = json.loads((demo.parent / "backup-counts.json").read_text())  # as the backup holds them
    if into == "fresh":  # a new laptop, or after a disk failure: an empty database and no files
        folder = tmp_path / "db"
        assert asb(folder, "init")[0] == 0
        args = ["restore", str(backup)]
    else:  # over a database that changed since the backup
        folder = clone(demo, tmp_path / "db")
        assert asb(folder, "categories", "--add", "Added after the backup")[0] == 0
        args = ["restore", "--replace", str(backup)]
    old = counts(folder)
    assert old != new
    run_killed(folder, args, target, nth, mode)
    after = consistent(folder)
    assert after in (old, new), {t: (old[t], new[t], n) for t, n in after.items() if n not in (old[t], new[t])}
    if after == new:
        code, said = asb(folder, "case", "show", COURT_CASE)
        assert code == 0, said


# ------------------------------------------------------------------------------------------- import
IMPORT_KILLS = [
    ("asb_desktop.services.exchange.exchange_files:CaseZip.stage", 1, "after"),  # files taken out of the zip
    ("asb_desktop.evidence.store:EvidenceStore.put", 3, "after"),  # some evidence stored
    ("asb_desktop.services.exchange.exchange_files:Placer.place", 1, "after"),  # every file placed, not committed
    ("asb_desktop.services.exchange.exchange:ImportResult", 1, "before"),  # committed
]


@pytest.mark.parametrize(("target", "nth", "mode"), IMPORT_KILLS)
def test_kill_during_case_import(demo: Path, tmp_path: Path, target: str, nth: int, mode: str) -> None:
    folder = tmp_path / "db"
    assert asb(folder, "init")[0] == 0
    before = counts(folder)
    args = ["case", "import", str(demo.parent / "court-case.zip"), "--skip-missing-links"]
    run_killed(folder, args, target, nth, mode)
    after = consistent(folder)
    if after == before:  # not there at all: imports cleanly now
        code, said = asb(folder, *args)
        assert code == 0, said
        after = consistent(folder)
    assert after["cases"] == before["cases"] + 1
    code, said = asb(folder, "case", "show", COURT_CASE, "--json")
    assert code == 0, said
    reference = tmp_path / "reference"  # the same import, never interrupted
    assert asb(reference, "init")[0] == 0
    assert asb(reference, *args)[0] == 0
    assert after == counts(reference)


# ------------------------------------------------------------------------------------------- bundle
BUNDLE_KILLS = [
    ("asb_desktop.services.court.bundles:build_bundle", 1, "after"),  # built in the temporary folder
    ("shutil:copyfile", 1, "half"),  # half-way through copying it into the data folder
    ("asb_desktop.services.court.bundles:BundleService._issue", 1, "after"),  # issued
]


@pytest.mark.parametrize(("target", "nth", "mode"), BUNDLE_KILLS)
def test_kill_during_bundle_build(demo: Path, tmp_path: Path, target: str, nth: int, mode: str) -> None:
    folder = clone(demo, tmp_path / "db")
    before = counts(folder)
    out = tmp_path / "out" / "bundle.pdf"
    args = ["bundle", "build", COURT_CASE, "--hearing", "possession", "--out", str(out), "--no-ocr"]
    run_killed(folder, args, target, nth, mode)
    after = consistent(folder)  # a registered bundle's file is there and matches its hash
    # reading an exhibit for the bundle is logged as it happens: those "view" entries stay, truly
    with contextlib.closing(sqlite3.connect(folder / "asb.sqlite")) as conn:
        actions = {a for (a,) in conn.execute("SELECT action FROM evidence_custody WHERE id > ?",
                                              (_last_id(demo, "evidence_custody"),))}
    assert actions <= {"view"}, actions
    before.pop("evidence_custody"), after.pop("evidence_custody")
    issued = after["bundle_versions"] - before["bundle_versions"]
    assert issued in (0, 1)
    if not issued:
        assert after == before
    for pdf in (folder / "data").rglob("*.pdf"):  # no half-written PDF under a real name
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    if out.exists():
        assert out.read_bytes().rstrip().endswith(b"%%EOF")
    code, said = asb(folder, *args, *(["--fresh"] if issued else []))  # and the next build works
    assert code == 0, said


# ---------------------------------------------------------------------------------------- migration
@pytest.fixture(scope="module")
def old_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at the first schema revision with a case in it (tests/ship/test_ship_upgrade.py)."""
    sys.path.insert(0, str(HERE.parent / "ship"))
    try:
        from test_ship_upgrade import _old_database  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    folder = tmp_path_factory.mktemp("kill9-old") / "old"
    folder.mkdir()
    engine, _rows = _old_database(f"sqlite:///{folder / 'asb.sqlite'}")
    engine.dispose()
    return folder


MIGRATION_KILLS = [
    ("asb_desktop.storage.db:_copy_sqlite", 1, "half"),  # half-way through the backup taken first
    ("alembic.runtime.migration:HeadMaintainer.update_to_step", 1, "after"),  # the first migration run
    ("alembic.runtime.migration:HeadMaintainer.update_to_step", 8, "after"),  # most of them
]


@pytest.mark.parametrize(("target", "nth", "mode"), MIGRATION_KILLS)
def test_kill_during_upgrade(old_database: Path, tmp_path: Path, target: str, nth: int, mode: str) -> None:
    folder = clone(old_database, tmp_path / "db")
    run_killed(folder, ["cases"], target, nth, mode)
    integrity_ok(folder / "asb.sqlite")
    code, said = asb(folder, "cases", "--json")  # the next open upgrades cleanly
    assert code == 0, said
    assert "ASB-2025-00001" in said
    consistent(folder)
    for copy in (folder / "data" / "backups").glob("before-upgrade-*"):  # every backup under its name is whole
        integrity_ok(copy)
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            assert conn.execute("SELECT reference FROM cases").fetchall() == [("ASB-2025-00001",)]


# --------------------------------------------------------------------------------------- PostgreSQL
@pytest.mark.postgres
@pytest.mark.parametrize(("operation", "target", "nth", "mode"), [
    ("restore", "asb_desktop.storage.snapshot:_after_load", 1, "after"),
    ("restore", "asb_desktop.storage.snapshot:_restore_files", 1, "before"),
    ("import", "asb_desktop.services.exchange.exchange_files:Placer.place", 1, "after"),
])
def test_kill_on_postgresql(demo: Path, tmp_path: Path, pg_schema_url: str, operation: str, target: str, nth: int,
                            mode: str) -> None:
    """The same on a team database: a fresh PostgreSQL schema, restored into or imported into."""
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "db-url").write_text(pg_schema_url)
    assert asb(folder, "init")[0] == 0
    old = counts(folder)
    if operation == "restore":
        new = json.loads((demo.parent / "backup-counts.json").read_text())
        run_killed(folder, ["restore", str(demo.parent / "demo.asbbackup")], target, nth, mode)
        assert consistent(folder) in (old, new)
    else:
        args = ["case", "import", str(demo.parent / "court-case.zip"), "--skip-missing-links"]
        run_killed(folder, args, target, nth, mode)
        assert consistent(folder) == old

"""Backup and restore of the whole database and the evidence files, on and between both backends."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from case_factory import all_rows, fresh_engine, minimal_case, rich_case, row_counts
from sqlalchemy import Engine, select, text

from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.exchange.exchange import ExchangeService
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage import keys, snapshot
from asb_desktop.storage.db import head_revision
from asb_desktop.storage.orm import Case, Person
from asb_desktop.storage.search import search_case_ids
from asb_desktop.storage.snapshot import RestoreRefused, SnapshotError, restore_snapshot, write_snapshot

KEY = bytes(range(32))  # the organisation's backup signing key, in these tests


@pytest.fixture
def backend(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite") else "postgresql"


@pytest.fixture
def filled(ctx: Context, tmp_path: Path) -> Path:
    """A database with two linked cases and audit entries, and an evidence store with nested files."""
    minimal_case(ctx, "ASB-2026-00001")
    rich_case(ctx, "ASB-2026-00007", linked_to="ASB-2026-00001")
    ExchangeService(ctx).export_case("ASB-2026-00007")  # an audit entry
    evidence = tmp_path / "evidence"
    (evidence / "ab" / "cd").mkdir(parents=True)
    (evidence / "ab" / "cd" / "abcd1234.jpg").write_bytes(bytes(range(256)) * 400)
    (evidence / "ab" / "Zoë's statement.txt").write_text("Signed — Zoë", encoding="utf-8")
    return evidence


@pytest.fixture
def target(backend: str, tmp_path: Path) -> Iterator[Engine]:
    with fresh_engine(backend, tmp_path, "target") as eng:
        yield eng


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_backup_then_restore_into_an_empty_database_reproduces_every_row(
        ctx: Context, filled: Path, target: Engine, tmp_path: Path) -> None:
    backup = write_snapshot(ctx.engine, tmp_path / "team.asbbackup", KEY, filled)
    assert backup == tmp_path / "team.asbbackup" and list(tmp_path.glob("*.partial")) == []
    with zipfile.ZipFile(backup) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["schema_revision"] == head_revision() and manifest["tables"]["cases"] == 2
    assert manifest["files"] == 2 and manifest["tables"]["audit_log"] >= 1
    sign_in(target)  # a newly opened database: seeded categories and the single user, no cases
    restored_files = tmp_path / "restored-evidence"
    summary = restore_snapshot(target, backup, KEY, restored_files)
    assert summary["tables"] == row_counts(ctx.engine) and summary["files"] == 2
    assert all_rows(target) == all_rows(ctx.engine)
    assert files_of(restored_files) == files_of(filled)
    assert not [p for p in restored_files.rglob("*.partial")]


def test_restored_database_works(ctx: Context, filled: Path, target: Engine, tmp_path: Path,
                                 backend: str) -> None:
    restore_snapshot(target, write_snapshot(ctx.engine, tmp_path / "b.asbbackup", KEY), KEY)
    other = Context(target, sign_in(target, now=ctx.now()), tmp_path / "d", clock=ctx.clock)
    minimal_case(other, "ASB-2026-00020")  # new rows get fresh ids (PostgreSQL sequences were moved on)
    with other.session() as s:
        ids = list(s.scalars(select(Case.id).order_by(Case.id)))
        assert len(ids) == 3 and ids[-1] > ids[-2]
        assert s.scalar(select(Person.id).order_by(Person.id.desc()).limit(1)) == row_counts(ctx.engine)["people"] + 1
        assert len(search_case_ids(s, "Łukasiewicz")) == 1  # the restored full-text index answers
    with pytest.raises(Exception, match="append-only"), target.begin() as conn:  # the audit trail is intact
        conn.execute(text("DELETE FROM audit_log"))


@pytest.mark.postgres
@pytest.mark.parametrize("direction", ["sqlite->postgresql", "postgresql->sqlite"])
def test_restore_across_backends(direction: str, tmp_path: Path, pg_schema_url: str) -> None:
    """The team-migration path: one officer's SQLite file to PostgreSQL, and back."""
    source_kind, target_kind = direction.split("->")
    with fresh_engine(source_kind, tmp_path, "source") as source, fresh_engine(target_kind, tmp_path, "t") as dest:
        ctx = Context(source, sign_in(source), tmp_path / "d", clock=lambda: datetime(2026, 11, 23, 10))
        minimal_case(ctx, "ASB-2026-00001")
        rich_case(ctx, "ASB-2026-00007", linked_to="ASB-2026-00001")
        summary = restore_snapshot(dest, write_snapshot(source, tmp_path / "move.asbbackup", KEY), KEY)
        assert summary["source_backend"] == source_kind
        assert all_rows(dest) == all_rows(source)
        moved = Context(dest, sign_in(dest), tmp_path / "d", clock=ctx.clock)
        assert ExchangeService(moved).export_case("ASB-2026-00007")["case"] == \
            ExchangeService(ctx).export_case("ASB-2026-00007")["case"]


def test_a_database_with_cases_is_replaced_only_when_asked(ctx: Context, filled: Path, target: Engine,
                                                          tmp_path: Path) -> None:
    backup = write_snapshot(ctx.engine, tmp_path / "b.asbbackup", KEY)
    other = Context(target, sign_in(target, now=ctx.now()), tmp_path / "d", clock=ctx.clock)
    minimal_case(other, "ASB-2026-00099")
    ExchangeService(other).export_case("ASB-2026-00099")  # the audit trigger would refuse a DELETE
    before = all_rows(target)
    with pytest.raises(RestoreRefused, match="already holds 1 case"):
        restore_snapshot(target, backup, KEY)
    assert all_rows(target) == before
    restore_snapshot(target, backup, KEY, replace=True)
    assert all_rows(target) == all_rows(ctx.engine)


def rewrite(backup: Path, dest: Path, change: Callable[[dict[str, bytes]], None], rehash: bool = True,
            resign: bool = True) -> Path:
    """A copy of a backup with members changed (and, if ``rehash``, the manifest's hashes updated;
    if ``resign``, the manifest signed again with the test key)."""
    with zipfile.ZipFile(backup) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    change(members)
    if rehash:
        manifest = json.loads(members["manifest.json"])
        manifest["members"] = {n: hashlib.sha256(b).hexdigest() for n, b in members.items()
                               if n not in ("manifest.json", "manifest.sig")}
        members["manifest.json"] = json.dumps(manifest).encode()
    if resign and "manifest.json" in members:  # as if the organisation's own key had signed the change
        members["manifest.sig"] = json.dumps({"key_id": keys.key_id(KEY),
                                              "signature": keys.sign(KEY, members["manifest.json"])}).encode()
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dest


def set_manifest(key: str, value: Any) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest[key] = value
        members["manifest.json"] = json.dumps(manifest).encode()
    return change


def edit_table(name: str, edit: Callable[[list[dict[str, Any]]], None]) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        rows = [json.loads(line) for line in members[f"tables/{name}.jsonl"].splitlines()]
        edit(rows)
        members[f"tables/{name}.jsonl"] = b"".join(json.dumps(r).encode() + b"\n" for r in rows)
    return change


@pytest.mark.parametrize(("damage", "words"), [
    ("truncated", "not a readable ASB Desktop backup"),
    ("not a zip", "not a readable ASB Desktop backup"),
    ("flipped byte", "damaged"),
    ("no manifest", "has no manifest.json"),
    ("other revision", "schema revision '0000'"),
    ("newer format", "format version 2"),
    ("edited row", "does not match its checksum"),
    ("extra file", "unlisted"),
    ("missing table", "does not hold every table"),
    ("unsafe name", "unsafe name"),
    ("impossible date", "not a date"),
    ("wrong row count", "manifest says"),
    ("audit entry removed", "changed after it was written"),
    ("unsigned", "is not signed"),
    ("another key", "signed with another key"),
    ("unknown status", "table cases, row 1, column status holds 'bogus', which is not one of"),
    ("unknown role", "table users, row 1, column roles holds"),
    ("dangling reference", "table case_parties, row 1, column case_id refers to cases 424242"),
])
def test_a_damaged_backup_is_refused_clearly_and_changes_nothing(
        ctx: Context, filled: Path, target: Engine, tmp_path: Path, damage: str, words: str) -> None:
    good = write_snapshot(ctx.engine, tmp_path / "good.asbbackup", KEY, filled)
    bad = tmp_path / "bad.asbbackup"
    raw = good.read_bytes()
    if damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    elif damage == "not a zip":
        bad.write_text("hello")
    elif damage == "audit entry removed":  # someone without the key edits the trail and fixes the hashes
        rewrite(good, bad, edit_table("audit_log", lambda rows: rows.pop()), rehash=True, resign=False)
    elif damage == "another key":
        bad = write_snapshot(ctx.engine, bad, bytes(32), filled)
    elif damage == "flipped byte":
        with zipfile.ZipFile(good) as zf:
            start = zf.getinfo("tables/people.jsonl").header_offset
        name_len, extra_len = (int.from_bytes(raw[start + i:start + i + 2], "little") for i in (26, 28))
        at = start + 30 + name_len + extra_len + 5  # inside the member's compressed data
        bad.write_bytes(raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1:])
    else:
        changes: dict[str, tuple[Callable[[dict[str, bytes]], None], bool]] = {
            "no manifest": (lambda m: m.pop("manifest.json"), False),
            "other revision": (set_manifest("schema_revision", "0000"), False),
            "newer format": (set_manifest("version", 2), False),
            "edited row": (edit_table("people", lambda rows: rows[0].update(surname="Smith")), False),
            "extra file": (lambda m: m.update({"files/extra.txt": b"x"}), False),
            "missing table": (lambda m: m.pop("tables/notes.jsonl"), True),
            "unsafe name": (lambda m: m.update({"files/../../escape.txt": b"x"}), True),
            "impossible date": (edit_table("incidents", lambda rows: rows[0].update(started_at="2026-02-30T10:00")),
                                True),
            "wrong row count": (edit_table("tasks", lambda rows: rows.pop()), True),
            "unsigned": (lambda m: m.pop("manifest.sig"), False),
            "unknown status": (edit_table("cases", lambda rows: rows[0].update(status="bogus")), True),
            "unknown role": (edit_table("users", lambda rows: rows[0].update(roles=["superuser"])), True),
            "dangling reference": (edit_table("case_parties", lambda rows: rows[0].update(case_id=424242)), True),
        }
        change, rehash = changes[damage]
        rewrite(good, bad, change, rehash, resign=damage != "unsigned")
    sign_in(target)
    before = all_rows(target)
    with pytest.raises(SnapshotError, match=words):
        restore_snapshot(target, bad, KEY, tmp_path / "restored")
    assert all_rows(target) == before
    assert not (tmp_path / "restored").exists() and not (tmp_path.parent / "escape.txt").exists()


def test_a_restore_that_fails_part_way_leaves_the_old_database(ctx: Context, filled: Path, target: Engine,
                                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything happens in one transaction: a failure while loading rolls back the drop too."""
    good = write_snapshot(ctx.engine, tmp_path / "good.asbbackup", KEY)
    other = Context(target, sign_in(target, now=ctx.now()), tmp_path / "d", clock=ctx.clock)
    minimal_case(other, "ASB-2026-00099")
    before = all_rows(target)

    def fail_after_loading(conn: Any, _postgres: bool) -> None:  # every row is in; then the server refuses
        conn.execute(text("INSERT INTO case_parties (case_id, role) VALUES (424242, 'witness')"))

    monkeypatch.setattr(snapshot, "_after_load", fail_after_loading)
    with pytest.raises(SnapshotError, match="(?i)undone"):
        restore_snapshot(target, good, KEY, replace=True)
    assert all_rows(target) == before
    minimal_case(other, "ASB-2026-00100")  # and it still works


def test_write_is_atomic_and_files_root_may_be_missing(ctx: Context, filled: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(snapshot, "_write_files", crash)
    with pytest.raises(OSError, match="disk full"):
        write_snapshot(ctx.engine, tmp_path / "x.asbbackup", KEY, filled)
    assert list(tmp_path.glob("*x.asbbackup*")) == []
    monkeypatch.undo()
    folder = tmp_path / "backups"
    folder.mkdir()
    made = write_snapshot(ctx.engine, folder, KEY, tmp_path / "no-evidence-yet")
    assert made.parent == folder and made.suffix == ".asbbackup"
    with zipfile.ZipFile(made) as zf:
        assert json.loads(zf.read("manifest.json"))["files"] == 0
        assert not [n for n in zf.namelist() if n.startswith("files/")]


def test_an_older_schema_is_read_as_it_is(ctx: Context, filled: Path) -> None:
    """The backup db.upgrade() takes before migrating reads the tables the database really has."""
    with snapshot._read_snapshot(ctx.engine) as conn:
        reflected = {t.name: {c.name for c in t.columns if c.computed is None}
                     for t in snapshot._tables(conn, "an-older-revision")}
        current = {t.name: {c.name for c in t.columns} for t in snapshot._tables(conn, head_revision())}
    assert reflected == current


def test_missing_backup_file(target: Engine, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no backup file"):
        restore_snapshot(target, tmp_path / "nowhere.asbbackup", KEY)


def test_tables_are_read_in_one_consistent_snapshot(ctx: Context, filled: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A change committed while the backup is being written is not half in it."""
    original = snapshot._write_table
    before = row_counts(ctx.engine)

    def write_then_change(zf: zipfile.ZipFile, conn: Any, table: Any, name: str) -> tuple[int, str]:
        result = original(zf, conn, table, name)
        if table.name == "audit_log":  # the first table: now someone else adds a category and deletes tasks
            with ctx.engine.begin() as other:
                other.execute(text("INSERT INTO categories (name, retired) VALUES ('Added meanwhile', false)"))
                other.execute(text("DELETE FROM tasks"))
        return result

    monkeypatch.setattr(snapshot, "_write_table", write_then_change)
    backup = write_snapshot(ctx.engine, tmp_path / "b.asbbackup", KEY)
    with zipfile.ZipFile(backup) as zf:
        assert json.loads(zf.read("manifest.json"))["tables"] == before
    assert row_counts(ctx.engine)["tasks"] == 0

"""Roles enforced where a raw SQL client cannot get round them: ``asb user db-role`` gives a user a
PostgreSQL role, and ``psql`` signed in as it reads only the cases the services would show them."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.db_roles import role_name
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage import row_security
from asb_desktop.storage.db import make_engine, upgrade
from asb_desktop.storage.orm import Setting

PASSWORD = "reporting-pass-1"


def report(*, employee: bool = False, scheme_officer: str | None = None) -> ReportInput:
    data: dict[str, Any] = {
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator",
                     "person": {"first_names": "Kim", "surname": "Staff", "is_employee": employee}}],
        "incidents": [{"started_at": "2026-11-19 23:30", "description": "Loud bass music through the wall"}],
    }
    if scheme_officer:
        data["property"] = {"address": "Flat 3, Willow Court", "postcode": "TN23 1AA", "scheme_name": "Willow Court",
                            "scheme_officer": scheme_officer}
    return ReportInput.from_dict(data)


def psql(url: str, schema: str, sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["psql", url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", f"SET search_path TO {schema}",
                           "-c", sql], capture_output=True, text=True, timeout=60, check=False)


def rows(url: str, schema: str, sql: str) -> list[str]:
    done = psql(url, schema, sql)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines()[1:] if line]  # the first line answers SET


def drop_roles(engine: Engine, schema: str, names: list[str]) -> None:
    """Roles belong to the whole server, not the test's schema: dropped whatever happened."""
    with engine.begin() as conn:
        for name in names:
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}):
                conn.exec_driver_sql(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{name}"')
                conn.exec_driver_sql(f'REVOKE ALL ON SCHEMA "{schema}" FROM "{name}"')
                conn.exec_driver_sql(f'DROP ROLE "{name}"')


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="needs the psql client")
def test_psql_as_a_users_role_reads_only_what_the_services_show(
        pg_schema_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    sfx = uuid.uuid4().hex[:8]
    officer, leader, scheme = f"olu{sfx}", f"tara{sfx}", f"sam{sfx}"
    engine = make_engine(pg_schema_url)
    upgrade(engine)
    with engine.connect() as conn:
        schema = str(conn.scalar(text("SELECT current_schema()")))
    roles = [f"asb_{name}" for name in (officer, leader, scheme)]
    try:
        admin = Services(Context(engine, sign_in(engine), tmp_path / "data"))
        for username, name, role in ((officer, "Olu Officer", "officer"), (leader, "Tara Leader", "team_leader"),
                                     (scheme, "Sam Scheme", "scheme_officer")):
            admin.users.add(username, name, [role])
        as_user = {u: Services(Context(engine, sign_in(engine, u), tmp_path / "data"))
                   for u in (officer, leader, scheme)}
        ordinary = as_user[officer].cases.report(report()).reference
        restricted = admin.cases.report(report(employee=True)).reference
        in_scheme = admin.cases.report(report(scheme_officer=scheme)).reference
        restricted_in_scheme = admin.cases.report(report(employee=True, scheme_officer=scheme)).reference
        assert as_user[leader].queries.case_detail(restricted).restricted is True
        with engine.begin() as conn:  # seen through the scheme, not because it is assigned to the scheme officer
            conn.execute(text("UPDATE cases SET assigned_officer_id = NULL WHERE reference = :r"), {"r": in_scheme})

        monkeypatch.setenv("ASB_DB_PASSWORD", PASSWORD)
        for username in (officer, leader, scheme):
            assert main(["--db", pg_schema_url, "--data-dir", str(tmp_path / "data"),
                         "user", "db-role", username]) == 0
        base = make_url(os.environ["ASB_TEST_POSTGRES_URL"]).set(drivername="postgresql", password=PASSWORD)
        url = {u: base.set(username=f"asb_{u}").render_as_string(hide_password=False)
               for u in (officer, leader, scheme)}

        with engine.connect() as conn:
            protected = set(row_security.protected_tables(conn))
            granted = set(conn.scalars(text(
                "SELECT table_name FROM information_schema.role_table_grants "
                "WHERE grantee = :r AND table_schema = :s"), {"r": roles[0], "s": schema}))
        assert {"cases", "case_parties", "incidents", "notes", "contacts", "interviews", "tasks", "risk_assessments",
                "remedies", "evidence_links", "exhibits", "diary_entries", "statements",
                "generated_documents"} <= protected
        assert granted == protected | {"categories"}

        def seen(username: str) -> set[str]:
            return set(rows(url[username], schema, "SELECT reference FROM cases"))

        assert seen(officer) == {ordinary, in_scheme}
        assert seen(leader) == {ordinary, restricted, in_scheme, restricted_in_scheme}
        assert seen(scheme) == {in_scheme}
        for username in (officer, leader, scheme):  # exactly what the services show the same user
            assert seen(username) == {c.reference for c in as_user[username].queries.list_cases()}
        for table in ("case_parties", "incidents"):
            sql = f"SELECT count(*) FROM {table} WHERE case_id = (SELECT id FROM cases WHERE reference = '{{}}')"
            assert rows(url[officer], schema, sql.format(restricted)) == ["0"]
            assert rows(url[officer], schema, sql.format(ordinary)) == ["2" if table == "case_parties" else "1"]
            assert rows(url[leader], schema, sql.format(restricted)) == ["2" if table == "case_parties" else "1"]
        # the restricted rows are not there even by id, with no WHERE on the case
        assert rows(url[officer], schema, "SELECT count(DISTINCT case_id) FROM case_parties") == ["2"]

        for sql in ("UPDATE cases SET restricted = false", "DELETE FROM incidents",
                    "SELECT count(*) FROM users", "SELECT count(*) FROM audit_log", "SELECT count(*) FROM people"):
            done = psql(url[officer], schema, sql)
            assert done.returncode != 0 and "permission denied" in done.stderr, sql
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT db_role FROM users WHERE username = :u"), {"u": officer}) == roles[0]
            trail = list(conn.scalars(text("SELECT summary FROM audit_log WHERE summary LIKE 'Database role%'")))
        assert len(trail) == 3

        # a reset keeps the role and changes its password; --revoke drops it
        def secret() -> str:
            with engine.connect() as conn:
                return str(conn.scalar(text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": roles[0]}))

        before = secret()
        capsys.readouterr()
        assert main(["--db", pg_schema_url, "--data-dir", str(tmp_path / "data"), "user", "list"]) == 0
        listed = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(officer))
        assert listed.rstrip().endswith(roles[0])  # asb user list shows each user's database role
        monkeypatch.setenv("ASB_DB_PASSWORD", "another-pass-2")
        assert main(["--db", pg_schema_url, "--data-dir", str(tmp_path / "data"), "user", "db-role", officer]) == 0
        assert secret() != before and len(seen(leader)) == 4
        assert main(["--db", pg_schema_url, "--data-dir", str(tmp_path / "data"),
                     "user", "db-role", officer, "--revoke"]) == 0
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": roles[0]}) == 0
            assert conn.scalar(text("SELECT db_role FROM users WHERE username = :u"), {"u": officer}) is None
    finally:
        drop_roles(engine, schema, roles)
        engine.dispose()


def test_sqlite_refuses_database_roles_naming_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'asb.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    Services(Context(engine, sign_in(engine), tmp_path / "data")).users.add("olu", "Olu Officer", ["officer"])
    engine.dispose()
    code = main(["--db", url, "--data-dir", str(tmp_path / "data"), "user", "db-role", "olu"])
    err = capsys.readouterr().err
    assert code == 1 and "PostgreSQL" in err and "SQLite" in err and "row-level security" in err


def test_role_names_are_plain_identifiers() -> None:
    assert role_name("olu") == "asb_olu"
    assert role_name("O'Brien.Z-1") == "asb_o_brien_z_1"
    assert len(role_name("x" * 200)) == 63


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="needs the psql client")
def test_psql_as_an_officers_role_reads_only_the_stored_files_of_cases_it_may_see(
        pg_schema_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The team file store holds every case's file bytes under their SHA-256 alone: a role reads a
    stored file's chunks only when a case it may see holds the file, while the app still stores files."""
    sfx = uuid.uuid4().hex[:8]
    officer, leader = f"olu{sfx}", f"tara{sfx}"
    engine = make_engine(pg_schema_url)
    upgrade(engine)
    with engine.connect() as conn:
        schema = str(conn.scalar(text("SELECT current_schema()")))
    roles = [role_name(officer), role_name(leader)]
    try:
        admin = Services(Context(engine, sign_in(engine), tmp_path / "data"))
        with admin.ctx.session() as s:
            s.merge(Setting(key="team_file_store", value={"v": "database"}))
        admin.users.add(officer, "Olu Officer", ["officer"])
        admin.users.add(leader, "Tara Leader", ["team_leader"])
        as_officer = Services(Context(engine, sign_in(engine, officer), tmp_path / "data"))
        ordinary = as_officer.cases.report(report()).reference
        restricted = admin.cases.report(report(employee=True)).reference
        files: dict[str, str] = {}
        for ref, content in ((ordinary, b"the officer's own case"), (restricted, b"an employee case")):
            path = tmp_path / f"{ref}.txt"
            path.write_bytes(content * 100)
            by = as_officer if ref == ordinary else admin  # an officer adds evidence: the app's writes still work
            files[ref] = by.evidence.add_files(ref, [path]).stored[0].sha256

        monkeypatch.setenv("ASB_DB_PASSWORD", PASSWORD)
        for username in (officer, leader):
            assert main(["--db", pg_schema_url, "--data-dir", str(tmp_path / "data"), "user", "db-role", username]) == 0
        with engine.connect() as conn:
            assert {"stored_blobs", "stored_blob_chunks"} <= set(row_security.protected_tables(conn))
        base = make_url(os.environ["ASB_TEST_POSTGRES_URL"]).set(drivername="postgresql", password=PASSWORD)
        url = {u: base.set(username=role_name(u)).render_as_string(hide_password=False) for u in (officer, leader)}

        def chunks(username: str, sha: str) -> list[str]:
            return rows(url[username], schema, f"SELECT count(*) FROM stored_blob_chunks WHERE sha256 = '{sha}'")

        assert chunks(officer, files[ordinary]) == ["1"]
        assert chunks(officer, files[restricted]) == ["0"]  # the restricted case's bytes are not there
        assert rows(url[officer], schema, "SELECT sha256 FROM stored_blobs") == [files[ordinary]]
        assert chunks(leader, files[restricted]) == ["1"]
        assert sorted(rows(url[leader], schema, "SELECT sha256 FROM stored_blobs")) == sorted(files.values())
        data = rows(url[officer], schema, f"SELECT encode(data, 'escape') FROM stored_blob_chunks "
                                          f"WHERE sha256 = '{files[ordinary]}'")
        assert data[0].startswith("the officer's own case")
        for sql in ("DELETE FROM stored_blob_chunks", "INSERT INTO stored_blobs VALUES ('x', 1, now())"):
            done = psql(url[officer], schema, sql)
            assert done.returncode != 0 and "permission denied" in done.stderr, sql
    finally:
        drop_roles(engine, schema, roles)
        engine.dispose()

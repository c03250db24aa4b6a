"""Team-mode sign-in: throttled after repeated failures (across processes), audited, and no faster for an
unknown name; refusals by the access rules are audited; demo data on a team database is for administrators."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from case_factory import minimal_case
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin import users as users_module
from asb_desktop.services.admin.users import MAX_FAILURES, sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied
from asb_desktop.storage.audit_chain import verify_chain
from asb_desktop.storage.db import make_engine
from asb_desktop.storage.orm import AuditEntry, Case, SignInFailure

NOW = datetime(2026, 11, 23, 10, 0)
PASSWORD = "correct horse battery"
ADMIN_PASSWORD = "admin password 1"


@pytest.fixture
def team(ctx: Context) -> Context:
    """Team mode on, with the administrator (the single user) and an officer, both with passwords."""
    svc = Services(ctx)
    svc.users.set_password(ctx.actor.username, ADMIN_PASSWORD)
    svc.users.add("olu", "Olu Officer", ["officer"], PASSWORD)
    svc.users.add("sam", "Sam Scheme", ["scheme_officer"], PASSWORD)
    svc.users.set_team_mode(True)
    return ctx


def audit(engine: Engine, *actions: str) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action.in_(actions)).order_by(AuditEntry.id)))


def test_right_password_signs_in_and_is_audited(team: Context) -> None:
    actor = sign_in(team.engine, "olu", PASSWORD, now=NOW)
    assert actor.username == "olu"
    entries = audit(team.engine, "sign_in")
    assert [(e.username, e.summary) for e in entries][:1] == [("olu", "Signed in as 'olu'")]


def test_repeated_failures_pause_the_name_across_processes(team: Context, db_url: str) -> None:
    for i in range(MAX_FAILURES):
        with pytest.raises(PermissionDenied, match="not right"):
            sign_in(team.engine, "olu", "wrong password", now=NOW + timedelta(minutes=i))
    last = NOW + timedelta(minutes=MAX_FAILURES - 1)
    other_process = make_engine(db_url)  # a second engine: its own connections, as another process would have
    try:
        with pytest.raises(PermissionDenied, match=r"paused until 10:19"):  # even the right password
            sign_in(other_process, "olu", PASSWORD, now=last + timedelta(minutes=5))
        with pytest.raises(PermissionDenied, match="paused"):
            sign_in(other_process, "olu", PASSWORD, now=last + timedelta(minutes=14))
        assert sign_in(other_process, "olu", PASSWORD, now=last + timedelta(minutes=15, seconds=1)).username == "olu"
    finally:
        other_process.dispose()
    with team.session() as s:  # a success clears the count
        assert s.scalar(select(func.count()).select_from(SignInFailure).where(SignInFailure.username == "olu")) == 0
    failed = audit(team.engine, "sign_in_failed", "sign_in_paused")
    assert [e.action for e in failed] == ["sign_in_failed"] * MAX_FAILURES + ["sign_in_paused"] * 2
    assert all(e.username == "olu" for e in failed) and "paused until 10:19" in failed[MAX_FAILURES - 1].summary
    sam = sign_in(team.engine, "sam", PASSWORD, now=last + timedelta(minutes=1))  # other names are not affected
    assert sam.username == "sam"


def test_failures_spread_out_do_not_pause(team: Context) -> None:
    for i in range(MAX_FAILURES + 2):
        with pytest.raises(PermissionDenied, match="not right"):
            sign_in(team.engine, "olu", "wrong password", now=NOW + timedelta(minutes=4 * i))
    assert sign_in(team.engine, "olu", PASSWORD, now=NOW + timedelta(minutes=4 * MAX_FAILURES + 9)).username == "olu"


def test_an_unknown_name_is_treated_like_a_wrong_password(team: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = users_module._hasher

    class Spy:
        def verify(self, stored: str, password: str) -> bool:
            checked.append(stored)
            return real.verify(stored, password)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    monkeypatch.setattr(users_module, "_hasher", Spy())
    for name in ("nobody", "olu"):
        with pytest.raises(PermissionDenied) as refused:
            sign_in(team.engine, name, "wrong password", now=NOW)
        assert str(refused.value) == "The user name or password is not right."
    assert len(checked) == 2 and all(h.startswith("$argon2") for h in checked)  # a hash was checked both times
    for i in range(MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            sign_in(team.engine, "nobody", "guess", now=NOW + timedelta(minutes=1 + i))
    with pytest.raises(PermissionDenied, match="paused"):
        sign_in(team.engine, "nobody", "guess", now=NOW + timedelta(minutes=8))


def test_a_new_password_from_an_administrator_lifts_a_pause(team: Context) -> None:
    for i in range(MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            sign_in(team.engine, "olu", "wrong password", now=NOW + timedelta(minutes=i))
    with pytest.raises(PermissionDenied, match="paused"):
        sign_in(team.engine, "olu", PASSWORD, now=NOW + timedelta(minutes=6))
    Services(team).users.set_password("olu", "a brand new password")
    assert sign_in(team.engine, "olu", "a brand new password", now=NOW + timedelta(minutes=7)).username == "olu"


def test_an_unknown_name_takes_as_long_as_a_wrong_password(team: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same work either way: one argon2 check against a hash of the same cost (counted, not timed, so
    the test holds on a loaded machine)."""
    checked: list[str] = []
    real = users_module._hasher

    class Counting:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def verify(self, hash_: str, password: str) -> bool:
            checked.append(hash_.split("$")[3])  # the cost parameters, e.g. m=65536,t=3,p=4
            return real.verify(hash_, password)

    monkeypatch.setattr(users_module, "_hasher", Counting())
    for name, hour in (("olu", 1), ("nobody", 2)):
        with pytest.raises(PermissionDenied):
            sign_in(team.engine, name, "wrong password", now=NOW + timedelta(hours=hour))  # never paused
    assert len(checked) == 2 and checked[0] == checked[1]


def test_refusals_by_the_access_rules_are_audited(team: Context) -> None:
    ref = minimal_case(team, "ASB-2026-00001")
    sam = Services(Context(team.engine, sign_in(team.engine, "sam", PASSWORD, now=NOW), team.data_dir, team.clock))
    with pytest.raises(PermissionDenied, match="You do not have access to case ASB-2026-00001"):
        sam.queries.case_detail(ref)
    with pytest.raises(PermissionDenied, match="add users"):
        sam.users.add("eve", "Eve Intruder", ["administrator"], "password123")
    denied = audit(team.engine, "denied")
    assert [(e.username, e.case_reference) for e in denied] == [("sam", ref), ("sam", None)]
    assert "add users" in denied[1].summary
    with team.engine.connect() as conn:
        assert verify_chain(conn).intact


def test_demo_data_on_a_team_database_is_for_administrators(team: Context, db_url: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    monkeypatch.setenv("ASB_PASSWORD", PASSWORD)
    code = main([*base, "--user", "olu", "demo", "--cases", "2"])
    err = capsys.readouterr().err
    assert code == 1 and "Only a administrator can add demo data to a team database" in err
    with team.session() as s:
        assert s.scalar(select(func.count(Case.id))) == 0
        first_new = s.scalar(select(func.max(AuditEntry.id)))
    monkeypatch.setenv("ASB_PASSWORD", ADMIN_PASSWORD)
    admin = team.actor.username
    assert main([*base, "--user", admin, "demo", "--cases", "2"]) == 0, capsys.readouterr().err
    with team.session() as s:
        assert s.scalar(select(func.count(Case.id))) == 3  # two demo cases and the court-ready one
        names = set(s.scalars(select(AuditEntry.username).where(AuditEntry.id > first_new)))
        acting = {e.detail.get("acting_as") for e in s.scalars(select(AuditEntry).where(AuditEntry.id > first_new))}
    assert names == {admin}  # the demo story acts as the demo users, but its entries name who asked for it
    assert "tomasz.nowak" in acting
    with team.engine.connect() as conn:
        assert verify_chain(conn).intact

"""``asb tenancy``, ``asb pretenancy``, ``asb review-group`` and ``asb publicity``: bad input exits 2
naming the field with nothing written; procedure refusals exit 1; SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.db import make_engine, upgrade

REPORT = {
    "channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh",
                                                           "date_of_birth": "2012-03-04"}}],
    "incidents": [{"started_at": "2026-11-15 23:30", "description": "Loud music"}],
}


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    engine = make_engine(db_url)
    upgrade(engine, tmp_path / "backups")
    admin = Services(Context(engine, sign_in(engine), tmp_path / "data"))
    for username, name, role in (("olu", "Olu Officer", "officer"), ("tess", "Tess Leader", "team_leader"),
                                 ("mo", "Mo Manager", "manager")):
        admin.users.add(username, name, [role])
    engine.dispose()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _case(asb, tmp_path: Path) -> tuple[str, str]:  # noqa: ANN001
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert asb("--user", "olu", "case", "new", str(path))[0] == 0
    code, out, _ = asb("--user", "olu", "person", "find", "Marsh", "--json")
    assert code == 0, out
    return "ASB-2026-00001", json.loads(out)[0]["uid"]


def test_tenancy_and_pretenancy(asb, tmp_path: Path, db_url: str) -> None:  # noqa: ANN001
    ref, person = _case(asb, tmp_path)
    code, out, err = asb("--user", "olu", "tenancy", "add", person, "--address", "1 New Road", "--type", "castle",
                         "--start", "2026-11-16")
    assert code == 2 and "tenancy type" in err and out == ""
    code, out, err = asb("--user", "olu", "tenancy", "add", person, "--address", "1 New Road", "--type",
                         "introductory", "--start", "2026-11-16", "--rent-period", "yearly")
    assert code == 2 and out == ""
    assert "--rent-period" in err and "'yearly' is not one of: weekly, fortnightly, four_weekly, monthly" in err
    assert json.loads(asb("--user", "olu", "tenancy", "due", "--json")[1]) == []  # nothing written
    code, out, _ = asb("--user", "olu", "tenancy", "add", person, "--address", "1 New Road", "--type",
                       "introductory", "--start", "2026-11-16", "--rent-period", "monthly")
    assert code == 0 and "not before" in out and "due by" in out
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT rent_period FROM tenancies WHERE start_date = '2026-11-16'")).scalars() \
            .all() == ["monthly"]
    engine.dispose()
    code, out, _ = asb("--user", "olu", "tenancy", "due", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    code, _, err = asb("--user", "olu", "pretenancy", "add", person, "--decision", "decline", "--reason", "History")
    assert code == 2 and err.startswith("asb: error: risks")
    code, out, _ = asb("--user", "olu", "pretenancy", "show", person, "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = asb("--user", "olu", "pretenancy", "add", person, "--decision", "decline", "--reason",
                       "Current case", "--risks", "Noise nuisance")
    assert code == 0 and ref in out
    code, out, _ = asb("--user", "tess", "pretenancy", "show", person)
    assert code == 0 and "Do not let" in out and ref in out


def test_review_group_and_publicity(asb, tmp_path: Path) -> None:  # noqa: ANN001
    ref, _ = _case(asb, tmp_path)
    members = ["--line-manager", "Lena", "--health-and-safety", "Hal", "--hr", "Hira", "--housing-manager", "Hugo"]
    code, _, err = asb("--user", "tess", "review-group", "add", ref, "--date", "2026-11-20", *members,
                       "--decision", "agreed", "--actions", "Plan")
    assert code == 1 and "not a restricted" in err
    code, _, err = asb("--user", "tess", "publicity", "publicise", ref, "--detail", "Press release")
    assert code == 1 and "manager must be consulted" in err and "under 18" in err
    assert asb("--user", "olu", "publicity", "consult", ref, "--manager", "Mo", "--detail", "ok")[0] == 0
    assert asb("--user", "olu", "publicity", "advice", ref, "--adviser", "Legal", "--detail", "No names")[0] == 0
    assert asb("--user", "olu", "publicity", "restrict", ref, "--detail", "s45 YJCEA 1999")[0] == 0
    code, _, err = asb("--user", "olu", "publicity", "publicise", ref, "--detail", "Press release")
    assert code == 1 and "reporting restrictions" in err
    code, _, err = asb("--user", "olu", "case", "export", ref, "--out", str(tmp_path / "c.json"))
    assert code == 1 and "override" in err and not (tmp_path / "c.json").exists()
    code, _, err = asb("--user", "olu", "publicity", "override", ref, "--reason", "Police request")
    assert code == 1 and "manager" in err
    assert asb("--user", "mo", "publicity", "override", ref, "--reason", "Police request")[0] == 0
    code, _, err = asb("--user", "olu", "case", "export", ref, "--out", str(tmp_path / "c.json"))
    assert code == 0 and "REPORTING RESTRICTIONS: s45 YJCEA 1999" in err
    code, out, _ = asb("--user", "olu", "publicity", "show", ref)
    assert code == 0 and out.startswith("REPORTING RESTRICTIONS")
    code, _, err = asb("--user", "olu", "publicity", "consult", ref, "--manager", "", "--detail", "x")
    assert code == 2 and "by" in err


def test_new_tenant_contact_on_asb_due(asb, tmp_path: Path) -> None:  # noqa: ANN001
    """3.1: `asb due` lists the new-tenant contact once its 4-6 week window opens."""
    from datetime import date, timedelta

    _ref, person = _case(asb, tmp_path)
    start = date.today() - timedelta(days=30)  # window opened 2 days ago, due in 12 days
    assert asb("--user", "olu", "tenancy", "add", person, "--address", "1 New Road", "--type", "introductory",
               "--start", start.isoformat())[0] == 0
    code, out, _ = asb("--user", "olu", "due", "--days", "14", "--json")
    items = [i for i in json.loads(out) if i["kind"] == "new_tenant_contact"]
    assert code == 0 and [i["label"] for i in items] == ["New-tenant contact: Dean Marsh, 1 New Road"]
    code, out, _ = asb("--user", "olu", "due", "--days", "14")
    assert code == 0 and "New-tenant contact: Dean Marsh" in out  # the table shortens long lines

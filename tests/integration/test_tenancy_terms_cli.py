"""``asb tenancy list`` and ``asb tenancy set``: the terms shown with the id and version, a correction
saved, bad input exits 2 naming the option with nothing written, a stale version exits 1; SQLite and
PostgreSQL."""

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
    "property": {"address": "12 Elm Court", "postcode": "LS1 4AB", "tenancy_type": "secure",
                 "tenancy_start": "2025-04-07"},
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
}


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    engine = make_engine(db_url)
    upgrade(engine, tmp_path / "backups")
    admin = Services(Context(engine, sign_in(engine), tmp_path / "data"))
    for username, name, role in (("olu", "Olu Officer", "officer"), ("sam", "Sam Scheme", "scheme_officer")):
        admin.users.add(username, name, [role])
    engine.dispose()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    assert run("--user", "olu", "case", "new", str(path))[0] == 0
    return run


def _stored(db_url: str) -> list[tuple]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text("SELECT rent_period, start_date, version FROM tenancies"))]
    engine.dispose()
    return [(p, str(d), v) for p, d, v in rows]


def test_list_and_set(asb, db_url: str) -> None:  # noqa: ANN001
    code, out, err = asb("--user", "olu", "tenancy", "list", "ASB-2026-00001")
    assert code == 0 and err == ""
    assert "version 1" in out and "rent period not recorded" in out and "start 2025-04-07" in out
    assert "notices rely on this one (the alleged perpetrator's tenancy)" in out
    code, out, _ = asb("--user", "olu", "tenancy", "list", "ASB-2026-00001", "--json")
    uid = json.loads(out)[0]["uid"]

    code, out, err = asb("--user", "olu", "tenancy", "set", uid, "--rent-period", "weekly", "--version", "1")
    assert code == 0 and err == "" and "saved (now version 2)" in out and "rent period weekly" in out
    assert _stored(db_url) == [("weekly", "2025-04-07", 2)]
    code, out, _ = asb("--user", "olu", "tenancy", "set", uid, "--start", "2025-04-14", "--version", "2")
    assert code == 0 and "now version 3" in out and "start 2025-04-14" in out
    assert _stored(db_url) == [("weekly", "2025-04-14", 3)]
    code, out, _ = asb("--user", "olu", "tenancy", "set", uid, "--rent-period", "weekly", "--version", "3")
    assert code == 0 and out.startswith("Nothing to change")


@pytest.mark.parametrize(("args", "words"), [
    (("--rent-period", "yearly", "--version", "1"), "asb: error: --rent-period: 'yearly' is not one of"),
    (("--start", "07/04/2025", "--version", "1"), "asb: error: --start: '07/04/2025' is not a date like 2025-04-07"),
    (("--rent-period", "weekly", "--version", "one"), "asb: error: --version: 'one' is not a whole number"),
    (("--version", "1",), "asb: error: --rent-period: give --rent-period or --start"),
])
def test_bad_input_exits_2_naming_the_option(asb, db_url: str, args: tuple[str, ...], words: str) -> None:  # noqa: ANN001
    uid = json.loads(asb("--user", "olu", "tenancy", "list", "ASB-2026-00001", "--json")[1])[0]["uid"]
    code, out, err = asb("--user", "olu", "tenancy", "set", uid, *args)
    assert code == 2 and out == "" and err.startswith(words) and "Traceback" not in err
    assert _stored(db_url) == [(None, "2025-04-07", 1)]


def test_stale_version_and_refused_role_exit_1(asb, db_url: str) -> None:  # noqa: ANN001
    uid = json.loads(asb("--user", "olu", "tenancy", "list", "ASB-2026-00001", "--json")[1])[0]["uid"]
    assert asb("--user", "olu", "tenancy", "set", uid, "--rent-period", "monthly", "--version", "1")[0] == 0
    code, out, err = asb("--user", "olu", "tenancy", "set", uid, "--rent-period", "weekly", "--version", "1")
    assert code == 1 and out == "" and "changed by someone else" in err and "Nothing was saved" in err
    code, _, err = asb("--user", "sam", "tenancy", "set", uid, "--rent-period", "weekly", "--version", "2")
    assert code == 1 and "change a tenancy's terms" in err
    code, _, err = asb("--user", "olu", "tenancy", "set", "nope", "--rent-period", "weekly", "--version", "2")
    assert code == 1 and "no such tenancy" in err
    assert _stored(db_url) == [("monthly", "2025-04-07", 2)]

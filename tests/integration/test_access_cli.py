"""``asb case assign`` and ``asb case refer`` refuse, with exit 2 and nothing written, what 2024 5.5 forbids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.db import make_engine, upgrade

REPORT = {
    "channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
    "incidents": [{"started_at": "2026-11-15 23:30", "description": "Loud music"}],
    "property": {"address": "Flat 3, Willow Court", "postcode": "TN23 1AA", "scheme_name": "Willow Court",
                 "scheme_officer": "sam"},
}


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    engine = make_engine(db_url)
    upgrade(engine, tmp_path / "backups")
    admin = Services(Context(engine, sign_in(engine), tmp_path / "data"))
    for username, name, role in (("olu", "Olu Officer", "officer"), ("sam", "Sam Scheme", "scheme_officer"),
                                 ("sue", "Sue Scheme", "scheme_officer")):
        admin.users.add(username, name, [role])
    engine.dispose()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_assign_and_refer_refusals_exit_2_and_change_nothing(asb, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORT), encoding="utf-8")
    code, out, _ = asb("--user", "olu", "case", "new", str(path))
    assert code == 0 and "Sam Scheme" in out
    ref = "ASB-2026-00001"

    def state() -> tuple[str, int]:
        shown = json.loads(asb("--user", "sam", "case", "show", ref, "--json")[1])
        trail = json.loads(asb("--user", "sam", "audit", ref, "--json")[1])
        return shown["assigned_officer"], len([e for e in trail if e["action"] != "view"])

    before = state()
    code, out, err = asb("--user", "olu", "case", "assign", ref, "olu")
    assert code == 2 and out == "" and err.startswith("asb: error:") and "2024 5.5" in err
    assert err.strip().count("\n") == 0 and "scheme attempt" in err
    code, _, err = asb("--user", "sam", "case", "refer", ref, "sue")
    assert code == 2 and "not a Housing or Enforcement Officer" in err
    assert state() == before == ("Sam Scheme", before[1])
    assert asb("--user", "sam", "note", ref, "Agreed quiet hours with the resident.", "--kind",
               "scheme_attempt")[0] == 0
    code, out, _ = asb("--user", "sam", "case", "refer", ref, "olu")
    assert code == 0 and "Referred to Olu Officer" in out

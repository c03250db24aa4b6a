"""Tenant Satisfaction Measures (issue 22): NM01 from a year with repeat reports, a reopened case, a
hate incident and a case from the year before, worked out by hand; TP12 recorded at closure and refused
for an anonymous complainant; the CLI over the demo database. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Case


def _report(received: str, perpetrator: dict[str, object], hate: bool = False,
            anonymous: bool = False) -> ReportInput:
    complainant = ({"role": "complainant", "anonymous": True} if anonymous else
                   {"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}, "new_person": True})
    return ReportInput.from_dict({
        "channel": "telephone", "received_at": received, "categories": ["Noise"], "hate_related": hate,
        "parties": [complainant, {"role": "alleged_perpetrator", "person": perpetrator, "new_person": True}]})


@pytest.fixture
def year(ctx: Context) -> tuple[Services, dict[str, str]]:
    clock = [datetime(2026, 3, 20, 9, 0)]
    svc = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: clock[0]))
    refs: dict[str, str] = {}

    def at(when: str) -> None:
        clock[0] = datetime.fromisoformat(when)

    refs["E"] = svc.cases.report(_report("2026-03-20 09:00", {"first_names": "Pat", "surname": "Park"})).reference
    at("2026-04-05 09:00")
    refs["A"] = svc.cases.report(_report("2026-04-05 09:00", {"first_names": "Dean", "surname": "Marsh"})).reference
    marsh = _perpetrator_uid(svc, refs["A"])
    at("2026-05-01 09:00")
    refs["B"] = svc.cases.report(_report("2026-05-01 09:00", {"existing_uid": marsh})).reference  # A is open
    at("2026-05-10 09:00")
    refs["C"] = svc.cases.report(_report("2026-05-10 09:00", {"first_names": "Lee", "surname": "Lyons"},
                                         hate=True)).reference
    at("2026-06-01 09:00")
    for key in ("A", "B"):
        svc.activity.log_contact(refs[key], "telephone", "spoke", clock[0])
    svc.cases.close(refs["A"], "nuisance_ceased", satisfaction="fairly_satisfied")
    svc.cases.close(refs["B"], "nuisance_ceased")
    at("2026-06-10 09:00")
    refs["D"] = svc.cases.reopen(refs["A"]).reference  # after A closed: a new case
    at("2026-07-01 09:00")
    refs["F"] = svc.cases.report(_report("2026-07-01 09:00", {"first_names": "Sam", "surname": "Stone"},
                                         anonymous=True)).reference
    at("2026-11-20 09:00")
    return svc, refs


def _perpetrator_uid(svc: Services, reference: str) -> str:
    detail = svc.queries.case_detail(reference)
    return next(p.person.uid for p in detail.parties if p.role == "alleged_perpetrator")


def test_nm01_worked_by_hand(year: tuple[Services, dict[str, str]]) -> None:
    svc, refs = year
    svc.tsm.set_homes(2026, 2_000)
    report = svc.tsm.nm01(2026)
    counted = sorted(line.reference for line in report.lines if line.counted)
    assert counted == sorted([refs["A"], refs["C"], refs["D"], refs["F"]])  # B: a repeat while A was open
    assert refs["E"] not in {line.reference for line in report.lines}  # received in 2025/26
    assert (report.cases, report.hate_cases) == (4, 1)
    assert (report.per_thousand, report.hate_per_thousand) == (Decimal("2.00"), Decimal("0.50"))
    b = next(line for line in report.lines if line.reference == refs["B"])
    assert not b.counted and refs["A"] in b.reason and "Marsh" not in b.reason
    assert svc.tsm.nm01(2025).cases == 1


def test_tp12_at_closure_and_never_for_an_anonymous_complainant(year: tuple[Services, dict[str, str]]) -> None:
    svc, refs = year
    rows = {(r.by, r.group): r for r in svc.tsm.tp12(2026)}
    assert rows[("all", "All cases")].answers == {"fairly_satisfied": 1}
    assert rows[("all", "All cases")].percent_satisfied == Decimal("100.0")
    assert ("category", "Noise") in rows and any(by == "outcome" for by, _ in rows)
    svc.activity.log_contact(refs["F"], "telephone", "spoke", datetime(2026, 11, 20, 9, 0))
    version = svc.queries.case_detail(refs["F"]).version
    with pytest.raises(RuleBlocked, match="anonymous"):
        svc.cases.close(refs["F"], "nuisance_ceased", satisfaction="very_satisfied")
    assert svc.queries.case_detail(refs["F"]).version == version  # nothing written: still open
    with pytest.raises(ValidationError, match="satisfaction"):
        svc.cases.close(refs["F"], "nuisance_ceased", satisfaction="chuffed")
    svc.cases.record_satisfaction(refs["B"], "very_dissatisfied")  # answered after the closure letter
    assert svc.tsm.tp12(2026)[0].answers == {"fairly_satisfied": 1, "very_dissatisfied": 1}
    with pytest.raises(RuleBlocked, match="still open"):
        svc.cases.record_satisfaction(refs["C"], "neither")


def test_only_team_leaders_and_above_run_it(year: tuple[Services, dict[str, str]], ctx: Context) -> None:
    svc, _ = year
    svc.users.add("olu", "Olu Officer", ["officer"])
    olu = Services(Context(ctx.engine, sign_in(ctx.engine, "olu"), ctx.data_dir, ctx.clock))
    with pytest.raises(PermissionDenied):
        olu.tsm.nm01(2026)
    with pytest.raises(PermissionDenied):
        olu.tsm.set_homes(2026, 10)
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "view",
                                                                           AuditEntry.entity == "report")) == 0


def test_cli_over_the_demo_database(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str],
                                    engine) -> None:  # noqa: ANN001
    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert asb("demo", "--cases", "200")[0] == 0
    code, out, err = asb("report", "tsm", "--year", "2026", "--homes", "4321", "--csv", str(tmp_path / "nm01.csv"),
                         "--cases")
    assert code == 0, err
    rows = list(csv.reader((tmp_path / "nm01.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:4] == ["Measure", "Description", "Reporting year", "Cases"] and rows[1][0] == "NM01(1)"
    cases, hate = int(rows[1][3]), int(rows[2][3])
    lines = rows[5:]
    with engine.connect() as conn:  # every case received in the year is listed once, counted or not
        received = conn.scalar(select(func.count()).select_from(Case).where(
            Case.received_at >= datetime(2026, 4, 1), Case.received_at < datetime(2027, 4, 1)))
    assert len(lines) == received and sum(1 for r in lines if r[2] == "yes") == cases
    assert sum(1 for r in lines if r[2] == "yes" and r[3] == "yes") == hate
    assert rows[1][5] == str((Decimal(cases) * 1000 / 4321).quantize(Decimal("0.01")))
    assert f"{cases}" in out and "4,321" in out
    code, _, err = asb("report", "tsm", "--year", "26")
    assert code == 2 and "year" in err and "Traceback" not in err
    code, _, err = asb("report", "tsm", "--year", "2026", "--homes", "-5")
    assert code == 2 and "homes" in err
    assert asb("report", "tp12", "--year", "2026")[0] == 0

"""Team leader reports and the filtered case list, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.casework.reports import NOT_ASSESSED, CaseFilter, ReportService, to_csv
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.services.kernel.org_settings import OrgSettings, OrgSettingsService, check_database

HIGH = {"violence": True, "self_harm": True}  # weights 5 + 5


def _report(received: str, officer: str, categories: list[str], employee: bool = False,
            surname: str = "Marsh") -> ReportInput:
    return ReportInput.from_dict({
        "channel": "telephone", "received_at": received, "categories": categories, "assign_to": officer,
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien",
                                                       "is_employee": employee}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": surname}}]})


@pytest.fixture
def data(ctx: Context) -> dict[str, Services]:
    """Four cases: Olu has two (one high risk, one closed), Ola one, and an employee case for Tara."""
    admin = Services(ctx)
    for username, name, role in (("olu", "Olu Officer", "officer"), ("ola", "Ola Other", "officer"),
                                 ("tara", "Tara Leader", "team_leader")):
        admin.users.add(username, name, [role])
    a = admin.cases.report(_report("2026-10-05 09:00", "olu", ["Noise", "Garden nuisance"]))
    admin.risk.assess(a.reference, HIGH)
    admin.cases.record_response(a.reference, datetime(2026, 10, 5, 15, 0))  # on time
    b = admin.cases.report(_report("2026-10-06 09:00", "olu", ["Noise"], surname="=HYPERLINK(1)"))
    admin.cases.record_response(b.reference, datetime(2026, 10, 20, 9, 0))  # late
    admin.activity.log_contact(b.reference, "telephone", "spoke", datetime(2026, 10, 20, 9, 0))
    admin.cases.close(b.reference, "nuisance_ceased")
    admin.cases.report(_report("2026-11-20 09:00", "ola", ["Noise"]))  # pending: due 25 November
    admin.cases.report(_report("2026-11-02 09:00", "olu", ["Alcohol-related"], employee=True))  # late, restricted
    users = {"admin": admin}
    for name in ("olu", "tara"):
        users[name] = Services(Context(ctx.engine, sign_in(ctx.engine, name), ctx.data_dir, ctx.clock))
    return users


def test_open_cases_by_officer_and_band(data: dict[str, Services]) -> None:
    rows = {r.officer: r for r in ReportService(data["admin"].ctx).open_by_officer()}
    assert set(rows) == {"Olu Officer", "Ola Other", "Tara Leader"}
    assert (rows["Olu Officer"].high, rows["Olu Officer"].total) == (1, 1)  # the closed case is not open
    assert (rows["Ola Other"].not_assessed, rows["Tara Leader"].total) == (1, 1)


def test_officer_sees_only_visible_cases_in_reports(data: dict[str, Services]) -> None:
    olu = ReportService(data["olu"].ctx)
    assert "Tara Leader" not in {r.officer for r in olu.open_by_officer()}
    assert "Alcohol-related" not in {r.category for r in olu.by_category()}
    leader = ReportService(data["tara"].ctx)
    assert "Alcohol-related" in {r.category for r in leader.by_category()}


def test_response_compliance_by_month(data: dict[str, Services]) -> None:
    rows = {r.month: r for r in ReportService(data["admin"].ctx).response_compliance(months=3)}
    assert list(rows) == ["2026-10", "2026-11"]
    assert (rows["2026-10"].on_time, rows["2026-10"].late, rows["2026-10"].pending) == (1, 1, 0)
    assert (rows["2026-11"].on_time, rows["2026-11"].late, rows["2026-11"].pending) == (0, 1, 1)
    assert rows["2026-10"].percent_on_time == 50.0
    with pytest.raises(ValidationError):
        ReportService(data["admin"].ctx).response_compliance(months=0)


def test_cases_by_category(data: dict[str, Services]) -> None:
    rows = ReportService(data["admin"].ctx).by_category()
    assert rows[0].category == "Noise" and (rows[0].open, rows[0].closed) == (2, 1)
    assert {r.category: r.total for r in rows} == {"Noise": 3, "Garden nuisance": 1, "Alcohol-related": 1}


def test_csv_export_content_and_audit(data: dict[str, Services], tmp_path: Path) -> None:
    svc = ReportService(data["admin"].ctx)
    out = tmp_path / "by-officer.csv"
    assert svc.export_csv("open_by_officer", out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert table[0] == ["officer", "standard", "medium", "high", "not_assessed", "total"]
    assert ["Olu Officer", "0", "0", "1", "0", "1"] in table
    trail = data["admin"].queries.audit_trail()
    assert any(e.action == "export" and e.entity == "report" for e in trail)
    with pytest.raises(ValidationError, match="report"):
        svc.export_csv("nonsense", out)


def test_csv_neutralises_formulas() -> None:
    from asb_desktop.services.casework.reports import CategoryRow

    text = to_csv([CategoryRow("=cmd|' /C calc'!A0", 1, 0)])
    assert text.splitlines()[1].startswith("'=cmd")


def test_filtered_case_list(data: dict[str, Services]) -> None:
    svc = ReportService(data["admin"].ctx)
    assert len(svc.list_cases(CaseFilter())) == 4
    assert [r.risk_band for r in svc.list_cases(CaseFilter(risk_band="high"))] == ["high"]
    assert len(svc.list_cases(CaseFilter(risk_band=NOT_ASSESSED))) == 3
    assert {r.officer for r in svc.list_cases(CaseFilter(officer="Olu Officer"))} == {"Olu Officer"}
    assert len(svc.list_cases(CaseFilter(status="open"))) == 3
    assert len(svc.list_cases(CaseFilter(category="Noise", status="closed"))) == 1
    assert [r.perpetrator for r in svc.list_cases(CaseFilter(text="HYPERLINK"))] == ["Dean =HYPERLINK(1)"]
    ordered = svc.list_cases(CaseFilter(), sort="received_at", descending=False)
    assert [r.received_at.month for r in ordered] == [10, 10, 11, 11]
    choices = svc.filter_choices()
    assert "Olu Officer" in choices["officer"] and "Noise" in choices["category"]


def test_org_settings_saved_validated_and_admin_only(data: dict[str, Services], tmp_path: Path) -> None:
    svc = OrgSettingsService(data["admin"].ctx)
    changed = svc.save(OrgSettings("Riverside Homes", "1 Quay St", "", str(tmp_path), "WLS"))
    assert changed == ["bank_holiday_region", "evidence_dir", "organisation_address", "organisation_name"]
    assert svc.get().bank_holiday_region == "WLS"
    with pytest.raises(ValidationError, match="region"):
        svc.save(OrgSettings(bank_holiday_region="XX"))
    with pytest.raises(ValidationError, match="logo"):
        svc.save(OrgSettings(organisation_logo=str(tmp_path / "missing.png")))
    with pytest.raises(PermissionDenied):
        OrgSettingsService(data["olu"].ctx).save(OrgSettings())
    OrgSettingsService(data["olu"].ctx).set_my_details("Olu Okafor", "oo")
    assert sign_in(data["admin"].ctx.engine, "olu").initials == "OO"
    with pytest.raises(ValidationError, match="initials"):
        OrgSettingsService(data["olu"].ctx).set_my_details("Olu", "O1")


def test_check_database_really_connects(db_url: str, tmp_path: Path) -> None:
    assert check_database(db_url).ok
    bad = check_database("postgresql://nobody@127.0.0.1:1/none")
    assert not bad.ok and bad.message.startswith("Could not connect")
    assert not check_database("mysql://x@y/z").ok
    assert "empty" in check_database(str(tmp_path / "new.sqlite")).message

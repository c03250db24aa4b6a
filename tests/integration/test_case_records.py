"""6.3-6.4 police, 7.7.2/8.4.2 safeguarding discussions and 12.1 partner sharing, through the services on
SQLite and PostgreSQL, and from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from integration.case_factory import minimal_case, row_counts
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked, ValidationError
from asb_desktop.storage.orm import AuditEntry, Case
from asb_desktop.storage.orm_records import InformationShare

REF = "ASB-2026-00001"


def test_police_advice_and_report_are_recorded_audited_and_on_the_timeline(ctx: Context) -> None:
    minimal_case(ctx, REF)
    svc = Services(ctx)
    svc.records.police_advised(REF, "2026-11-20", "PC Ahmed", "WY-1234", "the complainant")
    svc.records.police_report(REF, "2026-11-21", "Siobhan Ní Bhriain", "2026-11-21",
                              "Report the threats as harassment", "WY-5678")
    lines = [e.text for e in svc.queries.case_detail(REF).timeline if e.kind == "police"]
    assert lines == ["the complainant advised to report to the police by PC Ahmed (police reference WY-1234)",
                     "Reported to the police by the officer (police reference WY-5678); guidance from "
                     "Siobhan Ní Bhriain on 21/11/2026: Report the threats as harassment"]
    records = svc.records.records(REF)
    assert records.police_advice[0].advised_by == "PC Ahmed"
    with ctx.session() as s:
        entities = [e.entity for e in s.scalars(select(AuditEntry).where(AuditEntry.case_reference == REF))]
    assert "police_advice" in entities and "police_report" in entities


def test_bad_police_input_names_the_field_and_writes_nothing(ctx: Context) -> None:
    minimal_case(ctx, REF)
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError, match="advised by"):
        Services(ctx).records.police_advised(REF, "2026-11-20", " ")
    with pytest.raises(ValidationError, match="guidance date"):
        Services(ctx).records.police_report(REF, "2026-11-21", "Siobhan", "2026-02-30", "Report it")
    assert row_counts(ctx.engine) == before


def test_safeguarding_concern_is_due_until_discussed_with_a_manager(ctx: Context) -> None:
    minimal_case(ctx, REF)
    with ctx.session() as s:
        s.scalar(select(Case).where(Case.reference == REF)).safeguarding_concern = True
    svc = Services(ctx)
    due = [i for i in svc.queries.due_items() if i.kind == "safeguarding_discussion"]
    assert [i.reference for i in due] == [REF] and "7.7.2" in due[0].reason
    svc.records.safeguarding_discussed(REF, "Siobhan Ní Bhriain", "2026-11-22", "Referral to adult social care")
    assert not [i for i in svc.queries.due_items() if i.kind == "safeguarding_discussion"]
    assert any("discussed with Siobhan" in e.text for e in svc.queries.case_detail(REF).timeline)


def test_sharing_is_refused_without_a_protocol_and_the_refusal_audited(ctx: Context) -> None:
    minimal_case(ctx, REF)
    svc = Services(ctx)
    with pytest.raises(RuleBlocked, match="no information-sharing protocol recorded with Leeds City Council"):
        svc.records.share_information(REF, "Leeds City Council", "2026-11-22", "Incident log")
    with ctx.session() as s:
        assert s.scalar(select(InformationShare)) is None
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "refused",
                                                 AuditEntry.entity == "information_share")) is not None
    svc.partners.add_protocol("Leeds City Council", "ISP-2025-07", "2025-07-01")
    svc.records.share_information(REF, "leeds city council", "2026-11-22", "Incident log")
    lines = [e.text for e in svc.queries.case_detail(REF).timeline if e.kind == "sharing"]
    assert lines == ["Information shared with Leeds City Council under protocol ISP-2025-07: Incident log"]


def test_only_administrators_record_protocols(ctx: Context) -> None:
    officer = Actor(ctx.actor.id, ctx.actor.username, ctx.actor.full_name, ctx.actor.initials,
                    frozenset({Role.OFFICER}))
    svc = Services(Context(ctx.engine, officer, ctx.data_dir, clock=ctx.clock))
    with pytest.raises(PermissionDenied):
        svc.partners.add_protocol("Leeds City Council", "ISP-2025-07", "2025-07-01")
    with pytest.raises(ValidationError, match="date agreed"):
        Services(ctx).partners.add_protocol("Leeds City Council", "ISP-2025-07", "yesterday")


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_the_command_line(asb, tmp_path: Path) -> None:  # noqa: ANN001
    report = {"channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
              "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Okafor"}}]}
    (tmp_path / "r.json").write_text(json.dumps(report), encoding="utf-8")
    assert asb("case", "new", str(tmp_path / "r.json"))[0] == 0
    code, out, err = asb("police", "advised", REF, "--on", "2026-11-20", "--by", "PC Ahmed")
    assert code == 0 and "recorded" in out
    code, _, err = asb("police", "advised", REF, "--on", "2026-11-31", "--by", "PC Ahmed")
    assert code == 2 and "date" in err and err.count("\n") == 1
    code, _, err = asb("police", "report", REF, "--on", "2026-11-21", "--manager", "", "--guidance-on",
                       "2026-11-21", "--guidance", "Report it")
    assert code == 2 and "manager" in err
    assert asb("police", "report", REF, "--on", "2026-11-21", "--manager", "Siobhan", "--guidance-on",
               "2026-11-21", "--guidance", "Report it")[0] == 0
    code, _, err = asb("safeguarding", "discussed", REF, "--manager", "Siobhan", "--on", "2026-11-22",
                       "--outcome", "")
    assert code == 2 and "outcome" in err
    assert asb("safeguarding", "discussed", REF, "--manager", "Siobhan", "--on", "2026-11-22",
               "--outcome", "No referral needed")[0] == 0
    code, _, err = asb("partner", "share", REF, "Leeds City Council", "--what", "Incident log")
    assert code == 1 and "no information-sharing protocol" in err
    assert asb("partner", "protocol", "Leeds City Council", "--reference", "ISP-7", "--agreed", "2025-07-01")[0] == 0
    code, out, _ = asb("partner", "protocols")
    assert code == 0 and "ISP-7" in out
    assert asb("partner", "share", REF, "Leeds City Council", "--on", "2026-11-01", "--what", "Incident log")[0] == 0
    code, out, _ = asb("case", "show", REF, "--json")
    kinds = [e["kind"] for e in json.loads(out)["timeline"]]
    assert kinds.count("police") == 2 and "safeguarding" in kinds and "sharing" in kinds

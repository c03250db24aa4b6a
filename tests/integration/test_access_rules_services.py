"""2024 5.9, 2024 5.5 and 14.4 through every service path that can break them, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from case_factory import complete_peia

from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.casework.case_view import AuditEntryView
from asb_desktop.services.exchange.exchange import ExchangeService
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked
from asb_desktop.services.kernel.inputs import PartyInput, PersonInput, ReportInput

SCHEME = {"address": "Flat 3, Willow Court", "postcode": "TN23 1AA", "scheme_name": "Willow Court",
          "scheme_officer": "sam"}


def report(**extra: object) -> ReportInput:
    data: dict[str, Any] = {
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
        "incidents": [{"started_at": "2026-11-19 23:30", "description": "Loud bass music through the wall"}],
    }
    data.update(extra)
    return ReportInput.from_dict(data)


@pytest.fixture
def team(ctx: Context) -> dict[str, Services]:
    svc = Services(ctx)
    for username, name, role in (("olu", "Olu Officer", "officer"), ("tara", "Tara Leader", "team_leader"),
                                 ("mo", "Mo Manager", "manager"), ("sam", "Sam Scheme", "scheme_officer"),
                                 ("sue", "Sue Scheme", "scheme_officer")):
        svc.users.add(username, name, [role])
    out = {"admin": svc}
    for username in ("olu", "tara", "mo", "sam", "sue"):
        out[username] = Services(Context(ctx.engine, sign_in(ctx.engine, username), ctx.data_dir, ctx.clock))
    return out


def audit(svc: Services, ref: str) -> list[AuditEntryView]:
    """The case's audit entries other than views (reading the case writes a "view" entry)."""
    return [e for e in svc.queries.audit_trail(ref) if e.action != "view"]


def assert_with_team_leader(team: dict[str, Services], ref: str, cause: str) -> None:
    detail = team["tara"].queries.case_detail(ref)
    assert detail.restricted is True and detail.employee_involved is True
    assert detail.assigned_officer == "Tara Leader" and "5.9" in detail.assignment_reason
    with pytest.raises(PermissionDenied):
        team["olu"].queries.case_detail(ref)
    assert ref not in [r.reference for r in team["olu"].queries.list_cases()]
    entries = [e for e in audit(team["tara"], ref) if "5.9" in e.summary]
    assert entries and cause in entries[0].summary and "Tara Leader" in entries[0].summary


# ------------------------------------------------------------------------------------ 2024 5.9
def test_adding_an_employee_party_restricts_the_case_and_hands_it_to_a_team_leader(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    assert olu.queries.case_detail(ref).restricted is False
    olu.parties.add(ref, PartyInput("witness", PersonInput(first_names="Pat", surname="Caretaker")))
    assert olu.queries.case_detail(ref).restricted is False  # not an employee: nothing changes
    olu.parties.add(ref, PartyInput("alleged_perpetrator",
                                    PersonInput(first_names="Kim", surname="Staff", is_employee=True)))
    assert_with_team_leader(team, ref, "Added a alleged perpetrator who is an employee")


def test_an_officer_as_professional_witness_does_not_restrict(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    olu.parties.add(ref, PartyInput("professional_witness",
                                    PersonInput(first_names="Ola", surname="Officer", is_employee=True)))
    detail = olu.queries.case_detail(ref)
    assert detail.restricted is False and detail.assigned_officer == "Olu Officer"


def test_ticking_colleague_harassed_after_intake_restricts_and_reassigns(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    olu.cases.update(ref, {"colleague_harassed": True})
    assert_with_team_leader(team, ref, "Colleague harassed by a customer ticked")
    tasks = team["tara"].queries.case_detail(ref).tasks
    assert any("Colleague risk assessment" in str(t) for t in tasks)
    team["tara"].cases.update(ref, {"colleague_harassed": False})  # unticking never lifts the restriction
    assert team["tara"].queries.case_detail(ref).restricted is True


def test_intake_with_colleague_harassed_goes_to_a_team_leader(team: dict[str, Services]) -> None:
    opened = team["olu"].cases.report(report(colleague_harassed=True))
    assert "Tara Leader" in opened.assignment and "5.9" in opened.assignment
    assert team["tara"].queries.case_detail(opened.reference).restricted is True


def test_an_imported_case_file_that_involves_an_employee_is_restricted(team: dict[str, Services],
                                                                     ctx: Context) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    doc = ExchangeService(olu.ctx).export_case(ref)
    doc["case"]["colleague_harassed"] = True  # a hand-edited or older file: flagged, yet open to all
    doc["case"]["restricted"] = False
    copy = ExchangeService(olu.ctx).import_case(doc, new_reference=True)
    assert_with_team_leader(team, copy, f"Imported case {copy}")


# ------------------------------------------------------------------------------------ 2024 5.5
def test_assigning_a_supported_housing_case_needs_a_scheme_attempt(team: dict[str, Services]) -> None:
    olu, sam = team["olu"], team["sam"]
    ref = olu.cases.report(report(property=SCHEME)).reference
    before = (sam.queries.case_detail(ref).assigned_officer, len(audit(team["tara"], ref)))
    with pytest.raises(RuleBlocked, match="scheme attempt") as blocked:
        olu.cases.assign(ref, "olu")
    assert "Sam Scheme" in str(blocked.value) and "2024 5.5" in str(blocked.value)
    with pytest.raises(RuleBlocked, match="2024 5.5"):
        team["tara"].cases.assign(ref, "olu")  # seniority does not skip the scheme officer's attempt
    assert (sam.queries.case_detail(ref).assigned_officer, len(audit(team["tara"], ref))) == before
    sam.activity.add_note(ref, "Visited the resident and agreed quiet hours.", kind="scheme_attempt")
    assert "Olu Officer" in team["tara"].cases.assign(ref, "olu")
    assert team["olu"].queries.case_detail(ref).assigned_officer == "Olu Officer"


def test_referral_goes_to_a_housing_officer_never_a_scheme_officer(team: dict[str, Services]) -> None:
    sam = team["sam"]
    ref = team["olu"].cases.report(report(property=SCHEME)).reference
    sam.activity.add_note(ref, "Visited the resident and agreed quiet hours.", kind="scheme_attempt")
    count = len(audit(team["tara"], ref))
    with pytest.raises(RuleBlocked, match="not a Housing or Enforcement Officer"):
        sam.cases.refer_from_scheme(ref, "sue")
    assert sam.queries.case_detail(ref).assigned_officer == "Sam Scheme"
    assert len(audit(team["tara"], ref)) == count
    assert "Olu Officer" in sam.cases.refer_from_scheme(ref, "olu")


def test_referral_only_for_supported_housing_and_never_around_5_9(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    with pytest.raises(RuleBlocked, match="Only a supported-housing case"):
        olu.cases.refer_from_scheme(ref, "olu")
    staff = olu.cases.report(report(parties=[
        {"role": "complainant", "person": {"first_names": "Kim", "surname": "Staff", "is_employee": True}}]))
    with pytest.raises(RuleBlocked, match="Team Leader or above"):
        team["tara"].cases.assign(staff.reference, "olu")
    assert "Mo Manager" in team["tara"].cases.assign(staff.reference, "mo")


# ------------------------------------------------------------------------------------ 14.4
def test_appendix_2_with_one_answer_or_blanks_never_opens_the_legal_gate(team: dict[str, Services]) -> None:
    olu, mo = team["olu"], team["mo"]
    ref = olu.cases.report(report()).reference
    olu.remedies.record(ref, "warning_letter", "completed")
    for partial in ({"proposed_action": "Injunction"},
                    {q: "" for q in complete_peia()} | {"proportionate": None}):
        with pytest.raises(RuleBlocked, match="not complete"):
            olu.remedies.peia_complete(ref, partial)
        with pytest.raises(RuleBlocked, match="not complete"):
            olu.remedies.peia_complete(ref, partial)
    assert not olu.documents.peia_state(ref).completed
    with pytest.raises(RuleBlocked, match="completed before it is signed"):
        olu.remedies.peia_sign(ref, as_manager=False)
    olu.remedies.peia_complete(ref, complete_peia())
    olu.remedies.peia_sign(ref, as_manager=False)
    mo.remedies.peia_sign(ref, as_manager=True)
    assert olu.remedies.legal_gate(ref).allowed


def test_a_stored_incomplete_appendix_2_does_not_count(team: dict[str, Services], ctx: Context) -> None:
    """A row saved before the rule (or imported) with one answer, even signed off, keeps the gate shut."""
    from datetime import datetime

    from sqlalchemy import select

    from asb_desktop.storage.orm import Assessment, Case

    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    olu.remedies.record(ref, "warning_letter", "completed")
    at = datetime(2026, 11, 22, 9, 0)
    with ctx.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == ref))
        s.add(Assessment(case_id=case_id, kind="peia", answers={"proposed_action": "Injunction"}, completed_at=at,
                         officer_signed_at=at, manager_signed_at=at, created_at=at))
    gate = olu.remedies.legal_gate(ref)
    assert not gate.allowed and "not complete" in gate.message
    with pytest.raises(RuleBlocked, match="not complete"):
        olu.remedies.record(ref, "injunction")
    assert olu.queries.case_detail(ref).legal_gate.allowed is False
    assert not olu.documents.peia_state(ref).completed


def test_appendix_2_without_a_conclusion_or_concluding_no_keeps_the_gate_shut(team: dict[str, Services]) -> None:
    olu, mo = team["olu"], team["mo"]
    ref = olu.cases.report(report()).reference
    olu.remedies.record(ref, "warning_letter", "completed")
    with pytest.raises(RuleBlocked, match="has no conclusion"):
        olu.remedies.peia_complete(ref, complete_peia(conclusion=""))
    olu.remedies.peia_complete(ref, complete_peia(proportionate=False, conclusion="Not proportionate yet."))
    olu.remedies.peia_sign(ref, as_manager=False)
    mo.remedies.peia_sign(ref, as_manager=True)
    gate = olu.remedies.legal_gate(ref)
    assert not gate.allowed and "not proportionate" in gate.message
    with pytest.raises(RuleBlocked, match="not proportionate"):
        olu.remedies.record(ref, "injunction")

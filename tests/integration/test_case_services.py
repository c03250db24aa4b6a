"""The procedure's rules through the services, on a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from case_factory import complete_peia
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from asb_desktop.services import Services
from asb_desktop.services.admin.users import actor_of, sign_in
from asb_desktop.services.casework.case_view import CaseLinkView
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RuleBlocked,
    ValidationError,
)
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import User

NOW = datetime(2026, 11, 23, 10, 0)


def report(**extra: object) -> ReportInput:
    data = {
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [
            {"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien-Łukasiewicz",
                                               "address": "1 High Street, Ashford", "phone": "01234 567890"}},
            {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}},
        ],
        "incidents": [{"started_at": "2026-11-19 23:30", "ended_at": "2026-11-20 02:00",
                       "description": "Loud bass music through the wall"}],
    }
    data.update(extra)
    return ReportInput.from_dict(data)


@pytest.fixture
def team(ctx: Context) -> dict[str, Services]:
    """A team of users, each with their own services, on the same database."""
    svc = Services(ctx)
    for username, name, role in (("olu", "Olu Officer", "officer"), ("tara", "Tara Leader", "team_leader"),
                                 ("mo", "Mo Manager", "manager"), ("sam", "Sam Scheme", "scheme_officer"),
                                 ("ola", "Ola Other", "officer")):
        svc.users.add(username, name, [role])
    out = {"admin": svc}
    for username in ("olu", "tara", "mo", "sam", "ola"):
        out[username] = Services(Context(ctx.engine, sign_in(ctx.engine, username), ctx.data_dir, ctx.clock))
    return out


def test_report_sets_deadline_assignment_gaps_and_search(team: dict[str, Services]) -> None:
    olu = team["olu"]
    opened = olu.cases.report(report(serious=True))
    assert opened.reference == "ASB-2026-00001"
    assert opened.response_due == datetime(2026, 11, 23, 23, 59, 59)  # Friday + 1 working day = Monday
    assert "1 working day" in opened.response_reason and "weekend" in opened.response_reason
    assert "Olu Officer" in opened.assignment
    assert any("feel at the time" in g for g in opened.gaps)
    rows = olu.queries.list_cases("zoe obrien")
    assert [r.reference for r in rows] == [opened.reference] or [r.reference for r in olu.queries.list_cases("Marsh")]
    assert [r.reference for r in olu.queries.list_cases("Marsh")] == [opened.reference]
    assert olu.queries.list_cases("Marsh")[0].complainant == "Zoë Ó'Brien-Łukasiewicz"


def test_second_report_gets_the_next_reference(team: dict[str, Services]) -> None:
    a = team["olu"].cases.report(report())
    b = team["olu"].cases.report(report(), new_people=True)  # the same people typed again: said to be new (4.1)
    assert (a.reference, b.reference) == ("ASB-2026-00001", "ASB-2026-00002")


def test_employee_case_goes_to_team_leader_and_is_hidden_from_officers(team: dict[str, Services]) -> None:
    r = report(parties=[{"role": "complainant", "person": {"first_names": "Ann", "surname": "Staff",
                                                           "is_employee": True}},
                        {"role": "alleged_perpetrator", "person": {"first_names": "Carl", "surname": "Cole"}}],
               colleague_harassed=True)
    opened = team["olu"].cases.report(r)
    assert "Tara Leader" in opened.assignment and "5.9" in opened.assignment
    assert any("48 hours" in a for a in opened.actions)
    assert team["tara"].queries.case_detail(opened.reference).restricted is True
    with pytest.raises(PermissionDenied):
        team["olu"].queries.case_detail(opened.reference)
    with pytest.raises(PermissionDenied):
        team["olu"].activity.add_note(opened.reference, "Spoke to the complainant.")
    assert team["olu"].queries.list_cases() == []
    assert team["olu"].queries.list_cases("Cole") == []
    assert [r.reference for r in team["mo"].queries.list_cases()] == [opened.reference]
    with pytest.raises(RuleBlocked, match="5.9"):
        team["tara"].cases.assign(opened.reference, "olu")
    due = team["tara"].queries.due_items()
    assert any(i.kind == "colleague_risk_assessment" for i in due)


def test_supported_housing_goes_to_scheme_officer_then_referral_needs_attempts(team: dict[str, Services]) -> None:
    r = report(property={"address": "Flat 3, Willow Court", "postcode": "TN23 1AA", "scheme_name": "Willow Court",
                         "scheme_officer": "sam", "tenancy_type": "assured", "tenancy_start": "2024-03-01"})
    opened = team["olu"].cases.report(r)
    assert "Sam Scheme" in opened.assignment and "5.4" in opened.assignment
    sam = team["sam"]
    assert [row.reference for row in sam.queries.list_cases()] == [opened.reference]
    with pytest.raises(RuleBlocked, match="5.5"):
        sam.cases.refer_from_scheme(opened.reference, "olu")
    sam.activity.add_note(opened.reference, "Visited the resident and agreed quiet hours.", kind="scheme_attempt")
    assert "Olu Officer" in sam.cases.refer_from_scheme(opened.reference, "olu")


def test_two_failed_contacts_raise_one_letter_task(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    assert olu.activity.log_contact(ref, "telephone", "no_answer").letter_task is None
    second = olu.activity.log_contact(ref, "telephone", "left_message")
    assert second.letter_task and "7.6" in second.letter_task
    olu.activity.log_contact(ref, "telephone", "no_answer")
    tasks = [t for t in olu.queries.case_detail(ref).tasks if t.kind == "send_letter"]
    assert len(tasks) == 1 and "7.6" in tasks[0].reason


def test_successful_contact_resets_failures_and_sets_next_contact(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    olu.activity.log_contact(ref, "telephone", "no_answer", at=NOW - timedelta(hours=3))
    olu.activity.log_contact(ref, "telephone", "spoke", at=NOW - timedelta(hours=2))
    assert olu.activity.log_contact(ref, "telephone", "no_answer").letter_task is None
    due = olu.queries.case_detail(ref).complainant_contact_due
    assert due is not None and due.due == NOW - timedelta(hours=2) + timedelta(days=14)
    assert "15.1" in due.reason


def test_anonymous_complainant_blocks_feedback_and_stays_out_of_search(team: dict[str, Services]) -> None:
    olu = team["olu"]
    r = report(parties=[{"role": "complainant", "anonymous": True},  # 5.7: no identity is stored
                        {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}])
    ref = olu.cases.report(r).reference
    detail = olu.queries.case_detail(ref)
    assert detail.feedback_letters.allowed is False
    assert olu.queries.list_cases("Marsh")[0].complainant == "Anonymous"
    assert olu.queries.list_cases("Hidden Neighbour") == []


def test_legal_remedy_blocked_until_non_legal_and_appendix_2_signed(team: dict[str, Services]) -> None:
    olu, mo = team["olu"], team["mo"]
    ref = olu.cases.report(report()).reference
    with pytest.raises(RuleBlocked) as blocked:
        olu.remedies.record(ref, "injunction")
    assert any("14.1" in r for r in blocked.value.reasons) and any("14.4" in r for r in blocked.value.reasons)
    olu.remedies.record(ref, "warning_letter", "completed")
    olu.remedies.peia_complete(ref, complete_peia(proposed_action="Injunction"))
    olu.remedies.peia_sign(ref, as_manager=False)
    with pytest.raises(PermissionDenied):
        olu.remedies.peia_sign(ref, as_manager=True)
    with pytest.raises(RuleBlocked, match="manager"):
        olu.remedies.record(ref, "injunction")
    mo.remedies.peia_sign(ref, as_manager=True)
    olu.remedies.record(ref, "injunction")
    assert olu.queries.case_detail(ref).status == "legal"


def test_exception_lets_legal_action_come_first(team: dict[str, Services]) -> None:
    olu, mo = team["olu"], team["mo"]
    ref = olu.cases.report(report()).reference
    olu.remedies.record_exception(ref, "Threats to kill made with a knife on 19 November.")
    olu.remedies.peia_complete(ref, complete_peia(proposed_action="Injunction without notice"))
    olu.remedies.peia_sign(ref, as_manager=False)
    mo.remedies.peia_sign(ref, as_manager=True)
    assert olu.remedies.legal_gate(ref).allowed


def test_close_reopen_and_counter_allegation_make_linked_cases(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    note = olu.activity.add_note(ref, "The complainant keeps a diary of the noise.")
    olu.activity.add_note(ref, "Not to be copied.")
    with pytest.raises(RuleBlocked, match="16.1"):
        olu.cases.close(ref, "")
    with pytest.raises(RuleBlocked, match="still open"):
        olu.cases.reopen(ref)
    counter = olu.cases.counter_allegation(ref)
    cdetail = olu.queries.case_detail(counter.reference)
    roles = {p.role: p.name for p in cdetail.parties}
    assert roles["complainant"] == "Dean Marsh" and roles["alleged_perpetrator"] == "Zoë Ó'Brien-Łukasiewicz"
    assert cdetail.links[0].kind == "counter_allegation" and cdetail.links[0].reference == ref
    olu.activity.log_contact(ref, "telephone", "spoke")  # the complainant says it has stopped (16.1)
    olu.cases.close(ref, "nuisance_ceased")
    assert olu.queries.case_detail(ref).next_due_at is None
    reopened = olu.cases.reopen(ref, [note])
    d = olu.queries.case_detail(reopened.reference)
    assert [n.text for n in d.notes] == [f"[Copied from {ref}] The complainant keeps a diary of the noise."]
    assert d.links[0] == CaseLinkView("reopened_from", d.links[0].note, ref, "to")
    assert ref in reopened.earlier_cases
    history_uid = d.parties[1].person.uid
    again = report(parties=[{"role": "alleged_perpetrator", "person": {"existing_uid": history_uid}}])
    newest = olu.cases.report(again)
    assert newest.earlier_cases == [ref]  # 16.3: the officer is told of the closed case
    history = olu.queries.open_person_history(history_uid)
    assert {c.reference for c in history.as_alleged_perpetrator} == {ref, reopened.reference,
                                                                           newest.reference}


def test_domestic_abuse_flag_routes_to_separate_handling(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    olu.cases.update(ref, {"domestic_abuse": True})
    kinds = [t.kind for t in olu.queries.case_detail(ref).tasks]
    assert "domestic_abuse" in kinds and "safeguarding_referral" in kinds


def test_high_risk_assessment_tightens_the_response_deadline(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report(triage={"targeted": True, "afraid": True, "health": False})).reference
    detail = olu.queries.case_detail(ref)
    assert detail.full_risk_required and any(t.kind == "full_risk_assessment" for t in detail.tasks)
    assert detail.response_due_at.date() == date(2026, 11, 25)
    result = olu.risk.assess(ref, {"violence": True}, ["marac_referral"])
    assert result.band == "high" and "1 working day" in result.response_due_reason
    assert olu.queries.case_detail(ref).response_due_at.date() == date(2026, 11, 23)


def test_optimistic_version_check_refuses_a_stale_save(team: dict[str, Services]) -> None:
    olu, ola = team["olu"], team["ola"]
    ref = olu.cases.report(report()).reference
    version = olu.queries.case_detail(ref).version
    ola.cases.update(ref, {"summary": "Ola's edit"}, expected_version=version)
    with pytest.raises(Conflict, match="reload"):
        olu.cases.update(ref, {"summary": "Olu's edit"}, expected_version=version)
    assert olu.queries.case_detail(ref).summary == "Ola's edit"


def test_notes_in_plain_english(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    with pytest.raises(RuleBlocked, match="gonna"):
        olu.activity.add_note(ref, "Perp is gonna be spoken to asap")
    assert olu.queries.case_detail(ref).notes == ()
    olu.activity.add_note(ref, "Perp is gonna be spoken to asap", allow_flagged=True)
    with pytest.raises(ValidationError, match="points.colour"):
        olu.activity.record_interview(ref, "complainant", NOW, {"colour": "blue"})
    olu.activity.record_interview(ref, "complainant", NOW - timedelta(hours=1),
                                  {"problem": "Loud music every night after 23:00."}, notes="Agreed a diary.")
    missing = olu.activity.missing_interview_points("complainant", {"problem": "x"})
    assert "Who is affected" in missing


def test_audit_trail_records_views_and_changes_and_is_append_only(team: dict[str, Services], ctx: Context) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    olu.queries.case_detail(ref)  # a reload (after an edit, say) is a read only ...
    olu.queries.case_detail(ref)
    assert [e.action for e in team["admin"].queries.audit_trail(ref)][:1] == ["create"]
    olu.queries.open_case(ref)  # ... opening the case is what the trail records, once
    trail = team["admin"].queries.audit_trail(ref)
    assert [e.action for e in trail][:2] == ["view", "create"]
    assert trail[0].summary == f"Opened {ref}"
    assert trail[0].username == "olu"
    with pytest.raises(PermissionDenied):
        olu.queries.audit_trail()
    with pytest.raises(DBAPIError, match="append-only"), ctx.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET summary = 'tampered'"))
    with pytest.raises(DBAPIError, match="append-only"), ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_bad_input_names_the_field_and_changes_nothing(team: dict[str, Services]) -> None:
    olu = team["olu"]
    with pytest.raises(ValidationError, match=r"incidents\[0\].started_at.*real date"):
        report(incidents=[{"started_at": "2026-02-30 10:00"}])
    with pytest.raises(ValidationError, match="channel"):
        olu.cases.report(report(channel="carrier pigeon"))
    with pytest.raises(ValidationError, match=r"incidents\[0\].ended_at"):
        olu.cases.report(report(incidents=[{"started_at": "2026-11-20 02:00", "ended_at": "2026-11-19 23:00"}]))
    with pytest.raises(ValidationError, match="categories"):
        olu.cases.report(report(categories=["Not a category"]))
    assert team["admin"].queries.count_cases() == 0
    with pytest.raises(NotFound):
        olu.queries.case_detail("ASB-2026-99999")


def test_team_mode_needs_a_password(ctx: Context) -> None:
    svc = Services(ctx)
    with pytest.raises(ValidationError, match="administrator a password"):
        svc.users.set_team_mode(True)
    svc.users.add("admin", "Ada Admin", ["administrator", "manager"], password="correct horse")
    svc.users.set_team_mode(True)
    with pytest.raises(PermissionDenied, match="sign in"):
        sign_in(ctx.engine)
    with pytest.raises(PermissionDenied, match="not right"):
        sign_in(ctx.engine, "admin", "wrong password")
    actor = sign_in(ctx.engine, "admin", "correct horse")
    assert actor.username == "admin"
    with ctx.session() as s:
        stored = s.get(User, actor.id)
        assert stored is not None and stored.password_hash and stored.password_hash.startswith("$argon2")
        assert actor_of(stored) == actor

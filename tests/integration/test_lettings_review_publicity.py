"""Services for 3.1 / 4.1-4.3 (new-tenant contact, pre-tenancy assessment), 2024 5.9.1 (colleague
review group) and 17 (publicity, reporting restrictions obeyed by exports). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from case_factory import user
from sqlalchemy import func, select

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.exchange.exchange import ExchangeService
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Case, CaseParty, Person
from asb_desktop.storage.orm_lettings import PreTenancyAssessment, PublicityRecord, ReviewGroupMeeting

MEMBERS = {"line_manager": "Lena Line", "health_and_safety": "Hal Safety", "hr": "Hira HR",
           "housing_manager": "Hugo Housing"}


def _case(ctx: Context, perpetrator_born: date | None = None) -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator", "person": {
                        "first_names": "Jörg", "surname": "Müller",
                        "date_of_birth": perpetrator_born.isoformat() if perpetrator_born else None}}],
    })).reference


def _as(ctx: Context, username: str, roles: set[Role]) -> Context:
    with ctx.session() as s:
        uid = user(s, username, username.title(), [r.value for r in roles], username[:2].upper()).id
    return Context(ctx.engine, Actor(uid, username, username.title(), username[:2].upper(), frozenset(roles)),
                   ctx.data_dir, clock=ctx.now)


def _perpetrator_uid(ctx: Context, ref: str) -> str:
    with ctx.session() as s:
        return s.scalar(select(Person.uid).join(CaseParty, CaseParty.person_id == Person.id)
                        .join(Case, Case.id == CaseParty.case_id)
                        .where(Case.reference == ref, CaseParty.role == "alleged_perpetrator")) or ""


def _audits(ctx: Context, entity: str) -> list[str]:
    with ctx.session() as s:
        return list(s.scalars(select(AuditEntry.summary).where(AuditEntry.entity == entity).order_by(AuditEntry.id)))


def test_recording_a_new_tenancy_raises_the_four_to_six_week_contact(ctx: Context) -> None:
    ref = _case(ctx)
    person = _perpetrator_uid(ctx, ref)
    officer = Services(_as(ctx, "amira", {Role.OFFICER}))
    got = officer.tenancy_checks.record_tenancy(person, "1 New Road", "AB1 2CD", "introductory", "2026-11-16")
    assert got is not None
    assert (got.not_before, got.due_on) == (date(2026, 12, 14), date(2026, 12, 28))
    assert "not before 14 December 2026" in got.reason and "due by 28 December 2026" in got.reason
    assert [c.uid for c in officer.tenancy_checks.contacts_due()] == [got.uid]
    with pytest.raises(ValidationError, match="not before 14 December 2026"):
        officer.tenancy_checks.complete_contact(got.uid)
    # an old tenancy (its window passed) raises none
    assert officer.tenancy_checks.record_tenancy(person, "2 Old Road", "", "secure", "2020-01-01") is None
    with pytest.raises(ValidationError, match="tenancy type"):
        officer.tenancy_checks.record_tenancy(person, "3 Road", "", "castle", "2026-11-16")
    assert any("new-tenant contact due by 28 December 2026" in a for a in _audits(ctx, "tenancy"))


def test_pretenancy_assessment_keeps_the_history_found_and_lettings_read_it(ctx: Context) -> None:
    ref = _case(ctx)
    person = _perpetrator_uid(ctx, ref)
    officer = Services(_as(ctx, "amira", {Role.OFFICER}))
    with pytest.raises(ValidationError, match="risks"):
        officer.tenancy_checks.add_assessment(person, "decline", "History of noise")
    info = officer.tenancy_checks.add_assessment(person, "proceed_with_conditions", "One open noise case",
                                                 risks="Noise at night", property_address="1 New Road")
    assert [h.reference for h in info.history_found] == [ref]
    assert info.recorded_by == "Amira"
    leader = Services(_as(ctx, "tom", {Role.TEAM_LEADER}))
    assert [a.uid for a in leader.tenancy_checks.assessments(person)] == [info.uid]
    other = Services(_as(ctx, "olu", {Role.OFFICER}))
    assert other.tenancy_checks.assessments(person) == []  # an officer reads only their own
    scheme = Services(_as(ctx, "kwame", {Role.SCHEME_OFFICER}))
    with pytest.raises(PermissionDenied):
        scheme.tenancy_checks.add_assessment(person, "proceed", "fine")
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(PreTenancyAssessment)) == 1
    assert any("Pre-tenancy assessment" in a for a in _audits(ctx, "pretenancy_assessment"))


def test_review_group_restricted_cases_team_leaders_and_escalation(ctx: Context) -> None:
    ref = _case(ctx)
    leader = Services(_as(ctx, "tom", {Role.TEAM_LEADER}))
    with pytest.raises(RuleBlocked, match="not a restricted"):
        leader.review_group.record(ref, "2026-11-21", MEMBERS, "agreed", actions="Plan")
    with ctx.session() as s:
        case = s.scalar(select(Case).where(Case.reference == ref))
        assert case is not None
        case.restricted = case.employee_involved = True
    officer = Services(_as(ctx, "amira", {Role.OFFICER}))
    with pytest.raises(PermissionDenied):
        officer.review_group.record(ref, "2026-11-21", MEMBERS, "agreed", actions="Plan")
    with pytest.raises(ValidationError, match="escalated_to.*Director of Operations"):
        leader.review_group.record(ref, "2026-11-21", MEMBERS, "not_agreed")
    with pytest.raises(ValidationError, match="HR"):
        leader.review_group.record(ref, "2026-11-21", {**MEMBERS, "hr": ""}, "agreed", actions="Plan")
    leader.review_group.record(ref, "2026-11-20", MEMBERS, "agreed", actions="Risk plan agreed")
    got = leader.review_group.record(ref, "2026-11-21", MEMBERS, "not_agreed", escalated_to="Dee Director",
                                     escalation_note="H&S and HR disagree on redeployment")
    assert got.escalated_on == date(2026, 11, 23) and got.members["hr"] == "Hira HR"
    assert [m.decision for m in leader.review_group.list(ref)] == ["agreed", "not_agreed"]
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(ReviewGroupMeeting)) == 2
    assert any("escalated to Dee Director" in a for a in _audits(ctx, "review_group"))


def test_publicity_needs_consultation_advice_for_under_18s_and_obeys_restrictions(ctx: Context,
                                                                                  tmp_path: object) -> None:
    ref = _case(ctx, perpetrator_born=date(2010, 5, 1))
    officer = Services(_as(ctx, "amira", {Role.OFFICER}))
    with pytest.raises(RuleBlocked, match="manager must be consulted"):
        officer.publicity.publicise(ref, "Press release on the injunction")
    officer.publicity.consult(ref, "Maya Manager", "Agreed a press release")
    with pytest.raises(RuleBlocked, match="under 18"):
        officer.publicity.publicise(ref, "Press release on the injunction")
    with pytest.raises(ValidationError, match="by"):
        officer.publicity.advice(ref, "", "ok")
    officer.publicity.advice(ref, "Legal team", "No names, no photographs")
    status = officer.publicity.publicise(ref, "Press release on the injunction")
    assert status.anyone_under_18 and status.blockers == []
    # a court reporting restriction: publicity refused, case export refused without a manager's override
    officer.publicity.restrict(ref, "Section 45 YJCEA 1999: the youth must not be identified")
    with pytest.raises(RuleBlocked, match="reporting restrictions"):
        officer.publicity.publicise(ref, "A second release")
    with pytest.raises(RuleBlocked, match="override"):
        ExchangeService(officer.ctx).export_case(ref)
    with pytest.raises(PermissionDenied):
        officer.publicity.override_export(ref, "Needed by the police")
    manager = Services(_as(ctx, "maya", {Role.MANAGER}))
    with pytest.raises(ValidationError, match="reason"):
        manager.publicity.override_export(ref, " ")
    manager.publicity.override_export(ref, "Disclosure to the police under the information sharing protocol")
    assert ExchangeService(officer.ctx).export_case(ref)["case"]
    assert any("REPORTING RESTRICTIONS: Section 45" in a for a in _audits(ctx, "case"))
    state = officer.publicity.status(ref)
    assert state.banner.startswith("REPORTING RESTRICTIONS") and state.export_override
    restriction = next(e for e in state.entries if e.kind == "reporting_restriction")
    with pytest.raises(PermissionDenied):
        officer.publicity.lift(ref, restriction.uid, "lifted")
    lifted = manager.publicity.lift(ref, restriction.uid, "The court lifted it on 2026-11-22")
    assert lifted.restrictions == [] and lifted.banner == ""
    refusals = _audits(ctx, "access")
    assert any("Publicity refused" in a for a in refusals) and any("cannot be exported" in a for a in refusals)
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(PublicityRecord)
                        .where(PublicityRecord.kind == "publicity")) == 1


def test_a_report_with_a_new_tenancy_raises_the_contact_too(ctx: Context) -> None:
    Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Jörg", "surname": "Müller"}}],
        "property": {"address": "9 Elm Close", "postcode": "TN1 1AA", "tenancy_type": "introductory",
                     "tenancy_start": "2026-11-09", "tenant_role": "alleged_perpetrator"},
    }))
    due = Services(ctx).tenancy_checks.contacts_due()
    assert [(c.tenant, c.due_on) for c in due] == [("Jörg Müller", date(2026, 12, 21))]


def test_new_tenant_contacts_are_on_the_due_list(ctx: Context) -> None:
    """3.1: the contact a new tenancy raises is on the due list (`asb due`, the Due page) from week 4."""
    person = _perpetrator_uid(ctx, _case(ctx))
    officer = Services(_as(ctx, "amira", {Role.OFFICER}))
    week4 = officer.tenancy_checks.record_tenancy(person, "1 New Road\nAshford", "AB1 2CD", "introductory",
                                                  "2026-10-26")  # window opens today (23/11), due 07/12
    later = officer.tenancy_checks.record_tenancy(person, "2 New Road", "", "assured", "2026-11-16")
    assert week4 is not None and later is not None
    due = [i for i in officer.queries.due_items() if i.kind == "new_tenant_contact"]
    assert [(i.task_uid, i.reference, i.due_at.date(), i.overdue) for i in due] == [
        (week4.uid, "", date(2026, 12, 7), False)]
    assert due[0].label == "New-tenant contact: Jörg Müller, 1 New Road" and "3.1" in due[0].reason
    month = [i.task_uid for i in officer.queries.due_items(within_days=30) if i.kind == "new_tenant_contact"]
    assert month == [week4.uid, later.uid]
    assert [i.task_uid for i in officer.queries.due_items(mine=True) if i.kind == "new_tenant_contact"] == [week4.uid]
    other = Services(_as(ctx, "bo", {Role.OFFICER}))
    assert not [i for i in other.queries.due_items(mine=True) if i.kind == "new_tenant_contact"]
    scheme = Services(_as(ctx, "sam", {Role.SCHEME_OFFICER}))
    assert not [i for i in scheme.queries.due_items() if i.kind == "new_tenant_contact"]
    officer.tenancy_checks.complete_contact(week4.uid)
    assert not [i for i in officer.queries.due_items() if i.kind == "new_tenant_contact"]

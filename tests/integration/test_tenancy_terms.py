"""Correcting a recorded tenancy's rent period and start date (services.casework.tenancy_terms): the version
check, who may, bad values refused naming the option with nothing written, the audit entry, and the notices'
dates following the correction. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from case_factory import user
from sqlalchemy import select

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Tenancy
from asb_desktop.storage.orm_lettings import TenancyContact


def _case(ctx: Context, rent_period: str | None = None, start: str = "2025-04-07") -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "property": {"address": "12 Elm Court\nLeeds", "postcode": "LS1 4AB", "tenancy_type": "secure",
                     "tenancy_start": start, "rent_period": rent_period},
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Jörg", "surname": "Müller"}}],
    })).reference


def _as(ctx: Context, username: str, roles: set[Role]) -> Services:
    with ctx.session() as s:
        uid = user(s, username, username.title(), [r.value for r in roles], username[:2].upper()).id
    return Services(Context(ctx.engine, Actor(uid, username, username.title(), username[:2].upper(),
                                              frozenset(roles)), ctx.data_dir, clock=ctx.now))


def _stored(ctx: Context) -> list[tuple[str | None, date | None, int]]:
    with ctx.session() as s:
        return [(t.rent_period, t.start_date, t.version) for t in s.scalars(select(Tenancy).order_by(Tenancy.id))]


def _audits(ctx: Context, action: str) -> list[AuditEntry]:
    with ctx.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "tenancy", AuditEntry.action == action)
                              .order_by(AuditEntry.id)))


def test_the_case_lists_the_tenancy_its_notices_rely_on(ctx: Context) -> None:
    ref = _case(ctx)
    rows = Services(ctx).tenancy_terms.tenancies(ref)
    assert len(rows) == 1
    t = rows[0]
    assert (t.tenant, t.address, t.tenancy_type, t.start, t.rent_period, t.version) == \
        ("Jörg Müller", "12 Elm Court, LS1 4AB", "secure", date(2025, 4, 7), None, 1)
    assert t.relied_on and t.why == "the alleged perpetrator's tenancy"
    assert t.summary == "secure, rent period not recorded, from 7 April 2025"
    views = _audits(ctx, "view")
    assert views and views[-1].case_reference == ref


def test_an_officer_corrects_the_terms_and_the_notice_dates_follow(ctx: Context) -> None:
    ref = _case(ctx)
    officer = _as(ctx, "amira", {Role.OFFICER})
    t = officer.tenancy_terms.tenancies(ref)[0]
    got = officer.tenancy_terms.set_tenancy_terms(t.uid, rent_period="monthly", start="2025-04-01", version=1)
    assert (got.rent_period, got.rent_period_label, got.start, got.version) == ("monthly", "Monthly (calendar month)",
                                                                                date(2025, 4, 1), 2)
    assert got.summary == "secure, monthly rent, from 1 April 2025"
    assert _stored(ctx) == [("monthly", date(2025, 4, 1), 2)]
    change = _audits(ctx, "change")[-1]
    assert change.username == "amira"
    assert "rent period not recorded -> Monthly (calendar month)" in change.summary and "start 7 April 2025 -> 1 April 2025" \
        in change.summary
    assert change.detail["old"] == {"rent_period": None, "start": "2025-04-07"}
    assert change.detail["new"] == {"rent_period": "monthly", "start": "2025-04-01"}
    # the rent period alone; then back to not recorded
    got = officer.tenancy_terms.set_tenancy_terms(t.uid, rent_period="Four-weekly", version=2)
    assert (got.rent_period, got.start, got.version) == ("four_weekly", date(2025, 4, 1), 3)
    got = officer.tenancy_terms.set_tenancy_terms(t.uid, rent_period=None, version=3)
    assert got.rent_period is None and got.version == 4
    # no change: nothing written, the version stays
    before = len(_audits(ctx, "change"))
    assert officer.tenancy_terms.set_tenancy_terms(t.uid, rent_period=None, version=4).version == 4
    assert len(_audits(ctx, "change")) == before
    # the notices read the corrected terms
    officer.tenancy_terms.set_tenancy_terms(t.uid, rent_period="weekly", version=4)
    from asb_desktop.services.kernel.court_facts import tenancy_of

    with ctx.session() as s:
        from asb_desktop.services.kernel.case_file import open_case

        fact = tenancy_of(s, open_case(ctx, s, ref), ctx.now().date())
    assert (fact.rent_period, fact.start_date) == ("weekly", date(2025, 4, 1))


def test_a_stale_version_is_refused_and_nothing_is_written(ctx: Context) -> None:
    ref = _case(ctx, rent_period="weekly")
    officer, leader = _as(ctx, "amira", {Role.OFFICER}), _as(ctx, "tess", {Role.TEAM_LEADER})
    t = officer.tenancy_terms.tenancies(ref)[0]
    leader.tenancy_terms.set_tenancy_terms(t.uid, rent_period="fortnightly", version=t.version)
    with pytest.raises(Conflict, match="changed by someone else .*now at version 2.*Nothing was saved"):
        officer.tenancy_terms.set_tenancy_terms(t.uid, rent_period="monthly", version=t.version)
    assert _stored(ctx) == [("fortnightly", date(2025, 4, 7), 2)]


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"rent_period": "yearly"}, "--rent-period", "'yearly' is not one of: weekly, fortnightly, four_weekly"),
    ({"rent_period": "weekly", "start": "7/4/2025"}, "--start", "is not a date like 2025-04-07"),
    ({"rent_period": "weekly", "start": "2026-12-01"}, "--start", "the tenancy ended on 30 November 2026"),
])
def test_bad_values_are_refused_naming_the_option(ctx: Context, kwargs: dict, field: str, words: str) -> None:
    ref = _case(ctx)
    with ctx.session() as s:
        s.scalar(select(Tenancy)).end_date = date(2026, 11, 30)
    officer = _as(ctx, "amira", {Role.OFFICER})
    uid = officer.tenancy_terms.tenancies(ref)[0].uid
    with pytest.raises(ValidationError) as got:
        officer.tenancy_terms.set_tenancy_terms(uid, version=2, **kwargs)
    assert got.value.field == field and words in str(got.value)
    assert _stored(ctx) == [(None, date(2025, 4, 7), 2)] and _audits(ctx, "change") == []


def test_only_officers_team_leaders_and_managers_may_change_terms(ctx: Context) -> None:
    ref = _case(ctx)
    uid = Services(ctx).tenancy_terms.tenancies(ref)[0].uid
    scheme = _as(ctx, "sam", {Role.SCHEME_OFFICER})
    with pytest.raises(PermissionDenied, match="Only a officer or team leader or manager can change a tenancy"):
        scheme.tenancy_terms.set_tenancy_terms(uid, rent_period="weekly", version=1)
    assert _stored(ctx) == [(None, date(2025, 4, 7), 1)]
    with ctx.session() as s:
        denied = s.scalar(select(AuditEntry.summary).where(AuditEntry.username == "sam",
                                                           AuditEntry.action == "denied"))
    assert denied and "change a tenancy's terms" in denied
    manager = _as(ctx, "mo", {Role.MANAGER})
    assert manager.tenancy_terms.set_tenancy_terms(uid, rent_period="weekly", version=1).version == 2
    with pytest.raises(NotFound, match="asb tenancy list"):
        manager.tenancy_terms.set_tenancy_terms("no-such-uid", rent_period="weekly", version=1)


def test_an_open_new_tenant_contact_follows_the_corrected_start(ctx: Context) -> None:
    officer = _as(ctx, "amira", {Role.OFFICER})
    ref = _case(ctx, start="2026-11-16")
    with ctx.session() as s:
        contact = s.scalar(select(TenancyContact))
        assert contact is not None and contact.due_on == date(2026, 12, 28)
    uid = officer.tenancy_terms.tenancies(ref)[0].uid
    officer.tenancy_terms.set_tenancy_terms(uid, start=date(2026, 11, 9), version=1)
    with ctx.session() as s:
        contact = s.scalar(select(TenancyContact))
        assert contact is not None and (contact.not_before, contact.due_on) == (date(2026, 12, 7), date(2026, 12, 21))
    assert "new-tenant contact now due by 21 December 2026" in _audits(ctx, "change")[-1].summary

"""7.2 interview arrangements and the 14.1 exception through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked, ValidationError
from asb_desktop.storage.orm import AuditEntry, Case, Interview
from tests.integration.case_factory import minimal_case

HELD = datetime(2026, 11, 21, 10, 0)
POINTS = {"problem": "Loud music every night.", "affected": "The whole household."}


def _count(ctx: Context) -> int:
    with ctx.session() as s:
        return int(s.scalar(select(func.count()).select_from(Interview)) or 0)


def test_arrangements_recorded_and_listed(ctx: Context) -> None:
    svc = Services(ctx)
    ref = minimal_case(ctx, "ASB-2026-00301")
    uid = svc.activity.record_interview(ref, "complainant", HELD, POINTS, place="Community centre, room 2",
                                        supporter="Jo Advocate", interpreter="Amira Haddad",
                                        interpreter_relationship="professional", interpreter_age=40,
                                        sensitive=True)
    [row] = svc.interviews.list(ref)
    assert row.uid == uid and row.place == "Community centre, room 2" and row.supporter == "Jo Advocate"
    assert row.interpreter == "Amira Haddad" and row.interpreter_relationship == "professional"
    assert row.interpreter_age == 40 and row.sensitive is True and row.points == POINTS


def test_family_member_under_18_refused_on_sensitive_content(ctx: Context) -> None:
    svc = Services(ctx)
    ref = minimal_case(ctx, "ASB-2026-00302")
    svc.cases.update(ref, {"hate_related": True})
    with ctx.session() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(RuleBlocked, match="under 18"):
        svc.activity.record_interview(ref, "complainant", HELD, POINTS, interpreter="Sami",
                                      interpreter_relationship="son", interpreter_born_on=date(2011, 3, 1))
    with pytest.raises(RuleBlocked, match="age or date of birth"):
        svc.activity.record_interview(ref, "complainant", HELD, POINTS, interpreter="Sami",
                                      interpreter_relationship="son")
    with pytest.raises(ValidationError, match="interpreter_age"):
        svc.activity.record_interview(ref, "complainant", HELD, POINTS, interpreter="Sami",
                                      interpreter_relationship="son", interpreter_age=-3)
    assert _count(ctx) == 0
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits
    # an adult family member may interpret; and on a case with nothing sensitive, so may a child
    svc.activity.record_interview(ref, "complainant", HELD, POINTS, interpreter="Rana",
                                  interpreter_relationship="sister", interpreter_age=24)
    other = minimal_case(ctx, "ASB-2026-00303")
    svc.activity.record_interview(other, "complainant", HELD, POINTS, interpreter="Sami",
                                  interpreter_relationship="son", interpreter_age=15)
    with pytest.raises(RuleBlocked, match="officer marked"):  # the officer ticks sensitive
        svc.activity.record_interview(other, "complainant", HELD, POINTS, interpreter="Sami",
                                      interpreter_relationship="son", interpreter_age=15, sensitive=True)
    assert _count(ctx) == 2


def test_domestic_abuse_makes_content_sensitive(ctx: Context) -> None:
    svc = Services(ctx)
    ref = minimal_case(ctx, "ASB-2026-00304")
    svc.cases.update(ref, {"domestic_abuse": True})
    with pytest.raises(RuleBlocked, match="domestic abuse"):
        svc.activity.record_interview(ref, "complainant", HELD, POINTS, interpreter="Sami",
                                      interpreter_relationship="daughter", interpreter_age=12)


def test_exception_reason_and_role(ctx: Context) -> None:
    svc = Services(ctx)
    ref = minimal_case(ctx, "ASB-2026-00305")
    with pytest.raises(ValidationError, match="reason"):
        svc.remedies.record_exception(ref, "   ")
    svc.users.add("ada", "Ada Admin", ["administrator"])
    admin_only = Services(Context(ctx.engine, sign_in(ctx.engine, "ada"), ctx.data_dir, clock=ctx.now))
    with pytest.raises(PermissionDenied):
        admin_only.remedies.record_exception(ref, "Knife threats reported to the police.")
    svc.remedies.record_exception(ref, "Knife threats reported to the police.")
    with ctx.session() as s:
        assert s.scalar(select(Case.legal_exception).where(Case.reference == ref)) == \
            "Knife threats reported to the police."

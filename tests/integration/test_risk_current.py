"""The current risk assessment, as the Risk tab opens on it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput


def test_current_is_the_latest_full_assessment_with_who_and_when(ctx: Context) -> None:
    svc = Services(ctx)
    ref = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}],
    })).reference
    none = svc.risk.current(ref)
    assert not none.recorded and none.band == "" and none.score is None
    svc.risk.assess(ref, {"targeted": True}, notes="first")
    svc.risk.assess(ref, {"targeted": True, "repeat": True, "hate": True}, ["support_referral"], "second")
    svc.risk.assess(ref, {"violence": True}, kind="colleague")  # a colleague assessment is not the case's
    current = svc.risk.current(ref)
    assert (current.band, current.score, current.assessed_at, current.assessed_by) == (
        "medium", 10, datetime(2026, 11, 23, 10, 0), ctx.actor.full_name)
    assert current.answers["hate"] is True and current.actions == ("support_referral",) and current.notes == "second"

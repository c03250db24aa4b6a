"""A report at an address already on file with a scheme officer (2024 5.4, 5.5): the wizard's
preview and the case service decide the same, on SQLite and PostgreSQL."""

from __future__ import annotations

from asb_desktop.domain.forms import load_triage
from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.services.kernel.org_settings import OrgSettingsService
from asb_desktop.ui.wizard.preview import preview

ADDRESS, POSTCODE = "Flat 1, Riverside", "TN23 1AA"


def _report(**extra: object) -> ReportInput:
    data: dict[str, object] = {
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Brown"}}],
        "triage": {"targeted": True, "afraid": True, "health": False}}
    data.update(extra)
    return ReportInput.from_dict(data)


def test_preview_and_service_agree_for_an_address_on_file_with_a_scheme_officer(ctx: Context) -> None:
    svc = Services(ctx)
    svc.users.add("sam", "Sam Scheme", ["scheme_officer"])
    svc.cases.report(_report(property={"address": ADDRESS, "postcode": POSTCODE,
                                       "scheme_name": "Riverside Extra Care", "scheme_officer": "sam"}))
    again = _report(property={"address": ADDRESS, "postcode": POSTCODE})  # no scheme typed this time
    on_file = svc.queries.property_on_file(ADDRESS, POSTCODE)
    assert on_file is not None and on_file.scheme_officer and on_file.scheme_officer.name == "Sam Scheme"
    shown = preview(again, svc.users.list(), ctx.actor, OrgSettingsService(ctx).get().bank_holiday_region,
                    load_triage(), on_file)
    opened = svc.cases.report(again)
    assert "Sam Scheme" in shown.assignment.reason and "2024 5.4" in shown.assignment.reason
    assert opened.assignment == shown.assignment.reason
    assert (opened.response_due, opened.response_reason) == (shown.deadline.due, shown.deadline.reason)
    detail = svc.queries.case_detail(opened.reference)
    assert detail.full_risk_required is shown.triage.allowed is True
    assert detail.supported_housing is True
    assert svc.queries.property_on_file("Nowhere", "") is None

"""The Risk tab opens on the case's current assessment, read-only, and Review fills the form from it.
Offscreen, over SQLite and PostgreSQL."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from support.workspace import settled
from test_workspace import report, window_with

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context

MEDIUM = {"targeted": True, "repeat": True, "hate": True}  # 3 + 3 + 4 = 10: the medium band


def test_a_medium_case_opens_on_its_assessment_and_review_prefills_the_form(qtbot: QtBot, ctx: Context) -> None:
    ref = report(ctx)
    Services(ctx).risk.assess(ref, MEDIUM, ["support_referral"], "Lives alone; anxious at night")
    window = window_with(qtbot, ctx)
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    tab = ws.page("Risk")
    text = tab.current_label.text()
    assert f"Current assessment: Medium, score 10, 23/11/2026 10:00, by {ctx.actor.full_name}" in text
    assert "Does the victim believe they are being targeted?" in text  # the yes answers, read-only
    assert "Score 10, band medium" in tab.score.text() and "Score 0" not in tab.score.text()
    assert tab.full["targeted"].value() is True and tab.full["violence"].value() is None
    assert not tab.full["targeted"].isEnabled() and not tab.save_button.isEnabled()
    assert tab.actions["support_referral"].isChecked() and tab.notes.toPlainText() == "Lives alone; anxious at night"
    assert not tab.review_button.isHidden()

    tab.review_button.click()
    assert tab.full["targeted"].isEnabled() and tab.save_button.isEnabled() and tab.review_button.isHidden()
    assert tab.full["hate"].value() is True  # pre-filled from the current assessment
    ws.reload()  # e.g. another tab saved something: the review in progress is kept
    settled(qtbot, ws)
    assert tab.reviewing and tab.full["hate"].isEnabled()
    tab.full["violence"].set_value(True)
    assert "HIGH RISK" in tab.score.text()
    tab.save_assessment()
    settled(qtbot, ws)
    assert ws.detail.risk_band == "high" and tab.history_model.rowCount() == 2
    assert "Current assessment: High, score 15" in tab.current_label.text()
    assert not tab.full["violence"].isEnabled() and tab.full["violence"].value() is True


def test_a_case_without_an_assessment_opens_on_a_blank_form(qtbot: QtBot, ctx: Context) -> None:
    ref = report(ctx)
    window = window_with(qtbot, ctx)
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    tab = ws.page("Risk")
    assert "No full risk assessment is recorded" in tab.current_label.text()
    assert tab.review_button.isHidden() and tab.full["targeted"].isEnabled() and tab.save_button.isEnabled()



def test_noise_triage_on_the_risk_tab(qtbot: QtBot, ctx: Context) -> None:
    """Issue 22: the checklist previews the track as it is answered, and Save records it on the case."""
    ref = report(ctx)
    window = window_with(qtbot, ctx)
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    tab = ws.page("Risk")
    assert "Not triaged" in tab.noise_result.text()
    tab.noise_checks["footsteps"].setChecked(True)
    tab.noise_time.setText("19:00")
    assert "Would go to: Good Neighbourhood Management" in tab.noise_result.text()
    tab.noise_time.setText("25:00")
    assert "time" in tab.noise_result.text()
    tab.noise_time.setText("02:00")
    tab.noise_weekly.setText("5")
    assert "Would go to: ASB procedure" in tab.noise_result.text()
    tab.noise_checks["deliberate"].setChecked(True)
    tab.save_noise()
    settled(qtbot, ws)
    assert ws.detail.noise_track == "asb" and "deliberate" in tab.noise_result.text()
    assert Services(ctx).queries.case_detail(ref).noise_answers["times_per_week"] == 5

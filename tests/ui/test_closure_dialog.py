"""The closure dialog shows which 16.1 reasons the case file bears out, and asks a manager for a
decision before a case with open safeguarding work closes (offscreen, SQLite and PostgreSQL)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.workspace import settled

from asb_desktop.domain.enums import ClosureReason
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import Task
from asb_desktop.ui.main_window import MainWindow


def _case(ctx: Context) -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-10-01 10:00", "categories": ["Noise"], "domestic_abuse": True,
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}],
    })).reference


def _dialog(qtbot: QtBot, services: Services, ref: str):  # noqa: ANN202
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    ws = window.case_tabs.open_case(ref)
    tab = ws.page("Closure")
    tab.close_case()
    return tab, tab.dialog


def _radio(dialog, reason: ClosureReason):  # noqa: ANN001, ANN202
    return next(b for b in dialog.reasons.buttons() if b.property("reason") == reason.value)


def test_reasons_the_facts_refuse_are_disabled_and_safeguarding_needs_a_manager(qtbot: QtBot, ctx: Context) -> None:
    ref = _case(ctx)
    _tab, dialog = _dialog(qtbot, Services(ctx), ref)
    assert _radio(dialog, ClosureReason.NO_CONTACT_FOUR_WEEKS).isEnabled()
    assert not _radio(dialog, ClosureReason.NUISANCE_CEASED).isEnabled()
    assert not _radio(dialog, ClosureReason.RESOLVED_LEGAL).isEnabled()
    assert dialog.open_safeguarding and dialog.decision is not None and not dialog.decision.isEnabled()
    dialog.choose(ClosureReason.NO_CONTACT_FOUR_WEEKS)
    assert not dialog.ok_button.isEnabled()  # an officer cannot decide to close with safeguarding work open
    dialog.reject()

    Services(ctx).users.add("mo", "Mo Manager", ["manager"])
    manager = Services(Context(ctx.engine, sign_in(ctx.engine, "mo"), ctx.data_dir, ctx.clock))
    tab, dialog = _dialog(qtbot, manager, ref)
    dialog.choose(ClosureReason.NO_CONTACT_FOUR_WEEKS)
    assert dialog.decision.isEnabled() and not dialog.ok_button.isEnabled()
    dialog.decision.setPlainText("The police domestic abuse team leads; referral made by them.")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    assert "Closed" in tab.state.text()
    with ctx.session() as s:
        open_kinds = set(s.scalars(select(Task.kind).where(Task.done_at.is_(None))))
    assert open_kinds == {"domestic_abuse", "safeguarding_referral"}


def test_tp12_is_asked_at_closure_but_never_of_an_anonymous_complainant(qtbot: QtBot, ctx: Context) -> None:
    svc = Services(ctx)
    ref = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-10-01 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}]})).reference
    tab, dialog = _dialog(qtbot, svc, ref)
    assert dialog.satisfaction.isEnabled()
    dialog.choose(ClosureReason.NO_CONTACT_FOUR_WEEKS)
    dialog.satisfaction.setCurrentIndex(dialog.satisfaction.findData("fairly_satisfied"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    assert "Complainant's satisfaction (TP12): Fairly satisfied" in tab.state.text()
    anonymous = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-10-02 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "anonymous": True}]})).reference
    _tab, dialog = _dialog(qtbot, svc, anonymous)
    assert not dialog.satisfaction.isEnabled()


def test_a_team_leader_saves_a_complaint_pack_from_the_closure_tab(qtbot: QtBot, ctx: Context, tmp_path) -> None:  # noqa: ANN001
    from asb_desktop.ui.workers import RUNNER

    RUNNER.synchronous = True
    try:
        ref = _case(ctx)
        tab, dialog = _dialog(qtbot, Services(ctx), ref)
        dialog.reject()
        assert tab.pack_button.isEnabled()  # the single user is an administrator
        tab.complaint_pack(tmp_path / "pack.pdf")
        qtbot.waitUntil(lambda: tab.last_pack is not None)
        assert tab.last_pack.pages >= 2 and (tmp_path / "pack.pdf").is_file()
        Services(ctx).users.add("olu", "Olu Officer", ["officer"])
        officer = Services(Context(ctx.engine, sign_in(ctx.engine, "olu"), ctx.data_dir, ctx.clock))
        ref2 = officer.cases.report(ReportInput.from_dict({
            "channel": "telephone", "received_at": "2026-10-01 10:00", "categories": ["Noise"], "assign_to": "olu",
            "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee"}}]})).reference
        tab2, dialog2 = _dialog(qtbot, officer, ref2)
        dialog2.reject()
        assert not tab2.pack_button.isEnabled() and "team leader" in tab2.pack_button.toolTip()
    finally:
        RUNNER.synchronous = False

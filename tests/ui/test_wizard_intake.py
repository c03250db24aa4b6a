"""The wizard, offscreen: an address already on file with a scheme officer shows, and gets, that officer."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.ui.wizard import NewReportWizard


def test_the_preview_finds_the_scheme_officer_on_file(qtbot: QtBot, ctx: Context) -> None:
    svc = Services(ctx)
    svc.users.add("sam", "Sam Scheme", ["scheme_officer"])
    svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "property": {"address": "Flat 1, Riverside", "postcode": "TN23 1AA",
                     "scheme_name": "Riverside Extra Care", "scheme_officer": "sam"}}))
    wiz = NewReportWizard(svc)
    qtbot.addWidget(wiz)
    wiz.property.address.setText("Flat 1, Riverside")
    wiz.property.postcode.setText("TN23 1AA")
    qtbot.keyClicks(wiz.channel.summary, "Shouting in the corridor")  # an empty report is refused
    shown = wiz.current_preview()
    assert "Sam Scheme" in wiz.panel.text.text() and "2024 5.4" in shown.assignment.reason
    wiz.accept()
    assert wiz.opened is not None and wiz.opened.assignment == shown.assignment.reason


def test_an_employee_picked_from_file_shows_and_gets_a_team_leader(qtbot: QtBot, ctx: Context) -> None:
    svc = Services(ctx)
    svc.users.add("tara", "Tara Leader", ["team_leader"])
    svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "alleged_perpetrator",
                     "person": {"first_names": "Pat", "surname": "Staffer", "is_employee": True}}]}))
    wiz = NewReportWizard(svc)
    qtbot.addWidget(wiz)
    qtbot.keyClicks(wiz.findChild(QWidget, "perpetrator.find"), "Staffer")
    results = wiz.findChild(QWidget, "perpetrator.results")
    qtbot.waitUntil(lambda: results.count() == 1, timeout=3000)
    results.itemClicked.emit(results.item(0))
    shown = wiz.current_preview()
    assert "Tara Leader" in shown.assignment.reason and shown.assignment.restricted
    wiz.accept()
    assert wiz.opened is not None and wiz.opened.assignment == shown.assignment.reason


def test_an_empty_report_is_refused_and_finish_says_who_has_the_case(qtbot: QtBot, ctx: Context) -> None:
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import select

    from asb_desktop.domain.enums import Role
    from asb_desktop.services.kernel.context import Actor
    from asb_desktop.storage.orm import User
    from asb_desktop.ui.main_window import MainWindow

    svc = Services(ctx)
    svc.users.add("tara", "Tara Leader", ["team_leader"])
    svc.users.add("olu", "Olu Officer", ["officer"])
    svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "alleged_perpetrator",
                     "person": {"first_names": "Pat", "surname": "Staffer", "is_employee": True}}]}))
    with ctx.session() as s:
        olu_id = s.scalar(select(User.id).where(User.username == "olu"))
    officer = Services(Context(ctx.engine, Actor(olu_id, "olu", "Olu Officer", "OO", frozenset({Role.OFFICER})),
                               ctx.data_dir, clock=ctx.clock))
    window = MainWindow(officer)
    qtbot.addWidget(window)
    window.new_report()
    wiz = window.wizard
    wiz.accept()
    assert wiz.opened is None and "the report is empty" in wiz.panel.problem.text()
    assert wiz.focusWidget() is wiz.channel.categories or wiz.currentPage() is wiz.channel

    qtbot.keyClicks(wiz.findChild(QWidget, "perpetrator.find"), "Staffer")
    results = wiz.findChild(QWidget, "perpetrator.results")
    qtbot.waitUntil(lambda: results.count() == 1, timeout=3000)
    results.itemClicked.emit(results.item(0))
    wiz.accept()
    assert wiz.opened is not None and not wiz.opened.visible
    box = window.confirmation
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert f"Logged {wiz.opened.reference}" in box.text() and "Tara Leader" in box.text()
    assert "restricted" in box.text() and "You do not have access" not in box.text()
    assert window.case_tabs.workspaces() == []  # not opened, and no refusal shown
    box.close()


def test_a_person_on_file_typed_again_is_offered_before_logging(qtbot: QtBot, ctx: Context) -> None:
    """4.1 at intake: Log report with a retyped person (the check not yet run) is refused and the form
    offers the match; logging again past the offer creates the new person."""
    svc = Services(ctx)
    svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "alleged_perpetrator",
                     "person": {"first_names": "Dean", "surname": "Marsh", "address": "4 Low Road"}}]}))
    wiz = NewReportWizard(svc)
    qtbot.addWidget(wiz)
    form = wiz.people.perpetrator
    form.edits["first_names"].setText("Dean")
    form.edits["surname"].setText("Marsh")
    form.edits["address"].setText("4 Low Road")
    form._match_debounce.stop()  # Log report before the typing's check ran
    wiz.accept()
    assert wiz.opened is None and "Dean Marsh, already on file" in wiz.panel.problem.text()
    assert "This looks like Dean Marsh (4 Low Road) already on file" in form.match_label.text()
    wiz.accept()  # the officer saw the offer and typed on: a new person
    assert wiz.opened is not None
    assert len(svc.queries.find_people("Marsh")) == 2

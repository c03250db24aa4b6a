"""The new report wizard, driven as an officer would, offscreen, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea, QWidget, QWizard
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.ui.pages.due_page import DuePage
from asb_desktop.ui.wizard import NewReportWizard


def w(wizard: NewReportWizard, key: str) -> QWidget:
    found = wizard.findChild(QWidget, key)
    assert found is not None, key
    return found


@pytest.fixture
def services(ctx: Context) -> Services:
    svc = Services(ctx)
    svc.users.add("tara", "Tara Leader", ["team_leader"])
    svc.users.add("sam", "Sam Scheme", ["scheme_officer"])
    return svc


def fill_phone_call(qtbot: QtBot, wiz: NewReportWizard) -> None:
    """A telephone report: complainant, perpetrator, one incident, targeting, witnesses, triage."""
    cats = wiz.channel.categories
    cats.findItems("Noise", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(wiz.channel.summary, "Loud music most nights")
    wiz.next()
    wiz.next()
    w(wiz, "complainant.first_names").setText("Zoë")  # QTest types ASCII only
    w(wiz, "complainant.surname").setText("Ó'Brien")
    qtbot.keyClicks(w(wiz, "complainant.address"), "Flat 3, 12 Ship Lane")
    qtbot.keyClicks(w(wiz, "complainant.phone"), "01234 567890")
    qtbot.keyClicks(w(wiz, "perpetrator.first_names"), "Dean")
    qtbot.keyClicks(w(wiz, "perpetrator.surname"), "Marsh")
    wiz.next()
    wiz.next()
    wiz.incidents.started.setDateTime(datetime(2026, 11, 22, 23, 30))
    for key, text in (("description", "Bass music through the wall until 3am"), ("feelings_then", "Frightened"),
                      ("feelings_since", "Cannot sleep"), ("measures_taken", "Moved bedroom"),
                      ("frequency", "Most nights since October")):
        qtbot.keyClicks(w(wiz, f"incident.{key}"), text)
    wiz.next()
    wiz.targeting.targeted.set_value(True)
    qtbot.keyClicks(wiz.targeting.why, "Because I complained before")
    wiz.next()
    qtbot.keyClicks(wiz.witnesses.summary, "none")
    wiz.next()
    wiz.triage.answers["targeted"].set_value(True)
    wiz.triage.answers["afraid"].set_value(True)
    wiz.triage.answers["health"].set_value(False)


def test_phone_call_to_risk_triaged_assigned_case_with_deadline(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    assert "No complainant recorded" in wiz.panel.text.text()
    fill_phone_call(qtbot, wiz)
    panel = wiz.panel.text.text()
    assert "Nothing missing" in panel, panel
    assert "Thursday 26 November 2026" in panel and "3 working days" in panel
    assert "A full risk assessment (Appendix 1) is required" in panel
    with qtbot.waitSignal(wiz.caseCreated) as sig:
        wiz.accept()
    reference = sig.args[0]
    assert wiz.opened is not None and wiz.opened.reference == reference and wiz.opened.gaps == []
    detail = services.queries.case_detail(reference)
    me = services.ctx.actor.full_name
    assert detail.assigned_officer == me and detail.response_due_at == datetime(2026, 11, 26, 23, 59, 59)
    assert detail.full_risk_required and detail.triage_answers["afraid"] is True
    assert {p.name for p in detail.parties} == {"Zoë Ó'Brien", "Dean Marsh"}
    assert detail.incidents[0].feels_targeted is True and detail.incidents[0].witnesses == "none"
    assert {t.kind for t in detail.tasks} == {"response", "full_risk_assessment"}
    due = DuePage(services)
    qtbot.addWidget(due)
    texts = [(due.table.item(r, 0).text(), due.table.item(r, 2).text(), due.table.item(r, 3).text())
             for r in range(due.table.rowCount())]
    assert ("26/11/2026 23:59", reference, "Respond to the complainant") in texts


def test_employee_goes_to_team_leader_and_scheme_to_scheme_officer(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.property.scheme.setText("Riverside Extra Care")
    wiz.property.address.setText("Flat 1, Riverside")
    wiz.property.scheme_officer.setCurrentIndex(wiz.property.scheme_officer.findData("sam"))
    assert "Sam Scheme" in wiz.panel.text.text() and "scheme's officer first (2024 5.4)" in wiz.panel.text.text()
    w(wiz, "perpetrator.is_employee").setChecked(True)
    w(wiz, "perpetrator.surname").setText("Staff")
    panel = wiz.panel.text.text()
    assert "Tara Leader" in panel and "an employee is involved" in panel and "Restricted" in panel
    wiz.accept()
    assert wiz.opened is not None and "Tara Leader" in wiz.opened.assignment


def test_bad_input_points_at_the_field_and_keeps_what_was_typed(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.next()
    wiz.next()
    assert wiz.currentPage() is wiz.people
    qtbot.keyClicks(w(wiz, "complainant.phone"), "07700 900123")
    wiz.next()  # a person with a phone number but no name cannot be saved
    assert wiz.currentPage() is wiz.people
    assert "Complainant: first names: give at least a first name or a surname" in wiz.panel.problem.text()
    qtbot.keyClicks(w(wiz, "complainant.date_of_birth"), "31/02/1990")
    qtbot.keyClicks(w(wiz, "complainant.first_names"), "Ann")
    assert "date of birth" in wiz.panel.problem.text() and "31/02/1990" in wiz.panel.problem.text()
    assert "31/02/1990 is not a date: February 1990 has 28 days" in wiz.panel.problem.text()
    for _ in range(6):
        wiz.next()
    assert wiz.currentPage() is wiz.people  # still held on the page with the problem
    wiz.accept()
    assert wiz.opened is None and wiz.isVisible()
    assert wiz.focusWidget() is w(wiz, "complainant.date_of_birth") or wiz.currentPage() is wiz.people
    assert w(wiz, "complainant.phone").text() == "07700 900123"  # nothing typed is lost
    w(wiz, "complainant.date_of_birth").setText("28/02/1990")
    wiz.accept()
    assert wiz.opened is not None
    assert services.queries.case_detail(wiz.opened.reference).parties[0].person.date_of_birth == date(1990, 2, 28)


def test_anonymous_report_checklist_and_future_date(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.channel.received.setDateTime(datetime(2026, 12, 25, 9, 0))
    wiz.reporter.anonymous.setChecked(True)
    assert "Anonymous report: not yet confirmed" in wiz.panel.text.text()
    for box in wiz.reporter.checklist.values():
        box.setChecked(True)
    assert "Anonymous report" not in wiz.panel.text.text()
    wiz.people.unknown.setChecked(True)
    wiz.people.description.setPlainText("Tall man, red jacket")
    wiz.accept()
    assert wiz.opened is None and wiz.currentPage() is wiz.channel
    assert "received" in wiz.panel.problem.text().lower() and "future" in wiz.panel.problem.text()
    wiz.channel.received.setDateTime(datetime(2026, 11, 20, 9, 0))  # a Friday
    panel = wiz.panel.text.text()
    assert "Wednesday 25 November 2026" in panel and "weekend" in panel
    wiz.accept()
    assert wiz.opened is not None
    detail = services.queries.case_detail(wiz.opened.reference)
    assert detail.parties[0].anonymous and detail.parties[0].name == "Anonymous"
    assert all(detail.anonymous_checklist.values()) and detail.unknown_perpetrator


def test_find_existing_person(qtbot: QtBot, services: Services) -> None:
    first = NewReportWizard(services)
    qtbot.addWidget(first)
    w(first, "perpetrator.first_names").setText("Dean")
    w(first, "perpetrator.surname").setText("Marsh")
    w(first, "perpetrator.address").setText("5 Ship Lane")
    first.accept()
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    qtbot.keyClicks(w(wiz, "perpetrator.find"), "Marsh")
    results = w(wiz, "perpetrator.results")
    qtbot.waitUntil(lambda: results.count() == 1 and "5 Ship Lane" in results.item(0).text(), timeout=3000)
    results.itemClicked.emit(results.item(0))
    assert not wiz.people.perpetrator.details.isEnabled()
    wiz.accept()
    assert wiz.opened is not None and wiz.opened.reference.endswith("00002")
    person_uid = services.queries.find_people("Marsh")[0].uid
    history = services.queries.open_person_history(person_uid).as_alleged_perpetrator
    assert len(history) == 2


def test_step_indicator_follows_the_officer_and_finish_waits_for_the_essentials(
        qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    finish = wiz.button(QWizard.WizardButton.FinishButton)
    assert wiz.panel.step.text() == "Step 1 of 8 - The report"
    assert "<b>1. The report</b>" in wiz.panel.steps.text() and "8. Triage" in wiz.panel.steps.text()
    assert finish.isVisible() and not finish.isEnabled()  # nothing to act on yet
    qtbot.keyClicks(wiz.channel.summary, "Shouting on the stairs")
    assert finish.isEnabled()
    wiz.next()
    assert wiz.panel.step.text() == "Step 2 of 8 - Who is reporting"
    assert "<b>2. Who is reporting</b>" in wiz.panel.steps.text() and "<b>1." not in wiz.panel.steps.text()
    assert finish.isEnabled() and wiz.button(QWizard.WizardButton.NextButton).isVisible()
    wiz.back()
    wiz.channel.summary.clear()
    assert not finish.isEnabled()


def test_escape_on_a_report_with_content_asks_first(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not wiz.isVisible() and wiz.discard_box is None
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.keyClicks(wiz.channel.summary, "Dog barking")
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)
    box = wiz.discard_box
    assert box is not None and box.isVisible() and box.text().startswith("Discard this report?")
    assert {b.text() for b in box.buttons()} == {"Keep editing", "Discard"}
    wiz.keep_button.click()
    assert wiz.isVisible() and wiz.channel.summary.toPlainText() == "Dog barking"
    wiz.button(QWizard.WizardButton.CancelButton).click()
    assert box.isVisible()
    wiz.discard_button.click()
    assert not wiz.isVisible() and wiz.opened is None


def test_a_draft_survives_a_crash_and_is_offered_back(qtbot: QtBot, services: Services,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = NewReportWizard(services)
    first.channel.categories.findItems("Noise", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(first.channel.summary, "Parties every weekend")
    w(first, "complainant.first_names").setText("Ann")
    w(first, "complainant.date_of_birth").setText("02/03/1990")
    w(first, "household.name").setText("Bob Hill")
    first.people.household.add_current()
    first.property.address.setText("4 Mill Road")
    first.incidents.started.setDateTime(datetime(2026, 11, 21, 22, 15))
    w(first, "incident.description").setPlainText("Music until 2am")
    first.incidents.save_current()
    path = first.draft_path
    assert path.parent.parent == services.ctx.data_dir  # only in the user's own data folder
    qtbot.waitUntil(path.exists, timeout=3000)
    assert "Parties every weekend" in path.read_text(encoding="utf-8")
    first.deleteLater()  # the crash: the wizard is gone without Finish, Cancel or Discard
    del first
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    assert wiz.offer_draft()
    now = services.ctx.now()
    assert asked == [f"Resume the report you started at {now:%H:%M} on {now:%d/%m/%Y}?"]
    assert wiz.channel.summary.toPlainText() == "Parties every weekend" and wiz.channel.chosen_categories() == ["Noise"]
    assert w(wiz, "complainant.first_names").text() == "Ann"  # type: ignore[attr-defined]
    assert wiz.property.address.text() == "4 Mill Road" and wiz.incidents.saved.count() == 1
    assert wiz.people.household.list.count() == 1
    report, _ = wiz.collect()
    assert report.incidents[0].started_at == datetime(2026, 11, 21, 22, 15)
    assert report.incidents[0].description == "Music until 2am"
    wiz.accept()
    assert wiz.opened is not None and not path.exists()  # logged: the draft is gone
    again = NewReportWizard(services)
    qtbot.addWidget(again)
    assert not again.offer_draft() and len(asked) == 1


def test_a_declined_or_discarded_draft_is_deleted(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.keyClicks(wiz.channel.summary, "Graffiti")
    wiz.save_draft()
    assert wiz.draft_path.exists()
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)
    wiz.discard_button.click()
    assert not wiz.draft_path.exists()
    other = NewReportWizard(services)
    qtbot.addWidget(other)
    qtbot.keyClicks(other.channel.summary, "Graffiti again")
    other.save_draft()
    third = NewReportWizard(services)
    qtbot.addWidget(third)
    assert not third.offer_draft(lambda question: False) and not third.draft_path.exists()
    assert third.channel.summary.toPlainText() == ""


def test_a_field_error_is_shown_on_the_field_and_scrolled_into_view(qtbot: QtBot, services: Services) -> None:
    wiz = NewReportWizard(services)
    qtbot.addWidget(wiz)
    wiz.resize(900, 480)  # the people step scrolls
    wiz.show()
    qtbot.keyClicks(wiz.channel.summary, "Threats on the landing")
    wiz.next()
    wiz.next()
    w(wiz, "perpetrator.first_names").setText("Dean")  # type: ignore[attr-defined]
    email = w(wiz, "perpetrator.email")
    email.setText("dean@home")  # type: ignore[attr-defined]
    wiz.next()
    assert wiz.currentPage() is wiz.people
    label = wiz.findChild(QLabel, "perpetrator.email.error")
    assert label is not None and label.isVisible()
    assert label.text() == "Alleged perpetrator: email: 'dean@home' is not an e-mail address: 'home' is not a " \
        "mail domain; write it like name@example.org"
    assert email.property("invalid") is True and "border" in email.styleSheet()
    scroll = email.parentWidget()
    while not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    assert scroll.verticalScrollBar().value() > 0  # moved down to the perpetrator's e-mail
    top = email.mapTo(scroll.widget(), email.rect().topLeft()).y() - scroll.verticalScrollBar().value()
    assert top >= 0 and top + email.height() <= scroll.viewport().height()
    email.setText("dean@home.example")  # type: ignore[attr-defined]
    assert not label.isVisible() and not email.property("invalid")
    wiz.next()
    assert wiz.currentPage() is wiz.property

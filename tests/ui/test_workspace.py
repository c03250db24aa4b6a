"""The case workspace in the real main window, offscreen, over a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from support.workspace import settled

from asb_desktop.domain.enums import ClosureReason, RemedyKind
from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.workspace.workspace import CaseWorkspace


def report(ctx: Context, surname: str = "Ó'Brien", anonymous: bool = False) -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "summary": "Music every night",
        "parties": [{"role": "complainant", "anonymous": True} if anonymous else  # 5.7: no identity stored
                    {"role": "complainant",
                     "person": {"first_names": "Zoë", "surname": surname, "phone": "07700 900123"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
    })).reference


def window_with(qtbot: QtBot, ctx: Context) -> MainWindow:
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    window.show()
    return window


def open_ws(qtbot: QtBot, ctx: Context, anonymous: bool = False) -> tuple[MainWindow, CaseWorkspace]:
    ref = report(ctx, anonymous=anonymous)
    window = window_with(qtbot, ctx)
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    return window, ws


def messages(window: MainWindow) -> list[str]:
    return [f"{box.windowTitle()}: {box.text()}" for box in window.findChildren(QMessageBox) if box.isVisible()]


def trigger(window: MainWindow, text: str) -> None:
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text().startswith(text))
    assert action.isEnabled(), text
    action.trigger()


def test_cases_open_in_tabs_from_the_list_and_the_due_page(qtbot: QtBot, ctx: Context) -> None:
    first, second = report(ctx, "One"), report(ctx, "Two")
    window = window_with(qtbot, ctx)
    page = window.page("Team cases")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))  # newest first: the second case
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.case_tabs
    assert [w.reference for w in window.case_tabs.workspaces()] == [second]
    due = window.page("Due and overdue")
    row = due.row_of(next(i for i in due.items if i.reference == first))
    due.table.itemActivated.emit(due.table.item(row, 0))
    assert [w.reference for w in window.case_tabs.workspaces()] == [second, first]
    assert window.case_tabs.tabText(1) == first and window.stack.currentWidget() is window.case_tabs
    window.case_tabs.open_case(second.lower())  # already open: brought forward, not opened twice
    assert window.case_tabs.count() == 2 and window.case_tabs.workspace().reference == second
    trigger(window, "Next case tab")
    assert window.case_tabs.workspace().reference == first
    trigger(window, "Close case tab")
    assert [w.reference for w in window.case_tabs.workspaces()] == [second]
    assert window.case_tabs.open_case("ASB-2026-99999") is None
    assert any("There is no case ASB-2026-99999" in m for m in messages(window))


def test_summary_and_people_show_the_case_and_hide_an_anonymous_complainant(qtbot: QtBot, ctx: Context) -> None:
    _window, ws = open_ws(qtbot, ctx, anonymous=True)
    header = ws.pages["Summary"].header.text()
    assert ws.reference in header and "New" in header and "Risk: not yet assessed" in header
    assert "Noise" in header and "First response due" in header
    timeline = ws.pages["Summary"].model
    assert timeline.data(timeline.index(0, 1)) == "Report"
    people = ws.pages["People"].model
    rows = [[people.data(people.index(r, c)) for c in range(4)] for r in range(people.rowCount())]
    assert rows[0][:3] == ["Complainant", "Anonymous", "Withheld: anonymous complainant"]
    assert rows[1][:2] == ["Alleged perpetrator", "Dean Marsh"]
    assert "Zoë" not in str(rows)


def test_two_failed_contacts_with_one_click_show_the_letter_task(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    trigger(window, "Log contact")  # Ctrl+L: the contacts tab with its dialog
    tab = ws.pages["Tasks and contacts"]
    assert ws.tabs.currentWidget() is tab and tab.dialog.isVisible()
    tab.dialog.reject()
    qtbot.mouseClick(tab.failed_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert "1 failed attempt(s) in a row" in tab.status.text()
    qtbot.mouseClick(tab.failed_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert "Letter task raised" in tab.status.text() and "7.6" in tab.status.text()
    titles = [tab.tasks_model.data(tab.tasks_model.index(r, 2)) for r in range(tab.tasks_model.rowCount())]
    assert "Send a letter or email: contact attempts failed" in titles
    outcomes = [tab.contacts_model.data(tab.contacts_model.index(r, 2)) for r in range(tab.contacts_model.rowCount())]
    assert outcomes == ["No answer", "No answer"]


def test_a_blocked_legal_remedy_says_why_with_clause_numbers(qtbot: QtBot, ctx: Context) -> None:
    _window, ws = open_ws(qtbot, ctx)
    tab = ws.page("Remedies and legal")
    text = tab.gate_label.text()
    assert "Legal action is blocked" in text and "14.1" in text and "14.4" in text
    tab.record()
    dialog = tab.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData(RemedyKind.INJUNCTION.value))
    assert not dialog.ok_button.isEnabled() and "Appendix 2" in dialog.why.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData(RemedyKind.WARNING_LETTER.value))
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert tab.model.rowCount() == 1 and tab.model.data(tab.model.index(0, 2)) == "Non-legal"
    assert "Non-legal remedies have not been considered" not in tab.gate_label.text()
    assert "Legal action is blocked" in tab.gate_label.text()  # Appendix 2 is still missing


def test_close_with_a_16_1_reason_then_reopen_as_linked_case_with_a_note(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    note_uid = Services(ctx).activity.add_note(ws.reference, "The complainant says the music stopped.")
    Services(ctx).activity.log_contact(ws.reference, "telephone", "spoke")  # they said so (16.1)
    ws.reload()
    settled(qtbot, ws)
    tab = ws.page("Closure")
    assert not tab.reopen_button.isEnabled()
    tab.close_case()
    dialog = tab.dialog
    assert not dialog.ok_button.isEnabled()  # no reason chosen yet
    dialog.choose(ClosureReason.NUISANCE_CEASED)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert "Closed" in tab.state.text() and "nuisance has ceased" in tab.state.text()
    assert window.case_tabs.tabText(0) == f"{ws.reference} (closed)" and tab.reopen_button.isEnabled()
    qtbot.mouseClick(tab.reopen_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    linked = tab.dialog
    assert linked.notes.count() == 1
    linked.notes.item(0).setCheckState(Qt.CheckState.Checked)
    assert linked.chosen() == [note_uid]
    qtbot.mouseClick(linked.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    new = window.case_tabs.workspace()
    assert new is not ws and window.case_tabs.count() == 2
    assert [n.text for n in new.detail.notes] == [
        f"[Copied from {ws.reference}] The complainant says the music stopped."]
    assert new.detail.links[0].reference == ws.reference
    assert tab.model.data(tab.model.index(0, 0)) == new.reference  # the old case lists its new link
    with qtbot.waitSignal(ws.open_case) as opened:  # and double-clicking it opens that case
        tab.links.doubleClicked.emit(tab.model.index(0, 0))
    assert opened.args == [new.reference]


def test_undo_and_redo_an_edit_from_the_edit_menu(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    summary = ws.pages["Summary"]
    summary.edit_details()
    dialog = summary.dialog
    dialog.summary.setPlainText("Music and shouting every night")
    dialog.flags["serious"].setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert ws.detail.summary == "Music and shouting every night" and ws.detail.serious
    assert "Serious" in summary.header.text()
    trigger(window, "Undo")
    settled(qtbot, ws)
    assert ws.detail.summary == "Music every night" and not ws.detail.serious
    trigger(window, "Redo")
    settled(qtbot, ws)
    assert ws.detail.summary == "Music and shouting every night" and ws.detail.serious
    summary.edit_categories()
    summary.dialog.set_chosen(["Noise", "Garden nuisance"])
    qtbot.mouseClick(summary.dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert ws.detail.categories == ("Garden nuisance", "Noise")
    tasks = ws.page("Tasks and contacts")
    tasks.tasks.selectRow(0)
    tasks.complete_task()
    settled(qtbot, ws)
    assert all(t.done_at for t in ws.detail.tasks)
    assert ws.undo_stack.count() == 3
    trigger(window, "Undo")
    settled(qtbot, ws)
    assert not any(t.done_at for t in ws.detail.tasks)
    trigger(window, "Undo")
    settled(qtbot, ws)
    assert ws.detail.categories == ("Noise",)


def test_a_conflicting_edit_is_explained_and_the_case_reloaded(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    seen = ws.detail.version
    Services(ctx).cases.update(ws.reference, {"police_reference": "CAD 1/23"})  # someone else saves
    summary = ws.pages["Summary"]
    summary.edit_details()
    summary.dialog.summary.setPlainText("Mine")
    qtbot.mouseClick(summary.dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert any(m.startswith("Changed by someone else:") and "reload" in m for m in messages(window))
    assert ws.detail.version > seen and ws.detail.police_reference == "CAD 1/23"
    assert ws.detail.summary == "Music every night" and ws.undo_stack.count() == 0
    assert summary.dialog.isVisible()  # what the officer typed is still there to save again
    qtbot.mouseClick(summary.dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert ws.detail.summary == "Mine"


def test_note_plain_english_check_lets_the_officer_fix_or_knowingly_save(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    trigger(window, "Add note")  # Ctrl+Shift+N
    dialog = ws.pages["Summary"].dialog
    dialog.text.setPlainText("Rang comp asap, gonna visit")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    found = [dialog.check.list.item(i).text() for i in range(dialog.check.list.count())]
    assert any("'comp'" in f for f in found) and any("'asap'" in f for f in found) and any("slang" in f for f in found)
    qtbot.mouseClick(dialog.check.fix_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert dialog.isVisible() and ws.detail.notes == ()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    qtbot.mouseClick(dialog.check.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    settled(qtbot, ws)
    assert [n.text for n in ws.detail.notes] == ["Rang comp asap, gonna visit"]
    trigger(window, "Undo")
    settled(qtbot, ws)
    assert ws.detail.notes == ()


def test_interview_points_and_incident_across_midnight(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    tab = ws.page("Interviews")
    tab.record(__import__("asb_desktop.domain.enums", fromlist=["InterviewKind"]).InterviewKind.COMPLAINANT)
    dialog = tab.dialog
    assert "What the problem is" in dialog.missing.text()
    dialog.points["problem"].setPlainText("Loud music from the flat above")
    assert "What the problem is" not in dialog.missing.text()
    dialog.notes.setPlainText("She was calm and clear.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert tab.model.rowCount() == 1 and tab.model.data(tab.model.index(0, 4)) == "1"
    incidents = ws.page("Incidents")
    incidents.add()
    d = incidents.dialog
    d.started.setDateTime(datetime(2026, 11, 21, 23, 30))
    d.has_end.setChecked(True)
    d.ended.setTime(datetime(2026, 11, 22, 0, 45).time())
    assert "the next day" in d.end_note.text()
    d.texts["location"].setText("Stairwell")
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    row = incidents.model.record(0)
    assert (row.started_at, row.ended_at) == (datetime(2026, 11, 21, 23, 30), datetime(2026, 11, 22, 0, 45))
    incidents.table.selectRow(0)
    incidents.edit()
    incidents.dialog.texts["location"].setText("Car park")
    qtbot.mouseClick(incidents.dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert incidents.model.record(0).location == "Car park"
    trigger(window, "Undo")
    settled(qtbot, ws)
    assert incidents.model.record(0).location == "Stairwell"
    trigger(window, "Undo")
    settled(qtbot, ws)
    assert incidents.model.rowCount() == 0


def test_risk_form_scores_live_and_saves(qtbot: QtBot, ctx: Context) -> None:
    _window, ws = open_ws(qtbot, ctx)
    tab = ws.page("Risk")
    assert "Score 0" in tab.score.text()
    tab.full["targeted"].set_value(True)
    tab.full["repeat"].set_value(True)
    tab.full["hate"].set_value(True)
    assert "Score 10, band medium" in tab.score.text()
    tab.full["violence"].set_value(True)
    assert "HIGH RISK" in tab.score.text()
    tab.actions["marac_referral"].setChecked(True)
    tab.save_assessment()
    settled(qtbot, ws)
    assert ws.detail.risk_band == "high" and "Risk: High" in ws.pages["Summary"].header.text()
    assert tab.history_model.rowCount() == 1
    tab.triage["targeted"].set_value(True)
    tab.triage["afraid"].set_value(True)
    tab.save_triage()
    settled(qtbot, ws)
    assert ws.detail.full_risk_required and "full risk assessment" in tab.triage_result.text().lower()


def test_every_control_in_the_workspace_and_its_dialogs_has_an_accessible_name(qtbot: QtBot, ctx: Context) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTabBar,
        QToolButton,
        QWidget,
    )

    from asb_desktop.domain.enums import InterviewKind

    _window, ws = open_ws(qtbot, ctx)
    Services(ctx).activity.add_note(ws.reference, "A note to copy.")
    ws.reload()
    settled(qtbot, ws)
    opened: list[QWidget] = [ws]
    for title, open_dialog in (("Summary", "edit_details"), ("Summary", "edit_categories"), ("Incidents", "add"),
                               ("Tasks and contacts", "open_contact_dialog"), ("Remedies and legal", "record"),
                               ("Remedies and legal", "record_exception"), ("Closure", "close_case"), ("People", "add")):
        tab = ws.pages[title]
        getattr(tab, open_dialog)()
        opened.append(tab.dialog)
    ws.pages["Interviews"].record(InterviewKind.ALLEGED_PERPETRATOR)
    opened.append(ws.pages["Interviews"].dialog)
    ws.add_note()
    opened.append(ws.pages["Summary"].dialog)
    inner = (QAbstractSpinBox, QComboBox, QTabBar, QAbstractItemView)
    missing, checked = [], 0
    for root in opened:
        for w in root.findChildren(QWidget):
            if not isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox |
                              QAbstractItemView) or isinstance(w, QToolButton):
                continue
            parent, nested = w.parentWidget(), False
            while parent is not None and parent is not root:
                nested = nested or isinstance(parent, inner)
                parent = parent.parentWidget()
            checked += 0 if nested else 1
            if not nested and not w.accessibleName():
                missing.append(f"{type(w).__name__} in {root.windowTitle() or root.accessibleName()}")
    assert missing == []
    assert len(opened) == 11 and checked > 80


def test_people_tab_adds_a_witness_and_withholds_or_allows_an_identity(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    tab = ws.page("People")

    def rows() -> list[list[str]]:
        return [[tab.model.data(tab.model.index(r, c)) for c in range(4)] for r in range(tab.model.rowCount())]

    def select(name: str) -> None:
        tab.table.selectRow(next(i for i, row in enumerate(rows()) if row[1] == name))

    qtbot.mouseClick(next(b for b in tab.findChildren(QPushButton) if b.text() == "Add person…"),
                     Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    dialog = tab.dialog
    dialog.role.setCurrentIndex(dialog.role.findData("witness"))
    dialog.texts["first_names"].setText("Priya")
    dialog.texts["surname"].setText("Shah")
    dialog.texts["address"].setText("Flat 9, Æthelred Court")
    dialog.withheld.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    settled(qtbot, ws)
    assert "identity withheld" in tab.status.text()
    witness = next(r for r in rows() if r[1] == "Priya Shah")
    assert witness[0] == "Witness" and "Identity withheld from court documents" in witness[3]

    select("Dean Marsh")  # the accused is never withheld
    assert not tab.withhold_button.isEnabled() and not tab.allow_button.isEnabled()
    select("Priya Shah")
    assert tab.allow_button.isEnabled() and not tab.withhold_button.isEnabled()
    tab.allow()
    allow = tab.dialog
    qtbot.mouseClick(allow.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused, the dialog stays
    settled(qtbot, ws)
    assert allow.isVisible() and any("say why" in m for m in messages(window))
    for box in window.findChildren(QMessageBox):
        box.close()
    allow.reason.setPlainText("She agreed in writing to give evidence openly.")
    qtbot.mouseClick(allow.ok_button, Qt.MouseButton.LeftButton)
    assert not allow.isVisible()
    settled(qtbot, ws)
    assert "may now appear" in tab.status.text()
    assert "Identity withheld" not in next(r for r in rows() if r[1] == "Priya Shah")[3]
    select("Priya Shah")
    qtbot.mouseClick(tab.withhold_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert "now withheld" in tab.status.text()
    assert "Identity withheld" in next(r for r in rows() if r[1] == "Priya Shah")[3]
    audit = [e.summary for e in Services(ctx).queries.audit_trail(ws.reference)]
    assert any(a == "Allowed a witness's identity in court documents: She agreed in writing to give evidence "
               "openly." for a in audit)


def test_a_job_ending_after_its_case_tab_closed_touches_nothing(qtbot: QtBot, ctx: Context) -> None:
    """The tab's pack is still being written when the officer closes the case: the late result is
    dropped (it used to reach the deleted tab: 'Internal C++ object already deleted')."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication
    from shiboken6 import isValid

    from asb_desktop.ui.workers import JobControl, run_with_progress

    window, ws = open_ws(qtbot, ctx)
    release, called, ended = threading.Event(), [], []

    def slow(_control: JobControl) -> str:
        assert release.wait(5)
        return "pack"

    job = run_with_progress(ws, "Making the notice pack…", slow, on_done=lambda r: (called.append(r), ws.reload()),
                            on_end=lambda: called.append("end"))
    job.signals.done.connect(lambda _r: ended.append(True))  # after the runner's own delivery
    window.case_tabs.close_tab()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(ws) and window.case_tabs.count() == 0
    release.set()
    qtbot.waitUntil(lambda: ended == [True], timeout=5000)
    QApplication.processEvents()
    assert called == [] and messages(window) == []

"""The interview dialog records the 7.2 arrangements and warns, before saving, that a family member
under 18 cannot interpret sensitive content (offscreen, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot
from support.workspace import settled

from asb_desktop.domain.enums import InterviewKind
from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.ui.main_window import MainWindow


def test_interview_dialog_arrangements_and_the_under_18_warning(qtbot: QtBot, ctx: Context) -> None:
    services = Services(ctx)
    ref = services.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}],
    })).reference
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    tab = window.case_tabs.open_case(ref).page("Interviews")
    tab.record(InterviewKind.COMPLAINANT)
    dialog = tab.dialog
    dialog.held_at.setDateTime(QDateTime(datetime(2026, 11, 21, 10, 30)))
    assert not dialog.sensitive.isChecked() and dialog.sensitive.isEnabled()  # nothing sensitive on the case
    dialog.place.setText("Community centre")
    dialog.supporter.setText("Jo Advocate")
    dialog.interpreter.setText("Sami")
    dialog.relationship.setText("son")
    dialog.interpreter_age.setValue(14)
    assert dialog.interpreter_warning.isHidden()
    dialog.sensitive.setChecked(True)
    assert not dialog.interpreter_warning.isHidden() and "under 18" in dialog.interpreter_warning.text()
    dialog.interpreter.setText("Amira Haddad")
    dialog.relationship.setText("professional interpreter")
    dialog.interpreter_age.setValue(0)  # "Not recorded"
    assert dialog.interpreter_warning.isHidden()
    dialog.points["problem"].setPlainText("Loud music every night.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    [row] = services.interviews.list(ref)
    assert row.place == "Community centre" and row.supporter == "Jo Advocate" and row.sensitive is True
    assert row.interpreter_relationship == "professional interpreter" and row.interpreter_age is None

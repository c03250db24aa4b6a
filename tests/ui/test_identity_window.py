"""The window side of 2024 4.1 and 5.7: the People tab's 5.7 checklist after intake, and a person
retyped in the Add person dialog or the wizard offered as the match already on file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.workspace import settled
from test_workspace import open_ws

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import PartyInput, PersonInput
from asb_desktop.ui.wizard.person_form import PersonForm


def test_checklist_after_intake_and_match_offered(qtbot: QtBot, ctx: Context) -> None:
    _window, ws = open_ws(qtbot, ctx, anonymous=True)
    tab = ws.pages["People"]
    assert not tab.checklist_button.isHidden()
    tab.checklist()
    for box in tab.dialog.boxes.values():
        box.setChecked(True)
    qtbot.mouseClick(tab.dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert tab.status.text() == "5.7 checklist complete."
    assert all(Services(ctx).queries.case_detail(ws.reference).anonymous_checklist.values())

    tab.add()
    dialog = tab.dialog
    dialog.texts["first_names"].setText("Dean")
    dialog.texts["surname"].setText("Marsh")
    dialog.texts["address"].setText("4 Low Road")
    services = Services(ctx)
    services.parties.add(ws.reference, PartyInput(role="witness", person=PersonInput(
        first_names="Ann", surname="Lee", address="4 Low Road")))
    dialog.texts["first_names"].setText("Ann")
    dialog.texts["surname"].setText("Lee")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert dialog.isVisible() and "This looks like Ann Lee (4 Low Road) already on file" in dialog.match_note.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # "Yes: use Ann Lee" is first
    settled(qtbot, ws)
    assert [p.name for p in services.queries.find_people("Lee")] == ["Ann Lee"]
    assert [p.name for p in services.queries.case_detail(ws.reference).parties].count("Ann Lee") == 2


def test_wizard_person_form_offers_the_match(qtbot: QtBot, ctx: Context) -> None:
    services = Services(ctx)
    from test_workspace import report

    report(ctx)
    form = PersonForm("Alleged perpetrator", services.queries.find_people, "perpetrator", services.parties.matches)
    qtbot.addWidget(form)
    form.edits["first_names"].setText("Dean")
    form.edits["surname"].setText("Marsh")
    form.check_matches()
    assert form.matches == []  # name alone is not enough (4.1: name and date of birth, or name and address)
    services.parties.add(services.queries.list_cases("")[0].reference, PartyInput(role="witness", person=PersonInput(
        first_names="Ann", surname="Lee", postcode="TN1 1AA")))
    form.edits["first_names"].setText("Ann")
    form.edits["surname"].setText("Lee")
    form.edits["postcode"].setText("tn1 1aa")
    form.check_matches()
    assert "This looks like Ann Lee" in form.match_label.text()
    qtbot.mouseClick(form.use_match, Qt.MouseButton.LeftButton)
    assert form.existing is not None and form.existing["name"] == "Ann Lee"
    assert form.to_input("perpetrator").existing_uid == form.existing["uid"]

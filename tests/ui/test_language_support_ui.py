"""Language and capacity, and witness support for court, from the Documents tab (offscreen, SQLite and
PostgreSQL): the interpreter, the witness's words per paragraph, the translator and the Annex 1 person
saved from the window; the original and translation filed; the support checklist and its warning."""

from __future__ import annotations

from datetime import timedelta

from documents_ui_helpers import (
    CLAIM,
    COURT,
    ZOE,
    DocCase,
    case_fixture,  # noqa: F401 - fixture
    open_documents,
    person_uid,
    private_settings,  # noqa: F401 - fixture
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidgetItem
from pytestqt.qtbot import QtBot
from support.workspace import settled


def test_language_capacity_and_witness_support_from_the_window(qtbot: QtBot, case: DocCase) -> None:
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    draft = tab.draft()
    draft.choose(person_uid(ws, ZOE))
    draft.court.setText(COURT)
    draft.claim.setText(CLAIM)
    draft.interpreter.setText("Ewa Kowalska")  # the language is missing: refused, naming the field
    qtbot.mouseClick(draft.ok_button, Qt.MouseButton.LeftButton)
    assert case.svc.statements.list(case.reference) == []
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert boxes and all("interpreter's language is needed" in b.text() for b in boxes)
    for b in boxes:
        b.close()
    draft.interpreter.clear()
    qtbot.mouseClick(draft.ok_button, Qt.MouseButton.LeftButton)
    assert len(case.svc.statements.list(case.reference)) == 1
    settled(qtbot, ws)  # the tab lists the statements again off the GUI thread
    assert not tab.action_buttons["File original and translation"].isEnabled()  # made in English so far
    dialog = tab.language()
    dialog.interpreter_name.setText("Ewa Kowalska")
    dialog.interpreter_language.setText("Polish")
    dialog.language.setText("Polish")
    dialog.translator_name.setText("Ewa Kowalska")
    dialog.translated_on.setText("2026-11-22")
    dialog.truth.setPlainText("Oświadczam, że fakty podane w niniejszym oświadczeniu są prawdziwe.")
    dialog.authorised_name.setText("Priya Shah")
    dialog.authorised_address.setText("2 Law Lane, London")
    for r in range(dialog.table.rowCount()):
        if r != 1:  # the 2nd paragraph is left without the witness's words
            dialog.table.setItem(r, 1, QTableWidgetItem(f"Akapit {r + 1}"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    info = case.svc.statements.get(case.reference, 1)
    assert info.language == "Polish" and info.originals[0] == "Akapit 1"
    assert info.certificate == {"name": "Priya Shah", "address": "2 Law Lane, London"}
    assert any("through an interpreter, Ewa Kowalska, in Polish" in t for _, t in info.paragraphs[:5])
    # A paragraph has no Polish yet: filing is refused, naming it, and nothing is written.
    settled(qtbot, ws)
    assert tab.action_buttons["File original and translation"].isEnabled()
    assert "Made in Polish" in tab.detail.text()
    assert not tab.file_translation()
    assert case.svc.documents.generated(case.reference) == []
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert any("paragraph 2 has no Polish text" in b.text() for b in boxes)
    for b in boxes:
        b.close()
    dialog = tab.language()
    for r in range(dialog.table.rowCount()):
        if not dialog.table.item(r, 1).text():
            dialog.table.setItem(r, 1, QTableWidgetItem("Oświadczenie zostało przygotowane przez tłumacza."))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    assert tab.file_translation()
    assert "Filed the original in Polish" in tab.status.text()
    kinds = {d.kind for d in case.svc.documents.generated(case.reference)}
    assert {"statement_original", "statement_translation"} <= kinds

    assert not tab.support_warning.isVisible() and tab.support_warning.text() == ""
    dialog = tab.witness_support()
    dialog.hearing.setText((case.svc.ctx.now().date() + timedelta(days=7)).isoformat())
    state, _on, note = dialog.items["visit"]
    state.setCurrentIndex(state.findData("done"))
    note.setText("Walked round the court")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    support = case.svc.witness_support.list(case.reference)[0]
    assert support.items[0].state == "done" and support.items[0].note == "Walked round the court"
    settled(qtbot, ws)
    assert "adjustments, process explained, transport" in tab.support_warning.text()
    assert "court visit" not in tab.support_warning.text()
    court = ws.page("Notices and bundle")
    court.load(ws.detail)
    settled(qtbot, ws)
    assert court.support_warning.isVisibleTo(court) and "needed at court on" in court.support_warning.text()

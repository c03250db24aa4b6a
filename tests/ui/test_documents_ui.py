"""The Documents tab and page, offscreen over a real database (SQLite and PostgreSQL): drafting a
statement, the paragraph editor, preflight blocking the final version until fixed or waived, version
differences, saving off the GUI thread, Appendix 1, Appendix 2 signed by the officer then a manager,
and letters (stored, logged, and refused when a complainant's identity would reach the perpetrator)."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_ui_helpers import (
    CLAIM,
    COURT,
    ZOE,
    DocCase,
    case_fixture,  # noqa: F401 - fixture
    open_documents,
    pdf_text,
    person_uid,
    private_settings,  # noqa: F401 - fixture
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update
from support.workspace import settled

from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm import Contact, Incident
from asb_desktop.ui.documents import saving


def _click(qtbot: QtBot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_draft_edit_preflight_waive_final_and_compare(qtbot: QtBot, case: DocCase, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    zoe = next(p.person.id for p in ws.detail.parties if p.person and p.person.uid ==
               person_uid(ws, ZOE))
    case.svc.diary.add_entries(case.reference, [
        {"date": "2026-11-19", "started": "22:00", "stopped": "22:40", "what_happened": "Dog barking all evening"},
        {"date": "2026-11-20", "started": "23:00", "stopped": "23:30", "what_happened": "Drilling at midnight"}],
        person_id=zoe)
    assert tab.model.rowCount() == 0 and "No statement yet" in tab.detail.text()
    dialog = tab.draft()
    dialog.choose("officer")
    assert dialog.diary.count() == 0  # only the chosen witness's own diary entries are offered
    dialog.choose(person_uid(ws, ZOE))
    assert dialog.incidents.count() == 3 and dialog.evidence.count() == 1 and dialog.diary.count() == 2
    dialog.diary.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.evidence.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.court.setText(COURT)
    dialog.claim.setText(CLAIM)
    _click(qtbot, dialog.ok_button)
    settled(qtbot, ws)  # the tab lists the statements again off the GUI thread
    assert tab.model.rowCount() == 1
    row = [tab.model.data(tab.model.index(0, c)) for c in range(6)]
    assert row[:5] == [ZOE, "Complainant", "1", "1 of 1", "Draft"]
    assert "Exhibits: ZÓ1" in tab.detail.text()
    drafted = " ".join(text for _, text in case.svc.statements.get(case.reference, 1).paragraphs)
    assert "Dog barking all evening" in drafted and "Drilling at midnight" not in drafted

    # Preflight finds the gap the draft leaves and refuses the final version.
    pre = tab.preflight()
    problems = [pre.model.record(r) for r in range(pre.model.rowCount())]
    assert any("[say what happened]" in p["message"] for p in problems)
    assert "problem(s) to fix or waive" in pre.summary.text()
    _click(qtbot, pre.final_button)
    assert "cannot be made final" in pre.status.text() and case.svc.statements.get(case.reference, 1).status == "draft"

    # Fix it in the paragraph editor (a new version), add a paragraph, move it, and save.
    editor = tab.edit_paragraphs()
    gap = next(i for i, p in enumerate(editor.paragraphs) if "[say what happened]" in p["text"])
    editor.select(gap)
    editor.set_text(editor.paragraphs[gap]["text"].replace("[say what happened]", "I heard a loud bang on my door"))
    count = len(editor.paragraphs)
    editor.select(count - 1)
    editor.insert()
    editor.set_text("On the twentieth of May I heard music.")  # a date in words: preflight will flag it
    editor.move(-1)
    assert editor.list.currentRow() == count - 1 and editor.list.count() == count + 1
    editor.note.setText("Gap filled; a paragraph added")
    _click(qtbot, editor.save_button)
    info = case.svc.statements.get(case.reference, 1)
    assert info.version == 2 and "I heard a loud bang on my door" in " ".join(t for _, t in info.paragraphs)
    settled(qtbot, ws)
    assert tab.model.data(tab.model.index(0, 3)) == "2 of 2"

    pre.refresh()
    problems = [pre.model.record(r) for r in range(pre.model.rowCount())]
    assert len(problems) == 1 and problems[0]["key"].endswith(".date_words")
    assert "twentieth of May" in problems[0]["message"]
    pre.table.selectRow(0)
    waiver = pre.waive()
    pre.reason.setPlainText("short")
    _click(qtbot, waiver.ok_button)
    assert "at least a short sentence" in pre.status.text() and waiver.isVisible()
    pre.reason.setPlainText("The witness's own words; agreed with the solicitor.")
    _click(qtbot, waiver.ok_button)
    assert "Every problem is waived" in pre.summary.text()
    _click(qtbot, pre.final_button)
    assert "is final" in pre.status.text()
    settled(qtbot, ws)
    assert tab.model.data(tab.model.index(0, 4)) == "Final — ready to sign"

    diff = tab.compare()
    diff.compare(1, 2)
    text = diff.view.toPlainText()
    assert "Version 1 compared with version 2" in text and "changed" in text and "added" in text
    assert "I heard a loud bang on my door" in text and "twentieth of May" in text

    # Save as PDF, off the GUI thread, after the save dialog.
    out = tmp_path / "statement.pdf"
    monkeypatch.setattr(saving, "ask_path", lambda *_a: out)
    assert tab.save_statement()
    qtbot.waitUntil(lambda: out.is_file() and "Saved to" in tab.status.text(), timeout=15000)
    flat = " ".join(pdf_text(out).split())
    assert "I heard a loud bang on my door" in flat and f"Claim number: {CLAIM}" in flat


def test_appendix_1_saved_and_the_documents_page_lists_it(qtbot: QtBot, case: DocCase, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    risk = case.svc.risk.assess(case.reference, {"targeted": True, "repeat": True, "violence": True, "fear": True},
                                actions=["marac_referral"], notes="Threats made on the stairwell.")
    window, _ws, tab = open_documents(qtbot, case.svc, case.reference)
    assert f"23/11/2026 10:00, scored {risk.score} (high risk)" in tab.appendix1_label.text()
    out = tmp_path / "a1.docx"
    monkeypatch.setattr(saving, "ask_path", lambda *_a: out)
    assert tab.appendix1()
    qtbot.waitUntil(lambda: out.is_file() and tab.generated_model.rowCount() == 1, timeout=15000)
    assert out.read_bytes()[:2] == b"PK"  # a Word document, as chosen by the file name
    assert tab.generated_model.data(tab.generated_model.index(0, 2)) == "DOCX"
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.nav.setCurrentRow(labels.index("Documents"))
    page = window.stack.currentWidget()
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 1)) == case.reference
    assert "Appendix 1" in page.model.data(page.model.index(0, 2))
    page.filter.setText("no such thing")
    assert page.model.rowCount() == 0 and "0 of 1" in page.status.text()
    page.filter.setText(case.reference.lower())
    page.table.selectRow(0)
    from asb_desktop.ui.documents import documents_page

    shown: list[Path] = []  # opened through kernel generated_file (fetched from the team store when not here)
    monkeypatch.setattr(documents_page, "open_file", lambda path: shown.append(path) or True)
    assert page.open_document() and shown[0].read_bytes()[:2] == b"PK"
    opened: list[str] = []
    page.open_requested.disconnect()
    page.open_requested.connect(opened.append)
    page.open_case()
    assert opened == [case.reference]


def test_appendix_2_prefilled_signed_by_officer_then_manager(qtbot: QtBot, case: DocCase, ctx: Context) -> None:
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    form = tab.appendix2()
    assert "unlocks the legal remedies" in " ".join(lab.text() for lab in form.findChildren(type(form.status)))
    # The case's earlier, complete Appendix 2 is shown (the pre-fill is checked in test_letters_and_appendices).
    assert form.answers["vulnerabilities"].toPlainText() == "Considered: equality act 2010."
    assert form.answers["remedies_tried"].toPlainText() == "Considered: non-legal remedies."
    form.set_answer("vulnerabilities", "")
    _click(qtbot, form.officer_button)  # a blank required answer: refused with the question named (14.4)
    assert "Not done." in form.status.text() and "not complete" in form.status.text()
    form.set_answer("vulnerabilities", "Anxiety; lives alone")
    assert "Manager: signed by Siobhán Ní Bhriain" in form.signoffs.text()  # the demo case's earlier one
    form.set_answer("proportionate", True)
    form.set_answer("conclusion", "Proportionate: threats of violence.")
    _click(qtbot, form.manager_button)  # the officer is not a manager: refused, with the plain reason
    assert "Not done." in form.status.text() and "manager" in form.status.text().lower()
    _click(qtbot, form.officer_button)
    assert "signed by the officer" in form.status.text()
    assert "Officer: signed by" in form.signoffs.text() and "Manager: not yet signed" in form.signoffs.text()
    assert not case.svc.remedies.legal_gate(case.reference).allowed  # new answers: the manager signs again

    manager = Services(Context(ctx.engine, sign_in(ctx.engine, "siobhan.ni.bhriain"), ctx.data_dir, ctx.clock))
    _w2, ws2, tab2 = open_documents(qtbot, manager, case.reference)
    form2 = tab2.appendix2()
    assert form2.answers["conclusion"].toPlainText() == "Proportionate: threats of violence."
    _click(qtbot, form2.manager_button)
    assert "signed off by the manager" in form2.status.text()
    assert "Manager: signed by Siobhán Ní Bhriain" in form2.signoffs.text()
    assert case.svc.remedies.legal_gate(case.reference).allowed
    settled(qtbot, ws2)
    assert "Legal action may proceed" in ws2.pages["Remedies and legal"].gate_label.text()


def test_letters_stored_logged_and_refused_with_the_reason(qtbot: QtBot, case: DocCase) -> None:
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    letters = tab.letters()
    letters.choose("warning_letter")
    assert "alleged perpetrator" in letters.recipient.text()
    assert letters.generate()
    assert "stored on the case as version 1" in letters.result.text()
    assert "contact log entry was made" in letters.result.text() and letters.open_button.isEnabled()
    assert letters.last is not None and letters.last.is_file()
    settled(qtbot, ws)
    assert tab.generated_model.rowCount() == 1
    with case.svc.ctx.session() as s:
        logged = list(s.scalars(select(Contact).where(Contact.method == "letter", Contact.notes.contains("SHA-256"))))
    assert len(logged) == 1
    letters.choose("interview_invitation")
    assert set(letters.values) == {"interview_at", "interview_place"}
    assert not letters.generate() and "was not made" in letters.result.text()
    with case.svc.ctx.session() as s:
        s.execute(update(Incident).where(Incident.description == "Shouting in the car park")
                  .values(description="Shouting at Zoë in the car park"))
    letters.choose("warning_letter")
    assert not letters.generate()
    assert "complainant's first name" in letters.result.text() and not letters.open_button.isEnabled()
    assert tab.generated_model.rowCount() == 1  # nothing stored for the refused letter


def test_a_paragraph_is_marked_hearsay_in_the_editor_and_the_notice_lists_it(
        qtbot: QtBot, case: DocCase, tmp_path: Path) -> None:
    """Issue 17 (PD 32 18.2, CPR 33.2): the officer marks what someone else saw, with its source, in the
    window; the statement says where it came from and the hearsay notice lists it."""
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    dialog = tab.draft()
    dialog.choose(person_uid(ws, ZOE))
    dialog.court.setText(COURT)
    dialog.claim.setText(CLAIM)
    _click(qtbot, dialog.ok_button)
    settled(qtbot, ws)
    editor = tab.edit_paragraphs()
    editor.select(len(editor.paragraphs) - 1)
    editor.insert()
    editor.set_text("My neighbour told me she saw him kick my door on 20 November 2026.")
    assert "reads as if it reports what someone else saw" in editor.suggestion.text()
    editor.hearsay.setChecked(True)
    assert "Give the source" in editor.suggestion.text() and editor.source.isEnabled()
    editor.source.setText("Mrs Amina Khan")
    editor.source.textEdited.emit("Mrs Amina Khan")
    assert editor.suggestion.text() == "" and "[hearsay] My neighbour" in editor.list.currentItem().text()
    editor.note.setText("Hearsay paragraph added with its source")
    _click(qtbot, editor.save_button)
    info = case.svc.statements.get(case.reference, 1)
    marked = [m for m in info.hearsay_marks if m]
    assert marked == [{"source": "Mrs Amina Khan", "withheld": False, "reason": ""}]
    notice = tmp_path / "hearsay.pdf"
    notice.write_bytes(case.svc.statements.hearsay_notice(case.reference, 1, "pdf"))
    text = " ".join(pdf_text(notice).split())
    assert "HEARSAY NOTICE" in text and "10 Mrs Amina Khan" in text  # paragraph 10 and its source
    settled(qtbot, ws)
    reopened = tab.edit_paragraphs()  # the mark comes back with the statement
    row = next(i for i, p in enumerate(reopened.paragraphs) if p.get("hearsay"))
    reopened.select(row)
    assert reopened.hearsay.isChecked() and reopened.source.text() == "Mrs Amina Khan"
    reopened.reject()

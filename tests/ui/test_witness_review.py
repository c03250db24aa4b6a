"""Witness review mode, offscreen over a real database (SQLite and PostgreSQL): its own full-screen
window showing only the statement's text, large adjustable (remembered) text, read-aloud, change
requests the officer then resolves in a new version, the officer's PIN to leave, and signing with a
signature drawn on the pad (locked with its SHA-256), or a wet signature with the scan attached."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from documents_ui_helpers import (  # noqa: F401 - fixtures
    ZOE,
    DocCase,
    case_fixture,
    clean_statement,
    open_documents,
    pdf_text,
    private_settings,
)
from PySide6.QtCore import QEvent, QLocale, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from support.workspace import settled

from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import ValidationError
from asb_desktop.ui.documents import saving
from asb_desktop.ui.review.read_aloud import ReadAloud
from asb_desktop.ui.review.review_window import DEFAULT_PT, WitnessReviewWindow, statement_html
from asb_desktop.ui.review.signature_pad import SignaturePad

ELSEWHERE_ON_THE_CASE = ("Ana-María", "Ñúñez", "李", "小龍", "Metropolitan Police", "Riverside Extra Care",
                         "Loud music and threats", "Siobhán", "Kwame", "Tall man", "Called back after midnight",
                         "CAD 1234")


def texts_of(window: QWidget) -> list[tuple[QWidget, str]]:
    out: list[tuple[QWidget, str]] = [(window, window.windowTitle())]
    for w in window.findChildren(QWidget):
        for text in (w.accessibleName(), w.accessibleDescription(), w.toolTip(), w.windowTitle()):
            out.append((w, text))
        if isinstance(w, QLabel | QAbstractButton):
            out.append((w, w.text()))
        if isinstance(w, QGroupBox):
            out.append((w, w.title()))
        if isinstance(w, QPlainTextEdit):
            out.append((w, w.toPlainText()))
    return [(w, t) for w, t in out if t]


def drag(pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    """A pen stroke with the mouse: press, moves with the button held, release."""
    def send(kind: QEvent.Type, x: int, y: int, buttons: Qt.MouseButton) -> None:
        at = QPointF(x, y)
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        event = QMouseEvent(kind, at, pad.mapToGlobal(at), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(pad, event)

    (x0, y0), *rest = points
    send(QEvent.Type.MouseButtonPress, x0, y0, Qt.MouseButton.LeftButton)
    for x, y in rest:
        send(QEvent.Type.MouseMove, x, y, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, *rest[-1], Qt.MouseButton.NoButton)


PIN = "2468"


def leave(qtbot: QtBot, window: WitnessReviewWindow, pin: str = PIN) -> None:
    window.close()  # the witness cannot just close it: the officer enters the PIN
    assert window.isVisible() and window.leave_box.isVisible()
    window.secret.setText(pin)
    qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())


def read_to_the_end(qtbot: QtBot, window: WitnessReviewWindow) -> None:
    bar = window.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: window.reached_end)


def test_review_shows_only_the_statement_then_amend_and_sign(qtbot: QtBot, case: DocCase, ctx: Context) -> None:
    n = clean_statement(case)
    _main, ws, tab = open_documents(qtbot, case.svc, case.reference)
    tab.select(ZOE, n)
    window = tab.start_review(PIN, ["PC Ada Lovelace"], speech_engines=["mock"])
    assert window is not None and window.isWindow() and window.parent() is None
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.findChildren(QMainWindow) and not window.findChildren(QTabWidget)

    # Only the statement: nothing else of the case in any text of the window, outside its own paragraphs.
    info = case.svc.statements.get(case.reference, n)
    own = {card.body for card in window.cards} | {window.truth}
    statement = " ".join(t for _, t in info.paragraphs)
    forbidden = [case.reference, ctx.actor.full_name, *ELSEWHERE_ON_THE_CASE]
    for widget, text in texts_of(window):
        if widget in own:
            continue
        for word in forbidden + [ZOE, "Jörg", "Æthelred"]:
            assert word not in text, (word, text)
    # Each paragraph shows exactly its own text (exhibit marks in bold), numbered as in the statement.
    assert [(c.number, c.body.text()) for c in window.cards] == [(num, statement_html(text))
                                                                 for num, text in info.paragraphs]
    assert window.truth.text() == statement_html(info.statement_of_truth) and "contempt of court" in statement_html(
        info.statement_of_truth)
    assert "<b>ZÓ1</b>" in statement_html(statement)

    # Large adjustable text, remembered for next time.
    body = window.cards[0].body
    assert window.font_pt == DEFAULT_PT and body.font().pointSize() == DEFAULT_PT
    qtbot.mouseClick(window.bigger, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.bigger, Qt.MouseButton.LeftButton)
    assert body.font().pointSize() == DEFAULT_PT + 4
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert body.font().pointSize() == DEFAULT_PT + 2
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert body.font().pointSize() == DEFAULT_PT + 4 and window.font_pt == DEFAULT_PT + 4

    # Read aloud (Qt's mock engine under test): the button reads the statement and offers to stop.
    assert window.read_button.isEnabled() and window.read_button.text() == "Read aloud"
    assert window.spoken_text().startswith("Paragraph 1. My name is Zoë")
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    assert window.speech.speaking and window.read_button.text() == "Stop reading"
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.read_button.text() == "Read aloud")

    # The witness marks paragraph 2 and writes the change they want.
    card = window.cards[1]
    qtbot.mouseClick(card.ask_button, Qt.MouseButton.LeftButton)
    assert window.request_box.isVisible() and "Paragraph 2" in window.request_title.text()
    window.request_text.setPlainText("I moved in on 7 April 2025, not in March.")
    assert window.save_request()
    assert "saved" in window.status.text() and card.request_label.isVisible()
    assert not window.sign_button.isEnabled() and "still open" in window.sign_note.text()
    (request,) = case.svc.signing.review_requests(case.reference, n)
    assert request.paragraph == 2 and request.request.startswith("I moved in on 7 April 2025")
    leave(qtbot, window)
    settled(qtbot, ws)  # the tab lists the statements again off the GUI thread

    # The officer sees the request, amends: a new version, and the request is resolved.
    assert tab.model.data(tab.model.index(0, 5)) == "1 open"
    requests = tab.requests()
    assert requests.model.rowCount() == 1 and "I moved in on 7 April 2025" in requests.model.data(
        requests.model.index(0, 2))
    editor = requests.amend()
    assert "I moved in on 7 April 2025" in " ".join(lab.text() for lab in editor.findChildren(QLabel))
    editor.select(1)
    editor.set_text(editor.paragraphs[1]["text"] + " I moved in on 7 April 2025.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "What was done" in editor.error.text() or "say what was done" in editor.error.text()
    editor.note.setText("Paragraph 2 amended as the witness asked")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    (request,) = case.svc.signing.review_requests(case.reference, n)
    assert request.resolved_version == 3 and request.resolution == "Paragraph 2 amended as the witness asked"
    settled(qtbot, ws)
    assert tab.model.data(tab.model.index(0, 5)) == "None open" and tab.model.data(tab.model.index(0, 3)) == "3 of 3"
    pre = tab.preflight()
    qtbot.mouseClick(pre.final_button, Qt.MouseButton.LeftButton)
    assert "is final" in pre.status.text()

    # The witness re-reads the new version, then signs on the pad.
    again = tab.start_review(PIN, ["PC Ada Lovelace"], speech_engines=["mock"])
    assert again.font_pt == DEFAULT_PT + 4  # remembered
    assert "I moved in on 7 April 2025." in again.cards[1].body.text()
    assert not again.sign_button.isEnabled()  # nothing drawn yet
    drag(again.pad, [(30, 80), (60, 40), (90, 100), (140, 50), (200, 90), (260, 60)])
    read_to_the_end(qtbot, again)
    assert not again.pad.is_empty() and again.sign_button.isEnabled()
    qtbot.mouseClick(again.clear_button, Qt.MouseButton.LeftButton)
    assert again.pad.is_empty() and not again.sign_button.isEnabled()
    drag(again.pad, [(30, 80), (60, 40), (90, 100), (140, 50), (200, 90), (260, 60)])
    qtbot.mouseClick(again.sign_button, Qt.MouseButton.LeftButton)
    assert again.sign_confirm is not None and "Sign and lock?" in again.sign_confirm.text()
    qtbot.mouseClick(again.sign_confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Your statement is signed" in again.status.text())
    assert "Your statement is signed" in again.status.text() and "locked" in again.sign_note.text()
    assert not again.pad.isEnabled()
    leave(qtbot, again)
    settled(qtbot, ws)

    signed = case.svc.statements.get(case.reference, n)
    assert signed.status == "signed" and signed.pdf_sha256
    assert tab.model.data(tab.model.index(0, 4)).startswith("Signed — locked (SHA-256 " + signed.pdf_sha256[:12])
    assert signed.pdf_sha256 in tab.detail.text()
    # The signing record is shown with the statement: method, who was present, the PDF the witness saw.
    record = case.svc.signing.signing_record(case.reference, n)
    assert "Signing record" in tab.detail.text() and "Present: PC Ada Lovelace" in tab.detail.text()
    assert "signature drawn on the screen" in tab.detail.text() and record.reviewed_sha256 in tab.detail.text()
    (doc,) = case.svc.documents.generated(case.reference)
    assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == signed.pdf_sha256
    assert "Date of signing: 23 November 2026" in " ".join(pdf_text(doc.path).split())
    images = subprocess.run(["pdfimages", "-list", str(doc.path)], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) >= 3  # header lines and the embedded signature


def test_read_aloud_says_plainly_when_there_is_no_engine(qtbot: QtBot, case: DocCase) -> None:
    n = clean_statement(case)
    window = WitnessReviewWindow(case.svc, case.reference, n, case.svc.statements.get(case.reference, n).witness_ref,
                                 speech_engines=["no-such-engine"], pin=PIN)
    qtbot.addWidget(window)
    window.show()
    assert not window.read_button.isEnabled()
    assert window.read_button.text() == "Read aloud: not available"
    # Plain words for the witness, never an engine's name or its error.
    assert window.speech_problem.text() == "Reading aloud is not available on this computer."
    assert window.speech_problem.isVisible()
    engines = {"no-such-engine", "speechd", "flite", "mock", "sapi", "winrt", "darwin", "espeak"}
    for _widget, text in texts_of(window):
        assert not any(e in text.lower() for e in engines), text
    # A real engine that fails to start says the same plain words.
    broken = ReadAloud(engines=["no-such-engine"])
    assert not broken.available and broken.problem == "Reading aloud is not available on this computer."
    assert "no-such-engine" in broken.detail  # for the log, not the witness
    # Whatever this computer has: either an engine that started, or the plain words.
    default = ReadAloud()
    if default.available:
        assert default.engine_name in QTextToSpeech.availableEngines() and default.engine_name != "mock"
    else:
        assert default.problem == "Reading aloud is not available on this computer."
    window.ask_to_leave()
    qtbot.mouseClick(window.stay_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and not window.leave_box.isVisible()  # the review goes on
    window._may_close = True
    window.close()


def test_wet_signature_printed_then_the_scan_attached(qtbot: QtBot, case: DocCase, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    n = clean_statement(case)
    _main, ws, tab = open_documents(qtbot, case.svc, case.reference)
    printed = tmp_path / "to-print.pdf"
    monkeypatch.setattr(saving, "ask_path", lambda *_a: printed)
    assert not tab.print_for_signature() and "Make the statement final" in tab.status.text()
    case.svc.signing.finalise(case.reference, n)
    tab.refresh()
    settled(qtbot, ws)
    assert tab.print_for_signature()
    qtbot.waitUntil(lambda: printed.is_file() and "Saved to" in tab.status.text(), timeout=15000)
    assert "DRAFT" not in pdf_text(printed)
    scan = tmp_path / "signed-scan.pdf"
    scan.write_bytes(printed.read_bytes() + b"\n% scanned with a wet signature\n")
    monkeypatch.setattr(saving, "ask_open_path", lambda *_a: scan)
    monkeypatch.setattr(saving, "ask_names", lambda *_a: [])
    assert not tab.attach_scan() and "who was present" in tab.status.text()  # the record needs the names
    monkeypatch.setattr(saving, "ask_names", lambda *_a: ["PC Ada Lovelace", "Sgt Bo Brown"])
    assert tab.attach_scan()
    info = case.svc.statements.get(case.reference, n)
    record = case.svc.signing.signing_record(case.reference, n)
    assert record.method == "wet" and record.present == ("PC Ada Lovelace", "Sgt Bo Brown")
    assert info.status == "signed" and f"SHA-256 {info.pdf_sha256}" in tab.status.text()
    assert "wet signature" in tab.status.text()
    assert any(x.original_name == "signed-scan.pdf" for x in case.svc.evidence.list_items(case.reference))


def test_sign_only_at_the_end_after_confirming_and_declined_reasons_shown(qtbot: QtBot, case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = clean_statement(case)
    case.svc.signing.finalise(ref, n)
    asked = case.svc.signing.request_change(ref, n, 3, "Say the neighbour is a criminal.")
    reason = "A statement gives facts you saw or heard, not opinions about the neighbour."
    window = WitnessReviewWindow(case.svc, ref, n, svc.get(ref, n).witness_ref, speech_engines=["mock"], pin=PIN)
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    assert not window.sign_box.isVisible() and "still open" in window.sign_note.text()  # refused while open
    window._may_close = True
    window.close()

    case.svc.signing.resolve_request(ref, n, asked, "declined", reason)
    case.svc.signing.finalise(ref, n)
    window = WitnessReviewWindow(case.svc, ref, n, svc.get(ref, n).witness_ref, speech_engines=["mock"], pin=PIN)
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    # The witness sees why their change was not made, on the paragraph and beside the signing.
    assert window.decisions.isVisible() and reason in window.decisions.text()
    assert reason in window.cards[2].request_label.text()
    # The statement of truth is beside the signature box.
    assert window.sign_truth.parent() is window.sign_box and "contempt of court" in window.sign_truth.text()
    drag(window.pad, [(30, 80), (60, 40), (90, 100), (140, 50), (200, 90), (260, 60)])
    bar = window.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert not window.reached_end and not window.sign_button.isEnabled()
    assert "to the end" in window.sign_note.text()
    bar.setValue(bar.maximum() // 2)
    assert not window.sign_button.isEnabled()
    read_to_the_end(qtbot, window)
    assert window.sign_button.isEnabled()
    # "Sign and lock?": No leaves it unsigned; Yes signs and locks.
    qtbot.mouseClick(window.sign_button, Qt.MouseButton.LeftButton)
    assert window.sign_confirm is not None and window.sign_confirm.text().startswith("Sign and lock?")
    qtbot.mouseClick(window.sign_confirm.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert svc.get(ref, n).status == "final" and "Not signed" in window.status.text()
    qtbot.mouseClick(window.sign_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.sign_confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: svc.get(ref, n).status == "signed")
    # Locked: nothing in the window can change it any more.
    assert not window.sign_button.isEnabled() and not window.pad.isEnabled()
    assert not window.whole_button.isEnabled() and not any(c.ask_button.isEnabled() for c in window.cards
                                                           if c.ask_button is not None)
    window._may_close = True
    window.close()


def test_officer_declines_in_the_requests_dialog_and_a_locked_statement_cannot_be_changed(
        qtbot: QtBot, case: DocCase) -> None:
    ref = case.reference
    n = clean_statement(case)
    case.svc.signing.request_change(ref, n, 2, "Say I have lived here all my life.")
    _main, ws, tab = open_documents(qtbot, case.svc, ref)
    tab.select(ZOE, n)
    assert "still open" in tab.detail.text()
    pre = tab.preflight()
    qtbot.mouseClick(pre.final_button, Qt.MouseButton.LeftButton)
    assert "cannot be made final" in pre.status.text() and "paragraph 2" in pre.status.text()
    pre.close()
    requests = tab.requests()
    assert requests.decline_button.isEnabled() and "not made final or signed" in requests.status.text()
    dialog = requests.resolve()
    requests.reason.setPlainText("You moved in on 7 April 2025: the tenancy shows it.")
    assert requests._resolve(case.svc.signing.open_requests(ref, n))
    dialog.close()
    assert "Declined: You moved in" in requests.model.data(requests.model.index(0, 3))
    assert not requests.decline_button.isEnabled() and not requests.amend_button.isEnabled()
    requests.close()
    case.svc.signing.finalise(ref, n)
    case.svc.signing.sign(ref, n, wet_scan_evidence=case.exhibit_uid)
    tab.refresh()
    settled(qtbot, ws)
    tab.select(ZOE, n)
    for name in ("Preflight and make final", "Print for wet signature", "Attach the wet-signed scan"):
        assert not tab.action_buttons[name].isEnabled(), name
    assert tab.action_buttons["Witness review (full screen)"].isEnabled()
    assert "next statement" in tab.action_buttons["Edit paragraphs"].toolTip()


def test_bigger_text_scales_the_whole_window_and_keeps_the_paragraph_in_view(qtbot: QtBot, case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = clean_statement(case)
    case.svc.signing.finalise(ref, n)
    window = WitnessReviewWindow(case.svc, ref, n, svc.get(ref, n).witness_ref, speech_engines=["mock"], pin=PIN)
    qtbot.addWidget(window)
    window.resize(1200, 1000)
    window.show()
    qtbot.waitExposed(window)
    card = window.cards[4]
    qtbot.mouseClick(card.ask_button, Qt.MouseButton.LeftButton)  # the paragraph being discussed
    qtbot.waitUntil(lambda: window.card_in_view(card))
    parts = {"bigger button": window.bigger, "hand back button": window.leave_button, "instructions": window.intro,
             "change box": window.request_text, "save button": window.save_button, "signing note": window.sign_note,
             "sign button": window.sign_button, "typed name": window.typed, "statement": card.body}
    def height(w: QWidget) -> int:  # the text box is sized in lines of its font; the rest by their hints
        return w.minimumHeight() if w is window.request_text else w.sizeHint().height()

    before = {name: height(w) for name, w in parts.items()}
    for _ in range(4):
        qtbot.mouseClick(window.bigger, Qt.MouseButton.LeftButton)
    assert window.font_pt == DEFAULT_PT + 8
    for name, w in parts.items():
        assert w.font().pointSize() == DEFAULT_PT + 8, name
        assert height(w) > before[name], name
    qtbot.waitUntil(lambda: window.card_in_view(card))  # the paragraph is still on screen
    assert window.scroll.verticalScrollBar().value() > 0
    # Not marked: the paragraph at the top of the screen stays there as the text gets smaller again.
    window._end_request()
    bar = window.scroll.verticalScrollBar()
    bar.setValue(window.cards[6].y())
    top = window.current_card()
    assert top is not None
    for _ in range(3):
        qtbot.mouseClick(window.smaller, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.card_in_view(top))
    assert window.current_card() is top and window.smaller.font().pointSize() == DEFAULT_PT + 2
    window._may_close = True
    window.close()


def test_leaving_needs_the_officers_pin(qtbot: QtBot, case: DocCase, ctx: Context) -> None:
    from sqlalchemy import select

    from asb_desktop.storage.orm import AuditEntry

    n = clean_statement(case)
    main, _ws, tab = open_documents(qtbot, case.svc, case.reference)
    tab.select(ZOE, n)
    # The officer sets a PIN (twice) and says who is present before handing over.
    setup = tab.review()
    assert setup is not None and "Before you hand over" in setup.windowTitle()
    setup.pin.setText("12")
    setup.pin_again.setText("12")
    assert not setup.accept_setup() and "4 to 12 digits" in setup.error.text()
    setup.pin.setText(PIN)
    setup.pin_again.setText("1357")
    assert not setup.accept_setup() and "not the same" in setup.error.text()
    setup.pin_again.setText(PIN)
    assert setup.present.text() == ctx.actor.full_name
    setup.present.setText(f"{ctx.actor.full_name}, PC Ada Lovelace")
    assert setup.accept_setup()
    window = tab.review_window
    assert window is not None and window.isVisible() and window.present == [ctx.actor.full_name, "PC Ada Lovelace"]
    # The case file is out of reach while the witness has the screen.
    assert window.windowModality() == Qt.WindowModality.ApplicationModal
    # Closing (or handing back) asks for the PIN; a wrong one leaves the witness in the window.
    window.close()
    assert window.isVisible() and window.leave_box.isVisible() and "PIN" in window.leave_title.text()
    window.secret.setText("0000")
    qtbot.mouseClick(window.end_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.leave_message.isVisible()
    assert window.leave_message.text().startswith("That is not the officer's PIN. The review carries on")
    assert window.secret.text() == ""  # never left on screen
    qtbot.mouseClick(window.leave_button, Qt.MouseButton.LeftButton)
    window.secret.setText("9999")
    window.secret.returnPressed.emit()
    assert window.isVisible()
    leave(qtbot, window)  # the right PIN
    with ctx.session() as s:
        tries = [(e.action, e.detail.get("allowed")) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "witness_review").order_by(AuditEntry.id))]
    assert tries == [("view", None), ("unlock", False), ("unlock", False), ("unlock", True)]
    assert main.isVisible()


def test_opening_without_a_pin_is_refused_and_typed_name_signing(qtbot: QtBot, case: DocCase) -> None:
    from asb_desktop.services.kernel.errors import ValidationError

    svc, ref = case.svc.statements, case.reference
    n = clean_statement(case)
    case.svc.signing.finalise(ref, n)
    witness = svc.get(ref, n).witness_ref
    with pytest.raises(ValidationError):
        WitnessReviewWindow(case.svc, ref, n, witness, speech_engines=["mock"])
    window = WitnessReviewWindow(case.svc, ref, n, witness, speech_engines=["mock"], pin=PIN,
                                 present=["PC Ada Lovelace"])
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    read_to_the_end(qtbot, window)
    assert not window.sign_button.isEnabled()
    window.typed.setText("Somebody Else")
    assert window.sign_button.isEnabled()
    assert not window.sign() and "not the same as the name on your statement" in window.status.text()
    assert svc.get(ref, n).status == "final"
    drag(window.pad, [(30, 80), (60, 40), (90, 100), (140, 50)])
    assert not window.sign_button.isEnabled() and "one way only" in window.sign_note.text()
    window.pad.clear()
    window.typed.setText(svc.get(ref, n).witness.lower())
    assert window.sign()
    record = case.svc.signing.signing_record(ref, n)
    assert record.method == "typed" and record.present == ("PC Ada Lovelace",)
    leave(qtbot, window)


SOT_PL = "Oświadczam, że fakty podane w niniejszym oświadczeniu świadka są prawdziwe."


def polish_statement(case: DocCase) -> tuple[int, list[str]]:
    """A statement made in Polish: every paragraph with the witness's words and the English translation."""
    from documents_ui_helpers import CLAIM, COURT

    svc, ref = case.svc.statements, case.reference
    info = svc.draft(ref, ZOE, evidence=[case.exhibit_uid], court=COURT, claim_number=CLAIM, language="Polish")
    english = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in info.paragraphs]
    originals = [f"Akapit {i}: słyszałam głośny huk u moich drzwi." for i in range(1, len(english) + 1)]
    svc.edit(ref, info.number, [{"text": e, "original": o} for e, o in zip(english, originals, strict=True)],
             translator={"name": "Ewa Kowalska", "language": "Polish", "date": "2026-11-22"},
             statement_of_truth_original=SOT_PL)
    return info.number, originals


def test_translated_statement_is_reviewed_in_the_witness_language(qtbot: QtBot, case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n, originals = polish_statement(case)
    for finding in case.svc.signing.check(ref, n):
        case.svc.signing.waive(ref, n, finding.key, "Not needed for this test of the witness's language.")
    case.svc.signing.finalise(ref, n)
    info = svc.get(ref, n)
    _main, _ws, tab = open_documents(qtbot, case.svc, ref)
    tab.select(ZOE, n)
    window = tab.start_review(PIN, ["PC Ada Lovelace"], speech_engines=["mock"])
    assert window is not None
    # Each paragraph in Polish, numbered as the statement is; none of the English translation shown.
    assert [(c.number, c.body.text()) for c in window.cards] == [
        (num, statement_html(o)) for (num, _t), o in zip(info.paragraphs, originals, strict=True)]
    shown = " ".join(t for _w, t in texts_of(window))
    for _num, english in info.paragraphs:
        assert statement_html(english) not in shown
    # The statement of truth in Polish, in the statement and beside the signature box.
    assert window.truth.text() == statement_html(SOT_PL) and window.sign_truth.text() == statement_html(SOT_PL)
    assert window.sign_box.isVisible() and window.sign_truth.isVisible() and "contempt" not in shown
    # Read aloud reads the Polish words, with a Polish voice: Qt's mock engine has none, so it says so plainly.
    assert window.spoken_text().startswith(f"1. {originals[0]}") and "Paragraph" not in window.spoken_text()
    assert not window.read_button.isEnabled()
    assert window.speech_problem.text() == "Reading aloud in Polish is not available on this computer."
    voice = ReadAloud(engines=["mock"])  # where the engine has a voice for the language, it is chosen
    assert voice.speaks("Finnish") and not voice.speaks("Polish")
    assert voice.say("Hyvää päivää.", "Finnish") and voice.voice_for("Finnish") is not None
    assert voice._tts is not None and voice._tts.locale().language() == QLocale.Language.Finnish
    voice.stop()
    # A change asked for on the Polish paragraph 3 lands on paragraph 3.
    card = next(c for c in window.cards if c.number == "3")
    qtbot.mouseClick(card.ask_button, Qt.MouseButton.LeftButton)
    assert "Paragraph 3" in window.request_title.text()
    window.request_text.setPlainText("To był czwartek, nie środa.")
    assert window.save_request()
    (request,) = case.svc.signing.review_requests(ref, n)
    assert request.paragraph == 3 and request.request == "To był czwartek, nie środa."
    assert card.request_label.isVisible()
    leave(qtbot, window)


def test_review_refused_naming_the_paragraph_without_the_witness_words(qtbot: QtBot, case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n, originals = polish_statement(case)
    svc.edit(ref, n, originals=originals[:2] + ["  "] + originals[3:])
    _main, _ws, tab = open_documents(qtbot, case.svc, ref)
    tab.select(ZOE, n)
    assert tab.start_review(PIN, ["PC Ada Lovelace"], speech_engines=["mock"]) is None
    assert "paragraph 3 has no Polish text" in tab.status.text()
    assert tab.review_window is None
    with pytest.raises(ValidationError, match="cannot be shown to the witness for review yet: paragraph 3"):
        WitnessReviewWindow(case.svc, ref, n, svc.get(ref, n).witness_ref, speech_engines=["mock"], pin=PIN)

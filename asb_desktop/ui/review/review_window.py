"""Witness review mode: a separate full-screen window that shows only the statement's own text.

No case data, no navigation, no parent window, and the rest of the app blocked while it is open: the
witness reads (A-/A+ or Ctrl+plus/minus scale the whole window, remembered, and the paragraph being
read stays in view; read aloud), marks paragraphs and writes the changes they want (stored as review
requests), sees why any change was declined, and signs a final version on the signature pad or by
typing their full name, with the statement of truth beside it: only once they have reached the end of
the statement, no change they asked for is still open, and they confirm "Sign and lock?". Leaving
(closing the window or handing back) needs the officer's password (team mode) or the PIN the officer
set when opening it; a wrong one leaves the witness where they are, and every attempt is audited.
A statement made in the witness's own language is shown, read aloud and signed in that language (the
statement of truth too): the window is refused, naming the paragraph, while any of their words are missing."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...documents.model import plain_text
from ...services import Services
from ...services.documents.statements import StatementInfo
from ...services.kernel.errors import ASBError, ValidationError
from ..widgets.fields import message_label, named, text_area
from ..widgets.messages import error_text
from .read_aloud import ReadAloud
from .signature_pad import SignaturePad

FONT_KEY = "review/font_size"
DEFAULT_PT, MIN_PT, MAX_PT, STEP = 20, 12, 48, 2
ANCHOR_GAP = 8  # pixels left above the paragraph kept in view


def statement_html(text: str) -> str:
    """A paragraph's text with its exhibit marks in bold (the ``**mark**`` markup), HTML-escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text))


def remembered_size() -> int:
    try:
        return max(MIN_PT, min(MAX_PT, int(QSettings().value(FONT_KEY, DEFAULT_PT))))
    except (TypeError, ValueError):
        return DEFAULT_PT


class ParagraphCard(QFrame):
    def __init__(self, number: str | None, text: str, ask: Callable[[ParagraphCard | None], None]) -> None:
        super().__init__()
        self.number, self.text = number, text
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        self.number_label = QLabel(number or "")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.number_label.setMinimumWidth(40)
        self.body = message_label(f"Paragraph {number}" if number else "Text", statement_html(text), rich=True)
        column = QVBoxLayout()
        column.addWidget(self.body)
        self.request_label = message_label(f"Change asked for in paragraph {number}")
        self.request_label.hide()
        column.addWidget(self.request_label)
        row.addWidget(self.number_label)
        row.addLayout(column, 1)
        self.ask_button = None
        if number:
            self.ask_button = named(QPushButton("Ask for a change"), f"Ask for a change to paragraph {number}")
            self.ask_button.clicked.connect(lambda _c=False: ask(self))
            row.addWidget(self.ask_button, 0, Qt.AlignmentFlag.AlignTop)

    def mark(self, on: bool) -> None:
        self.setStyleSheet("ParagraphCard { border: 3px solid #b06000; }" if on else "")

    def asked(self, request: str) -> None:
        self.request_label.setText(f"You asked for this change: {request}")
        self.request_label.show()

    def declined(self, request: str, reason: str) -> None:
        self.request_label.setText(f"You asked for this change: {request}\nNot changed, because: {reason}")
        self.request_label.show()


class WitnessReviewWindow(QWidget):
    """Top-level and full screen. ``changed`` fires after a request is recorded or the statement signed."""

    changed = Signal()
    closed = Signal()

    def __init__(self, services: Services, reference: str, number: int, witness: str,
                 speech_engines: list[str] | None = None, pin: str | None = None,
                 present: list[str] | None = None) -> None:
        """``pin``: the officer's PIN for this session (needed outside team mode, where the officer's
        password is asked instead); ``present``: the officers present, kept in the signing record."""
        super().__init__(None)  # its own top-level window: nothing of the main window is inside it
        self.info: StatementInfo = services.statements.get(reference, number, witness=witness)
        # The witness reads and signs their own words: a statement made in their language is shown in it,
        # and refused (naming the paragraph) while any of their words are missing.
        self.words, self.truth_text = self.info.witness_words("shown to the witness for review")
        self.language = self.info.language
        self.guard = services.signing.review_guard(reference, number, pin, witness)
        self.present = present
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The case file cannot be reached while the witness has the screen: the rest of the app is blocked.
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle("Your witness statement")
        named(self, "Witness review")
        self._statements = services.statements
        self._signing = services.signing
        self._ref, self._number, self._witness = reference, number, witness
        self._may_close = False
        self._anchor: ParagraphCard | None = None
        self.sign_confirm: QMessageBox | None = None
        self.reached_end = False
        self.marked: ParagraphCard | None = None
        self.speech = ReadAloud(self, speech_engines)
        self.font_pt = remembered_size()

        self.smaller = named(QPushButton("A−"), "Smaller text")
        self.bigger = named(QPushButton("A+"), "Bigger text")
        self.smaller.clicked.connect(lambda _c=False: self.set_font_size(self.font_pt - STEP))
        self.bigger.clicked.connect(lambda _c=False: self.set_font_size(self.font_pt + STEP))
        self.read_button = named(QPushButton("Read aloud"), "Read aloud")
        self.read_button.clicked.connect(lambda _c=False: self.toggle_reading())
        self.speech.speaking_changed.connect(lambda _on: self._speech_button())
        self.leave_button = named(QPushButton("Hand back to the officer"), "Hand back to the officer")
        self.leave_button.clicked.connect(lambda _c=False: self.ask_to_leave())
        bar = QHBoxLayout()
        self.intro = intro = message_label("How to review",
                                           "Read your statement carefully. Ask for any change you want.")
        bar.addWidget(intro, 1)
        for b in (self.smaller, self.bigger, self.read_button, self.leave_button):
            bar.addWidget(b)
        self.speech_problem = message_label("Why read aloud is not available")

        self.body = QWidget()
        column = QVBoxLayout(self.body)
        self.cards = [ParagraphCard(n, t, self.ask_change) for n, t in self.words]
        for card in self.cards:
            column.addWidget(card)
        self.truth = message_label("Statement of truth", statement_html(self.truth_text), rich=True)
        column.addWidget(self.truth)
        column.addStretch(1)
        self.scroll = scroll = named(QScrollArea(), "Your statement")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        bar_v = scroll.verticalScrollBar()
        bar_v.valueChanged.connect(lambda _v: self._check_end())
        bar_v.rangeChanged.connect(lambda _a, _b: self._check_end())

        self.request_box = QGroupBox("The change you want")
        self.request_title = message_label("Which paragraph")
        self.request_text = text_area("The change you want", lines=3)
        self.save_button = save = named(QPushButton("Save my request"), "Save my request")
        save.clicked.connect(lambda _c=False: self.save_request())
        cancel = named(QPushButton("Cancel"), "Cancel the request")
        cancel.clicked.connect(lambda _c=False: self._end_request())
        self.whole_button = whole = named(QPushButton("Ask for a change to the whole statement"), "Ask for a change to the whole statement")
        whole.clicked.connect(lambda _c=False: self.ask_change(None))
        request_layout = QVBoxLayout(self.request_box)
        request_layout.addWidget(self.request_title)
        request_layout.addWidget(self.request_text)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        request_layout.addLayout(buttons)
        self.request_box.hide()
        self.status = message_label("What happened")

        self.sign_box = QGroupBox("Sign your statement")
        self.pad = SignaturePad()
        self.clear_button = named(QPushButton("Clear"), "Clear the signature")
        self.clear_button.clicked.connect(lambda _c=False: self.pad.clear())
        self.typed = named(QLineEdit(), "Or type your full name to sign")
        self.typed.setPlaceholderText("Or type your full name here")
        self.typed.textChanged.connect(lambda _t: self._sign_state())
        self.sign_button = named(QPushButton("Sign"), "Sign the statement")
        self.sign_button.clicked.connect(lambda _c=False: self.ask_to_sign())
        self.pad.changed.connect(self._sign_state)
        self.sign_note = message_label("About signing")
        self.decisions = message_label("What the officer decided about your requests")
        self.sign_truth = message_label("Statement of truth you sign", statement_html(self.truth_text), rich=True)
        self.sign_truth.setMaximumWidth(520)
        sign_layout = QHBoxLayout(self.sign_box)
        sign_layout.addWidget(self.sign_truth, 1, Qt.AlignmentFlag.AlignTop)
        pad_column = QVBoxLayout()
        pad_column.addWidget(self.pad)
        pad_column.addWidget(self.typed)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.clear_button)
        sign_row.addWidget(self.sign_button)
        sign_row.addStretch(1)
        pad_column.addLayout(sign_row)
        sign_layout.addLayout(pad_column, 1)

        self.leave_box = QGroupBox("Officer only: end the review")
        self.leave_title = message_label("Ending the review",
                                         f"Officer: enter your {self.guard.needs} to end the review.")
        self.secret = named(QLineEdit(), f"The officer's {self.guard.needs}")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(lambda: self.try_leave())
        self.end_button = named(QPushButton("End the review"), "End the review")
        self.end_button.clicked.connect(lambda _c=False: self.try_leave())
        self.stay_button = named(QPushButton("Carry on reading"), "Carry on reading")
        self.stay_button.clicked.connect(lambda _c=False: self._stay())
        self.leave_message = message_label("Why the review carries on")
        self.leave_message.hide()
        leave_layout = QVBoxLayout(self.leave_box)
        leave_layout.addWidget(self.leave_title)
        leave_row = QHBoxLayout()
        leave_row.addWidget(self.secret, 1)
        leave_row.addWidget(self.end_button)
        leave_row.addWidget(self.stay_button)
        leave_layout.addLayout(leave_row)
        leave_layout.addWidget(self.leave_message)
        self.leave_box.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.leave_box)
        layout.addLayout(bar)
        layout.addWidget(self.speech_problem)
        layout.addWidget(scroll, 1)
        layout.addWidget(whole, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.request_box)
        layout.addWidget(self.status)
        layout.addWidget(self.decisions)
        layout.addWidget(self.sign_note)
        layout.addWidget(self.sign_box)
        for keys, step in ((QKeySequence.StandardKey.ZoomIn, STEP), (QKeySequence("Ctrl+="), STEP),
                           (QKeySequence.StandardKey.ZoomOut, -STEP)):
            QShortcut(keys, self, lambda s=step: self.set_font_size(self.font_pt + s))
        self.set_font_size(self.font_pt)
        self._speech_button()
        self._show_requests()
        self._sign_state()

    # ------------------------------------------------------------- reading
    def set_font_size(self, pt: int) -> None:
        """Scale the whole window (statement, instructions, change box, buttons and labels); the
        paragraph being read or discussed stays in view."""
        anchor = self.current_card() if self.isVisible() else None
        self.font_pt = max(MIN_PT, min(MAX_PT, pt))
        font = self.font()
        font.setPointSize(self.font_pt)
        self.setFont(font)  # every child without a font of its own follows
        for card in self.cards:  # a marked card has a style sheet, which stops fonts reaching inside it
            for widget in (card, *card.findChildren(QWidget)):
                widget.setFont(font)
        lines = self.request_text.fontMetrics().lineSpacing()  # the change box: three lines, up to six
        self.request_text.setMinimumHeight(lines * 3 + 12)
        self.request_text.setMaximumHeight(lines * 6 + 24)
        if self.sign_confirm is not None:
            self.sign_confirm.setFont(font)
        self.smaller.setEnabled(self.font_pt > MIN_PT)
        self.bigger.setEnabled(self.font_pt < MAX_PT)
        settings = QSettings()
        settings.setValue(FONT_KEY, self.font_pt)
        settings.sync()
        if anchor is not None:
            self._anchor = anchor
            self._keep_in_view()
            QTimer.singleShot(0, self._keep_in_view)  # again once the scroll area has its new size

    def current_card(self) -> ParagraphCard | None:
        """The paragraph being discussed (marked for a change), else the first one on screen."""
        if self.marked is not None:
            return self.marked
        top = self.scroll.verticalScrollBar().value() + 2 * ANCHOR_GAP  # past the gap left above a card
        for card in self.cards:
            if card.geometry().bottom() >= top:
                return card
        return self.cards[-1] if self.cards else None

    def _keep_in_view(self) -> None:
        card = self._anchor
        if card is None:
            return
        layout = self.body.layout()
        if layout is not None:
            layout.activate()
        bar = self.scroll.verticalScrollBar()
        bar.setValue(max(0, card.y() - ANCHOR_GAP))

    def card_in_view(self, card: ParagraphCard) -> bool:
        """True when some of ``card`` is inside the visible part of the statement."""
        view = self.scroll.viewport()
        top_left = card.mapTo(view, card.rect().topLeft())
        return top_left.y() < view.height() and top_left.y() + card.height() > 0

    def spoken_text(self) -> str:
        """What read-aloud says: the witness's own words (in their language, numbered without English)."""
        english = not self.language
        parts = [(f"Paragraph {n}. " if english else f"{n}. ") + plain_text(t) if n else plain_text(t)
                 for n, t in self.words]
        return "\n".join(parts)

    def toggle_reading(self) -> None:
        if self.speech.speaking:
            self.speech.stop()
        else:
            self.speech.say(self.spoken_text(), self.language)
        self._speech_button()

    def _speech_button(self) -> None:
        if not self.speech.speaks(self.language):
            self.read_button.setText("Read aloud: not available")
            self.read_button.setEnabled(False)
            # plain words: never an engine's name
            self.speech_problem.setText(self.speech.language_problem(self.language) if self.language
                                        else self.speech.problem)
            self.speech_problem.show()
            return
        self.speech_problem.hide()
        self.read_button.setText("Stop reading" if self.speech.speaking else "Read aloud")

    # ----------------------------------------------------- change requests
    def ask_change(self, card: ParagraphCard | None) -> None:
        if self.marked is not None:
            self.marked.mark(False)
        self.marked = card
        if card is not None:
            card.mark(True)
        self.request_title.setText(f"Paragraph {card.number}: write the change you want." if card else
                                   "The whole statement: write the change you want.")
        self.request_box.show()
        self.request_text.setFocus()
        if card is not None:
            self._anchor = card
            QTimer.singleShot(0, self._keep_in_view)

    def save_request(self) -> bool:
        text = self.request_text.toPlainText().strip()
        paragraph = int(self.marked.number) if self.marked is not None and self.marked.number else None
        try:
            self._signing.request_change(self._ref, self._number, paragraph, text, witness=self._witness)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        if self.marked is not None:
            self.marked.asked(text)
        where = f"paragraph {paragraph}" if paragraph else "the statement"
        self.status.setText(f"Your request for {where} is saved. The officer will look at it with you.")
        self._end_request()
        self._reload()
        self.changed.emit()
        return True

    def _reload(self) -> None:
        self.info = self._statements.get(self._ref, self._number, witness=self._witness)
        self._show_requests()
        self._sign_state()

    def _show_requests(self) -> None:
        """Each paragraph shows what the witness asked; the reasons for declined changes are listed."""
        by_number = {c.number: c for c in self.cards if c.number}
        for r in self.info.requests:
            card = by_number.get(str(r.paragraph)) if r.paragraph else None
            if card is not None and r.is_open:
                card.asked(r.request)
            elif card is not None and r.outcome == "declined":
                card.declined(r.request, r.resolution)
        declined = self.info.declined_requests
        lines = [f"{'Paragraph ' + str(r.paragraph) if r.paragraph else 'The whole statement'}: you asked "
                 f"\u201c{r.request}\u201d. Not changed, because: {r.resolution}" for r in declined]
        self.decisions.setText("Changes the officer did not make, and why:\n" + "\n".join(lines) if lines else "")
        self.decisions.setVisible(bool(lines))

    def _end_request(self) -> None:
        if self.marked is not None:
            self.marked.mark(False)
        self.marked = None
        self.request_text.clear()
        self.request_box.hide()

    # -------------------------------------------------------------- signing
    def _check_end(self) -> None:
        """The witness has reached the end once the last paragraph has been on screen."""
        if self.reached_end or not self.isVisible():
            return
        bar = self.scroll.verticalScrollBar()
        if bar.maximum() == 0 or bar.value() >= bar.maximum():
            self.reached_end = True
            self._sign_state()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._check_end)

    def _sign_state(self) -> None:
        status, waiting = self.info.status, bool(self.info.open_requests)
        ready = status == "final" and not waiting
        locked = status == "signed"
        self.pad.setEnabled(ready)
        self.clear_button.setEnabled(ready)
        self.typed.setEnabled(ready)
        one_way = self.pad.is_empty() != (not self.typed.text().strip())
        self.sign_button.setEnabled(ready and self.reached_end and one_way)
        self.sign_box.setVisible(status in ("final", "signed"))
        for card in self.cards:
            if card.ask_button is not None:
                card.ask_button.setEnabled(not locked)
        self.whole_button.setEnabled(not locked)
        self.save_button.setEnabled(not locked)
        if locked:
            note = "This statement is signed and locked. Thank you."
        elif waiting:
            note = "A change you asked for is still open: the officer deals with it before you sign."
        elif status != "final":
            note = "You sign once the officer has made the statement final. Ask for any change first."
        elif not self.reached_end:
            note = "Read your statement to the end first: then you can sign in the box below."
        elif not one_way and not self.pad.is_empty():
            note = "Sign one way only: clear the box, or clear the name you typed."
        else:
            note = ("If the statement is right, sign in the box below (or type your full name), beside the "
                    "statement of truth.")
        self.sign_note.setText(note)

    def ask_to_sign(self) -> QMessageBox | None:
        """Ask "Sign and lock?" before signing: once signed, the statement cannot be changed."""
        if not self.sign_button.isEnabled():
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Sign and lock?",
                          "Sign and lock? Once you sign, your statement is locked and cannot be changed.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAccessibleName("Sign and lock?")
        box.setFont(self.font())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._sign_answered(result == QMessageBox.StandardButton.Yes))
        self.sign_confirm = box
        box.open()
        return box

    def _sign_answered(self, yes: bool) -> None:
        self.sign_confirm = None
        if yes:
            self.sign()
        else:
            self.status.setText("Not signed. Sign when you are ready.")

    def sign(self) -> bool:
        typed = self.typed.text().strip()
        if self.pad.is_empty() == (not typed):
            self.status.setText("Sign in the box first, or type your full name." if not typed else
                                "Sign one way only: clear the box, or clear the name you typed.")
            return False
        if not self.reached_end:
            self.status.setText("Read your statement to the end first.")
            return False
        try:
            if typed:
                self._signing.sign(self._ref, self._number, typed_name=typed, witness=self._witness,
                                      present=self.present)
            else:
                self._signing.sign(self._ref, self._number, signature_png=self.pad.png(), witness=self._witness,
                                      present=self.present)
        except ValidationError as exc:
            self.status.setText("The name you typed is not the same as the name on your statement. Type your "
                                "full name as it is written there." if exc.field == "typed name" else
                                error_text(exc))
            return False
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        self._reload()
        self.status.setText("Your statement is signed. Thank you. Please hand back to the officer.")
        self.changed.emit()
        return True

    # -------------------------------------------------------------- leaving
    def ask_to_leave(self) -> QGroupBox:
        """The officer ends the review with their password (team mode) or the session's PIN."""
        self.leave_message.hide()
        self.secret.clear()
        self.leave_box.show()
        self.secret.setFocus()
        return self.leave_box

    def try_leave(self, secret: str | None = None) -> bool:
        """Close when the password or PIN is right; otherwise a plain message, and the review goes on."""
        given = self.secret.text() if secret is None else secret
        self.secret.clear()
        if not given or not self.guard.unlock(given):
            self.leave_message.setText(f"That is not the officer's {self.guard.needs}. The review carries on: "
                                       "the officer can try again.")
            self.leave_message.show()
            self.secret.setFocus()
            return False
        self._may_close = True
        self.close()
        return True

    def _stay(self) -> None:
        self.secret.clear()
        self.leave_box.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()
            self.ask_to_leave()
            return
        self.speech.stop()
        self.closed.emit()
        super().closeEvent(event)

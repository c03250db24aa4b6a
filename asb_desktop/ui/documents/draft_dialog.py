"""Draft statement…: pick the witness (complainant, other witness, professional witness, or the officer)
and the incidents, diary entries and evidence the statement covers; the services write the draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem

from ...domain.enums import PartyRole
from ...domain.identity_rules import STATEMENT_ROLES, identity_withheld
from ...services.casework.case_view import CaseDetail
from ...services.documents.statements import PREPARED_METHODS
from ..widgets.fields import named
from ..widgets.form_dialog import FormDialog
from ..widgets.record_table_model import label, short_time

if TYPE_CHECKING:
    from .host import DocumentsHost

OFFICER = "officer"


def check_list(name: str, rows: list[tuple[str, str]], checked: bool) -> QListWidget:
    """A list of (text, uid) with a tick box each."""
    box = named(QListWidget(), name)
    fill_checks(box, rows, checked)
    box.setMinimumHeight(90)
    return box


def fill_checks(box: QListWidget, rows: list[tuple[str, str]], checked: bool) -> None:
    box.clear()
    for text, uid in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, uid)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        box.addItem(item)


def ticked(box: QListWidget) -> list[str]:
    return [box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


def witness_choices(detail: CaseDetail) -> list[tuple[str, str, int | None]]:
    """(label, what ``witness=`` accepts, person id) for everyone who may give a statement."""
    out: list[tuple[str, str, int | None]] = []
    for p in detail.parties:
        if p.role in STATEMENT_ROLES and p.person:
            role = PartyRole(p.role).label.lower()
            hidden = " — identity protected: their account goes in an officer's statement" \
                if identity_withheld(p.anonymous, p.withheld) else ""
            out.append((f"{p.name} ({role}){hidden}", p.person.uid, p.person.id))
    out.append(("Me, the officer (an officer's statement)", OFFICER, None))
    return out


class DraftDialog(FormDialog):
    def __init__(self, tab: DocumentsHost) -> None:
        ws = tab.ws
        super().__init__(ws, f"Draft a witness statement on {ws.reference}", self._draft, "Draft statement")
        self.tab = tab
        self.choices = witness_choices(ws.detail)
        self.witness = named(QComboBox(), "Witness")
        for text, key, _pid in self.choices:
            self.witness.addItem(text, key)
        self.row("Witness", self.witness)
        incidents = [(f"{short_time(i.started_at)} — {i.description[:90] or 'Incident'}", i.uid)
                     for i in ws.detail.incidents]
        self.incidents = self.row("Incidents to cover", check_list("Incidents to cover", incidents, True))
        ok, diary = ws.call(ws.services.evidence.diary_entries, ws.reference)
        self.diary_entries = diary if ok else []
        self.diary = self.row("Diary entries to cover", check_list("Diary entries to cover", [], True))
        ok, items = ws.call(ws.services.evidence.list_items, ws.reference)
        evidence = [(f"{x.original_name} — {x.description or label(x.kind)}", x.uid) for x in (items if ok else [])]
        self.evidence = self.row("Evidence to exhibit", check_list("Evidence to exhibit", evidence, False))
        self.court = self.row("Court", named(QLineEdit(), "Court", "e.g. In the County Court at Central London"))
        self.claim = self.row("Claim number", named(QLineEdit(), "Claim number"))
        self.prepared = named(QComboBox(), "How the statement was prepared")
        for method in PREPARED_METHODS:
            self.prepared.addItem(label(method), method)
        self.row("Prepared", self.prepared)
        self.interpreter = self.row("Interpreter", named(QLineEdit(), "Interpreter's name",
                                                         "Who interpreted when the statement was taken, if anyone"))
        self.interpreter_language = self.row("Interpreter's language", named(QLineEdit(), "Interpreter's language"))
        self.language = self.row("Witness's own language", named(
            QLineEdit(), "Witness's own language",
            "When the statement is made in the witness's own language: an English translation goes with it"))
        self.note("Paragraphs come out in date order, in the first person, with dates and numbers in figures and "
                  "each exhibit referred to by its mark. You edit the draft afterwards.", "About the draft")
        self.witness.currentIndexChanged.connect(lambda _i: self._witness_changed())
        self._witness_changed()

    def choose(self, key: str) -> None:
        self.witness.setCurrentIndex(self.witness.findData(key))

    def _witness_changed(self) -> None:
        person_id = self.choices[self.witness.currentIndex()][2] if self.choices else None
        rows = [(f"{short_time(d.started_at.isoformat())} — {d.what_happened[:90]}", d.uid)
                for d in self.diary_entries if person_id is not None and d.person_id == person_id]
        fill_checks(self.diary, rows, True)

    def _interpreter(self) -> dict[str, str] | None:
        name, language = self.interpreter.text().strip(), self.interpreter_language.text().strip()
        return {"name": name, "language": language} if name or language else None

    def _draft(self, _dialog: FormDialog) -> bool:
        ws = self.tab.ws
        ok, info = ws.call(ws.services.statements.draft, ws.reference, self.witness.currentData(),
                           incidents=ticked(self.incidents), evidence=ticked(self.evidence), diary=ticked(self.diary),
                           court=self.court.text().strip(), claim_number=self.claim.text().strip(),
                           prepared=self.prepared.currentData(), interpreter=self._interpreter(),
                           language=self.language.text().strip())
        if ok:
            self.tab.drafted(info)
        return ok

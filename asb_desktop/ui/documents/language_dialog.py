"""Language and capacity… for the selected statement: the interpreter who took it (named in its opening
paragraphs, PD 32 18.2); the witness's own language with, per paragraph, their words beside the English,
the statement of truth in their language and the translator (PD 32 18.1, 20.1, 23.2); and the authorised
person for the PD 22 Annex 1 certificate when the witness cannot read or sign."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem

from ...services.documents.statements import StatementInfo
from ..widgets.fields import named, text_area
from ..widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from .host import DocumentsHost


def _line(name: str, value: str = "", hint: str = "") -> QLineEdit:
    edit = named(QLineEdit(value), name, hint)
    return edit


def _or_none(values: dict[str, str]) -> dict[str, str] | None:
    return {k: v for k, v in values.items() if v} or None


class LanguageDialog(FormDialog):
    def __init__(self, tab: DocumentsHost, info: StatementInfo) -> None:
        super().__init__(tab, f"Language and capacity: statement {info.number} of {info.witness}", self._save_all)
        self.tab, self.info = tab, info
        interp = info.interpreter or {}
        self.interpreter_name = self.row("Interpreter", _line("Interpreter's name", interp.get("name", ""),
                                                              "Who interpreted when the statement was taken"))
        self.interpreter_language = self.row("Interpreter's language", _line("Interpreter's language",
                                                                             interp.get("language", "")))
        self.language = self.row("Witness's own language", _line(
            "Witness's own language", info.language, "Leave empty for a statement made in English"))
        t = info.translator or {}
        self.translator_name = self.row("Translator", _line("Translator's name", t.get("name", "")))
        self.qualifications = self.row("Qualifications", _line("Translator's qualifications",
                                                               t.get("qualifications", ""), "e.g. DPSI (Law)"))
        self.nrpsi = self.row("NRPSI number", _line("Translator's NRPSI number", t.get("nrpsi", "")))
        self.translated_on = self.row("Date of translation", _line("Date of translation", t.get("date", ""),
                                                                   "YYYY-MM-DD"))
        self.truth = self.row("Statement of truth in the witness's language",
                              text_area("Statement of truth in the witness's language",
                                        info.statement_of_truth_original, 3))
        self.table = named(QTableWidget(len(info.paragraphs), 2), "Paragraphs: English and the witness's words")
        self.table.setHorizontalHeaderLabels(["English", "In the witness's language"])
        originals = info.originals or [""] * len(info.paragraphs)
        for r, (number, text) in enumerate(info.paragraphs):
            english = QTableWidgetItem(f"{number or '-'}  {text}")
            english.setFlags(english.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, english)
            self.table.setItem(r, 1, QTableWidgetItem(originals[r] if r < len(originals) else ""))
        header = self.table.horizontalHeader()  # both columns share the width; long paragraphs wrap
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setMinimumHeight(220)
        self.row("Paragraphs", self.table)
        cert = info.certificate or {}
        self.authorised_name = self.row("Authorised person (Annex 1)", _line(
            "Authorised person's name", cert.get("name", ""),
            "Only when the witness cannot read or sign, other than by language alone"))
        self.authorised_address = self.row("Authorised person's address", _line("Authorised person's address",
                                                                                cert.get("address", "")))
        self.note("The interpreter is named in the opening paragraphs. A statement in the witness's own language "
                  "is filed as the original, signed by the witness and the translator, with the English "
                  "translation and the translator's certificate.", "About language and capacity")

    def details(self) -> dict[str, Any]:
        language = self.language.text().strip()
        out: dict[str, Any] = {
            "interpreter": _or_none({"name": self.interpreter_name.text().strip(),
                                     "language": self.interpreter_language.text().strip()}),
            "certificate": _or_none({"name": self.authorised_name.text().strip(),
                                     "address": self.authorised_address.text().strip()}),
            "language": language}
        if language:
            out["translator"] = _or_none({"name": self.translator_name.text().strip(), "language": language,
                                          "qualifications": self.qualifications.text().strip(),
                                          "nrpsi": self.nrpsi.text().strip(),
                                          "date": self.translated_on.text().strip()})
            out["statement_of_truth_original"] = self.truth.toPlainText().strip()
            out["originals"] = [(self.table.item(r, 1).text() if self.table.item(r, 1) else "")
                                for r in range(self.table.rowCount())]
        return out

    def _save_all(self, _dialog: FormDialog) -> bool:
        ws = self.tab.ws
        ok, new = ws.call(ws.services.statements.edit, ws.reference, self.info.number, None,
                          "Language and capacity recorded", self.info.witness_ref, **self.details())
        if ok:
            self.tab.refresh(new.uid)
            self.tab.status.setText(f"Saved as statement {new.number} version {new.version}.")
        return ok

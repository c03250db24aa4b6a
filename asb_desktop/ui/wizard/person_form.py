"""A person's details, or a person already on file found by name, address or postcode."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import ContactMethod
from ...domain.field_rules import NotADate, read_day
from ...services.casework.case_view import PersonFound
from ...services.kernel.errors import ValidationError
from ...services.kernel.inputs import PersonInput
from .base import named

Finder = Callable[[str], Sequence[PersonFound]]
Matcher = Callable[[PersonInput], list[Any]]  # 4.1: services.parties.matches
FIELDS = ("first_names", "surname", "address", "postcode", "phone", "email", "date_of_birth", "vulnerabilities")
LABELS = {"first_names": "First names", "surname": "Surname", "address": "Address", "postcode": "Postcode",
          "phone": "Phone", "email": "Email", "date_of_birth": "Date of birth", "vulnerabilities": "Vulnerabilities"}


def parse_dob(text: str, field: str) -> date | None:
    """A date of birth as typed (21/11/1984 or 1984-11-21); a day that does not exist says why."""
    try:
        return read_day(text)
    except NotADate as exc:
        raise ValidationError(field, str(exc)) from None


class PersonForm(QWidget):
    changed = Signal()

    def __init__(self, who: str, find: Finder, key: str, match: Matcher | None = None) -> None:
        super().__init__()
        self.who, self._find, self.key, self._match = who, find, key, match
        self.matches: list[Any] = []
        self.existing: dict[str, Any] | None = None
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in FIELDS:
            edit = named(QLineEdit(), f"{who}: {LABELS[name].lower()}", f"{key}.{name}")
            if name == "date_of_birth":
                edit.setPlaceholderText("dd/mm/yyyy, if known")
            edit.textChanged.connect(self.changed)
            self.edits[name] = edit
            form.addRow(LABELS[name], edit)
        self.contact = named(QComboBox(), f"{who}: preferred way to contact", f"{key}.preferred_contact_method")
        self.contact.addItem("Not asked yet", None)
        for m in ContactMethod:
            self.contact.addItem(m.label, m.value)
        form.addRow("Preferred contact", self.contact)
        self.employee = named(QCheckBox("Works for us (an employee): the case goes to a Team Leader (2024 5.9)"),
                              f"{who} is an employee", f"{key}.is_employee")
        self.employee.toggled.connect(self.changed)
        self.interpreter = named(QCheckBox("Needs an interpreter"), f"{who} needs an interpreter",
                                 f"{key}.interpreter_needed")
        form.addRow("", self.employee)
        form.addRow("", self.interpreter)

        self.search = named(QLineEdit(), f"Find {who.lower()} already on file", f"{key}.find")
        self.search.setPlaceholderText("Find someone already on file: name, address or postcode")
        self.results = named(QListWidget(), f"People on file matching the search for {who.lower()}",
                             f"{key}.results")
        self.results.setMaximumHeight(90)
        self.results.hide()
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.clear_btn = named(QPushButton("Enter a new person instead"), f"Clear the chosen {who.lower()}",
                               f"{key}.clear")
        self.clear_btn.clicked.connect(self.clear_existing)
        self.clear_btn.hide()
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.match_label = named(QLabel(), f"{who}: possible match already on file", f"{key}.match")
        self.match_label.setWordWrap(True)
        self.use_match = named(QPushButton("Use them"), f"Use the {who.lower()} already on file", f"{key}.use_match")
        self.use_match.clicked.connect(self._use_match)
        self.match_label.hide()
        self.use_match.hide()
        self._match_debounce = QTimer(self, singleShot=True, interval=300)
        # the check typing schedules runs only while the form is on screen (never after it was closed)
        self._match_debounce.timeout.connect(lambda: self.check_matches() if self.isVisible() else None)
        for edit in self.edits.values():
            edit.textChanged.connect(lambda _t: self._match_debounce.start())
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.clear_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addLayout(row)
        matched = QHBoxLayout()
        matched.addWidget(self.match_label, 1)
        matched.addWidget(self.use_match)
        layout.addLayout(matched)
        self.details = QWidget()
        self.details.setLayout(form)
        layout.addWidget(self.details)

    def check_matches(self) -> None:
        """4.1: "This looks like NAME (dob, address) already on file - use them?"""
        self._match_debounce.stop()  # a check run now supersedes the one the typing scheduled
        self.matches = []
        if self._match is not None and self.existing is None and self.edits["surname"].text().strip():
            try:
                self.matches = self._match(self.to_input(self.key))
            except ValidationError:
                self.matches = []
        self.match_label.setText(" ".join(m.question for m in self.matches))
        self.match_label.setVisible(bool(self.matches))
        self.use_match.setVisible(bool(self.matches))

    def _use_match(self) -> None:
        if self.matches:
            m = self.matches[0]
            self.choose({"uid": m.uid, "name": m.name, "address": m.address})

    def _run_search(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        if len(text) < 2:
            self.results.hide()
            return
        for person in self._find(text):
            label = person.name + (f", {person.address}" if person.address else "") + (
                f" {person.postcode}" if person.postcode else "")
            item = QListWidgetItem(label)
            # the choice is kept as JSON-ready data: a draft of the report saves it
            item.setData(Qt.ItemDataRole.UserRole, {"uid": person.uid, "name": person.name, "address": person.address,
                                                    "postcode": person.postcode, "is_employee": person.is_employee})
            self.results.addItem(item)
        if not self.results.count():
            self.results.addItem("Nobody on file matches; fill in the details below.")
        self.results.show()

    def _pick(self, item: QListWidgetItem) -> None:
        person = item.data(Qt.ItemDataRole.UserRole)
        if person:
            self.choose(person)

    def choose(self, person: dict[str, Any]) -> None:
        self.existing = person
        self.match_label.hide()
        self.use_match.hide()
        self.chosen.setText(f"Using the record on file: <b>{person['name']}</b> {person.get('address') or ''}")
        self.clear_btn.show()
        self.results.hide()
        self.details.setEnabled(False)
        self.changed.emit()

    def clear_existing(self) -> None:
        self.existing = None
        self.chosen.setText("")
        self.clear_btn.hide()
        self.details.setEnabled(True)
        self.changed.emit()

    def is_empty(self) -> bool:
        return self.existing is None and not any(e.text().strip() for e in self.edits.values()) \
            and not self.employee.isChecked()

    def to_input(self, prefix: str) -> PersonInput:
        if self.existing is not None:
            return PersonInput(existing_uid=self.existing["uid"], first_names=self.existing["name"],
                               address=self.existing.get("address") or "",
                               is_employee=bool(self.existing.get("is_employee")))  # for the preview (2024 5.9)
        values = {k: e.text().strip() for k, e in self.edits.items()}
        dob = parse_dob(values.pop("date_of_birth"), f"{prefix}.date_of_birth")
        return PersonInput(**values, date_of_birth=dob, preferred_contact_method=self.contact.currentData(),
                           is_employee=self.employee.isChecked(), interpreter_needed=self.interpreter.isChecked())

    def widget_for(self, attr: str) -> QWidget:
        if attr in ("name", "first_names"):
            return self.edits["first_names"]
        return self.edits.get(attr) or (self.search if self.existing else self.edits["first_names"])

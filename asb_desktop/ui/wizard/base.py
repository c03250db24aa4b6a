"""What every page of the new report wizard shares: a change signal, named controls, and the
collector that remembers which control produced each party so a validation error can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
    QWizardPage,
)

from ...services.kernel.inputs import PartyInput, ReportInput
from ..widgets.fields import keyboard_friendly

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, key: str = "") -> W:
    """Give a control its accessible name (read by screen readers) and an object name for tests."""
    widget.setAccessibleName(name)
    widget.setObjectName(key or name)
    keyboard_friendly(widget)
    return widget


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


class YesNo(QComboBox):
    """Yes / No / Not asked yet, as True / False / None."""

    def __init__(self, name: str, key: str = "") -> None:
        super().__init__()
        named(self, name, key)
        for text, value in (("Not asked yet", None), ("Yes", True), ("No", False)):
            self.addItem(text, value)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex(self.findData(value))


@dataclass
class Collector:
    """The report being assembled, and which control each party came from."""

    report: ReportInput
    party_owners: list[tuple[QWizardPage, QWidget]] = field(default_factory=list)

    def add_party(self, page: QWizardPage, widget: QWidget, party: PartyInput) -> None:
        self.report.parties.append(party)
        self.party_owners.append((page, widget))

    def add_person(self, page: QWizardPage, form: QWidget, role: str) -> None:
        """A party from a person form; the owner is known before the form's own checks can fail."""
        self.party_owners.append((page, form))
        person = form.to_input(f"parties[{len(self.report.parties)}].person")  # type: ignore[attr-defined]
        # 4.1: the form offered someone on file ("use them?") and the officer typed on: a new person
        offered = bool(getattr(form, "matches", None)) and not person.existing_uid
        self.report.parties.append(PartyInput(role=role, person=person, new_person=offered))


class ReportPage(QWizardPage):
    """One step of the wizard. ``contribute`` adds this page's answers to the report."""

    changed = Signal()

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.textChanged.connect(self.changed)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self.changed)
            elif isinstance(w, QAbstractButton):
                w.toggled.connect(self.changed)
            elif isinstance(w, QDateTimeEdit):
                w.dateTimeChanged.connect(self.changed)
            elif isinstance(w, QListWidget):
                w.itemChanged.connect(self.changed)
                w.model().rowsInserted.connect(self.changed)
                w.model().rowsRemoved.connect(self.changed)

    def contribute(self, collector: Collector) -> None:
        raise NotImplementedError

    def widget_for(self, field: str) -> QWidget | None:
        """The control holding ``field`` (a ReportInput field path like ``property.address``)."""
        return None


def text_of(widget: QLineEdit | QPlainTextEdit) -> str:
    return (widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()).strip()

"""A short list of people (household members, witnesses): name, phone and address, add and remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ...services.kernel.inputs import PartyInput, PersonInput
from .base import named


class PeopleList(QWidget):
    changed = Signal()

    def __init__(self, what: str, role: str, key: str) -> None:
        super().__init__()
        self.role = role
        self.name = named(QLineEdit(), f"{what}: full name", f"{key}.name")
        self.name.setPlaceholderText("Full name")
        self.phone = named(QLineEdit(), f"{what}: phone", f"{key}.phone")
        self.phone.setPlaceholderText("Phone")
        self.address = named(QLineEdit(), f"{what}: address", f"{key}.address")
        self.address.setPlaceholderText("Address")
        self.add = named(QPushButton(f"Add {what.lower()}"), f"Add {what.lower()}", f"{key}.add")
        self.remove = named(QPushButton("Remove selected"), f"Remove the selected {what.lower()}", f"{key}.remove")
        self.list = named(QListWidget(), f"{what} added", f"{key}.list")
        self.list.setMaximumHeight(110)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.phone, 0, 1)
        grid.addWidget(self.address, 0, 2)
        grid.addWidget(self.add, 0, 3)
        grid.addWidget(self.list, 1, 0, 1, 3)
        grid.addWidget(self.remove, 1, 3, Qt.AlignmentFlag.AlignTop)
        self.add.clicked.connect(self.add_current)
        self.name.returnPressed.connect(self.add_current)
        self.remove.clicked.connect(self._remove)

    def add_current(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.name.setFocus()
            self.name.setToolTip("Type a name first")
            return
        person = self._typed()
        item = QListWidgetItem(", ".join(x for x in (name, person.phone, person.address) if x))
        item.setData(Qt.ItemDataRole.UserRole, person)
        self.list.addItem(item)
        for edit in (self.name, self.phone, self.address):
            edit.clear()
        self.name.setFocus()
        self.changed.emit()

    def _typed(self) -> PersonInput:
        first, _, last = self.name.text().strip().rpartition(" ")
        return PersonInput(first_names=first or last, surname=last if first else "",
                           phone=self.phone.text().strip(), address=self.address.text().strip())

    def _remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def parties(self) -> list[PartyInput]:
        """The people added, plus one typed but not yet added (typed data is never lost)."""
        people = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        if self.name.text().strip():
            people.append(self._typed())
        # these short lists offer no "use them?" (4.1): their people are taken as new, as the officer typed them
        return [PartyInput(role=self.role, person=p, new_person=not p.existing_uid) for p in people]

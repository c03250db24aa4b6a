"""Step 7: witnesses (5.2): record all their details; they may be asked for more later."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QWidget

from ...domain.enums import PartyRole
from .base import Collector, ReportPage, hint, named, text_of
from .people_list import PeopleList
from .targeting_page import latest


class WitnessesPage(ReportPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Witnesses")
        self.setSubTitle("Who saw or heard it. Write 'none' if there were no witnesses.")
        self.summary = named(QPlainTextEdit(), "Witnesses to the most recent incident", "witnesses")
        self.summary.setPlaceholderText("e.g. the neighbour at number 5 heard the shouting; or 'none'")
        self.summary.setMaximumHeight(70)
        self.people = PeopleList("Witness", PartyRole.WITNESS.value, "witness")
        form = QFormLayout(self)
        form.addRow("Witnesses", self.summary)
        form.addRow("Add their details", self.people)
        form.addRow(hint("A witness can be added, and their identity withheld, later from the People tab of the case."))
        self.people.changed.connect(self.changed)
        self.watch(self.summary)

    def contribute(self, collector: Collector) -> None:
        incident = latest(collector)
        if incident is not None:
            incident.witnesses = text_of(self.summary)
        for party in self.people.parties():
            collector.add_party(self, self.people.name, party)

    def widget_for(self, field: str) -> QWidget | None:
        return None

"""Step 3: the people (5.2 "who was/is involved"): complainant, alleged perpetrator or a description
of an unknown one, and the complainant's household."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from ...domain.enums import PartyRole
from ...services.kernel.inputs import PartyInput
from .base import Collector, ReportPage, hint, named, text_of
from .people_list import PeopleList
from .person_form import Finder, Matcher, PersonForm


class PeoplePage(ReportPage):
    def __init__(self, find: Finder, match: Matcher | None = None) -> None:
        super().__init__()
        self.setTitle("People")
        self.setSubTitle("Names, addresses and contact details (5.2). Search first: the person may already be "
                         "on file.")
        self.anonymous = False
        self.complainant = PersonForm("Complainant", find, "complainant", match)
        self.anonymous_note = hint("The complainant is anonymous: no name or contact details are recorded.")
        self.anonymous_note.hide()
        self.perpetrator = PersonForm("Alleged perpetrator", find, "perpetrator", match)
        self.unknown = named(QCheckBox("The alleged perpetrator is not known"), "Alleged perpetrator unknown",
                             "unknown_perpetrator")
        self.description = named(QPlainTextEdit(), "Description of the unknown perpetrator",
                                 "unknown_perpetrator_description")
        self.description.setPlaceholderText("What they look like, where they are seen, vehicle, times...")
        self.description.setMaximumHeight(60)
        self.description.setEnabled(False)
        self.unknown.toggled.connect(self.description.setEnabled)
        self.unknown.toggled.connect(lambda on: self.perpetrator.setEnabled(not on))
        self.household = PeopleList("Household member", PartyRole.HOUSEHOLD_MEMBER.value, "household")

        body = QWidget()
        layout = QVBoxLayout(body)
        box = QGroupBox("Complainant")
        QVBoxLayout(box).addWidget(self.complainant)
        box.layout().addWidget(self.anonymous_note)
        layout.addWidget(box)
        box = QGroupBox("Alleged perpetrator")
        inner = QVBoxLayout(box)
        inner.addWidget(self.unknown)
        inner.addWidget(self.description)
        inner.addWidget(self.perpetrator)
        layout.addWidget(box)
        box = QGroupBox("The complainant's household")
        QVBoxLayout(box).addWidget(self.household)
        layout.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)
        for w in (self.complainant, self.perpetrator, self.household):
            w.changed.connect(self.changed)
        self.watch(self.unknown, self.description)

    def set_anonymous(self, anonymous: bool) -> None:
        self.anonymous = anonymous
        self.complainant.setVisible(not anonymous)
        self.anonymous_note.setVisible(anonymous)

    def contribute(self, collector: Collector) -> None:
        if self.anonymous:
            collector.add_party(self, self.complainant, PartyInput(role=PartyRole.COMPLAINANT.value, anonymous=True))
        elif not self.complainant.is_empty():
            collector.add_person(self, self.complainant, PartyRole.COMPLAINANT.value)
        if self.unknown.isChecked():
            collector.report.unknown_perpetrator_description = text_of(self.description)
        elif not self.perpetrator.is_empty():
            collector.add_person(self, self.perpetrator, PartyRole.ALLEGED_PERPETRATOR.value)
        for party in self.household.parties():
            collector.add_party(self, self.household.name, party)

    def widget_for(self, field: str) -> QWidget | None:
        return self.description if field == "unknown_perpetrator_description" else None

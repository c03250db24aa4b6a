"""Step 2: who reported it. A third party and the individual's consent (2024 5.6); an anonymous
complainant and what they were told (2024 5.7-5.8)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from ...domain.enums import Channel, PartyRole, ThirdPartyKind
from ...domain.identity_rules import ANONYMOUS_CHECKLIST
from ...services.kernel.inputs import PartyInput
from .base import Collector, ReportPage, YesNo, hint, named, text_of


class ReporterPage(ReportPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Who is reporting")
        self.setSubTitle("A third party reporting for someone, or a complainant who wants to stay anonymous.")
        self.third = QGroupBox("Reported by a third party (choose 'Third party' on the first page)")
        self.kind = named(QComboBox(), "Kind of third party", "third_party_kind")
        for k in ThirdPartyKind:
            self.kind.addItem(k.label, k.value)
        self.organisation = named(QLineEdit(), "Third party organisation", "organisation")
        self.organisation.setPlaceholderText("e.g. Kent Police, the office of the MP for Ashford")
        self.contact = named(QLineEdit(), "Third party contact name and details", "third_party_contact")
        self.consent = YesNo("Has the individual consented to information sharing", "consent_to_share")
        form = QFormLayout(self.third)
        form.addRow("Who", self.kind)
        form.addRow("Organisation", self.organisation)
        form.addRow("Contact", self.contact)
        form.addRow("Individual consents to sharing", self.consent)
        form.addRow(hint("Without the individual's consent nothing about their circumstances is shared with "
                         "the third party (2024 5.6)."))

        self.anonymous = named(QCheckBox("The complainant wants to stay anonymous (2024 5.7)"),
                               "Anonymous complainant", "anonymous")
        self.checklist_box = QGroupBox("Tell them, then tick (2024 5.7-5.8)")
        checks = QVBoxLayout(self.checklist_box)
        self.checklist: dict[str, QCheckBox] = {}
        for key, text in ANONYMOUS_CHECKLIST.items():
            box = named(QCheckBox(text[:1].upper() + text[1:]), f"Anonymous checklist: {text}", f"anon.{key}")
            self.checklist[key] = box
            checks.addWidget(box)
        checks.addWidget(hint("An anonymous complainant gets no feedback letters; their name is never recorded."))
        self.anonymous.toggled.connect(self.checklist_box.setEnabled)
        self.checklist_box.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.third)
        layout.addWidget(self.anonymous)
        layout.addWidget(self.checklist_box)
        layout.addStretch(1)
        self.watch(self.kind, self.organisation, self.contact, self.consent, self.anonymous,
                   *self.checklist.values())

    def set_channel(self, channel: str) -> None:
        self.third.setEnabled(channel == Channel.THIRD_PARTY)

    def contribute(self, collector: Collector) -> None:
        r = collector.report
        if r.channel == Channel.THIRD_PARTY:
            party = PartyInput(role=PartyRole.THIRD_PARTY_REPORTER.value, third_party_kind=self.kind.currentData(),
                               organisation=text_of(self.organisation), consent_to_share=self.consent.value(),
                               description=text_of(self.contact))
            if party.organisation or party.description:
                collector.add_party(self, self.organisation, party)
        if self.anonymous.isChecked():
            r.anonymous_checklist = {k: box.isChecked() for k, box in self.checklist.items()}

    def widget_for(self, field: str) -> QWidget | None:
        return self.organisation if field == "parties" else None

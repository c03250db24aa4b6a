"""Step 1: how and when the report came in, what kind of ASB, and how serious (2024 5.1, 5.3)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from ...domain.enums import Channel
from .base import Collector, ReportPage, hint, named, text_of


class ChannelPage(ReportPage):
    def __init__(self, categories: list[str], now: datetime) -> None:
        super().__init__()
        self.setTitle("The report")
        self.setSubTitle("How and when it came in, and what it is about (procedure 5.1).")
        self.channel = named(QComboBox(), "How the report came in", "channel")
        for c in Channel:
            self.channel.addItem(c.label, c.value)
        self.received = named(QDateTimeEdit(now), "Date and time the report was received", "received_at")
        self.received.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.received.setCalendarPopup(True)
        self.categories = named(QListWidget(), "Categories of anti-social behaviour", "categories")
        for name in categories:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        self.summary = named(QPlainTextEdit(), "Summary of the report", "summary")
        self.summary.setPlaceholderText("In a sentence or two: what is happening")
        self.summary.setMaximumHeight(70)
        self.serious = named(QCheckBox("Serious: respond within 1 working day instead of 3 (5.3)"),
                             "Serious case", "serious")
        self.hate = named(QCheckBox("Hate-related"), "Hate-related", "hate_related")
        self.domestic = named(QCheckBox("Domestic abuse reported or suspected (section 11)"), "Domestic abuse",
                              "domestic_abuse")
        self.safeguarding = named(QCheckBox("Safeguarding concern"), "Safeguarding concern", "safeguarding_concern")
        self.colleague = named(QCheckBox("A colleague is being harassed by a customer (2024 5.9.1)"),
                               "Colleague harassed by a customer", "colleague_harassed")
        self.crime = named(QCheckBox("Reported to the police"), "Reported to the police", "crime_reported")
        self.police_ref = named(QLineEdit(), "Police reference number", "police_reference")
        form = QFormLayout(self)
        form.addRow("Received by", self.channel)
        form.addRow("Received at", self.received)
        form.addRow("Categories", self.categories)
        form.addRow("Summary", self.summary)
        flags = QWidget()
        col = QFormLayout(flags)
        col.setContentsMargins(0, 0, 0, 0)
        for box in (self.serious, self.hate, self.domestic, self.safeguarding, self.colleague, self.crime):
            col.addRow(box)
        form.addRow("Flags", flags)
        form.addRow("Police reference", self.police_ref)
        form.addRow(hint("A third-party report (police, MP, local authority) asks next who reported it and "
                         "whether the person consented to information sharing."))
        self.watch(self.channel, self.received, self.categories, self.summary, self.serious, self.hate,
                   self.domestic, self.safeguarding, self.colleague, self.crime, self.police_ref)

    def received_at(self) -> datetime:
        return self.received.dateTime().toPython().replace(second=0, microsecond=0)

    def chosen_categories(self) -> list[str]:
        items = (self.categories.item(i) for i in range(self.categories.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def contribute(self, collector: Collector) -> None:
        r = collector.report
        r.categories = self.chosen_categories()
        r.summary = text_of(self.summary)
        r.serious, r.hate_related = self.serious.isChecked(), self.hate.isChecked()
        r.domestic_abuse, r.safeguarding_concern = self.domestic.isChecked(), self.safeguarding.isChecked()
        r.colleague_harassed, r.crime_reported = self.colleague.isChecked(), self.crime.isChecked()
        r.police_reference = text_of(self.police_ref)

    def widget_for(self, field: str) -> QWidget | None:
        return {"channel": self.channel, "received_at": self.received, "categories": self.categories,
                "police_reference": self.police_ref, "summary": self.summary}.get(field)

"""Step 6: does the complainant or their household feel targeted, and why (5.2)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QWidget

from .base import Collector, ReportPage, YesNo, hint, named, text_of


def latest(collector: Collector):  # noqa: ANN201 - IncidentInput | None
    incidents = collector.report.incidents
    return max(incidents, key=lambda i: i.started_at) if incidents else None


class TargetingPage(ReportPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Targeting")
        self.setSubTitle("Investigate whether the complainant or their household feel they are being targeted.")
        self.targeted = YesNo("Does the complainant or their household feel targeted", "feels_targeted")
        self.why = named(QPlainTextEdit(), "Why they think they are being targeted", "targeted_why")
        self.why.setPlaceholderText("In their words: e.g. because of their race, disability, religion, age...")
        form = QFormLayout(self)
        form.addRow("Feels targeted?", self.targeted)
        form.addRow("Why?", self.why)
        form.addRow(hint("Saved with the most recent incident. A hate motivation is a reason to tick "
                         "'Hate-related' on the first page."))
        self.watch(self.targeted, self.why)

    def contribute(self, collector: Collector) -> None:
        incident = latest(collector)
        if incident is not None:
            incident.feels_targeted = self.targeted.value()
            incident.targeted_why = text_of(self.why)

    def widget_for(self, field: str) -> QWidget | None:
        return None

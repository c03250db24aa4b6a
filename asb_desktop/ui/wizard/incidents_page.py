"""Step 5: the incidents (5.2): the most recent first, its date and time, what happened, how it made
the complainant feel then and since, what they have done, how often and since when."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services.kernel.inputs import IncidentInput
from .base import Collector, ReportPage, named, text_of

TEXTS = {"description": "What happened", "feelings_then": "How it made them feel at the time",
         "feelings_since": "How it has affected them since", "measures_taken": "What they have done to avoid it",
         "frequency": "How often it happens", "history": "History: when it started, earlier incidents"}


class IncidentsPage(ReportPage):
    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.setTitle("Incidents")
        self.setSubTitle("Take your time: record as much as the complainant is willing to give (5.2).")
        self.started = named(QDateTimeEdit(now), "Incident started at", "incident.started_at")
        self.started.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.started.setCalendarPopup(True)
        self.has_end = named(QCheckBox("Ended at"), "Incident end time known", "incident.has_end")
        self.ended = named(QDateTimeEdit(now), "Incident ended at", "incident.ended_at")
        self.ended.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.ended.setEnabled(False)
        self.has_end.toggled.connect(self.ended.setEnabled)
        self.location = named(QLineEdit(), "Where it happened", "incident.location")
        self.involved = named(QLineEdit(), "Who was involved", "incident.people_involved")
        self.texts: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.addRow("Started", self.started)
        form.addRow(self.has_end, self.ended)
        form.addRow("Where", self.location)
        form.addRow("Who was involved", self.involved)
        for key, label in TEXTS.items():
            edit = named(QPlainTextEdit(), label, f"incident.{key}")
            edit.setMaximumHeight(54 if key != "description" else 80)
            self.texts[key] = edit
            form.addRow(label, edit)
        self.add = named(QPushButton("Save this incident and record another"), "Save incident and add another",
                         "incident.add")
        self.add.clicked.connect(self.save_current)
        self.saved = named(QListWidget(), "Incidents recorded", "incident.list")
        self.saved.setMaximumHeight(80)
        body = QWidget()
        col = QVBoxLayout(body)
        col.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addStretch(1)
        col.addLayout(row)
        col.addWidget(self.saved)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        QVBoxLayout(self).addWidget(scroll)
        self.watch(self.started, self.has_end, self.ended, self.location, self.involved, self.saved,
                   *self.texts.values())

    def current(self) -> IncidentInput | None:
        """The incident on the form, if anything has been typed about it."""
        typed = {k: text_of(e) for k, e in self.texts.items()}
        if not any(typed.values()) and not text_of(self.location) and not text_of(self.involved):
            return None
        ended = self.ended.dateTime().toPython().replace(second=0, microsecond=0) if self.has_end.isChecked() else None
        return IncidentInput(started_at=self.started.dateTime().toPython().replace(second=0, microsecond=0),
                             ended_at=ended, location=text_of(self.location), people_involved=text_of(self.involved),
                             **typed)

    def save_current(self) -> None:
        incident = self.current()
        if incident is None:
            self.texts["description"].setFocus()
            return
        item = QListWidgetItem(f"{incident.started_at:%d/%m/%Y %H:%M}  {incident.description[:80]}")
        item.setData(Qt.ItemDataRole.UserRole, incident)
        self.saved.addItem(item)
        for edit in (self.location, self.involved, *self.texts.values()):
            edit.clear()
        self.has_end.setChecked(False)

    def incidents(self) -> list[IncidentInput]:
        items = [self.saved.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.saved.count())]
        current = self.current()
        return items + ([current] if current else [])

    def contribute(self, collector: Collector) -> None:
        collector.report.incidents = self.incidents()

    def widget_for(self, field: str) -> QWidget | None:
        if not field.startswith("incidents["):
            return None
        return self.ended if field.endswith("ended_at") else self.started

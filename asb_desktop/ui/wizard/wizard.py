"""The new report wizard (2024 section 5): eight short steps, a side panel that says live what is still
missing, when the response is due and who gets the case, and why. Finish logs the case through the
case service; a problem points at the field and nothing typed is lost."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QWidget,
    QWizard,
)

from ...domain.forms import load_triage
from ...domain.intake import PropertyOnFile, report_is_empty
from ...services import Services
from ...services.casework.cases import CaseOpened
from ...services.kernel.errors import ASBError, ValidationError
from ...services.kernel.identity import PossibleDuplicate
from ...services.kernel.inputs import ReportInput
from ...services.kernel.org_settings import OrgSettingsService
from ..theme import status_colour
from . import draft
from .base import Collector, ReportPage
from .channel_page import ChannelPage
from .incidents_page import IncidentsPage
from .people_page import PeoplePage
from .person_form import PersonForm
from .preview import Preview, preview
from .property_page import PropertyPage
from .reporter_page import ReporterPage
from .side_panel import SidePanel
from .targeting_page import TargetingPage
from .triage_page import TriagePage
from .witnesses_page import WitnessesPage

AUTOSAVE_MS = 800  # the draft is saved this long after the last change
_PARTY = re.compile(r"parties\[(\d+)\](?:\.person\.(\w+))?")


class NewReportWizard(QWizard):
    caseCreated = Signal(str)  # the new case's reference; the main window opens it

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.opened: CaseOpened | None = None
        self.setWindowTitle("New report")
        self.setAccessibleName("New report wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, True)  # enabled once ready()
        self.setButtonText(QWizard.WizardButton.FinishButton, "Log the case")
        ctx = services.ctx
        now = ctx.now()
        self.users = services.users.list()
        self._properties: dict[tuple[str, str], PropertyOnFile | None] = {}
        self.region = OrgSettingsService(ctx).get().bank_holiday_region
        self.triage_form = load_triage()
        categories = services.reports.filter_choices()["category"]
        self.channel = ChannelPage(categories, now)
        self.reporter = ReporterPage()
        self.people = PeoplePage(lambda text: services.queries.find_people(text, limit=8), services.parties.matches)
        self.property = PropertyPage(self.users)
        self.incidents = IncidentsPage(now)
        self.targeting = TargetingPage()
        self.witnesses = WitnessesPage()
        self.triage = TriagePage(self.triage_form, self.users, ctx.actor)
        self.steps: list[ReportPage] = [self.channel, self.reporter, self.people, self.property, self.incidents,
                                        self.targeting, self.witnesses, self.triage]
        self.page_ids = {id(page): self.addPage(page) for page in self.steps}
        self.panel = SidePanel()
        self.setSideWidget(self.panel)
        self.channel.channel.currentIndexChanged.connect(
            lambda _i: self.reporter.set_channel(self.channel.channel.currentData()))
        self.reporter.anonymous.toggled.connect(self.people.set_anonymous)
        self.reporter.anonymous.toggled.connect(lambda _on: self.refresh())  # after the people page knows
        self._marked: list[QWidget] = []
        self._error_labels: dict[int, QLabel | None] = {}  # per marked field, the line under it
        self.collector: Collector | None = None
        self.ready = False
        self._restoring = False
        self.draft_path = draft.draft_path(ctx.data_dir, ctx.actor.username)
        self.started_at: datetime | None = None  # when the draft was started, said when offering it back
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        for page in self.steps:
            page.changed.connect(self.refresh)
        self.reporter.set_channel(self.channel.channel.currentData())
        self.currentIdChanged.connect(self._show_step)
        self.resize(1060, 720)
        self.refresh()
        self._show_step()
        self.discard_box: QMessageBox | None = None
        self._blank = self.values()  # what an untouched wizard holds: anything else is content

    # ------------------------------------------------------------ content
    def values(self) -> dict[str, object]:
        """Every control's value, and the people chosen from file, as JSON-ready data."""
        values = draft.snapshot(self)
        chosen = {form.key: form.existing for form in self.findChildren(PersonForm) if form.existing}
        if chosen:
            values["_chosen"] = chosen
        return values

    def has_content(self) -> bool:
        return self.values() != self._blank

    # ------------------------------------------------------------ the draft
    def save_draft(self) -> None:
        """Keep what is typed so far in the user's own data folder; nothing typed, no draft."""
        self.autosave.stop()
        values = self.values()
        if values == self._blank:
            draft.remove(self.draft_path)
            return
        if self.started_at is None:
            self.started_at = self.services.ctx.now()
        draft.save(self.draft_path, draft.Draft(self.started_at, values))

    def offer_draft(self, ask: Callable[[str], bool] | None = None) -> bool:
        """A draft left by a crash or a close is offered back: "Resume the report you started at HH:MM on
        dd/mm/yyyy?" Yes puts every field back; No deletes the draft."""
        saved = draft.load(self.draft_path)
        if saved is None:
            return False
        question = f"Resume the report you started at {saved.started_at:%H:%M} on {saved.started_at:%d/%m/%Y}?"
        if not (ask or self._ask_resume)(question):
            draft.remove(self.draft_path)
            return False
        self._restoring = True
        try:
            values = dict(saved.fields)
            chosen = values.pop("_chosen", None) or {}
            draft.restore(self, values)
            for form in self.findChildren(PersonForm):
                person = chosen.get(form.key) if isinstance(chosen, dict) else None
                if isinstance(person, dict) and person.get("uid"):
                    form.choose(person)
        finally:
            self._restoring = False
        self.started_at = saved.started_at
        self.refresh()
        return True

    def _ask_resume(self, question: str) -> bool:
        answer = QMessageBox.question(self.parentWidget() or self, "Resume the report?", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------ assembling
    def collect(self) -> tuple[ReportInput, Collector]:
        """The report as typed so far. May raise ValidationError for a field that cannot be read."""
        report = ReportInput(channel=self.channel.channel.currentData(), received_at=self.channel.received_at())
        collector = self.collector = Collector(report)  # kept: a failing page's parties are already recorded
        for page in self.steps:
            page.contribute(collector)
        return report, collector

    def current_preview(self) -> Preview:
        report, _ = self.collect()
        return preview(report, self.users, self.services.ctx.actor, self.region, self.triage_form,
                       self._on_file(report))

    def _on_file(self, report: ReportInput) -> PropertyOnFile | None:
        """The property already recorded at the typed address (looked up once per address)."""
        if report.property is None:
            return None
        key = (report.property.address.strip(), report.property.postcode.strip())
        if key not in self._properties:
            self._properties[key] = self.services.queries.property_on_file(*key)
        return self._properties[key]

    def refresh(self) -> None:
        if self._restoring:
            return
        if hasattr(self, "_blank"):
            self.autosave.start()  # (re)started by every change: saved once the typing pauses
        self._clear_marks()
        ready = False
        try:
            shown = self.current_preview()
            self.panel.show_preview(shown)
            report = self.collector.report if self.collector else None
            ready = report is not None and not report_is_empty(report.categories, report.summary,
                                                               len(report.parties), len(report.incidents))
        except ValidationError as exc:
            self.panel.show_problem(self._describe(exc, self.locate(exc.field, self.collector)[1]))
        self.set_ready(ready)

    # ------------------------------------------------------------ steps
    def set_ready(self, ready: bool) -> None:
        """Finish ("Log the case") is offered on every step once the essentials are in: something to act
        on (a category, a summary, a person or an incident) and nothing typed that cannot be read. The last
        step always offers it; an empty report is then refused saying what is missing."""
        self.ready = ready
        for page in self.steps[:-1]:
            page.setFinalPage(ready)

    def _show_step(self, _id: int = 0) -> None:
        page = self.currentPage()
        current = self.steps.index(page) if page in self.steps else 0
        self.panel.show_step([p.title() for p in self.steps], current)

    # ------------------------------------------------------------ problems
    def locate(self, field: str, collector: Collector | None) -> tuple[ReportPage | None, QWidget | None]:
        match = _PARTY.match(field)
        if match and collector is not None and int(match.group(1)) < len(collector.party_owners):
            page, widget = collector.party_owners[int(match.group(1))]
            if isinstance(widget, PersonForm):
                widget = widget.widget_for(match.group(2) or "name")
            return page, widget  # type: ignore[return-value]
        for page in self.steps:
            widget = page.widget_for(field)
            if widget is not None:
                return page, widget
        return None, None

    def _describe(self, exc: ValidationError, widget: QWidget | None = None) -> str:
        label = widget.accessibleName() if widget is not None else exc.field
        return f"{label}: {exc.problem}"

    def show_problem(self, exc: ValidationError, collector: Collector | None) -> None:
        page, widget = self.locate(exc.field, collector)
        self.panel.show_problem(self._describe(exc, widget))
        if page is not None:
            target = self.page_ids[id(page)]
            while self.currentId() > target:
                self.back()
        if widget is not None:
            self.mark(widget, exc.problem)
            widget.setFocus()
            scroll = _scroll_area_of(widget)
            if scroll is not None:
                scroll.ensureWidgetVisible(self._error_labels.get(id(widget)) or widget)
                scroll.ensureWidgetVisible(widget)

    def mark(self, widget: QWidget, problem: str) -> None:
        """The field itself says what is wrong: a red border (the ``invalid`` property) and the problem in
        words on a line under it; both go at the next change."""
        colour = status_colour("overdue").name()
        widget.setProperty("invalid", True)
        widget.setStyleSheet(f"border: 2px solid {colour};")
        widget.setToolTip(problem)
        label = self._error_labels.get(id(widget))
        if label is None:
            label = self._error_labels[id(widget)] = _error_label_under(widget)
        if label is not None:
            label.setStyleSheet(f"color: {colour}; font-weight: bold;")
            label.setText(f"{widget.accessibleName()}: {problem}")
            label.setAccessibleName(f"Problem with {widget.accessibleName()}")
            label.show()
        self._marked.append(widget)

    def _offer_match(self, exc: PossibleDuplicate) -> None:
        """4.1: a person refused as looking like someone on file gets the "use them?" offer on their form
        now; logging again with the offer unused creates the new person (``PartyInput.new_person``)."""
        match, owners = _PARTY.match(exc.field), self.collector.party_owners if self.collector else []
        if match and int(match.group(1)) < len(owners):
            form = owners[int(match.group(1))][1]
            if isinstance(form, PersonForm):
                form.check_matches()

    def _clear_marks(self) -> None:
        for widget in self._marked:
            widget.setStyleSheet("")
            widget.setToolTip("")
            widget.setProperty("invalid", False)
            label = self._error_labels.get(id(widget))
            if label is not None:
                label.hide()
        self._marked.clear()
        self.panel.show_problem("")

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        """Stop on this page only for a problem on this page; later steps may still be empty."""
        try:
            report, _ = self.collect()
            if report_is_empty(report.categories, report.summary, len(report.parties), len(report.incidents)):
                return super().validateCurrentPage()  # nothing typed yet is refused at Finish, not on the way
            report.validate(self.services.ctx.now())
        except ValidationError as exc:
            page, _ = self.locate(exc.field, self.collector)
            if page is self.currentPage():
                self.show_problem(exc, self.collector)
                return False
        return super().validateCurrentPage()

    # ------------------------------------------------------------ leaving
    def reject(self) -> None:
        """Cancel, Escape or closing the window: an empty report just closes; one with content asks first
        ("Discard this report?"), without blocking the window while it asks."""
        if not self.has_content():
            self.discard()
            return
        if self.discard_box is None:
            box = self.discard_box = QMessageBox(QMessageBox.Icon.Question, "Discard this report?",
                                                 "Discard this report? What you typed will be lost.",
                                                 QMessageBox.StandardButton.NoButton, self)
            box.setAccessibleName("Discard this report?")
            self.keep_button = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
            self.discard_button = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(self.keep_button)
            box.setEscapeButton(self.keep_button)
            box.finished.connect(self._discard_answered)
        self.discard_box.open()

    def _discard_answered(self, _result: int) -> None:
        if self.discard_box is not None and self.discard_box.clickedButton() is self.discard_button:
            self.discard()

    def discard(self) -> None:
        self.autosave.stop()
        draft.remove(self.draft_path)
        super().reject()

    # ------------------------------------------------------------ finishing
    def accept(self) -> None:
        try:
            report, _ = self.collect()
            self.opened = self.services.cases.report(report)
        except PossibleDuplicate as exc:  # 4.1: said for the window, not the JSON the service's message names
            names = "; ".join(m.name for m in exc.matches)
            self.show_problem(ValidationError(exc.field, f"this looks like {names}, already on file: choose "
                                              "\"Use them\", or log the report again if this is someone else"),
                              self.collector)
            self._offer_match(exc)
            return
        except ValidationError as exc:
            self.show_problem(exc, self.collector)
            return
        except ASBError as exc:
            self.panel.show_problem(str(exc))
            return
        self.autosave.stop()
        draft.remove(self.draft_path)  # logged: nothing left to offer back
        self.caseCreated.emit(self.opened.reference)
        super().accept()


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def _error_label_under(widget: QWidget) -> QLabel | None:
    """A label on the line under ``widget`` in its layout (a form row, a box or a grid cell below)."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName(f"{widget.objectName()}.error")
    label.hide()
    if isinstance(layout, QFormLayout):
        row = cast(tuple[int, object], layout.getWidgetPosition(widget))[0]
        if row < 0:
            return None
        layout.insertRow(row + 1, "", label)
    elif isinstance(layout, QBoxLayout):
        index = layout.indexOf(widget)
        if index < 0:
            return None
        layout.insertWidget(index + 1, label)
    elif isinstance(layout, QGridLayout):
        index = layout.indexOf(widget)
        if index < 0:
            return None
        row, column, _rows, columns = cast(tuple[int, int, int, int], layout.getItemPosition(index))
        layout.addWidget(label, row + 2, column, 1, max(columns, 1))  # under the grid's own rows
    else:
        return None
    return label

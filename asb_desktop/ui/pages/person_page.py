"""A person's page (4.1): find someone on file and see every case where they were the alleged
perpetrator, for pre-tenancy checks; open any of those cases. Team leaders and above answer a subject
access request for the person from here (UK GDPR Art. 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...domain.enums import CaseStatus, ClosureReason, Role
from ...services import Services
from ...services.casework.case_view import HistoryCase, PersonFound
from ..widgets.messages import show_message
from ..widgets.record_table_model import short_time
from .table_fill import fill_table, read_only_table


class PersonPage(QWidget):
    open_requested = Signal(str)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.people: list[PersonFound] = []
        self.history: tuple[HistoryCase, ...] = ()
        self.person_uid = ""
        self.search = QLineEdit(placeholderText="Find a person: name, address or postcode")
        self.search.setAccessibleName("Find a person")
        self.search.setClearButtonEnabled(True)
        self.results = read_only_table("People found")
        self.heading = QLabel("Choose a person to see their ASB history across cases (procedure 4.1).")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Person's ASB history summary")
        self.cases = read_only_table("Cases where the person was the alleged perpetrator")
        lower = QWidget()
        col = QVBoxLayout(lower)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.heading)
        col.addWidget(self.cases)
        self.assess = QPushButton("Pre-tenancy assessment…")
        self.assess.setAccessibleName("Pre-tenancy assessment")
        self.assess.setEnabled(False)
        self.assess.clicked.connect(self.open_assessment)
        self.sar = QPushButton("Subject access request…")
        self.sar.setAccessibleName("Subject access request: everything held about this person")
        self.may_sar = bool(services.ctx.actor.roles & {Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR})
        self.sar.setToolTip("Everything held about the person, everyone else redacted, as a PDF and a JSON file "
                            "(due within one month)" if self.may_sar else
                            "A team leader, manager or administrator answers a subject access request.")
        self.sar.setEnabled(False)
        self.sar.clicked.connect(lambda _checked=False: self.subject_access())
        self.last_sar: Any = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.assess)
        buttons.addWidget(self.sar)
        buttons.addStretch(1)
        col.addLayout(buttons)
        self.dialog: QWidget | None = None
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.results)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(splitter)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.find)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.results.currentCellChanged.connect(lambda row, *_: self.show_person(row))
        self.cases.cellActivated.connect(lambda row, _c: self.open_requested.emit(self.history[row].reference))

    def find(self) -> None:
        self._debounce.stop()  # a search run now supersedes the one the typing scheduled
        text = self.search.text().strip()
        self.people = self.services.queries.find_people(text, limit=200) if len(text) >= 2 else []
        self.results.blockSignals(True)  # a new list of people opens nobody's history (that is audited)
        try:
            fill_table(self.results, ["Name", "Address", "Postcode", "Date of birth"],
                       [(p.name, p.address, p.postcode, p.date_of_birth.isoformat() if p.date_of_birth else "")
                        for p in self.people])
        finally:
            self.results.blockSignals(False)

    def show_person(self, row: int) -> None:
        """Open the chosen person's ASB history. Opening it is audited, so it is opened once per choice:
        moving to another cell of the same person's row opens nothing again."""
        if not 0 <= row < len(self.people) or self.people[row].uid == self.person_uid:
            return
        found = self.services.queries.open_person_history(self.people[row].uid)
        self.person_uid = self.people[row].uid
        self.assess.setEnabled(True)
        self.sar.setEnabled(self.may_sar)
        self.history = found.as_alleged_perpetrator
        n = len(self.history)
        still_open = sum(1 for c in self.history if c.status != CaseStatus.CLOSED.value)
        self.heading.setText(f"<b>{found.name}</b>: {found.summary} ({still_open} of {n} open). "
                             "Double-click a case to open it.")
        fill_table(self.cases, ["Reference", "Status", "Received", "Categories", "Closed because"],
                   [(c.reference, CaseStatus(c.status).label, short_time(c.received_at)[:10], c.categories,
                     ClosureReason(c.closure_reason).label if c.closure_reason else "")
                    for c in self.history])

    def open_assessment(self) -> QWidget | None:
        """4.1-4.3: record a pre-tenancy assessment of the chosen person (their history shown as found)."""
        from ...domain.errors import ASBError
        from ..lettings.dialogs import PreTenancyDialog

        try:
            self.dialog = PreTenancyDialog(self, self.services, self.person_uid)
        except ASBError as exc:
            self.heading.setText(str(exc))
            return None
        self.dialog.open()
        return self.dialog

    def subject_access(self, folder: Path | None = None) -> None:
        """Ask for a folder (unless given), then write the disclosure off the GUI thread."""
        from ..court.jobs import folder_or_ask, run_call

        out = folder_or_ask(self, folder, "Folder for the subject access disclosure")
        if out is None or not self.person_uid:
            return
        svc, who = self.services, self.person_uid

        def done(result: Any) -> None:
            self.last_sar = result
            r = result.request
            show_message(self, f"{r.reference} written to {out}: {result.pdf.name} and {result.json.name}. Read "
                         f"it before sending. It is due by {r.due_on:%d/%m/%Y} and stays on the Today page until "
                         "it is marked answered.", "Subject access request")

        run_call(self, "Gathering everything held about the person…", lambda: svc.sar.export(who, out), done)

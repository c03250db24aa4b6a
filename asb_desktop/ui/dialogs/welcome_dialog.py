"""First run: where the case file lives (this computer or the team's server), the organisation, the
officer's own name and initials, and whether to add demo cases.

Shown by ``ui.application.run`` only when the app starts interactively with no database yet (see
``app.needs_welcome``). The dialog collects and checks the answers; ``apply_welcome`` stores them
through the services once the database is open.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...demo.data import ORGANISATION as DEMO_ORGANISATION
from ...services import Services
from ...services.admin.users import initials_of
from ...services.kernel.org_settings import ConnectionCheck, OrgSettingsService, check_database

DEMO_CASES = 200


@dataclass(frozen=True)
class WelcomeChoices:
    database_url: str | None  # None: the SQLite file in the data folder
    organisation_name: str
    organisation_address: str
    full_name: str
    initials: str
    demo: bool


class WelcomeDialog(QDialog):
    def __init__(self, data_dir: Path, check: Callable[[str], ConnectionCheck] = check_database,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._initials_edited = False
        self.choices: WelcomeChoices | None = None
        self.setWindowTitle("Welcome to ASB Desktop")
        intro = QLabel("Before you start, tell ASB Desktop where to keep the case file and who you are. "
                       "You can change all of this later in Settings.")
        intro.setWordWrap(True)

        self.local = QRadioButton(f"On this computer (for one officer): {data_dir / 'asb.sqlite'}")
        self.server = QRadioButton("On our team's server (PostgreSQL)")
        self.local.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://asb@dbserver/asb")
        self.url.setAccessibleName("Server address")
        self.test_button = QPushButton("Test connection")
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        server_row = QHBoxLayout()
        server_row.addWidget(self.url, 1)
        server_row.addWidget(self.test_button)
        where = QGroupBox("Where is the case file kept?")
        where_layout = QVBoxLayout(where)
        for widget in (self.local, self.server):
            where_layout.addWidget(widget)
        where_layout.addLayout(server_row)
        where_layout.addWidget(self.test_result)

        self.org_name = QLineEdit()
        self.org_address = QPlainTextEdit()
        self.org_address.setTabChangesFocus(True)
        self.org_address.setFixedHeight(70)
        user = getpass.getuser() or ""
        self.full_name = QLineEdit(user.replace(".", " ").replace("_", " ").title())
        self.initials = QLineEdit(initials_of(self.full_name.text()))
        self.initials.setMaxLength(4)
        who = QGroupBox("Your organisation and you")
        form = QFormLayout(who)
        form.addRow("Organisation name", self.org_name)
        form.addRow("Organisation address", self.org_address)
        form.addRow("Your full name", self.full_name)
        form.addRow("Your initials", self.initials)

        self.demo = QCheckBox(f"Add {DEMO_CASES} made-up demo cases so I can try things out")
        self.demo.setChecked(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00000")
        self.error.setAccessibleName("Problem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText("Start")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Not now")

        layout = QVBoxLayout(self)
        for widget in (intro, where, who, self.demo, self.error, buttons):
            layout.addWidget(widget)

        self.server.toggled.connect(self._where_changed)
        self.test_button.clicked.connect(self.test_connection)
        self.url.textEdited.connect(lambda _t: self.test_result.clear())
        self.full_name.textEdited.connect(self._name_edited)
        self.initials.textEdited.connect(self._mark_initials_edited)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._where_changed(False)
        self.resize(640, self.sizeHint().height())

    def _mark_initials_edited(self, _text: str) -> None:
        self._initials_edited = True

    def _where_changed(self, on_server: bool) -> None:
        self.url.setEnabled(on_server)
        self.test_button.setEnabled(on_server)
        # A shared server is real data: demo cases there would be seen by the whole team.
        self.demo.setChecked(not on_server)

    def _name_edited(self, text: str) -> None:
        if not self._initials_edited:
            self.initials.setText(initials_of(text))

    def test_connection(self) -> ConnectionCheck:
        result = self._check(self.url.text())
        self.test_result.setText(result.message)
        self.test_result.setStyleSheet("" if result.ok else "color: #a00000")
        return result

    def _problem(self) -> tuple[QWidget, str] | None:
        if self.server.isChecked():
            if not self.url.text().strip():
                return self.url, "Enter the address of your team's server, or choose 'On this computer'."
            result = self.test_connection()
            if not result.ok:
                return self.url, f"{result.message} Check the address with your administrator."
        if not self.full_name.text().strip():
            return self.full_name, "Enter your full name: it goes on notes and witness statements."
        initials = self.initials.text().strip()
        if not (initials.isalpha() and 1 <= len(initials) <= 4):
            return self.initials, "Your initials must be 1 to 4 letters, like JS."
        return None

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            widget, message = problem
            self.error.setText(message)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.choices = WelcomeChoices(
            database_url=self.url.text().strip() if self.server.isChecked() else None,
            organisation_name=self.org_name.text().strip(),
            organisation_address=self.org_address.toPlainText().strip(),
            full_name=self.full_name.text().strip(),
            initials=self.initials.text().strip().upper(),
            demo=self.demo.isChecked(),
        )
        super().accept()


def apply_welcome(services: Services, choices: WelcomeChoices) -> list[str]:
    """Store the answers once the database is open. Returns what was done, for the log.

    Organisation details already on a team server are kept (another officer set them up first),
    unless they are the demo data's placeholder; demo cases are only added to a database that holds no cases.
    """
    done: list[str] = []
    org = OrgSettingsService(services.ctx)
    current = org.get()
    if choices.organisation_name and current.organisation_name in ("", DEMO_ORGANISATION["organisation_name"]):
        org.save(replace(current, organisation_name=choices.organisation_name,
                         organisation_address=choices.organisation_address or current.organisation_address))
        done.append("organisation details saved")
    org.set_my_details(choices.full_name, choices.initials)
    done.append("officer's name and initials saved")
    if choices.demo and services.queries.count_cases() == 0:
        from ...demo.court_case import add_court_case_to_demo
        from ...demo.generate import generate, require_demo_allowed

        require_demo_allowed(services.ctx)
        generate(services.ctx.engine, DEMO_CASES, seed=1, username=services.ctx.actor.username)
        court = add_court_case_to_demo(services.ctx)
        done.append(f"{DEMO_CASES} demo cases added" + (f", {court} ready for court" if court else ""))
    return done

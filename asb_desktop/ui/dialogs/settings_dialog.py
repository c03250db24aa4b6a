"""Settings: the organisation (name, address, logo for documents), you (name and initials), the
database (SQLite file or PostgreSQL address, with a real connection test), the evidence folder, the
bank-holiday region, and the dark theme. Problems are shown beside the tabs; nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import LandlordKind, Role
from ...domain.workdays import REGIONS
from ...services import Services
from ...services.kernel.errors import ASBError
from ...services.kernel.org_settings import ConnectionCheck, OrgSettings, OrgSettingsService, check_database
from ..settings import UiSettings
from ..workers import RUNNER


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget


def _with_browse(edit: QLineEdit, label: str, pick: Callable[[], str]) -> QWidget:
    button = QPushButton("Browse…")
    button.setAccessibleName(f"Browse for {label}")
    button.clicked.connect(lambda: (lambda p: edit.setText(p) if p else None)(pick()))
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return box


class SettingsDialog(QDialog):
    def __init__(self, services: Services, database_url: str, remember_database: Callable[[str], None] | None,
                 prefs: UiSettings | None = None, parent: QWidget | None = None) -> None:
        """``remember_database(url)`` keeps the database chosen here for the next start; without it (a
        window not started by the app) the database is shown and can be tested but not changed."""
        super().__init__(parent)
        self.services, self.prefs = services, prefs or UiSettings()
        self.org_service = OrgSettingsService(services.ctx)
        self.database_url, self._remember = database_url, remember_database
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        org = self.org_service.get()
        actor = services.ctx.actor
        self.is_admin = actor.has(Role.ADMINISTRATOR)

        self.org_name = _named(QLineEdit(org.organisation_name), "Organisation name")
        self.org_address = _named(QPlainTextEdit(org.organisation_address), "Organisation address")
        self.org_address.setMaximumHeight(80)
        self.org_phone = _named(QLineEdit(org.organisation_phone), "Team phone number (printed on letters)")
        self.org_email = _named(QLineEdit(org.organisation_email), "Team e-mail address (printed on letters)")
        self.logo = _named(QLineEdit(org.organisation_logo), "Logo image file")
        self.evidence = _named(QLineEdit(org.evidence_dir), "Evidence folder")
        self.evidence.setPlaceholderText("Empty: the evidence folder inside this computer's data folder")
        self.region = _named(QComboBox(), "Bank-holiday region")
        for code, name in REGIONS.items():
            self.region.addItem(name, code)
        self.region.setCurrentIndex(self.region.findData(org.bank_holiday_region))
        self.landlord = _named(QComboBox(), "Kind of landlord")
        for kind in LandlordKind:
            self.landlord.addItem(kind.label, kind.value)
        self.landlord.setCurrentIndex(max(self.landlord.findData(org.landlord_kind), 0))
        self.landlord.setToolTip("Decides what an absolute-ground notice says about a review: section 85ZA of the "
                                 "Housing Act 1985 gives one only to tenants of a council or housing action trust.")
        self.my_name = _named(QLineEdit(actor.full_name), "Your full name")
        self.my_initials = _named(QLineEdit(actor.initials), "Your initials")
        self.database = _named(QLineEdit(database_url), "Database: SQLite file or PostgreSQL address")
        self.test_button = _named(QPushButton("Test connection"), "Test the database connection")
        self.test_result = _named(QLabel(""), "Database connection test result")
        self.test_result.setWordWrap(True)
        self.dark = _named(QCheckBox("Dark theme"), "Dark theme")
        self.dark.setChecked(self.prefs.dark)
        self.problem = _named(QLabel(""), "Problem with the settings")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("border: 2px solid #b00020; padding: 4px;")
        self.problem.hide()

        tabs = QTabWidget()
        tabs.setAccessibleName("Settings sections")
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Name", self.org_name)
        form.addRow("Address", self.org_address)
        form.addRow("Phone", self.org_phone)
        form.addRow("E-mail", self.org_email)
        form.addRow("Logo", _with_browse(self.logo, "the logo", lambda: QFileDialog.getOpenFileName(
            self, "Choose the logo", "", "Images (*.png *.jpg *.jpeg *.gif *.bmp *.svg)")[0]))
        form.addRow("Evidence folder", _with_browse(self.evidence, "the evidence folder",
                                                    lambda: QFileDialog.getExistingDirectory(self, "Evidence folder")))
        form.addRow("Bank holidays", self.region)
        form.addRow("Landlord", self.landlord)
        if not self.is_admin:
            form.addRow(QLabel("Only an administrator can change these."))
            for w in (self.org_name, self.org_address, self.org_phone, self.org_email, self.logo, self.evidence,
                      self.region, self.landlord):
                w.setEnabled(False)
        tabs.addTab(page, "Organisation")
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Full name", self.my_name)
        form.addRow("Initials", self.my_initials)
        form.addRow(QLabel("Your initials mark your exhibits and notes, e.g. JS1."))
        form.addRow("Theme", self.dark)
        tabs.addTab(page, "You")
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Database", _with_browse(self.database, "a SQLite file", lambda: QFileDialog.getSaveFileName(
            self, "SQLite database file", "asb.sqlite", "SQLite (*.sqlite *.db)",
            options=QFileDialog.Option.DontConfirmOverwrite)[0]))
        form.addRow(QLabel("A file path for one computer, or postgresql://user@server/database for a team. "
                           "A change takes effect the next time ASB Desktop starts."
                           if remember_database is not None else
                           "The database in use. It is chosen when ASB Desktop starts."))
        self.database.setReadOnly(remember_database is None)
        form.addRow(self.test_button)
        form.addRow(self.test_result)
        tabs.addTab(page, "Database")
        self.tabs = tabs
        self.test_button.clicked.connect(self.test_connection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(620, 460)

    def test_connection(self) -> None:
        url = self.database.text()
        self.test_button.setEnabled(False)
        self.test_result.setText("Connecting…")

        def done(result: ConnectionCheck) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(("✔ " if result.ok else "✘ ") + result.message)

        RUNNER.start(self, lambda _control: check_database(url), on_done=done,
                     on_error=lambda exc: done(ConnectionCheck(False, f"Could not connect: {exc}")))

    def org_values(self) -> OrgSettings:
        return replace(self.org_service.get(), organisation_name=self.org_name.text(),  # keeps settings not shown
                       organisation_address=self.org_address.toPlainText(), organisation_logo=self.logo.text(),
                       evidence_dir=self.evidence.text(), bank_holiday_region=self.region.currentData(),
                       organisation_phone=self.org_phone.text(), organisation_email=self.org_email.text(),
                       landlord_kind=self.landlord.currentData())

    def save(self) -> None:
        """Save everything that changed; on a problem, say which setting and keep the dialog open."""
        actor = self.services.ctx.actor
        try:
            if self.is_admin:
                self.org_service.save(self.org_values())
            if (self.my_name.text().strip(), self.my_initials.text().strip().upper()) != (actor.full_name,
                                                                                          actor.initials):
                self.org_service.set_my_details(self.my_name.text(), self.my_initials.text())
        except ASBError as exc:
            self.problem.setText(f"Not saved. {exc}")
            self.problem.show()
            return
        url = self.database.text().strip()
        if url and url != self.database_url and self._remember is not None:
            self._remember(url)
        self.prefs.dark = self.dark.isChecked()
        self.accept()


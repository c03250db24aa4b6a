"""Step 4: the property and tenancy; a supported-housing scheme sends the case to its officer first (2024 5.4)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QLineEdit, QWidget

from ...domain.enums import PartyRole, RentPeriod, Role, TenancyType
from ...services.admin.users import UserInfo
from ...services.kernel.inputs import PropertyInput
from .base import Collector, ReportPage, hint, named, text_of


class PropertyPage(ReportPage):
    def __init__(self, users: list[UserInfo]) -> None:
        super().__init__()
        self.setTitle("Property and tenancy")
        self.setSubTitle("Where it is happening, and whose tenancy it is. Leave blank if not one of ours.")
        self.address = named(QLineEdit(), "Property address", "property.address")
        self.postcode = named(QLineEdit(), "Property postcode", "property.postcode")
        self.landlord_ref = named(QLineEdit(), "Our property or tenancy reference", "property.landlord_ref")
        self.scheme = named(QLineEdit(), "Supported-housing scheme name", "property.scheme_name")
        self.scheme.setPlaceholderText("Only for supported housing, e.g. Riverside Extra Care")
        self.scheme_officer = named(QComboBox(), "Scheme officer", "property.scheme_officer")
        self.scheme_officer.addItem("Not recorded", None)
        for u in users:
            if Role.SCHEME_OFFICER.value in u.roles and u.active:
                self.scheme_officer.addItem(u.full_name, u.username)
        self.tenancy = named(QComboBox(), "Tenancy type", "property.tenancy_type")
        self.tenancy.addItem("Not known", None)
        for t in TenancyType:
            self.tenancy.addItem(t.label, t.value)
        self.rent_period = named(QComboBox(), "Rent period", "property.rent_period")
        self.rent_period.addItem("Not recorded", None)
        for r in RentPeriod:
            self.rent_period.addItem(r.label, r.value)
        self.start_known = named(QCheckBox("Start date known"), "Tenancy start date known", "property.start_known")
        self.start = named(QDateEdit(QDate.currentDate()), "Tenancy start date", "property.tenancy_start")
        self.start.setDisplayFormat("dd/MM/yyyy")
        self.start.setCalendarPopup(True)
        self.start.setEnabled(False)
        self.start_known.toggled.connect(self.start.setEnabled)
        self.tenant = named(QComboBox(), "Whose tenancy it is", "property.tenant_role")
        self.tenant.addItem("The alleged perpetrator's", PartyRole.ALLEGED_PERPETRATOR.value)
        self.tenant.addItem("The complainant's", PartyRole.COMPLAINANT.value)
        form = QFormLayout(self)
        form.addRow("Address", self.address)
        form.addRow("Postcode", self.postcode)
        form.addRow("Our reference", self.landlord_ref)
        form.addRow("Scheme", self.scheme)
        form.addRow("Scheme officer", self.scheme_officer)
        form.addRow(hint("Reports in a supported-housing scheme go first to the scheme's officer (2024 5.4)."))
        form.addRow("Tenancy type", self.tenancy)
        form.addRow(self.start_known, self.start)
        form.addRow("Rent period", self.rent_period)
        form.addRow("Tenant", self.tenant)
        form.addRow(hint("The tenancy type decides which notice applies if legal action is ever needed (14.3)."))
        form.addRow(hint("With the start date, the rent period gives the date a notice to quit could end the "
                         "tenancy, which some notices must not name a date before."))
        self.watch(self.address, self.postcode, self.landlord_ref, self.scheme, self.scheme_officer, self.tenancy,
                   self.start_known, self.start, self.rent_period, self.tenant)

    def contribute(self, collector: Collector) -> None:
        typed = [text_of(w) for w in (self.address, self.postcode, self.landlord_ref, self.scheme)]
        if not any(typed) and self.scheme_officer.currentData() is None and self.tenancy.currentData() is None:
            return
        collector.report.property = PropertyInput(
            address=typed[0], postcode=typed[1], landlord_ref=typed[2], scheme_name=typed[3] or None,
            scheme_officer=self.scheme_officer.currentData(), tenancy_type=self.tenancy.currentData(),
            tenancy_start=self.start.date().toPython() if self.start_known.isChecked() else None,
            rent_period=self.rent_period.currentData(), tenant_role=self.tenant.currentData())

    def widget_for(self, field: str) -> QWidget | None:
        return {"property.address": self.address, "property.tenancy_type": self.tenancy,
                "property.scheme_officer": self.scheme_officer, "property.tenancy_start": self.start,
                "property.rent_period": self.rent_period}.get(field)

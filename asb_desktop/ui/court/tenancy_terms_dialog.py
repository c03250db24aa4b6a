"""Correcting the rent period and start date of the tenancy a case's notices rely on: the dates a notice names
are worked out from them. Saved off the GUI thread through ``tenancy_terms.set_tenancy_terms`` with the
version the officer read; a refusal (a stale version, a start after the tenancy ended) leaves what was chosen
in place. It knows nothing of the page that opens it: it is given what to call back once saved."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QWidget

from ...domain.enums import RentPeriod
from ...services.kernel.errors import Conflict
from ..widgets.fields import date_edit, named, to_date
from ..widgets.form_dialog import FormDialog
from ..workers import RUNNER, report_failure

if TYPE_CHECKING:
    from ...services import Services
    from ...services.casework.tenancy_terms import TenancyRead


class TenancyTermsDialog(FormDialog):
    def __init__(self, parent: QWidget, services: Services, tenancy: TenancyRead,
                 on_saved: Callable[[TenancyRead | None], None]) -> None:
        super().__init__(parent, "Change tenancy terms", self._save_terms, "Save terms")
        self.services, self.tenancy, self.on_saved = services, tenancy, on_saved
        self.busy = False
        self.note(f"The {html.escape(tenancy.tenancy_type_label.lower())} tenancy of "
                  f"<b>{html.escape(tenancy.tenant)}</b> at {html.escape(tenancy.address)}.", "Whose tenancy")
        self.rent_period = self.row("Rent period", named(QComboBox(), "Rent period",
                                                         "How often rent falls due; the periods run from the start date"))
        self.rent_period.addItem("Not recorded", None)
        for r in RentPeriod:
            self.rent_period.addItem(r.label, r.value)
        self.rent_period.setCurrentIndex(max(self.rent_period.findData(tenancy.rent_period), 0))
        self.start_known = self.row("", named(QCheckBox("Start date recorded"), "Tenancy start date recorded"))
        self.start = self.row("Start date", date_edit("Tenancy start date", tenancy.start or services.ctx.now().date()))
        self.start_known.setChecked(tenancy.start is not None)
        self.start_known.setEnabled(tenancy.start is None)  # a recorded start can be corrected, not removed
        self.start.setEnabled(tenancy.start is not None)
        self.start_known.toggled.connect(self.start.setEnabled)
        self.note("With the start date, the rent period gives the exact date a notice to quit could end the tenancy, "
                  "which the notices name. The change is recorded in the audit trail.", "About the tenancy terms")

    def chosen_start(self) -> date | None:
        return to_date(self.start) if self.start_known.isChecked() else None

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ok_button.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy:  # not closed under a running save
            super().reject()

    def _save_terms(self, _dialog: FormDialog) -> bool:
        """Start the save off the GUI thread; the dialog closes once it is saved (returns False: not yet)."""
        if self.busy:
            return False
        terms, uid, version = self.services.tenancy_terms, self.tenancy.uid, self.tenancy.version
        period, start = self.rent_period.currentData(), self.chosen_start()
        self.set_busy(True)

        def done(saved: TenancyRead) -> None:
            self.set_busy(False)
            self.on_saved(saved)
            QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            self.set_busy(False)
            if not isinstance(exc, Conflict):
                report_failure(self, exc)  # kept open with what was chosen
                return
            report_failure(self.parentWidget(), exc)  # someone else changed it: what is shown is stale
            self.on_saved(None)
            QDialog.reject(self)

        RUNNER.start(self, lambda _control: terms.set_tenancy_terms(uid, rent_period=period, start=start,
                                                                    version=version), done, failed,
                     lambda: self.set_busy(False))
        return False

"""Tenant Satisfaction Measures on the Reports page: NM01 for a reporting year (both parts, per 1,000
homes, with every case received in the year and why it counts or not) and the TP12 answers recorded at
closure, by officer, category and outcome. Exported as CSV in the layout a landlord publishes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role, Satisfaction
from ...domain.tsm import year_label
from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.messages import show_error, show_message
from .table_fill import fill_table, read_only_table


def current_year(month: int, year: int) -> int:
    """The reporting year (1 April - 31 March) a day in ``month`` of ``year`` falls in."""
    return year if month >= 4 else year - 1


class TsmTab(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        now = services.ctx.now()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(current_year(now.month, now.year))
        self.year.setAccessibleName("Reporting year (the year it starts in)")
        self.year.valueChanged.connect(lambda _v: self.load())
        self.year_text = QLabel()
        self.homes = QSpinBox()
        self.homes.setRange(0, 10_000_000)
        self.homes.setGroupSeparatorShown(True)
        self.homes.setSpecialValueText("not set")
        self.homes.setAccessibleName("Homes owned at the end of the reporting year")
        self.save_homes = QPushButton("Save homes owned")
        self.save_homes.clicked.connect(self.store_homes)
        allowed = services.ctx.actor.roles & {Role.MANAGER, Role.ADMINISTRATOR}
        for w in (self.homes, self.save_homes):
            w.setEnabled(bool(allowed))
            w.setToolTip("" if allowed else "A manager or administrator sets the number of homes owned.")
        self.export = QPushButton("Export NM01 as CSV…")
        self.export.clicked.connect(self.choose_and_export)
        self.summary = read_only_table("NM01: ASB cases per 1,000 homes")
        self.cases = read_only_table("NM01: the cases received in the year and why each counts")
        self.tp12 = read_only_table("TP12: satisfaction recorded at closure")
        form = QFormLayout()
        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(self.year_text, 1)
        form.addRow("&Reporting year", year_row)
        homes_row = QHBoxLayout()
        homes_row.addWidget(self.homes)
        homes_row.addWidget(self.save_homes)
        homes_row.addStretch(1)
        homes_row.addWidget(self.export)
        form.addRow("&Homes owned", homes_row)
        form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.year)  # type: ignore[union-attr]
        form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.homes)  # type: ignore[union-attr]
        split = QSplitter()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary, 1)
        column.addWidget(QLabel("TP12 answers on cases closed in the year (never asked of an anonymous "
                                "complainant):"))
        column.addWidget(self.tp12, 2)
        split.addWidget(left)
        split.addWidget(self.cases)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)

    def load(self) -> None:
        year = self.year.value()
        try:
            report = self.services.tsm.nm01(year)
            tp12 = self.services.tsm.tp12(year)
        except ASBError as exc:
            show_error(self, exc)
            return
        self.year_text.setText(f"{year_label(year)}: 1 April {year} to 31 March {year + 1}")
        self.homes.blockSignals(True)
        self.homes.setValue(report.homes or 0)
        self.homes.blockSignals(False)
        def rate(value: Decimal | None) -> str:
            return "set the homes owned" if value is None else str(value)

        fill_table(self.summary, ["Measure", "Cases", "Per 1,000 homes"], [
            ["NM01(1) ASB cases opened", report.cases, rate(report.per_thousand)],
            ["NM01(2) ASB cases involving hate incidents", report.hate_cases, rate(report.hate_per_thousand)]])
        fill_table(self.cases, ["Case", "Received", "Counted", "Hate", "Why"], [
            [line.reference, f"{line.received_at.day:02d}/{line.received_at.month:02d}/{line.received_at.year}",
             "yes" if line.counted else "no", "yes" if line.hate else "no", line.reason] for line in report.lines])
        scale = list(Satisfaction)
        fill_table(self.tp12, ["By", "Group", "Responses", *[s.label for s in scale], "% satisfied"], [
            [r.by, r.group, r.responses, *[r.answers.get(s.value, 0) for s in scale],
             "" if r.percent_satisfied is None else f"{r.percent_satisfied}%"] for r in tp12])

    def store_homes(self) -> None:
        if self.homes.value() <= 0:
            show_message(self, "Homes owned: give the number of homes owned at the end of the year (above 0).")
            return
        try:
            self.services.tsm.set_homes(self.year.value(), self.homes.value())
        except ASBError as exc:
            show_error(self, exc)
            return
        self.load()

    def choose_and_export(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export NM01", f"tsm-nm01-{self.year.value()}.csv",
                                                    "CSV files (*.csv)")
            if not chosen:
                return
            path = Path(chosen)
        try:
            n = self.services.tsm.export_csv(self.year.value(), path)
        except ASBError as exc:
            show_error(self, exc)
            return
        show_message(self, f"Saved NM01 for {year_label(self.year.value())} with {n} cases to {path}.")

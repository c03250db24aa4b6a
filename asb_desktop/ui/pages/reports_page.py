"""Reports for team leaders: open cases by officer and risk band, response-time compliance by month,
cases by category. Each as a chart and a table, exportable as CSV. Built on first view, so the
charts module costs nothing at start-up."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...services import Services
from ...services.casework.reports import REPORTS, ComplianceRow, OfficerBandRow
from ...services.kernel.errors import ASBError
from ..theme import CHART_BACKGROUND, CHART_COLOURS, is_dark
from ..widgets.messages import show_error, show_message
from .table_fill import fill_table, read_only_table

if TYPE_CHECKING:
    from .tsm_tab import TsmTab

# Colour-blind-safe hues (theme.CHART_COLOURS); every series is also named in the legend and the table.


def chart_view(title: str, categories: Sequence[str], series: Sequence[tuple[str, list[int]]], dark: bool,
               horizontal: bool = False) -> QWidget:
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSet,
        QChart,
        QChartView,
        QHorizontalStackedBarSeries,
        QStackedBarSeries,
        QValueAxis,
    )

    colours = CHART_COLOURS[dark]
    bars = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
    for (name, values), colour in zip(series, colours, strict=False):
        bar = QBarSet(name)
        bar.append([float(v) for v in values])
        bar.setColor(QColor(colour))
        bars.append(bar)
    chart = QChart()
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    for bar, colour in zip(bars.barSets(), colours, strict=False):
        bar.setColor(QColor(colour))  # the theme resets colours
    chart.setBackgroundBrush(QColor(CHART_BACKGROUND[dark]))
    chart.addSeries(bars)
    chart.setTitle(title)
    labels, values = QBarCategoryAxis(), QValueAxis()
    labels.append(list(categories))
    labels.setTruncateLabels(False)
    values.setLabelFormat("%d")
    chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(labels)
    bars.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(f"Chart: {title}")
    view.setMinimumHeight(300)
    return view


def shaped(name: str, rows: list[Any]) -> tuple[list[str], list[tuple[str, list[int]]], list[str], list[list[Any]]]:
    """Chart categories and series, and table headers and rows, for one report."""
    if name == "open_by_officer":
        r: list[OfficerBandRow] = rows
        series = [("Standard", [x.standard for x in r]), ("Medium", [x.medium for x in r]),
                  ("High", [x.high for x in r]), ("Not yet assessed", [x.not_assessed for x in r])]
        return ([x.officer for x in r], series, ["Officer", "Standard", "Medium", "High", "Not yet assessed", "Total"],
                [[x.officer, x.standard, x.medium, x.high, x.not_assessed, x.total] for x in r])
    if name == "response_compliance":
        c: list[ComplianceRow] = rows
        series = [("On time", [x.on_time for x in c]), ("Late", [x.late for x in c]),
                  ("Not yet due", [x.pending for x in c])]
        return ([x.month for x in c], series, ["Month received", "On time", "Late", "Not yet due", "% on time"],
                [[x.month, x.on_time, x.late, x.pending, "" if x.percent_on_time is None else f"{x.percent_on_time}%"]
                 for x in c])
    if name == "noise_and_case_reviews":
        return ([x.measure for x in rows], [("Cases", [x.cases for x in rows])], ["Measure", "Cases"],
                [[x.measure, x.cases] for x in rows])
    series = [("Open", [x.open for x in rows]), ("Closed", [x.closed for x in rows])]
    return ([x.category for x in rows], series, ["Category", "Open", "Closed", "Total"],
            [[x.category, x.open, x.closed, x.total] for x in rows])


class ReportTab(QWidget):
    def __init__(self, services: Services, name: str) -> None:
        super().__init__()
        self.services, self.name = services, name
        self.rows: list[Any] = []
        self.table = read_only_table(f"Table: {REPORTS[name]}")
        self.export = QPushButton("Export as CSV…")
        self.export.setAccessibleName(f"Export {REPORTS[name]} as CSV")
        self.export.clicked.connect(self.choose_and_export)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(f"About {REPORTS[name]}")
        self.chart_box = QWidget()
        self.chart_box.setLayout(QVBoxLayout())
        self.chart_box.layout().setContentsMargins(0, 0, 0, 0)
        self.chart: QWidget | None = None
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart_box)
        self.splitter.addWidget(self.table)
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter)

    def load(self) -> None:
        self.rows = self.services.reports.run(self.name)
        categories, series, headers, table_rows = shaped(self.name, self.rows)
        fill_table(self.table, headers, table_rows)
        if self.chart is not None:
            self.chart.deleteLater()
        self.chart = chart_view(REPORTS[self.name], categories, series, is_dark(),
                                horizontal=self.name != "response_compliance")
        self.chart_box.layout().addWidget(self.chart)
        self.note.setText("Counts only the cases you are allowed to see. " + {
            "open_by_officer": "Risk band from the full risk assessment (Appendix 1).",
            "response_compliance": "First response against the 1 or 3 working day deadline (5.3, 6.2), by the "
                                   "month the report was received; late includes deadlines passed with no response.",
            "by_category": "A case with two categories counts in both.",
            "noise_and_case_reviews": "Noise reports by the noise triage's track (Risk tab, forms/noise_triage.toml), "
                                      "and cases whose report met the ASB case review threshold "
                                      "(forms/case_review.toml)."}[self.name])

    def export_to(self, path: Path) -> int:
        return self.services.reports.export_csv(self.name, path)

    def choose_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export report", f"{self.name}.csv", "CSV files (*.csv)")
        if not path:
            return
        try:
            n = self.export_to(Path(path))
        except ASBError as exc:
            show_error(self, exc)
            return
        show_message(self, f"Saved {n} rows to {path}.")


class ReportsPage(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Reports")
        self.reports = {name: ReportTab(services, name) for name in REPORTS}
        for name, tab in self.reports.items():
            self.tabs.addTab(tab, REPORTS[name])
        self.tsm: TsmTab | None = None  # Tenant Satisfaction Measures: organisation-wide, team leaders and above
        if services.ctx.actor.roles & {Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR}:
            from .tsm_tab import TsmTab

            self.tsm = TsmTab(services)
            self.tabs.addTab(self.tsm, "Tenant Satisfaction Measures")
        refresh = QPushButton("Refresh")
        refresh.setAccessibleName("Refresh the reports")
        refresh.clicked.connect(self.load)
        layout = QVBoxLayout(self)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.tabs)
        self.loaded = False

    def load(self) -> None:
        for tab in self.reports.values():
            tab.load()
        if self.tsm is not None:
            self.tsm.load()
        self.loaded = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if not self.loaded:
            self.load()
        super().showEvent(event)

"""Person, search, reports and case-list pages; settings, sign-in, theme and window layout. Offscreen,
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.services.kernel.org_settings import OrgSettingsService
from asb_desktop.ui.dialogs.login_dialog import LoginDialog
from asb_desktop.ui.dialogs.settings_dialog import SettingsDialog
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.pages.cases_page import CasesPage
from asb_desktop.ui.pages.person_page import PersonPage
from asb_desktop.ui.pages.reports_page import ReportsPage
from asb_desktop.ui.pages.search_page import SearchPage
from asb_desktop.ui.settings import UiSettings
from asb_desktop.ui.theme import apply_theme, contrast, dark_palette


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> None:
    """QSettings go to a temporary folder, never the user's real preferences."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


def log(svc: Services, surname: str, officer: str | None = None, received: str = "2026-11-20 10:00") -> str:
    return svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": received, "categories": ["Noise"], "assign_to": officer,
        "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": surname}}]})).reference


@pytest.fixture
def svc(ctx: Context) -> Services:
    s = Services(ctx)
    s.users.add("olu", "Olu Officer", ["officer"])
    return s


def unnamed_controls(root: QWidget) -> list[str]:
    bad = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit | QComboBox) and isinstance(w.parent(), QComboBox | QAbstractSpinBox):
            continue  # a combo's, spin box's or date box's own inner line edit (the box itself is named)
        if isinstance(w, QLineEdit | QComboBox) and not w.accessibleName():
            bad.append(f"{type(w).__name__} {w.objectName()} {getattr(w, 'placeholderText', lambda: '')()}")
        if isinstance(w, QAbstractButton) and isinstance(w.parent(), QAbstractItemView | QTabBar):
            continue  # a table's corner button or a tab's close button: Qt names these itself
        if isinstance(w, QAbstractButton) and not (w.accessibleName() or w.text()) and w.isVisibleTo(root):
            bad.append(f"{type(w).__name__} {w.objectName()}")
    return bad


def test_main_window_new_report_opens_case_and_every_control_is_named(qtbot: QtBot, svc: Services) -> None:
    window = MainWindow(svc)
    qtbot.addWidget(window)
    window.show()
    assert window.new_report_action.shortcut().toString() == "Ctrl+N"
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert {"Search", "People", "Reports"} <= set(labels)
    window.new_report_action.trigger()
    wiz = window.wizard
    wiz.people.perpetrator.edits["surname"].setText("Marsh")
    wiz.accept()
    assert wiz.opened is not None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.case_tabs, timeout=3000)
    assert wiz.opened.reference in window.case_tabs.tabText(window.case_tabs.currentIndex())
    assert unnamed_controls(window) == []
    assert unnamed_controls(wiz) == []


def test_case_list_filters_sort_and_search_off_thread(qtbot: QtBot, svc: Services) -> None:
    a = log(svc, "Marsh", "olu", "2026-11-02 09:00")
    log(svc, "Hill", None, "2026-11-10 09:00")
    svc.risk.assess(a, {"violence": True, "self_harm": True})
    page = CasesPage(svc)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    page.filters["risk_band"].setCurrentIndex(page.filters["risk_band"].findData("high"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.row(0).reference == a and page.model.data(page.model.index(0, 4)) == "High"
    page.filters["risk_band"].setCurrentIndex(0)
    page.filters["officer"].setCurrentIndex(page.filters["officer"].findData("Olu Officer"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    page.filters["officer"].setCurrentIndex(0)
    qtbot.keyClicks(page.search, "Hill")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.row(0).perpetrator == "Dean Hill",
                    timeout=3000)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.table.sortByColumn(8, page.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    assert page.model.row(0).reference == a  # opened earliest first


def test_person_page_history_and_open(qtbot: QtBot, svc: Services) -> None:
    first = log(svc, "Marsh")
    page = PersonPage(svc)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.search, "Marsh")
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=3000)
    page.results.setCurrentCell(0, 0)
    assert "alleged perpetrator in 1 case" in page.heading.text()
    assert page.cases.item(0, 0).text() == first
    with qtbot.waitSignal(page.open_requested) as sig:
        page.cases.cellActivated.emit(0, 0)
    assert sig.args == [first]


def test_a_persons_history_is_audited_once_per_choice_never_by_a_search(qtbot: QtBot, svc: Services) -> None:
    log(svc, "Marsh")
    log(svc, "Marshall")
    page = PersonPage(svc)
    qtbot.addWidget(page)

    def views() -> list[str]:
        return [e.summary for e in svc.queries.audit_trail(limit=1000) if e.entity == "person"]

    page.search.setText("Marsh")
    page.find()
    page.results.setCurrentCell(1, 0)  # the second person found
    assert len(views()) == 1 and page.results.rowCount() == 2
    page.results.setCurrentCell(1, 2)  # another cell of the same person's row opens nothing again
    page.find()  # nor does the list of people found being filled again
    assert len(views()) == 1
    page.results.setCurrentCell(0, 0)
    assert len(views()) == 2 and views()[0] != views()[1]


def test_search_page_finds_across_cases(qtbot: QtBot, svc: Services) -> None:
    ref = log(svc, "Okonkwo")
    log(svc, "Hill")
    page = SearchPage(svc)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.query, "okonk")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.row(0).reference == ref and "1 case found" in page.count.text()


def test_reports_page_matches_data_and_exports_csv(qtbot: QtBot, svc: Services, tmp_path: Path) -> None:
    a = log(svc, "Marsh", "olu")
    log(svc, "Hill", "olu")
    svc.risk.assess(a, {"violence": True, "self_harm": True})
    page = ReportsPage(svc)
    qtbot.addWidget(page)
    page.show()
    assert page.loaded
    officers = page.reports["open_by_officer"].table
    row = [officers.item(0, c).text() for c in range(officers.columnCount())]
    assert row == ["Olu Officer", "0", "0", "1", "1", "2"]
    assert page.reports["by_category"].table.item(0, 0).text() == "Noise"
    assert page.reports["response_compliance"].table.item(0, 0).text() == "2026-11"
    out = tmp_path / "cat.csv"
    assert page.reports["by_category"].export_to(out) == 1
    assert list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[1] == ["Noise", "2", "0", "2"]
    chart = page.reports["open_by_officer"].chart
    assert chart.accessibleName() == "Chart: Open cases by officer and risk band"
    assert [s.label() for s in chart.chart().series()[0].barSets()] == ["Standard", "Medium", "High",
                                                                         "Not yet assessed"]


def test_settings_from_the_window_changes_the_database_only_when_the_app_says_how_to_keep_it(
        qtbot: QtBot, svc: Services, tmp_path: Path) -> None:
    remembered: list[str] = []
    for window in (MainWindow(svc, remembered.append), MainWindow(svc)):
        qtbot.addWidget(window)
        window.open_settings()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None
        dialog.database.setText(str(tmp_path / "other.sqlite"))
        dialog.save()
        dialog.close()
    assert remembered == [str(tmp_path / "other.sqlite")]  # the second window could not change it
    assert window.findChild(SettingsDialog).database.isReadOnly()


def test_settings_dialog_saves_and_tests_connection(qtbot: QtBot, svc: Services, db_url: str,
                                                    tmp_path: Path) -> None:
    remembered: list[str] = []
    dialog = SettingsDialog(svc, db_url, remembered.append, UiSettings())
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    dialog.org_name.setText("Riverside Homes")
    dialog.logo.setText(str(tmp_path / "missing.png"))
    dialog.save()
    assert "logo" in dialog.problem.text() and dialog.result() == 0  # kept open, nothing lost
    assert dialog.org_name.text() == "Riverside Homes"
    dialog.logo.clear()
    dialog.org_email.setText("asb at riverside")
    dialog.save()
    assert "e-mail" in dialog.problem.text() and dialog.result() == 0
    dialog.org_email.setText("asb@riverside.example")
    dialog.org_phone.setText("0113 496 0000")
    dialog.my_initials.setText("RT")
    dialog.region.setCurrentIndex(dialog.region.findData("WLS"))
    assert dialog.landlord.currentData() == "private_registered_provider"  # a housing association unless told
    dialog.landlord.setCurrentIndex(dialog.landlord.findData("local_housing_authority"))
    dialog.dark.setChecked(True)
    dialog.database.setText(str(tmp_path / "other.sqlite"))
    dialog.test_connection()
    qtbot.waitUntil(lambda: "Connected to SQLite" in dialog.test_result.text(), timeout=5000)
    dialog.database.setText("postgresql://nobody@127.0.0.1:1/none")
    dialog.test_connection()
    qtbot.waitUntil(lambda: "Could not connect" in dialog.test_result.text(), timeout=10000)
    dialog.database.setText(str(tmp_path / "other.sqlite"))
    dialog.save()
    assert dialog.result() == 1
    saved = OrgSettingsService(svc.ctx).get()
    assert (saved.organisation_name, saved.bank_holiday_region) == ("Riverside Homes", "WLS")
    assert saved.landlord_kind == "local_housing_authority"
    assert (saved.organisation_phone, saved.organisation_email) == ("0113 496 0000", "asb@riverside.example")
    assert sign_in(svc.ctx.engine).initials == "RT"
    assert remembered == [str(tmp_path / "other.sqlite")]
    assert UiSettings().dark is True  # a new QSettings object reads it back


def test_window_layout_and_theme_remembered(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setGeometry(40, 50, 700, 500)
    prefs = UiSettings()
    assert not prefs.restore_window(window)
    prefs.save_window(window)
    other = QMainWindow()
    qtbot.addWidget(other)
    assert UiSettings().restore_window(other)
    assert (other.width(), other.height()) == (700, 500)


def test_the_window_fits_a_1366_by_768_laptop_above_its_taskbar() -> None:
    from PySide6.QtCore import QSize

    from asb_desktop.ui.main_window import TITLE_BAR, first_size

    width, height = first_size(QSize(1366, 768 - 40))  # a 40-pixel taskbar
    assert width <= 1366 and height + TITLE_BAR <= 728
    assert first_size(QSize(1920, 1040)) == (1200, 760)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_status_and_chart_colour_meets_wcag_aa_in_both_themes(dark: bool) -> None:
    """Overdue, high risk, warnings and chart bars read at 4.5:1 on what they are drawn on, in each theme
    (the light theme is measured on Fusion's standard palette, the dark one on ours)."""
    from PySide6.QtWidgets import QStyleFactory

    from asb_desktop.ui.theme import CHART_BACKGROUND, CHART_COLOURS, STATUS, status_colour

    R = QPalette.ColorRole
    p = dark_palette() if dark else QStyleFactory.create("Fusion").standardPalette()
    for kind in STATUS:
        for bg in (R.Base, R.Window, R.AlternateBase):
            ratio = contrast(status_colour(kind, dark), p.color(bg))
            assert ratio >= 4.5, f"{kind} on {bg.name}: {ratio:.2f}"
    for colour in CHART_COLOURS[dark]:
        ratio = contrast(QColor(colour), QColor(CHART_BACKGROUND[dark]))
        assert ratio >= 4.5, f"chart {colour}: {ratio:.2f}"
    if dark:
        assert contrast(QColor("#b00020"), p.color(R.Base)) < 4.5  # the old overdue red: the test can fail


def test_dark_palette_stays_legible(qapp: QApplication) -> None:
    p = dark_palette()
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    for fg, bg in ((R.Text, R.Base), (R.WindowText, R.Window), (R.ButtonText, R.Button),
                   (R.HighlightedText, R.Highlight), (R.Link, R.Base), (R.ToolTipText, R.ToolTipBase)):
        assert contrast(p.color(fg), p.color(bg)) >= 4.5, (fg, bg)
    assert contrast(p.color(G.Disabled, R.Text), p.color(R.Base)) >= 4.5
    app = QApplication.instance()
    apply_theme(app, True)
    assert app.palette().color(R.Window).name() == "#202124"
    apply_theme(app, False)
    assert app.palette().color(R.Window).name() != "#202124"


def test_login_refuses_wrong_password(qtbot: QtBot, svc: Services) -> None:
    svc.users.add("admin2", "Ada Admin", ["administrator", "team_leader"], password="correct horse")
    svc.users.set_team_mode(True)
    dialog = LoginDialog(svc.ctx.engine, "admin2")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong password")
    dialog.try_sign_in()
    assert dialog.actor is None and dialog.message.text() == "The user name or password is not right."
    assert dialog.password.text() == ""
    dialog.username.setText("")
    dialog.try_sign_in()
    assert dialog.message.text() == "Type your user name."
    dialog.username.setText("admin2")
    dialog.password.setText("correct horse")
    dialog.try_sign_in()
    assert dialog.actor is not None and dialog.actor.username == "admin2" and dialog.result() == 1


def test_screenshots_on_a_real_x_server(tmp_path: Path) -> None:
    """tools/screenshots.py under Xvfb: the real xcb window, every main page, the wizard and a case."""
    import os
    import subprocess
    import sys

    from PIL import Image

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    proc = subprocess.run(["xvfb-run", "-a", sys.executable, str(root / "tools" / "screenshots.py"), "--out",
                           str(tmp_path), "--cases", "60"], env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "platform: xcb" in proc.stdout
    names = {p.name for p in tmp_path.glob("*.png")}
    assert names == {"today.png", "my-cases.png", "team-cases.png", "due.png", "search.png", "people.png", "reports.png",
                     "wizard-report.png", "wizard-people.png", "wizard-triage.png", "case-workspace.png",
                     "case-evidence.png", "court-bundle.png", "documents-tab.png", "witness-review.png",
                     "appendix-2.png", "letters.png", "case-people.png", "notices.png", "bundle-preview.png",
                     "witness-leave.png", "witness-signing.png", "review-pack.png", "statement-language.png",
                     "witness-support.png"}
    # dialogs are grabbed at their own size, not the window's; the review pack is an A4 page at 60 dpi
    dialogs = {"letters.png", "appendix-2.png", "bundle-preview.png", "review-pack.png"}
    for name in names:
        with Image.open(tmp_path / name) as image:
            low = (480, 400) if name in dialogs else (1000, 700)
            assert image.width >= low[0] and image.height >= low[1], name
            assert len(image.convert("RGB").getcolors(1 << 20) or []) > 20, f"{name} looks blank"


def test_tenant_satisfaction_measures_tab(qtbot: QtBot, svc: Services, tmp_path: Path, ctx: Context) -> None:
    """Issue 22: NM01 for the reporting year on the Reports page, the homes owned set there, the cases
    behind the count listed, CSV exported; an officer's Reports page has no TSM tab."""
    log(svc, "Marsh", received="2026-10-01 10:00")
    log(svc, "Hill", received="2026-03-01 10:00")  # the year before
    page = ReportsPage(svc)
    qtbot.addWidget(page)
    page.show()
    tsm = page.tsm
    assert tsm is not None and tsm.year.value() == 2026  # 23 November 2026 is in 2026/27
    assert tsm.summary.item(0, 1).text() == "1" and tsm.summary.item(0, 2).text() == "set the homes owned"
    tsm.homes.setValue(2_500)
    qtbot.mouseClick(tsm.save_homes, Qt.MouseButton.LeftButton)
    assert tsm.summary.item(0, 2).text() == "0.40" and tsm.summary.item(1, 1).text() == "0"
    assert tsm.cases.rowCount() == 1 and tsm.cases.item(0, 2).text() == "yes"
    tsm.year.setValue(2025)
    assert tsm.cases.rowCount() == 1 and tsm.cases.item(0, 1).text() == "01/03/2026"
    out = tmp_path / "nm01.csv"
    tsm.choose_and_export(out)
    assert list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[1][:4] == [
        "NM01(1)", "Number of anti-social behaviour cases opened per 1,000 homes", "2025/26", "1"]
    olu = Services(Context(ctx.engine, sign_in(ctx.engine, "olu"), ctx.data_dir, ctx.clock))
    officer_page = ReportsPage(olu)
    qtbot.addWidget(officer_page)
    assert officer_page.tsm is None

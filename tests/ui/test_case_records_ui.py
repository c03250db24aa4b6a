"""The police and safeguarding dialogs on a case, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from support.workspace import settled

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.ui.main_window import MainWindow


def _summary(qtbot: QtBot, ctx: Context):  # noqa: ANN202
    ref = Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-10-01 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}],
    })).reference
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    window.show()
    return window.case_tabs.open_case(ref).page("Summary")


def test_police_and_safeguarding_dialogs_save_to_the_timeline(qtbot: QtBot, ctx: Context) -> None:
    tab = _summary(qtbot, ctx)
    tab.police_advice()
    dialog = tab.dialog
    dialog.by.setText("PC Ahmed")
    dialog.reference.setText("WY-1234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    tab.police_report()
    dialog = tab.dialog
    dialog.manager.setText("Siobhan")
    dialog.guidance.setPlainText("Report the threats as harassment")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    tab.safeguarding()
    dialog = tab.dialog
    dialog.manager.setText("Siobhan")
    dialog.outcome.setPlainText("Referral to adult social care")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    texts = [e.text for e in tab.ws.detail.timeline]
    assert any("PC Ahmed (police reference WY-1234)" in t for t in texts)
    assert any("guidance from Siobhan" in t for t in texts)
    assert any("discussed with Siobhan: Referral" in t for t in texts)


def _messages(window: QWidget) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_partner_share_dialog_refuses_without_a_protocol_and_records_under_one(qtbot: QtBot, ctx: Context) -> None:
    tab = _summary(qtbot, ctx)
    window = tab.window()
    tab.partner_share()
    dialog = tab.dialog
    dialog.partner.setEditText("Leeds City Council")
    assert "No information-sharing protocol is recorded with Leeds City Council" in dialog.protocol.text()
    dialog.what.setPlainText("Incident log")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, tab.ws)
    qtbot.waitUntil(lambda: any("no information-sharing protocol recorded with Leeds City Council" in t
                                for t in _messages(window)))
    assert dialog.isVisible()  # what the officer typed stays in place
    assert Services(ctx).records.records(tab.ws.reference).information_shares == ()
    for box in window.findChildren(QMessageBox):
        box.close()
    dialog.reject()

    Services(ctx).partners.add_protocol("Leeds City Council", "ISP-2025-07", "2025-07-01")
    tab.partner_share()
    dialog = tab.dialog
    assert dialog.partner.currentText() == "Leeds City Council"
    assert "ISP-2025-07, agreed 01/07/2025" in dialog.protocol.text()
    dialog.what.setPlainText("Incident log")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    settled(qtbot, tab.ws)
    texts = [e.text for e in tab.ws.detail.timeline]
    assert "Information shared with Leeds City Council under protocol ISP-2025-07: Incident log" in texts

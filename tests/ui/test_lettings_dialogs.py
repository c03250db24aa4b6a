"""The pre-tenancy assessment window (People page), the colleague review group and publicity windows:
a refusal stays in the window in plain English; a save reaches the services. Offscreen."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import Case
from asb_desktop.ui.lettings.dialogs import PreTenancyDialog, PublicityDialog, ReviewGroupDialog
from asb_desktop.ui.pages.person_page import PersonPage


def _case(ctx: Context) -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
    })).reference


def _as(ctx: Context, username: str, roles: set[Role]) -> Services:
    from integration.case_factory import user

    with ctx.session() as s:
        uid = user(s, username, username.title(), [r.value for r in roles], "XX").id
    return Services(Context(ctx.engine, Actor(uid, username, username.title(), "XX", frozenset(roles)),
                            ctx.data_dir, clock=ctx.now))


def test_pretenancy_from_the_people_page(qtbot: QtBot, ctx: Context) -> None:
    ref = _case(ctx)
    page = PersonPage(_as(ctx, "olu", {Role.OFFICER}))
    qtbot.addWidget(page)
    page.search.setText("Marsh")
    page.find()
    page.show_person(0)
    dialog = page.open_assessment()
    assert isinstance(dialog, PreTenancyDialog) and ref in dialog.history.text()
    dialog.decision.setCurrentIndex(dialog.decision.findData("decline"))
    dialog.reason.setPlainText("Open noise case")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("risks:") and dialog.isVisible()
    dialog.risks.setPlainText("Noise at night")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_uid
    assert Services(ctx).tenancy_checks.assessments()[0].decision == "decline"


def test_review_group_and_publicity_windows(qtbot: QtBot, ctx: Context) -> None:
    ref = _case(ctx)
    with ctx.session() as s:
        case = s.scalar(select(Case).where(Case.reference == ref))
        assert case is not None
        case.restricted = case.employee_involved = True
    leader = _as(ctx, "tess", {Role.TEAM_LEADER})
    dialog = ReviewGroupDialog(None, leader, ref)
    qtbot.addWidget(dialog)
    dialog.met_on.setDate(QDate(2026, 11, 21))
    for i, edit in enumerate(dialog.members.values()):
        edit.setText(f"Member {i}")
    dialog.decision.setCurrentIndex(dialog.decision.findData("not_agreed"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Director of Operations" in dialog.error.text()
    dialog.escalated_to.setText("Dee Director")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [m.escalated_to for m in leader.review_group.list(ref)] == ["Dee Director"]

    pub = PublicityDialog(None, leader, ref)
    qtbot.addWidget(pub)
    assert not pub.banner.isVisibleTo(pub) and "manager must be consulted" in pub.state.text()
    pub.action.setCurrentIndex(pub.action.findData("restrict"))
    pub.detail.setPlainText("Section 45 order")
    qtbot.mouseClick(pub.ok_button, Qt.MouseButton.LeftButton)
    pub = PublicityDialog(None, leader, ref)
    qtbot.addWidget(pub)
    assert pub.banner.text().startswith("REPORTING RESTRICTIONS: Section 45 order")
    pub.action.setCurrentIndex(pub.action.findData("publicise"))
    pub.detail.setPlainText("Press release")
    qtbot.mouseClick(pub.ok_button, Qt.MouseButton.LeftButton)
    assert "reporting restrictions" in pub.error.text()

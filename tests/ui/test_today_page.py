"""Today, the home page: my overdue, due-today and this-week items grouped, task actions from the list,
approvals for team leaders; the navigation counts what needs doing now. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_pages import log, svc  # noqa: F401 - the fixture

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Actor, Context
from asb_desktop.storage.orm import Assessment, Case, User
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.pages.today_page import TodayPage

LATER = datetime(2026, 11, 24, 9, 0)


def _later(ctx: Context, actor: Actor | None = None) -> Services:
    return Services(Context(ctx.engine, actor or ctx.actor, ctx.data_dir, clock=lambda: LATER))


def test_today_groups_my_items_and_a_task_is_dealt_with_from_the_list(
        qtbot: QtBot, ctx: Context, svc: Services) -> None:  # noqa: F811
    ref = log(svc, "Marsh")
    svc.activity.add_task(ref, "Ring the neighbours", datetime(2026, 11, 23, 16, 0))
    svc.activity.add_task(ref, "Visit the block", datetime(2026, 11, 26, 10, 0))
    later = _later(ctx)
    day = later.today.today()
    assert [i.what for i in day.overdue if i.reference == ref] == ["Ring the neighbours"]
    assert "Visit the block" in [i.what for i in day.this_week]
    assert not day.approver and day.approvals == []

    window = MainWindow(later)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.today  # the home page
    assert window.nav.item(0).text() == f"Today ({day.attention})" and day.attention >= 1
    page = window.today
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups[:3] == [f"Overdue ({len(day.overdue)})", f"Due today ({len(day.due_today)})",
                          f"Due this week ({len(day.this_week)})"]
    assert "Approvals" not in " ".join(groups)  # an officer approves nothing
    assert page.select(ref, "Ring the neighbours")
    row = page.tree.currentItem()
    assert row.text(0).startswith("⚠ OVERDUE")  # said in words as well as colour
    assert page.done_button.isEnabled() and page.assign_button.isEnabled()
    with qtbot.waitSignal(page.open_requested) as opened:
        page.tree.itemActivated.emit(row, 0)
    assert opened.args == [ref]
    page.complete_task()
    assert not page.select(ref, "Ring the neighbours")
    assert window.nav.item(0).text() in ("Today", f"Today ({page.day.attention})")
    assert "Ring the neighbours" not in [i.what for i in later.today.today().overdue]

    page.select(ref, "Visit the block")
    page.move_due()
    assert page.dialog is not None and page.dialog.isVisible()
    page.dialog.close()
    page.add_task()
    assert type(page.dialog).__name__ == "AddTaskDialog"
    page.dialog.close()


def test_a_team_leader_sees_approvals_waiting_and_an_officer_does_not(
        qtbot: QtBot, ctx: Context, svc: Services) -> None:  # noqa: F811
    ref = log(svc, "Marsh")
    leader = svc.users.add("tl", "Tess Leader", ["team_leader"])
    with ctx.session() as s:
        case = s.scalar(select(Case).where(Case.reference == ref))
        assert case is not None
        s.add(Assessment(case_id=case.id, kind="peia", answers={}, created_at=datetime(2026, 11, 23, 9, 0),
                         completed_at=datetime(2026, 11, 23, 9, 0),
                         officer_signed_by_id=ctx.actor.id, officer_signed_at=datetime(2026, 11, 23, 9, 30)))
        s.commit()
        tl_id = s.scalar(select(User.id).where(User.username == leader.username))
    tl = Actor(tl_id, "tl", "Tess Leader", "TL", frozenset({Role.TEAM_LEADER}))
    day = _later(ctx, tl).today.today()
    assert day.approver
    assert [(i.reference, i.what) for i in day.approvals] == [(ref, "Appendix 2 to sign off")]
    assert day.attention >= 1
    page = TodayPage(_later(ctx, tl))
    qtbot.addWidget(page)
    assert page.tree.topLevelItem(0).text(0) == "Approvals waiting for you (1)"
    assert page.select(ref, "Appendix 2 to sign off")
    assert not page.done_button.isEnabled()  # not a task: dealt with in the case
    page.open_selected()
    officer_day = _later(ctx).today.today()
    assert officer_day.approvals == [] and not officer_day.approver


def test_the_navigation_counts_the_evidence_inbox(qtbot: QtBot, svc: Services, tmp_path) -> None:  # noqa: ANN001, F811
    note = tmp_path / "note.txt"
    note.write_text("Neighbour's note pushed under the door", encoding="utf-8")
    window = MainWindow(svc)
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Evidence inbox" in labels
    svc.evidence.add_files(None, [note])
    window.today.reload()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Evidence inbox (1)" in labels
    assert window.page("Evidence inbox") is window.stack.currentWidget()  # still found by its name

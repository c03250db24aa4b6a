"""Tasks from the case's Tasks view and from the due list: add, assign, move the due date, complete,
and the conflict message on a stale version. Offscreen, over SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from support.workspace import settled
from test_workspace import messages, open_ws

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.ui.pages.due_page import DuePage


def _colleague(ctx: Context) -> None:
    from integration.case_factory import user

    with ctx.session() as s:
        user(s, "amira.officer", "Amira Khan", ["officer"], "AK")


def _row(view, title: str) -> int:  # noqa: ANN001
    model = view.model()
    return next(r for r in range(model.rowCount()) if model.record(r).title == title)


def test_add_assign_move_and_complete_a_task_from_the_case(qtbot: QtBot, ctx: Context) -> None:
    _colleague(ctx)
    window, ws = open_ws(qtbot, ctx)
    tab = ws.page("Tasks and contacts")
    tab.open_add_task()
    dialog = tab.dialog
    assert dialog.due.minimumDate() == QDate(2026, 11, 23)  # nothing earlier than today can be picked
    dialog.title.setText("Visit the neighbours")
    dialog.due.setDate(QDate(2026, 11, 30))
    dialog.person.setCurrentIndex(dialog.person.findData("amira.officer"))
    dialog.reason.setPlainText("Check who else hears the music")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    task = next(t for t in ws.detail.tasks if t.title == "Visit the neighbours")
    assert task.due_at == datetime(2026, 11, 30, 23, 59) and task.assigned_name == "Amira Khan"
    row = _row(tab.tasks, "Visit the neighbours")
    assert tab.tasks_model.data(tab.tasks_model.index(row, 3)) == "Amira Khan"

    tab.tasks.selectRow(row)
    tab.open_move_due()
    dialog = tab.dialog
    dialog.due.setDate(QDate(2026, 12, 4))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused, dialog stays
    settled(qtbot, ws)
    assert any("reason: say why" in m for m in messages(window)) and dialog.isVisible()
    dialog.reason.setPlainText("Neighbours away until December")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    task = next(t for t in ws.detail.tasks if t.title == "Visit the neighbours")
    assert task.due_at == datetime(2026, 12, 4, 23, 59) and task.version == 2

    tab.tasks.selectRow(_row(tab.tasks, "Visit the neighbours"))
    tab.open_assign_task()
    dialog = tab.dialog
    assert dialog.person.currentData() == "amira.officer"  # the current assignee is preselected
    me = ctx.actor.username
    dialog.person.setCurrentIndex(dialog.person.findData(me))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settled(qtbot, ws)
    task = next(t for t in ws.detail.tasks if t.title == "Visit the neighbours")
    assert task.assigned_name == ctx.actor.full_name

    tab.tasks.selectRow(_row(tab.tasks, "Visit the neighbours"))
    tab.complete_task()
    settled(qtbot, ws)
    assert next(t for t in ws.detail.tasks if t.title == "Visit the neighbours").done_at
    tab.tasks.selectRow(_row(tab.tasks, "Visit the neighbours"))
    tab.complete_task()
    settled(qtbot, ws)
    assert "already done" in tab.status.text()


def test_a_stale_task_is_a_conflict_and_the_case_reloads(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    tab = ws.page("Tasks and contacts")
    task = ws.detail.tasks[0]
    Services(ctx).activity.move_task_due(ws.reference, task.uid, date(2026, 11, 27), "Someone else", 1)
    tab.tasks.selectRow(_row(tab.tasks, task.title))
    tab.complete_task()
    settled(qtbot, ws)
    assert any(m.startswith("Changed by someone else:") and "reload the case" in m for m in messages(window))
    reloaded = next(t for t in ws.detail.tasks if t.uid == task.uid)
    assert reloaded.done_at is None and reloaded.version == 2 and ws.undo_stack.count() == 0
    tab.tasks.selectRow(_row(tab.tasks, task.title))
    tab.complete_task()  # now with the version just loaded
    settled(qtbot, ws)
    assert next(t for t in ws.detail.tasks if t.uid == task.uid).done_at


def test_tasks_from_the_due_list(qtbot: QtBot, ctx: Context) -> None:
    _colleague(ctx)
    window, ws = open_ws(qtbot, ctx)
    Services(ctx).activity.add_task(ws.reference, "Ring the police", date(2026, 11, 24))
    page = DuePage(Services(ctx))
    qtbot.addWidget(page)
    page.table.selectRow(page.row_of(next(i for i in page.items if i.label == "Ring the police")))
    page.move_due()
    page.dialog.due.setDate(QDate(2026, 11, 26))
    page.dialog.reason.setPlainText("PC on rest days")
    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    item = next(i for i in page.items if i.label == "Ring the police")
    assert item.due_at == datetime(2026, 11, 26, 23, 59) and item.task_version == 2
    page.table.selectRow(page.row_of(item))
    page.assign()
    page.dialog.person.setCurrentIndex(page.dialog.person.findData("amira.officer"))
    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert Services(ctx).activity.task(ws.reference, item.task_uid).assigned_to == "amira.officer"
    item = next(i for i in page.items if i.label == "Ring the police")
    page.table.selectRow(page.row_of(item))
    page.complete_task()
    assert all(i.label != "Ring the police" for i in page.items)
    assert Services(ctx).activity.task(ws.reference, item.task_uid).done_at is not None


def test_new_tenant_contact_on_the_due_page(qtbot: QtBot, ctx: Context) -> None:
    """3.1: the contact a new tenancy raises is on the Due page, can be marked made, not moved."""
    window, ws = open_ws(qtbot, ctx)
    svc = Services(ctx)
    person = svc.queries.find_people("Ó'Brien")[0].uid
    contact = svc.tenancy_checks.record_tenancy(person, "1 New Road", "AB1 2CD", "introductory", "2026-10-26")
    assert contact is not None
    page = DuePage(Services(ctx))
    qtbot.addWidget(page)
    row = page.row_of(next(i for i in page.items if i.kind == "new_tenant_contact"))
    assert page.table.item(row, 3).text().startswith("New-tenant contact: ")
    assert page.table.item(row, 2).text() == "" and "3.1" in page.table.item(row, 3).toolTip()
    page.table.selectRow(row)
    page.move_due()
    assert page.dialog is None and any("not moved or assigned" in t for t in messages(page))
    page.complete_task()
    assert not [i for i in page.items if i.kind == "new_tenant_contact"]
    assert svc.tenancy_checks.contacts_due() == []


def test_the_due_list_is_grouped_and_filtered(qtbot: QtBot, ctx: Context) -> None:
    """Issue 20: overdue / due today / this week / later headings, each with its count; filters by whose,
    officer, kind and how far ahead; a heading is not a task."""
    window, ws = open_ws(qtbot, ctx)
    svc = Services(ctx)
    svc.activity.add_task(ws.reference, "Ring the police", date(2026, 11, 23))  # today (23:59)
    svc.activity.add_task(ws.reference, "Visit the school", date(2026, 11, 27))  # this week
    svc.activity.add_task(ws.reference, "Check the CCTV", date(2026, 12, 14))  # later
    page = DuePage(svc)
    qtbot.addWidget(page)
    assert all(i.label != "Check the CCTV" for i in page.items)  # beyond the default 7 days
    page.horizon.setCurrentIndex(page.horizon.findData(30))
    headings = [page.table.item(r, 0).text() for r, i in enumerate(page.rows) if i is None]
    assert [h.split(" (")[0] for h in headings] == [h for h in ("Overdue", "Due today", "Due this week", "Later")
                                                    if any(x.startswith(h) for x in headings)]
    assert any(h.startswith("Due today (") for h in headings) and any(h.startswith("Later (") for h in headings)
    assert page.table.columnSpan(page.rows.index(None), 0) == 4
    later = next(i for i in page.items if i.label == "Check the CCTV")
    above = max(r for r in range(page.row_of(later)) if page.rows[r] is None)
    assert page.table.item(above, 0).text().startswith("Later (")  # it sits under the Later heading
    assert later.officer and page.officer.findData(later.officer) > 0
    page.kind.setCurrentIndex(page.kind.findText("General"))
    general = [i for i in page.all_items if i.kind == "general"]
    assert page.items == general and page.summary.text() == f"{len(general)} items of {len(page.all_items)}"
    page.officer.setCurrentIndex(page.officer.findData(later.officer))
    assert page.items and all(i.officer == later.officer for i in page.items)
    page.table.selectRow(0)  # a heading: nothing to act on
    page.complete_task()
    assert any("Choose a task" in t for t in messages(page))
    page.scope.setCurrentIndex(page.scope.findData(True))  # mine: the officer's own cases
    assert page.kind.currentText() == "General"  # the filter chosen survives a reload

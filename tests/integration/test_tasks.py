"""Tasks on a case: add, assign (only to someone who may work the case), move the due date with a
reason, complete; each change audited and version-checked. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from case_factory import user
from sqlalchemy import select

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import Conflict, PermissionDenied, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Case, Property, Task


def _case(ctx: Context) -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}],
    })).reference


def _colleagues(ctx: Context) -> None:
    with ctx.session() as s:
        user(s, "amira.officer", "Amira Khan", ["officer"], "AK")
        user(s, "tom.leader", "Tom Ó Briain", ["team_leader"], "TOB")
        user(s, "kwame.scheme", "Kwame Asante", ["scheme_officer"], "KA")
        user(s, "ada.admin", "Ada Admin", ["administrator"], "AA")


def _summaries(ctx: Context, ref: str) -> list[str]:
    with ctx.session() as s:
        return list(s.scalars(select(AuditEntry.summary).where(AuditEntry.case_reference == ref,
                                                               AuditEntry.entity == "task")
                              .order_by(AuditEntry.id)))


def test_add_assign_move_and_complete_a_task(ctx: Context) -> None:
    ref = _case(ctx)
    _colleagues(ctx)
    act = Services(ctx).activity
    uid = act.add_task(ref, "Visit the neighbours", date(2026, 11, 30), kind="general", assign_to="amira.officer")
    task = act.task(ref, uid)
    assert (task.title, task.assigned_to, task.due_at, task.version) == (
        "Visit the neighbours", "amira.officer", datetime(2026, 11, 30, 23, 59), 1)
    assert act.task(ref, str(task.id)).uid == uid  # by number too, as the CLI names it
    moved = act.move_task_due(ref, uid, date(2026, 12, 4), "Complainant away until December", task.version)
    assert moved.due_at == datetime(2026, 12, 4, 23, 59) and moved.version == 2
    given = act.assign_task(ref, uid, "tom.leader", moved.version)
    assert given.assigned_name == "Tom Ó Briain" and given.version == 3
    done = act.complete_task(ref, uid, given.version)
    assert done.done_at is not None
    with pytest.raises(ValidationError, match="already completed"):
        act.complete_task(ref, uid)
    with pytest.raises(ValidationError, match="already done"):
        act.move_task_due(ref, uid, date(2026, 12, 5), "later")
    assert _summaries(ctx, ref)[-4:] == [
        "Task added: Visit the neighbours, due 30/11/2026, for Amira Khan",
        "Task 'Visit the neighbours' due date moved from 30/11/2026 to 04/12/2026: Complainant away until December",
        "Task 'Visit the neighbours' assigned to Tom Ó Briain (was Amira Khan)",
        "Task done: Visit the neighbours",
    ]


def test_bad_task_input_names_the_field_and_writes_nothing(ctx: Context) -> None:
    ref = _case(ctx)
    _colleagues(ctx)
    act = Services(ctx).activity
    with ctx.session() as s:
        before = len(list(s.scalars(select(Task))))
    with pytest.raises(ValidationError, match="^due: 22/11/2026 is in the past"):
        act.add_task(ref, "Too late", date(2026, 11, 22))
    with pytest.raises(ValidationError, match="^title"):
        act.add_task(ref, "  ", date(2026, 11, 30))
    with pytest.raises(ValidationError, match="^kind"):
        act.add_task(ref, "Odd", date(2026, 11, 30), kind="party")
    with pytest.raises(ValidationError, match="^assign to: there is no active user called 'nobody'"):
        act.add_task(ref, "Nobody", date(2026, 11, 30), assign_to="nobody")
    with pytest.raises(ValidationError, match="^assign to: Ada Admin cannot be given a task"):
        act.add_task(ref, "Admin", date(2026, 11, 30), assign_to="ada.admin")
    uid = act.add_task(ref, "Today is fine", date(2026, 11, 23))
    with pytest.raises(ValidationError, match="^reason"):
        act.move_task_due(ref, uid, date(2026, 12, 1), " ")
    with pytest.raises(ValidationError, match="^due: .* in the past"):
        act.move_task_due(ref, uid, date(2026, 11, 1), "typo")
    with ctx.session() as s:
        assert len(list(s.scalars(select(Task)))) == before + 1
        assert s.scalar(select(Task.version).where(Task.uid == uid)) == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(ctx: Context) -> None:
    ref = _case(ctx)
    act = Services(ctx).activity
    uid = act.add_task(ref, "Check CCTV", date(2026, 11, 30))
    act.move_task_due(ref, uid, date(2026, 12, 2), "Camera engineer on leave", 1)
    with pytest.raises(Conflict, match="changed by someone else.*version 2, you had version 1"):
        act.complete_task(ref, uid, 1)
    with pytest.raises(Conflict):
        act.move_task_due(ref, uid, date(2026, 12, 9), "again", 1)
    task = act.task(ref, uid)
    assert task.done_at is None and task.due_at == datetime(2026, 12, 2, 23, 59) and task.version == 2


def test_restricted_and_scheme_cases_narrow_who_can_be_given_a_task(ctx: Context) -> None:
    ref = _case(ctx)
    _colleagues(ctx)
    act = Services(ctx).activity
    names = [a.username for a in act.task_assignees(ref)]
    assert "amira.officer" in names and "tom.leader" in names and "ada.admin" not in names
    assert "kwame.scheme" not in names  # not this property's scheme officer
    with ctx.session() as s:
        case = s.scalar(select(Case).where(Case.reference == ref))
        kwame = user(s, "kwame.scheme", "Kwame Asante", ["scheme_officer"], "KA")
        prop = Property(address="1 Care Court", scheme_name="Care Court", scheme_officer_id=kwame.id)
        s.add(prop)
        s.flush()
        case.property_id = prop.id
    assert "kwame.scheme" in [a.username for a in act.task_assignees(ref)]
    uid = act.add_task(ref, "Scheme visit", date(2026, 11, 30), assign_to="kwame.scheme")
    with ctx.session() as s:
        case = s.scalar(select(Case).where(Case.reference == ref))
        case.restricted = case.employee_involved = True
    names = [a.username for a in act.task_assignees(ref)]
    assert "tom.leader" in names and "amira.officer" not in names and "kwame.scheme" not in names
    with pytest.raises(ValidationError, match="Amira Khan cannot be given a task.*team leader"):
        act.assign_task(ref, uid, "amira.officer")
    assert act.assign_task(ref, uid, "tom.leader").assigned_to == "tom.leader"


def test_an_officer_cannot_change_tasks_on_a_restricted_case(ctx: Context) -> None:
    ref = _case(ctx)
    uid = Services(ctx).activity.add_task(ref, "Check CCTV", date(2026, 11, 30))
    _colleagues(ctx)
    with ctx.session() as s:
        amira = user(s, "amira.officer", "Amira Khan", ["officer"], "AK").id
        case = s.scalar(select(Case).where(Case.reference == ref))
        case.restricted = case.employee_involved = True
    officer = Context(ctx.engine, Actor(amira, "amira.officer", "Amira Khan", "AK", frozenset({Role.OFFICER})),
                      ctx.data_dir, clock=ctx.now)
    with pytest.raises(PermissionDenied):
        Services(officer).activity.complete_task(ref, uid)
    with pytest.raises(PermissionDenied):
        Services(officer).activity.add_task(ref, "Mine", date(2026, 11, 30))

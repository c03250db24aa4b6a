"""The service operations behind the case workspace's edits and undo, tested without a window."""

from __future__ import annotations

from datetime import datetime

import pytest

from asb_desktop.services import Services
from asb_desktop.services.casework.workspace_edits import WorkspaceEdits
from asb_desktop.services.casework.workspace_queries import WorkspaceQueries
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from asb_desktop.services.kernel.inputs import IncidentInput, ReportInput
from asb_desktop.storage.orm import AuditEntry, Note


def _case(ctx: Context) -> str:
    return Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}}],
    })).reference


def test_incident_edit_returns_before_and_crosses_midnight(ctx: Context) -> None:
    ref = _case(ctx)
    svc = Services(ctx)
    uid = svc.activity.add_incident(ref, IncidentInput(datetime(2026, 11, 21, 23, 30), location="Stairwell"))
    edits = WorkspaceEdits(ctx)
    changed = IncidentInput(datetime(2026, 11, 21, 23, 40), datetime(2026, 11, 22, 0, 50), location="Car park",
                            description="Shouting", feels_targeted=True, witnesses="none")
    before = edits.update_incident(ref, uid, changed)
    assert before.location == "Stairwell" and before.ended_at is None
    incident = svc.queries.case_detail(ref).incidents[0]
    assert (incident.location, incident.ended_at) == ("Car park", datetime(2026, 11, 22, 0, 50))
    with pytest.raises(ValidationError, match="ended_at"):
        edits.update_incident(ref, uid, IncidentInput(datetime(2026, 11, 21, 23, 40), datetime(2026, 11, 21, 0, 50)))
    edits.remove_incident(ref, uid)
    assert svc.queries.case_detail(ref).incidents == ()
    with pytest.raises(NotFound):
        edits.remove_incident(ref, uid)


def test_note_retract_and_task_reopen_are_audited(ctx: Context) -> None:
    ref = _case(ctx)
    svc = Services(ctx)
    edits = WorkspaceEdits(ctx)
    uid = svc.activity.add_note(ref, "Called the complainant.")
    edits.retract_note(ref, uid)
    assert svc.queries.case_detail(ref).notes == ()
    task = svc.queries.case_detail(ref).tasks[0]
    svc.activity.complete_task(ref, task.uid)
    edits.reopen_task(ref, task.uid)
    assert svc.queries.case_detail(ref).tasks[0].done_at is None
    with pytest.raises(ValidationError, match="not done"):
        edits.reopen_task(ref, task.uid)
    with ctx.session() as s:
        undos = [a.summary for a in s.query(AuditEntry).filter(AuditEntry.action == "undo")]
    assert undos == ["Undid adding a note: Called the complainant.",
                     "Task not done after all: Respond to the complainant"]


def test_only_the_author_can_take_back_a_note(ctx: Context) -> None:
    ref = _case(ctx)
    uid = Services(ctx).activity.add_note(ref, "Visited the block.")
    with ctx.session() as s:
        note = s.query(Note).filter(Note.uid == uid).one()
        note.created_by_id = None
    with pytest.raises(PermissionDenied, match="Only the person who recorded"):
        WorkspaceEdits(ctx).retract_note(ref, uid)


def test_categories_replace_with_version_check(ctx: Context) -> None:
    ref = _case(ctx)
    svc = Services(ctx)
    names = WorkspaceQueries(ctx).category_names()
    assert "Noise" in names and names == sorted(names)
    version = svc.queries.case_detail(ref).version
    before = WorkspaceEdits(ctx).set_categories(ref, ["Noise", "Garden nuisance"], expected_version=version)
    assert before == ["Noise"]
    assert svc.queries.case_detail(ref).categories == ("Garden nuisance", "Noise")
    assert svc.queries.list_cases(ref)[0].categories == "Garden nuisance, Noise"
    with pytest.raises(Conflict, match="reload"):
        WorkspaceEdits(ctx).set_categories(ref, ["Noise"], expected_version=version)
    with pytest.raises(ValidationError, match="at least one"):
        WorkspaceEdits(ctx).set_categories(ref, [" "])
    with pytest.raises(ValidationError, match="'Juggling' is not a category"):
        WorkspaceEdits(ctx).set_categories(ref, ["Juggling"])

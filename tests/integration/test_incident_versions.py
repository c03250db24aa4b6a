"""Two officers editing one incident: the second edit (and an undo over someone else's edit) is refused
plainly, nothing saved; adding a note or an incident never fails because the case's version moved."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from asb_desktop.services import Services
from asb_desktop.services.casework.workspace_edits import WorkspaceEdits
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import Conflict
from asb_desktop.services.kernel.inputs import IncidentInput, ReportInput


def _case_with_incident(ctx: Context) -> tuple[str, str]:
    svc = Services(ctx)
    ref = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee"}}],
    })).reference
    uid = svc.activity.add_incident(ref, IncidentInput(datetime(2026, 11, 21, 23, 30), location="Stairwell"))
    return ref, uid


def _second_officer(ctx: Context) -> Context:
    return Context(ctx.engine, ctx.actor, ctx.data_dir, clock=ctx.clock)


def test_second_edit_of_one_incident_is_refused(ctx: Context) -> None:
    ref, uid = _case_with_incident(ctx)
    a, b = WorkspaceEdits(ctx), WorkspaceEdits(_second_officer(ctx))
    data_a, version_a = a.incident_for_edit(ref, uid)
    data_b, version_b = b.incident_for_edit(ref, uid)
    assert version_a == version_b
    _, moved = a.edit_incident(ref, uid, replace(data_a, location="Car park"), version_a)
    assert moved == version_a + 1
    with pytest.raises(Conflict, match="changed by someone else.*reload"):
        b.edit_incident(ref, uid, replace(data_b, location="Bin store"), version_b)
    assert a.incident_input(ref, uid).location == "Car park"  # officer A's edit kept, B's not written
    # B reloads and edits from the current version: accepted
    data_b, version_b = b.incident_for_edit(ref, uid)
    b.edit_incident(ref, uid, replace(data_b, location="Bin store"), version_b)
    assert a.incident_input(ref, uid).location == "Bin store"


def test_undo_over_someone_elses_edit_is_refused(ctx: Context) -> None:
    ref, uid = _case_with_incident(ctx)
    a, b = WorkspaceEdits(ctx), WorkspaceEdits(_second_officer(ctx))
    data, version = a.incident_for_edit(ref, uid)
    before, after_a = a.edit_incident(ref, uid, replace(data, location="Car park"), version)
    data_b, version_b = b.incident_for_edit(ref, uid)
    b.edit_incident(ref, uid, replace(data_b, witnesses="Neighbour at 4"), version_b)
    with pytest.raises(Conflict):
        a.edit_incident(ref, uid, before, after_a)  # A's undo would wipe B's witnesses silently
    now = a.incident_input(ref, uid)
    assert (now.location, now.witnesses) == ("Car park", "Neighbour at 4")
    # an undo straight after one's own edit still works
    data, version = a.incident_for_edit(ref, uid)
    before, after = a.edit_incident(ref, uid, replace(data, location="Lift"), version)
    a.edit_incident(ref, uid, before, after)
    assert a.incident_input(ref, uid).location == "Car park"


def test_update_incident_without_a_version_still_works(ctx: Context) -> None:
    ref, uid = _case_with_incident(ctx)
    edits = WorkspaceEdits(ctx)
    before = edits.update_incident(ref, uid, IncidentInput(datetime(2026, 11, 21, 23, 40), location="Car park"))
    assert before.location == "Stairwell"


def test_adding_a_note_or_incident_ignores_a_moved_case_version(ctx: Context) -> None:
    ref, uid = _case_with_incident(ctx)
    svc_a, svc_b = Services(ctx), Services(_second_officer(ctx))
    opened = svc_a.queries.case_detail(ref).version  # the version officer A's workspace holds
    svc_b.cases.update(ref, {"police_reference": "CAD 123"})  # B moves the case's version
    note = svc_a.activity.add_note(ref, "Spoke to the complainant on the telephone about the noise.")
    incident = svc_a.activity.add_incident(ref, IncidentInput(datetime(2026, 11, 22, 21, 0), location="Hall"))
    assert note and incident
    data, version = WorkspaceEdits(ctx).incident_for_edit(ref, uid)
    WorkspaceEdits(ctx).edit_incident(ref, uid, replace(data, location="Car park"), version)  # incident's own
    assert svc_a.queries.case_detail(ref).version > opened

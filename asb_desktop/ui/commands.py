"""Undo and redo for edits inside a case: ``QUndoCommand``s over the service calls.

An edit is first done by calling the service directly (so a refusal is shown and nothing is pushed);
only a successful edit becomes a ``ServiceCommand``. Redo calls the service again; undo calls the
inverse service (``WorkspaceEdits`` or the same update with the old values). If undo or redo is
refused (e.g. someone else changed the case: ``Conflict``), the message is shown, the command is made
obsolete so it leaves the stack, and the workspace reloads.

Each edit says which parts of the case it changes (``Changes``), so the workspace re-reads the case
and refreshes only the tabs that show them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from PySide6.QtGui import QUndoCommand

from ..services import Services
from ..services.casework.workspace_edits import WorkspaceEdits
from ..services.kernel.errors import ASBError
from ..services.kernel.inputs import IncidentInput
from .workspace.changes import Changes

Do = Callable[[], Any]
Undo = Callable[[Any], Any]


# A case field may raise or move tasks (serious, domestic abuse, colleague harassed) or open the legal gate (14.1)
UPDATE_CASE = Changes.CASE | Changes.TASKS | Changes.REMEDIES


class Edit(NamedTuple):
    """An undoable edit: its text on the undo stack, how to make it and take it back, what it changes."""

    text: str
    do: Do
    undo: Undo
    changes: Changes


class ServiceCommand(QUndoCommand):
    """One edit: ``do()`` makes it and returns what ``undo(result)`` needs to take it back."""

    def __init__(self, text: str, do: Do, undo: Undo, result: Any,
                 after: Callable[[ASBError | None], None]) -> None:
        super().__init__(text)
        self._do, self._undo, self.result, self._after = do, undo, result, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done before the push
            self._first = False
            return
        self._run(lambda: setattr(self, "result", self._do()))

    def undo(self) -> None:
        self._run(lambda: self._undo(self.result))

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except ASBError as exc:
            self.setObsolete(True)
            self._after(exc)
        else:
            self._after(None)


class CaseEdits:
    """The undoable edits of one case, as ``Edit``s for ``CaseWorkspace.execute``."""

    def __init__(self, services: Services, reference: str, version: Callable[[], int]) -> None:
        self.services = services
        self.reference = reference
        self.version = version  # the version of the case as last loaded (for the conflict check)
        self.edits = WorkspaceEdits(services.ctx)

    def update_case(self, changes: dict[str, Any], before: dict[str, Any]) -> Edit:
        cases, ref = self.services.cases, self.reference
        names = ", ".join(k.replace("_", " ") for k in changes)
        return Edit(f"Change {names}", lambda: cases.update(ref, changes, expected_version=self.version()),
                    lambda _r: cases.update(ref, before, expected_version=self.version()),
                    UPDATE_CASE)

    def set_categories(self, names: list[str]) -> Edit:
        edits, ref = self.edits, self.reference
        return Edit("Change categories", lambda: edits.set_categories(ref, names, self.version()),
                    lambda before: edits.set_categories(ref, before, self.version()), Changes.CASE)

    def add_note(self, text: str, kind: str, written_at: datetime, confidential: bool,
                 allow_flagged: bool) -> Edit:
        activity, ref = self.services.activity, self.reference
        return Edit("Add note", lambda: activity.add_note(ref, text, kind, written_at, confidential, allow_flagged),
                    lambda uid: self.edits.retract_note(ref, uid), Changes.NOTES)

    def add_incident(self, data: IncidentInput) -> Edit:
        activity, ref = self.services.activity, self.reference
        return Edit(f"Add incident of {data.started_at:%d/%m/%Y %H:%M}", lambda: activity.add_incident(ref, data),
                    lambda uid: self.edits.remove_incident(ref, uid), Changes.INCIDENTS)

    def edit_incident(self, uid: str, data: IncidentInput, version: int | None = None) -> Edit:
        """``version``: the incident's version when the dialog opened; each do/undo expects the version the
        last one left, so an edit made by someone else in between refuses the undo (or redo) plainly."""
        edits, ref = self.edits, self.reference
        state: dict[str, int | None] = {"version": version}

        def do() -> IncidentInput:
            before, state["version"] = edits.edit_incident(ref, uid, data, state["version"])
            return before

        def undo(before: IncidentInput) -> None:
            _, state["version"] = edits.edit_incident(ref, uid, before, state["version"])

        return Edit(f"Edit incident of {data.started_at:%d/%m/%Y %H:%M}", do, undo, Changes.INCIDENTS)

    def complete_task(self, uid: str, title: str, version: int | None = None) -> Edit:
        """Complete a task, checked against the version shown (a redo after undo checks nothing more)."""
        activity, ref = self.services.activity, self.reference
        expected = [version]

        def do() -> Any:
            checked, expected[0] = expected[0], None
            return activity.complete_task(ref, uid, checked)

        return Edit(f"Complete task '{title}'", do, lambda _r: self.edits.reopen_task(ref, uid), Changes.TASKS)

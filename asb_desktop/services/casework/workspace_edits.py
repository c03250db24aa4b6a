"""Edits the case workspace needs beyond the core services: editing an incident, changing a case's
categories, and the inverse operations that let an officer undo their own last edits.

Every inverse is narrow on purpose: only the person who wrote a note or an incident can take it back,
and every undo is written to the audit trail (the trail itself is never rewritten).
"""

from __future__ import annotations

from dataclasses import fields
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...storage.orm import Case, CaseCategory, Category, Incident, Note, Task
from ..kernel import derived
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..kernel.inputs import IncidentInput
from .cases import CaseService

Row = TypeVar("Row", Incident, Note, Task)


class WorkspaceEdits:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _record(self, s: Session, case: Case, model: type[Row], uid: str, what: str) -> Row:
        row = s.scalar(select(model).where(model.case_id == case.id, model.uid == uid))
        if row is None:
            raise NotFound(f"That {what} is not on case {case.reference}; reload the case.")
        return row

    def _own(self, row: Incident | Note, what: str) -> None:
        if row.created_by_id != self.ctx.actor.id:
            raise PermissionDenied(f"Only the person who recorded this {what} can take it back.")

    def _changed(self, s: Session, case: Case, action: str, entity: str, entity_id: object, summary: str) -> None:
        derived.refresh(s, case, self.ctx.now())
        self.ctx.audit(s, action, entity, entity_id, case.reference, summary)

    def incident_input(self, reference: str, uid: str) -> IncidentInput:
        """The stored incident as the input the add/edit dialog works with."""
        return self.incident_for_edit(reference, uid)[0]

    def incident_for_edit(self, reference: str, uid: str) -> tuple[IncidentInput, int]:
        """The stored incident as the dialog's input, and its version (to pass back to ``edit_incident``)."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = self._record(s, case, Incident, uid, "incident")
            return IncidentInput(**{f.name: getattr(row, f.name) for f in fields(IncidentInput)}), row.version

    def update_incident(self, reference: str, uid: str, data: IncidentInput,
                        expected_version: int | None = None) -> IncidentInput:
        """Change an incident's details; returns what it said before (so the change can be undone)."""
        return self.edit_incident(reference, uid, data, expected_version)[0]

    def edit_incident(self, reference: str, uid: str, data: IncidentInput,
                      expected_version: int | None = None) -> tuple[IncidentInput, int]:
        """Change an incident's details if it is still at ``expected_version`` (when given): returns what
        it said before and its new version. An incident changed by someone else since it was opened is
        refused with ``Conflict``, nothing saved."""
        data.validate("incident", self.ctx.now())
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = self._record(s, case, Incident, uid, "incident")
            if expected_version is not None and row.version != expected_version:
                raise Conflict(f"The incident of {row.started_at:%d %B %Y %H:%M} was changed by someone else "
                               "after you opened it. Nothing of yours was saved: reload the case and make your "
                               "change again.")
            before = IncidentInput(**{f.name: getattr(row, f.name) for f in fields(IncidentInput)})
            for f in fields(IncidentInput):
                setattr(row, f.name, getattr(data, f.name))
            self._changed(s, case, "change", "incident", row.id,
                          f"Incident of {data.started_at:%d %B %Y %H:%M} changed")
            s.flush()
            return before, row.version

    def remove_incident(self, reference: str, uid: str) -> None:
        """Undo of adding an incident: only its author can remove it."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = self._record(s, case, Incident, uid, "incident")
            self._own(row, "incident")
            s.delete(row)
            self._changed(s, case, "undo", "incident", row.id,
                          f"Undid adding the incident of {row.started_at:%d %B %Y %H:%M}")

    def retract_note(self, reference: str, uid: str) -> None:
        """Undo of adding a note: only its author can take it back; the audit trail keeps the record."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = self._record(s, case, Note, uid, "note")
            self._own(row, "note")
            if row.interview_id is not None:
                raise ValidationError("note", "an interview's notes belong to the interview and stay with it")
            s.delete(row)
            self._changed(s, case, "undo", "note", row.id, f"Undid adding a note: {row.text[:80]}")

    def reopen_task(self, reference: str, uid: str) -> None:
        """Undo of completing a task."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = self._record(s, case, Task, uid, "task")
            if row.done_at is None:
                raise ValidationError("task", f"'{row.title}' is not done, so there is nothing to undo")
            row.done_at = None
            self._changed(s, case, "undo", "task", row.id, f"Task not done after all: {row.title}")

    def set_categories(self, reference: str, names: list[str], expected_version: int | None = None) -> list[str]:
        """Replace the case's categories; returns the ones it had before."""
        wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
        if not wanted:
            raise ValidationError("categories", "a case needs at least one category")
        with self.ctx.session() as s:
            case = CaseService(self.ctx)._editable(s, reference, expected_version)
            before = sorted(link.category.name for link in case.category_links)
            found = {c.name: c for c in s.scalars(select(Category).where(Category.name.in_(wanted)))}
            unknown = [n for n in wanted if n not in found]
            if unknown:
                raise ValidationError("categories", f"'{unknown[0]}' is not a category")
            s.execute(delete(CaseCategory).where(CaseCategory.case_id == case.id))
            s.expire(case, ["category_links"])
            s.add_all(CaseCategory(case_id=case.id, category_id=found[n].id) for n in wanted)
            s.flush()
            s.expire(case, ["category_links"])
            self._changed(s, case, "change", "case", case.id, "Categories: " + ", ".join(wanted))
            return before

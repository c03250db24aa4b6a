"""The one way any service reaches a case: by reference, with the user's right to see it (or to change
it) checked, and the one way a change to a case is finished: derived columns refreshed, audit entry written.

A refusal is audited (``access._deny``). Opening for a change holds the case row until the transaction
ends (PostgreSQL ``FOR UPDATE``; SQLite serialises writes anyway), so an edit that also refreshes the
derived columns never meets a version moved by someone else mid-transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import TaskKind
from ...storage.orm import Case, Task
from . import derived
from .access import require_edit, require_view
from .context import Context
from .errors import NotFound


def open_case(ctx: Context, s: Session, reference: str, *, edit: bool = False) -> Case:
    """The case ``reference`` for the signed-in user: viewing needs view rights, ``edit`` needs the right
    to change it (and locks the row)."""
    stmt = select(Case).where(Case.reference == (reference or "").strip().upper())
    case = s.scalar(stmt.with_for_update() if edit else stmt)
    if case is None:
        raise NotFound(f"There is no case {reference}. Check the reference (like ASB-2026-00042).")
    (require_edit if edit else require_view)(ctx.actor, case, derived.scheme_officer_of(s, case))
    return case


def changed(ctx: Context, s: Session, case: Case, summary: str, entity: str, entity_id: object,
            action: str = "create", **details: Any) -> None:
    """Finish a change to ``case``: its derived columns (next due, search text) recomputed, then the
    audit entry."""
    derived.refresh(s, case, ctx.now())
    ctx.audit(s, action, entity, entity_id, case.reference, summary, **details)


def letter_task_done(s: Session, ctx: Context, case: Case, how: str) -> None:
    """The 7.6 letter or email has gone: the open "send a letter" task it answers is done."""
    for task in s.scalars(select(Task).where(Task.case_id == case.id, Task.kind == TaskKind.SEND_LETTER.value,
                                             Task.done_at.is_(None))):
        task.done_at = ctx.now()
        ctx.audit(s, "change", "task", task.id, case.reference, f"Task done: {task.title} ({how})")

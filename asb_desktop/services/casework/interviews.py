"""Interviews (7.2, 7.3, 8.1): the arrangements check made when one is recorded, and the list of a
case's interviews for the window and ``asb interview list``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import InterviewKind
from ...storage.orm import Interview, Note, Person
from ..kernel.case_file import open_case
from ..kernel.context import Context
from .interview_arrangements import check_arrangements

__all__ = ["InterviewRow", "InterviewService", "check_arrangements"]


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """One interview as ``InterviewService.list`` gives it: the arrangements, the points covered (point id
    -> what was said) and the texts of its notes."""
    uid: str
    kind: str
    kind_label: str
    held_at: datetime
    person: str  # the interviewee's name, or ""
    method: str
    place: str
    supporter: str
    interpreter: str
    interpreter_relationship: str
    interpreter_age: int | None
    interpreter_born_on: date | None
    sensitive: bool
    points: dict[str, Any]
    notes: tuple[str, ...]


class InterviewService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self, reference: str) -> list[InterviewRow]:
        """The case's interviews, oldest first."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            return [self._row(s, i) for i in s.scalars(
                select(Interview).where(Interview.case_id == case.id).order_by(Interview.held_at, Interview.id))]

    @staticmethod
    def _row(s: Session, i: Interview) -> InterviewRow:
        person = s.get(Person, i.person_id) if i.person_id else None
        notes = tuple(n.text for n in s.scalars(select(Note).where(Note.interview_id == i.id).order_by(Note.id)))
        return InterviewRow(
            uid=i.uid, kind=i.kind, kind_label=InterviewKind(i.kind).label, held_at=i.held_at,
            person=f"{person.first_names} {person.surname}".strip() if person is not None else "",
            method=i.method, place=i.place, supporter=i.supporter, interpreter=i.interpreter,
            interpreter_relationship=i.interpreter_relationship, interpreter_age=i.interpreter_age,
            interpreter_born_on=i.interpreter_born_on, sensitive=i.sensitive, points=dict(i.points), notes=notes)

"""Interviews (7.2, 7.3, 8.1): the arrangements check made when one is recorded, and the list of a
case's interviews for the window and ``asb interview list``."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.enums import InterviewKind
from ..domain.interviews import interpreter_check, sensitive_reasons
from ..storage.orm import Case, Interview, Note, Person
from .activity import ActivityService
from .errors import RuleBlocked, ValidationError


def check_arrangements(case: Case, *, interpreter: str, relationship: str, age: int | None,
                       born_on: date | None, held_on: date, sensitive: bool) -> None:
    """7.2: refuse a family member under 18 interpreting sensitive content (nothing is written)."""
    if age is not None and not 0 <= age <= 130:
        raise ValidationError("interpreter_age", "must be a number of years between 0 and 130")
    if born_on is not None and born_on > held_on:
        raise ValidationError("interpreter_born_on", "cannot be after the interview")
    if (age is not None or born_on is not None or relationship.strip()) and not interpreter.strip():
        raise ValidationError("interpreter", "name the interpreter or signer whose relationship or age is given")
    why = sensitive_reasons(domestic_abuse=bool(case.domestic_abuse), hate_related=bool(case.hate_related),
                            safeguarding_concern=bool(case.safeguarding_concern),
                            categories=[link.category.name for link in case.category_links],
                            officer_ticked=sensitive)
    check = interpreter_check(interpreter=interpreter, relationship=relationship, age=age, born_on=born_on,
                              held_on=held_on, sensitive=why)
    if not check.allowed:
        raise RuleBlocked(check.reasons)


class InterviewService(ActivityService):
    def list(self, reference: str) -> list[dict[str, Any]]:
        from .queries import QueryService

        with self.ctx.session() as s:
            case = QueryService(self.ctx).viewable(s, reference)
            return [self._row(s, i) for i in s.scalars(
                select(Interview).where(Interview.case_id == case.id).order_by(Interview.held_at, Interview.id))]

    @staticmethod
    def _row(s: Session, i: Interview) -> dict[str, Any]:
        person = s.get(Person, i.person_id) if i.person_id else None
        notes = [n.text for n in s.scalars(select(Note).where(Note.interview_id == i.id).order_by(Note.id))]
        return {"uid": i.uid, "kind": i.kind, "kind_label": InterviewKind(i.kind).label, "held_at": i.held_at,
                "person": f"{person.first_names} {person.surname}".strip() if person is not None else "",
                "method": i.method, "place": i.place, "supporter": i.supporter, "interpreter": i.interpreter,
                "interpreter_relationship": i.interpreter_relationship, "interpreter_age": i.interpreter_age,
                "interpreter_born_on": i.interpreter_born_on, "sensitive": i.sensitive, "points": dict(i.points),
                "notes": notes}

"""7.2 interview arrangements checked against the case when an interview is recorded (below the services
that record interviews, so none of them imports another to reach it)."""

from __future__ import annotations

from datetime import date

from ...domain.interviews import interpreter_check, sensitive_reasons
from ...storage.orm import Case
from ..kernel.errors import RuleBlocked, ValidationError


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

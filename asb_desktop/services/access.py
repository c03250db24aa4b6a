"""Who may see and change what. The services call these on every read and write; the UI only
hides what these already refuse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Select, false, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from ..domain.enums import Role
from ..domain.rules import RANK, UserRef
from ..storage.orm import Case, Property
from .errors import PermissionDenied

CASE_WORKERS = frozenset({Role.OFFICER, Role.SCHEME_OFFICER, Role.TEAM_LEADER, Role.MANAGER})


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see them."""

    id: int
    username: str
    full_name: str
    initials: str
    roles: frozenset[Role]
    # Set by the services' Context: called with (message, case reference) when a require_* refuses,
    # so every refusal reaches the audit trail. Not part of who the actor is.
    on_denied: Callable[[str, str | None], None] | None = field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> UserRef:
        return UserRef(self.id, self.full_name, self.roles)

    @property
    def rank(self) -> int:
        return self.ref.rank

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def sees_everything(self) -> bool:
        return self.has(Role.ADMINISTRATOR) or self.rank >= RANK[Role.TEAM_LEADER]


def visible_cases(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause selecting the cases this actor may see."""
    if actor.sees_everything:
        return true()
    clauses: list[ColumnElement[bool]] = [Case.assigned_officer_id == actor.id]
    if actor.has(Role.OFFICER):
        clauses.append(Case.restricted.is_(False))
    if actor.has(Role.SCHEME_OFFICER):
        in_scheme = _InSet(Case.property_id.expression, select(Property.id).where(Property.scheme_officer_id == actor.id))
        clauses.append(Case.restricted.is_(False) & in_scheme)
    return or_(*clauses) if clauses else false()


class _InSet(ColumnElement[bool]):
    """``column IN (subquery)``; on PostgreSQL ``column = ANY (ARRAY(subquery))``.

    Why: a correlated EXISTS (or an IN inside an OR) is a SubPlan to PostgreSQL's planner, which
    guesses it keeps half the rows. A scheme officer sees about 6% of the cases, so the search then
    walked case ids newest first through tens of thousands of rows for a surname prefix (150-200 ms
    at 100,000 cases). ``ANY (ARRAY(...))`` is computed once (an InitPlan, by the index on
    ``properties.scheme_officer_id``) and estimated as a small list, so the planner sees how few cases
    pass and picks the full-text index for rare words and the id walk only for very common ones.
    The subquery never correlates with the outer query (which may itself join ``properties``).
    """

    type = Boolean()
    inherit_cache = False
    _is_implicitly_boolean = True

    def __init__(self, column: ColumnElement[Any], subquery: Select[Any]) -> None:
        self.column = column
        self.subquery = subquery.correlate(None)

    @property
    def _from_objects(self) -> list[Any]:
        return self.column._from_objects


@compiles(_InSet)
def _in_set(element: _InSet, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(element.subquery), **kw)


@compiles(_InSet, "postgresql")
def _in_set_pg(element: _InSet, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"{column} = ANY (ARRAY{compiler.process(element.subquery.scalar_subquery(), **kw)})"


def can_view(actor: Actor, case: Case, scheme_officer_id: int | None = None) -> bool:
    if actor.sees_everything or case.assigned_officer_id == actor.id:
        return True
    if case.restricted:
        return False
    if actor.has(Role.OFFICER):
        return True
    return actor.has(Role.SCHEME_OFFICER) and scheme_officer_id == actor.id


def _deny(actor: Actor, message: str, case_reference: str | None = None) -> PermissionDenied:
    """The refusal to raise, recorded first (audited when the actor came from a Context)."""
    if actor.on_denied is not None:
        actor.on_denied(message, case_reference)
    return PermissionDenied(message)


def require_view(actor: Actor, case: Case, scheme_officer_id: int | None = None) -> None:
    if not can_view(actor, case, scheme_officer_id):
        raise _deny(actor, f"You do not have access to case {case.reference}.", case.reference)


def require_edit(actor: Actor, case: Case, scheme_officer_id: int | None = None) -> None:
    require_view(actor, case, scheme_officer_id)
    if not actor.roles & CASE_WORKERS:
        raise _deny(actor, f"Your role cannot change case {case.reference}: ask an officer or team leader.",
                    case.reference)


def require_role(actor: Actor, *roles: Role, doing: str) -> None:
    if not actor.roles & set(roles):
        names = " or ".join(r.label.lower() for r in roles)
        raise _deny(actor, f"Only a {names} can {doing}.")

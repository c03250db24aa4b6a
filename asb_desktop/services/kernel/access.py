"""Who may see and change what. The services call these on every read and write; the UI only
hides what these already refuse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, ColumnElement, exists, false, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler

from ...domain.enums import Role
from ...domain.rules import RANK, UserRef
from ...storage.orm import Case, Property
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
        clauses.append(Case.restricted.is_(False) & _InScheme(actor.id))
    return or_(*clauses) if clauses else false()


class _InScheme(ColumnElement[bool]):
    """The case's property is in the scheme of the scheme officer ``officer_id``.

    Everywhere: a correlated ``EXISTS`` on ``properties`` by its primary key (PostgreSQL may hash it
    when it walks many cases). On PostgreSQL it is followed by the same test written as
    ``cases.property_id = ANY (ARRAY(SELECT id FROM properties WHERE scheme_officer_id = ...))``,
    redundant for the result but not for the plan: PostgreSQL's planner cannot estimate an
    ``EXISTS`` in a filter and guesses it keeps half the rows, while a scheme officer sees about 6%
    of the cases. With that guess the search walked case ids newest first through 42,000 rows for a
    surname prefix (150-200 ms at 100,000 cases). The ``ANY`` list is computed once per query (an
    InitPlan, by the index on ``properties.scheme_officer_id``) and estimated as a short list, so the
    planner sees how few cases pass: the full-text index for rare words, the id walk for common ones.
    It comes second so that its linear scan of the list runs only for cases the ``EXISTS`` kept.
    Neither subquery correlates with anything but ``cases`` (the outer query may join ``properties``).
    """

    type = Boolean()
    inherit_cache = False
    _is_implicitly_boolean = True

    def __init__(self, officer_id: int) -> None:
        prop = aliased(Property)
        self.exists = exists().where(prop.id == Case.property_id, prop.scheme_officer_id == officer_id).correlate(Case)
        self.listed = select(Property.id).where(Property.scheme_officer_id == officer_id).correlate(None)

    @property
    def _from_objects(self) -> list[Any]:
        return list(Case.__table__._from_objects)


@compiles(_InScheme)
def _in_scheme(element: _InScheme, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.exists, **kw)


@compiles(_InScheme, "postgresql")
def _in_scheme_pg(element: _InScheme, compiler: SQLCompiler, **kw: Any) -> str:
    listed = compiler.process(element.listed.scalar_subquery(), **kw)
    column = compiler.process(Case.property_id.expression, **kw)
    return f"({compiler.process(element.exists, **kw)} AND {column} = ANY (ARRAY{listed}))"


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

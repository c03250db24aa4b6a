"""Who may see and change what. The services call these on every read and write; the UI only
hides what these already refuse."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, false, or_, true

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
        # A correlated EXISTS rather than IN (subquery): PostgreSQL can then walk the cases newest
        # first and stop at a page, instead of building the set of the scheme's cases first.
        in_scheme = exists().where(Property.id == Case.property_id, Property.scheme_officer_id == actor.id)
        clauses.append(Case.restricted.is_(False) & in_scheme)
    return or_(*clauses) if clauses else false()


def can_view(actor: Actor, case: Case, scheme_officer_id: int | None = None) -> bool:
    if actor.sees_everything or case.assigned_officer_id == actor.id:
        return True
    if case.restricted:
        return False
    if actor.has(Role.OFFICER):
        return True
    return actor.has(Role.SCHEME_OFFICER) and scheme_officer_id == actor.id


def require_view(actor: Actor, case: Case, scheme_officer_id: int | None = None) -> None:
    if not can_view(actor, case, scheme_officer_id):
        raise PermissionDenied(f"You do not have access to case {case.reference}.")


def require_edit(actor: Actor, case: Case, scheme_officer_id: int | None = None) -> None:
    require_view(actor, case, scheme_officer_id)
    if not actor.roles & CASE_WORKERS:
        raise PermissionDenied(f"Your role cannot change case {case.reference}: ask an officer or team leader.")


def require_role(actor: Actor, *roles: Role, doing: str) -> None:
    if not actor.roles & set(roles):
        names = " or ".join(r.label.lower() for r in roles)
        raise PermissionDenied(f"Only a {names} can {doing}.")

"""Who may see and change what. The services call these on every read and write; the UI only
hides what these already refuse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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

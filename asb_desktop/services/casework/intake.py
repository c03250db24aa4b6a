"""What the intake decision (domain.intake) needs from the database, read the same way for the
case service and for the wizard's preview."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...domain.intake import PropertyOnFile
from ...domain.rules import UserRef
from ...storage.orm import Property, User


def user_ref(user: User) -> UserRef:
    return UserRef(user.id, user.full_name, frozenset(Role(r) for r in user.roles))


def find_property(session: Session, address: str, postcode: str) -> Property | None:
    """The property already on file at this address and postcode, if any."""
    return session.scalar(select(Property).where(Property.address == address.strip(),
                                                 Property.postcode == postcode.strip()))


def property_on_file(session: Session, address: str, postcode: str) -> PropertyOnFile | None:
    prop = find_property(session, address, postcode)
    if prop is None:
        return None
    officer = session.get(User, prop.scheme_officer_id) if prop.scheme_officer_id else None
    return PropertyOnFile(prop.scheme_name, user_ref(officer) if officer else None)


def active_staff(session: Session) -> list[UserRef]:
    return [user_ref(u) for u in session.scalars(select(User).where(User.active.is_(True)).order_by(User.id))]

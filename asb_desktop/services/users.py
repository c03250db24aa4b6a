"""Users, roles, signing in, and first-time set-up of a database."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ..domain.enums import Role
from ..domain.forms import load_categories
from ..storage.orm import Category, Setting, User
from .access import Actor
from .context import Context
from .errors import NotFound, PermissionDenied, ValidationError

_hasher = PasswordHasher()


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    initials: str
    job_title: str
    roles: list[str]
    active: bool
    has_password: bool


def initials_of(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part[:1].isalpha()).upper()[:4]


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, user.initials, frozenset(Role(r) for r in user.roles))


def info_of(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, user.initials, user.job_title, list(user.roles),
                    user.active, user.password_hash is not None)


def parse_roles(roles: list[str]) -> list[str]:
    if not roles:
        raise ValidationError("roles", "give at least one role")
    return [Role.parse(r, "role").value for r in roles]


def seed_reference_data(session: Session) -> None:
    """Categories from forms/categories.toml; run once when a database is created."""
    existing = set(session.scalars(select(Category.name)))
    for name in load_categories():
        if name not in existing:
            session.add(Category(name=name))


def _single_user(session: Session, now: datetime) -> User:
    """The operating-system user: an administrator-officer with no password (single-user mode)."""
    username = getpass.getuser() or "officer"
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, full_name=username.replace(".", " ").title(),
                    initials=initials_of(username.replace(".", " ")) or "XX",
                    roles=[Role.OFFICER.value, Role.ADMINISTRATOR.value], password_hash=None, active=True,
                    created_at=now)
        session.add(user)
        session.flush()
    return user


def team_mode(session: Session) -> bool:
    row = session.get(Setting, "team_mode")
    return bool(row and row.value.get("v"))


def sign_in(engine: Engine, username: str | None = None, password: str | None = None,
            now: datetime | None = None) -> Actor:
    """Resolve who is using the app.

    Single-user mode (the default): the operating-system user, created on first use. Team mode:
    a named user with an argon2-hashed password; a wrong name or password gets the same message.
    """
    from sqlalchemy.orm import Session as _Session

    now = now or datetime.now().replace(microsecond=0)
    with _Session(engine) as session, session.begin():
        if session.scalar(select(Category.id).limit(1)) is None:
            seed_reference_data(session)
        if not team_mode(session):
            if username:
                user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
                if user is None:
                    raise NotFound(f"There is no active user called '{username}'.")
                return actor_of(user)
            return actor_of(_single_user(session, now))
        if not username or password is None:
            raise PermissionDenied("This database is in team mode: sign in with your user name and password.")
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        try:
            if user is None or user.password_hash is None:
                raise VerificationError
            _hasher.verify(user.password_hash, password)
        except VerificationError:
            raise PermissionDenied("The user name or password is not right.") from None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return actor_of(user)


class UserService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self) -> list[UserInfo]:
        with self.ctx.session() as s:
            return [info_of(u) for u in s.scalars(select(User).order_by(User.full_name))]

    def add(self, username: str, full_name: str, roles: list[str], password: str | None = None,
            initials: str | None = None, job_title: str = "") -> UserInfo:
        from .access import require_role

        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="add users")
        username = username.strip()
        if not username or any(c.isspace() for c in username):
            raise ValidationError("username", "must be one word with no spaces")
        if not full_name.strip():
            raise ValidationError("full name", "is required")
        if password is not None and len(password) < 8:
            raise ValidationError("password", "must be at least 8 characters")
        with self.ctx.session() as s:
            if s.scalar(select(User.id).where(User.username == username)):
                raise ValidationError("username", f"'{username}' is already taken")
            user = User(username=username, full_name=full_name.strip(),
                        initials=(initials or initials_of(full_name)).upper(), job_title=job_title,
                        roles=parse_roles(roles), password_hash=_hasher.hash(password) if password else None,
                        active=True, created_at=self.ctx.now())
            s.add(user)
            s.flush()
            self.ctx.audit(s, "create", "user", user.id, summary=f"Added user {username} ({', '.join(roles)})")
            return info_of(user)

    def set_password(self, username: str, password: str) -> None:
        from .access import require_role

        if username != self.ctx.actor.username:
            require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="change another user's password")
        if len(password) < 8:
            raise ValidationError("password", "must be at least 8 characters")
        with self.ctx.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFound(f"There is no user called '{username}'.")
            user.password_hash = _hasher.hash(password)
            self.ctx.audit(s, "change", "user", user.id, summary=f"Password changed for {username}")

    def set_team_mode(self, enabled: bool) -> None:
        from .access import require_role

        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="switch team mode")
        with self.ctx.session() as s:
            if enabled:
                admins = [u for u in s.scalars(select(User).where(User.active.is_(True)))
                          if Role.ADMINISTRATOR.value in u.roles and u.password_hash]
                if not admins:
                    raise ValidationError("team mode", "give at least one administrator a password first, "
                                          "or nobody could sign in to manage users")
            row = s.get(Setting, "team_mode")
            if row is None:
                s.add(Setting(key="team_mode", value={"v": enabled}))
            else:
                row.value = {"v": enabled}
            self.ctx.audit(s, "change", "setting", "team_mode", summary=f"Team mode {'on' if enabled else 'off'}")

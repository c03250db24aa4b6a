"""Users, roles, signing in, and first-time set-up of a database."""

from __future__ import annotations

import builtins
import getpass
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...domain.field_rules import password_problem
from ...domain.forms import load_categories
from ...storage.orm import AuditEntry, Category, Setting, SignInFailure, User
from ..kernel.access import Actor
from ..kernel.context import Context
from ..kernel.errors import NotFound, PermissionDenied, ValidationError
from ..kernel.org_settings import team_mode

_hasher = PasswordHasher()

# Team-mode sign-in throttling: after MAX_FAILURES wrong attempts for one user name within WINDOW,
# that name is refused for PAUSE after the last of them. Kept in the database (sign_in_failures), so
# it holds across processes and restarts; a successful sign-in clears it.
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
PAUSE = timedelta(minutes=15)
WRONG = "The user name or password is not right."


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check an unknown user's password against, so that takes as long as a wrong password."""
    return _hasher.hash("no such user: this only evens out the time taken")


def _password_matches(user: User | None, password: str) -> bool:
    stored = user.password_hash if user is not None else None
    try:
        _hasher.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


def paused_until(session: Session, username: str, now: datetime) -> datetime | None:
    """When sign-in for ``username`` opens again, or None if it is not paused."""
    recent = list(session.scalars(select(SignInFailure.at).where(
        SignInFailure.username == username[:100], SignInFailure.at > now - WINDOW - PAUSE)
        .order_by(SignInFailure.at)))
    for i in range(len(recent) - 1, MAX_FAILURES - 2, -1):  # the latest failure that completed a run
        if recent[i] - recent[i - MAX_FAILURES + 1] <= WINDOW:
            until = recent[i] + PAUSE
            return until if until > now else None
    return None


def _sign_in_audit(session: Session, now: datetime, username: str, action: str, summary: str,
                   **detail: object) -> None:
    session.add(AuditEntry(at=now, username=username[:100], action=action, entity="sign_in",
                           entity_id=username[:60], case_reference=None, summary=summary, detail=detail))


def _refuse(engine: Engine, username: str, now: datetime, until: datetime | None) -> PermissionDenied:
    """Record the refused attempt (its own transaction) and say why, plainly."""
    with Session(engine) as session, session.begin():
        if until is not None:
            _sign_in_audit(session, now, username, "sign_in_paused",
                           f"Sign-in as '{username}' refused: paused after {MAX_FAILURES} wrong attempts")
            return PermissionDenied(
                f"Too many wrong attempts to sign in as '{username}': signing in with this name is paused until "
                f"{until:%H:%M}. Try again then, or ask an administrator to set a new password.")
        session.add(SignInFailure(username=username[:100], at=now))
        session.flush()
        until = paused_until(session, username, now)
        _sign_in_audit(session, now, username, "sign_in_failed",
                       f"Failed sign-in as '{username}' (wrong user name or password)"
                       + (f"; paused until {until:%H:%M}" if until else ""))
    if until is not None:
        return PermissionDenied(f"{WRONG} After {MAX_FAILURES} wrong attempts, signing in with this name is "
                                f"paused until {until:%H:%M}.")
    return PermissionDenied(WRONG)


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
    db_role: str = ""  # their read-only PostgreSQL role for reporting tools, if one was given


def initials_of(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part[:1].isalpha()).upper()[:4]


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, user.initials, frozenset(Role(r) for r in user.roles))


def info_of(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, user.initials, user.job_title, list(user.roles),
                    user.active, user.password_hash is not None, user.db_role or "")


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


def user_named(session: Session, username: str) -> User:
    """The user with this username, or NotFound saying so."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"There is no user called '{username}'.")
    return user


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


def sign_in(engine: Engine, username: str | None = None, password: str | None = None,
            now: datetime | None = None) -> Actor:
    """Resolve who is using the app.

    Single-user mode (the default): the operating-system user, created on first use. Team mode:
    a named user with an argon2-hashed password; a wrong name or password gets the same message and
    takes the same time, is audited, and repeated failures pause that name (see MAX_FAILURES).
    """
    now = now or datetime.now().replace(microsecond=0)
    with Session(engine) as session, session.begin():
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
        until = paused_until(session, username, now)
        if until is None:
            user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
            if _password_matches(user, password):
                assert user is not None and user.password_hash is not None
                session.execute(delete(SignInFailure).where(SignInFailure.username == username[:100]))
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = _hasher.hash(password)
                _sign_in_audit(session, now, username, "sign_in", f"Signed in as '{username}'")
                return actor_of(user)
    raise _refuse(engine, username, now, until)


class UserService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self) -> list[UserInfo]:
        with self.ctx.session() as s:
            return [info_of(u) for u in s.scalars(select(User).order_by(User.full_name))]

    def add(self, username: str, full_name: str, roles: builtins.list[str], password: str | None = None,
            initials: str | None = None, job_title: str = "") -> UserInfo:
        from ..kernel.access import require_role

        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="add users")
        username = username.strip()
        if not username or any(c.isspace() for c in username):
            raise ValidationError("username", "must be one word with no spaces")
        if not full_name.strip():
            raise ValidationError("full name", "is required")
        problem = password_problem(password) if password is not None else None
        if problem:
            raise ValidationError("password", problem)
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
        from ..kernel.access import require_role

        if username != self.ctx.actor.username:
            require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="change another user's password")
        problem = password_problem(password)
        if problem:
            raise ValidationError("password", problem)
        with self.ctx.session() as s:
            user = user_named(s, username)
            user.password_hash = _hasher.hash(password)
            s.execute(delete(SignInFailure).where(SignInFailure.username == username[:100]))  # lifts a pause
            self.ctx.audit(s, "change", "user", user.id, summary=f"Password changed for {username}")

    def set_team_mode(self, enabled: bool) -> None:
        from ..kernel.access import require_role

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

"""Database roles for reporting tools (PostgreSQL only): each user may have their own LOGIN role,
which can read the cases they may see and nothing else (storage/row_security.py)."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from ...domain.enums import Role
from ...domain.errors import ASBError
from ...domain.field_rules import password_problem
from ...storage import row_security
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.errors import ValidationError
from .users import user_named

SQLITE_REFUSAL = ("Database roles need PostgreSQL: this database is SQLite, which has no row-level security "
                  "and no sign-in of its own (anyone who can read the file can read every case).")


def role_name(username: str) -> str:
    """``asb_`` and the user name in lower case, anything but letters, digits and _ made _ (63 at most)."""
    return ("asb_" + re.sub(r"[^a-z0-9_]", "_", username.lower()))[:63]


def _run(conn: Connection, template: str, *args: str) -> None:
    """A DDL statement built by PostgreSQL's format() (%I identifiers, %L literals): nothing is pasted in."""
    params = {f"a{i}": a for i, a in enumerate(args)}
    names = ", ".join(f"CAST(:a{i} AS text)" for i in range(len(args)))
    statement = conn.scalar(text(f"SELECT format(CAST(:t AS text), {names})"), {"t": template, **params})
    conn.exec_driver_sql(str(statement))


def _role_exists(conn: Connection, name: str) -> bool:
    return bool(conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}))


def _revoke_grants(conn: Connection, schema: str, name: str) -> None:
    _run(conn, "REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I", schema, name)
    _run(conn, "REVOKE ALL ON SCHEMA %I FROM %I", schema, name)


class DbRoleService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def check(self, doing: str) -> None:
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing=doing)
        if self.ctx.engine.dialect.name != "postgresql":
            raise ASBError(SQLITE_REFUSAL)

    def set(self, username: str, password: str) -> tuple[str, list[str]]:
        """Create (or reset) the user's role with this password; returns the role and the tables it may read."""
        self.check("give users database roles")
        problem = password_problem(password)
        if problem:
            raise ValidationError("password", problem)
        with self.ctx.session() as s:
            user = user_named(s, username)
            name = user.db_role or role_name(user.username)
            conn = s.connection()
            schema = row_security.current_schema(conn)
            row_security.apply(conn)  # case tables added by later migrations are covered before any grant
            if _role_exists(conn, name):
                _run(conn, "ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                     "NOBYPASSRLS PASSWORD %L", name, password)
                _revoke_grants(conn, schema, name)
            else:
                _run(conn, "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                     "NOBYPASSRLS PASSWORD %L", name, password)
            _run(conn, "GRANT USAGE ON SCHEMA %I TO %I", schema, name)
            tables = row_security.readable_tables(conn)
            for table in tables:
                _run(conn, "GRANT SELECT ON TABLE %I.%I TO %I", schema, table, name)
            user.db_role = name
            self.ctx.audit(s, "change", "user", user.id,
                           summary=f"Database role {name} set for {username} (read only, {len(tables)} tables)")
            return name, tables

    def revoke(self, username: str) -> str | None:
        """Drop the user's role; returns its name (None when they had none)."""
        self.check("remove users' database roles")
        with self.ctx.session() as s:
            user = user_named(s, username)
            name = user.db_role
            if name is None:
                return None
            conn = s.connection()
            if _role_exists(conn, name):
                _revoke_grants(conn, row_security.current_schema(conn), name)
                _run(conn, "DROP ROLE %I", name)
            user.db_role = None
            self.ctx.audit(s, "change", "user", user.id, summary=f"Database role {name} removed for {username}")
            return name

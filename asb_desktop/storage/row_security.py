"""Row-level security on PostgreSQL: who may read which case, enforced by the database itself.

The app connects as the tables' owner, which PostgreSQL exempts from row-level security (the tables
are not FORCEd), so the app's own connection is unaffected: the services' rules (services/kernel/access.py)
apply there. A reporting tool that signs in as a user's own database role (``asb user db-role``) is
held by the policies below, which mirror ``access.can_view``:

- administrators, managers and team leaders see every case;
- anyone sees the cases assigned to them;
- an officer sees every case that is not restricted (an employee case);
- a scheme officer sees the unrestricted cases of properties in their scheme.

``asb_can_view(case_id)`` decides, looking the signed-in database role (``session_user``) up in
``users.db_role``; it runs as its owner (SECURITY DEFINER) so it can read ``users`` and ``cases``,
which a reporting role cannot. A role not in ``users`` (or an inactive user) sees nothing.

SQLite has no row-level security: there the database file is the boundary.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

FUNCTION = "asb_can_view"
POLICY = "asb_case_read"
# Granted to reporting roles without row-level security: reference data with nothing personal in it.
LOOKUP_TABLES = ("categories",)


def _ident(conn: Connection, name: str) -> str:
    return str(conn.scalar(text("SELECT quote_ident(:n)"), {"n": name}))


def current_schema(conn: Connection) -> str:
    return str(conn.scalar(text("SELECT current_schema()")))


def case_tables(conn: Connection) -> list[str]:
    """``cases`` and every table of the current schema keyed by ``case_id``."""
    rows = conn.scalars(text(
        "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND c.column_name = 'case_id' AND t.table_type = 'BASE TABLE' "
        "ORDER BY c.table_name"))
    return ["cases", *[r for r in rows if r != "cases"]]


def _function_sql(schema: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(p_case_id integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $fn$
  SELECT EXISTS (
    SELECT 1 FROM users u JOIN cases c ON c.id = p_case_id
    WHERE u.db_role = session_user AND u.active
      AND (u.roles::jsonb ?| array['administrator', 'manager', 'team_leader']
           OR c.assigned_officer_id = u.id
           OR (NOT c.restricted
               AND (u.roles::jsonb ? 'officer'
                    OR (u.roles::jsonb ? 'scheme_officer'
                        AND EXISTS (SELECT 1 FROM properties p
                                    WHERE p.id = c.property_id AND p.scheme_officer_id = u.id)))))
  )
$fn$"""


def apply(conn: Connection) -> list[str]:
    """Create (or refresh) the function and a read policy on every case table; returns the tables.

    Idempotent: run by the migration and again by ``asb user db-role``, so a case table added by a
    later migration is covered before any reporting role can read it."""
    schema = _ident(conn, current_schema(conn))
    conn.exec_driver_sql(_function_sql(schema))
    tables = case_tables(conn)
    for table in tables:
        name = _ident(conn, table)
        key = "id" if table == "cases" else "case_id"
        conn.exec_driver_sql(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
        # SELECT only: with row-level security on and no policy for INSERT, UPDATE or DELETE, a
        # non-owner role is refused every write even if someone grants it one.
        conn.exec_driver_sql(f"CREATE POLICY {POLICY} ON {name} FOR SELECT USING ({FUNCTION}({key}))")
    return tables


def remove(conn: Connection) -> None:
    for table in case_tables(conn):
        name = _ident(conn, table)
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
        conn.exec_driver_sql(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}(integer)")


def protected_tables(conn: Connection) -> list[str]:
    """The current schema's tables with row-level security on."""
    return list(conn.scalars(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname")))


def readable_tables(conn: Connection) -> list[str]:
    """What a reporting role is granted SELECT on: the protected tables and the lookups."""
    present = set(conn.scalars(text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")))
    return sorted({*protected_tables(conn), *(t for t in LOOKUP_TABLES if t in present)})

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

The team file store's tables (``stored_blobs``, ``stored_blob_chunks``: storage/orm_files.py) hold no
case id, only a SHA-256: ``asb_can_read_blob(sha256)`` lets a role read a stored file only when an
evidence item linked to a case, a generated document, a notice pack's file, a bundle file or an issued
bundle with that hash is on a case ``asb_can_view`` lets it see. So the bytes of a restricted case's
files are as closed to a reporting role as the case's rows. Writing is unaffected: the app stores files
over its own connection, which owns the tables.

SQLite has no row-level security: there the database file is the boundary.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

FUNCTION = "asb_can_view"
BLOB_FUNCTION = "asb_can_read_blob"
POLICY = "asb_case_read"
# The team file store's tables, keyed by ``sha256`` (storage/orm_files.py).
BLOB_TABLES = ("stored_blobs", "stored_blob_chunks")
# The tables whose rows name a stored file's hash, which asb_can_read_blob looks in.
BLOB_HOLDERS = ("evidence_items", "evidence_links", "generated_documents", "bundle_files", "bundle_versions",
                "notices")
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


def _blob_function_sql(schema: str) -> str:
    """Whether the signed-in role may read the stored file with this SHA-256: some case it can see holds
    a file with that hash (the tables that name a stored file's hash, storage/layout.py and orm_evidence.py)."""
    return f"""
CREATE OR REPLACE FUNCTION {BLOB_FUNCTION}(p_sha256 text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $fn$
  SELECT EXISTS (SELECT 1 FROM evidence_items e JOIN evidence_links l ON l.evidence_id = e.id
                 WHERE e.sha256 = p_sha256 AND {FUNCTION}(l.case_id))
      OR EXISTS (SELECT 1 FROM generated_documents g WHERE g.sha256 = p_sha256 AND {FUNCTION}(g.case_id))
      OR EXISTS (SELECT 1 FROM bundle_files b WHERE b.sha256 = p_sha256 AND {FUNCTION}(b.case_id))
      OR EXISTS (SELECT 1 FROM bundle_versions v WHERE v.sha256 = p_sha256 AND {FUNCTION}(v.case_id))
      OR EXISTS (SELECT 1 FROM notices n
                 WHERE n.files::jsonb @> jsonb_build_array(jsonb_build_object('sha256', p_sha256))
                   AND {FUNCTION}(n.case_id))
$fn$"""


def _present(conn: Connection, tables: tuple[str, ...]) -> bool:
    return int(conn.scalar(text(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_name = ANY(:t)"), {"t": list(tables)}) or 0) == len(tables)


def _read_policy(conn: Connection, table: str, using: str) -> None:
    name = _ident(conn, table)
    conn.exec_driver_sql(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
    # SELECT only: with row-level security on and no policy for INSERT, UPDATE or DELETE, a
    # non-owner role is refused every write even if someone grants it one.
    conn.exec_driver_sql(f"CREATE POLICY {POLICY} ON {name} FOR SELECT USING ({using})")


def apply(conn: Connection) -> list[str]:
    """Create (or refresh) the functions and a read policy on every case table and the team file
    store's tables; returns the tables.

    Idempotent: run by the migrations and again by ``asb user db-role``, so a case table added by a
    later migration is covered before any reporting role can read it. The file store's policy waits
    for every table it looks in (a migration that runs before them leaves it to a later one)."""
    schema = _ident(conn, current_schema(conn))
    conn.exec_driver_sql(_function_sql(schema))
    tables = case_tables(conn)
    for table in tables:
        _read_policy(conn, table, f"{FUNCTION}({'id' if table == 'cases' else 'case_id'})")
    if _present(conn, (*BLOB_TABLES, *BLOB_HOLDERS)):
        conn.exec_driver_sql(_blob_function_sql(schema))
        for table in BLOB_TABLES:
            _read_policy(conn, table, f"{BLOB_FUNCTION}(sha256)")
        tables = [*tables, *BLOB_TABLES]
    return tables


def remove(conn: Connection) -> None:
    remove_blob_policy(conn)
    for table in case_tables(conn):
        name = _ident(conn, table)
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
        conn.exec_driver_sql(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}(integer)")


def remove_blob_policy(conn: Connection) -> None:
    """Take the team file store's tables out of row-level security (and drop their function)."""
    for table in BLOB_TABLES:
        if _present(conn, (table,)):
            name = _ident(conn, table)
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
            conn.exec_driver_sql(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {BLOB_FUNCTION}(text)")


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

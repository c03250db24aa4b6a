"""The test PostgreSQL server (``ASB_TEST_POSTGRES_URL``), or a skip when there is none."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

# The back ends a database fixture is parametrized over: PostgreSQL's runs are marked, so ``-m postgres``
# picks them out (and ``-m "not postgres"`` leaves them).
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_url_or_skip() -> str:
    """The server's URL; without one the calling test is skipped, except under ``ASB_REQUIRE_POSTGRES=1``
    (set by .ci/run), where a missing server fails the test so CI can never pass without PostgreSQL."""
    url = os.environ.get("ASB_TEST_POSTGRES_URL", "")
    if url:
        return url
    if os.environ.get("ASB_REQUIRE_POSTGRES") == "1":
        pytest.fail("ASB_REQUIRE_POSTGRES=1 but ASB_TEST_POSTGRES_URL is not set")
    pytest.skip("no PostgreSQL: set ASB_TEST_POSTGRES_URL to run these")


@contextmanager
def fresh_schema_url() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema (on the server's search path), dropped on leaving, for
    whatever scope the caller holds it: one test (``pg_schema_url``) or a module's shared database."""
    base = postgres_url_or_skip()
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        drop_schema(admin, schema)
        admin.dispose()


def drop_schema(admin: Engine, schema: str) -> None:
    """Drop a test's schema; a job thread of the test still finishing can deadlock the drop once, so
    the drop is tried again after a pause (the job's transaction has ended by then)."""
    for attempt in range(5):
        try:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            return
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.5 * (attempt + 1))

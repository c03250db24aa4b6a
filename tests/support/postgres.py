"""The test PostgreSQL server (``ASB_TEST_POSTGRES_URL``), or a skip when there is none."""

from __future__ import annotations

import os

import pytest


def postgres_url_or_skip() -> str:
    """The server's URL; without one the calling test is skipped, except under ``ASB_REQUIRE_POSTGRES=1``
    (set by .ci/run), where a missing server fails the test so CI can never pass without PostgreSQL."""
    url = os.environ.get("ASB_TEST_POSTGRES_URL", "")
    if url:
        return url
    if os.environ.get("ASB_REQUIRE_POSTGRES") == "1":
        pytest.fail("ASB_REQUIRE_POSTGRES=1 but ASB_TEST_POSTGRES_URL is not set")
    pytest.skip("no PostgreSQL: set ASB_TEST_POSTGRES_URL to run these")

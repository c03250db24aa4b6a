"""Shared fixtures: every storage and service test runs on a real SQLite file and on a real
PostgreSQL (``ASB_TEST_POSTGRES_URL``, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test).

Without that variable the PostgreSQL runs are skipped, except where ``ASB_REQUIRE_POSTGRES=1``
(set by .ci/run): there a missing server is a failure, so CI can never pass without them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from support.postgres import BACKENDS, fresh_schema_url

from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.db import make_engine, upgrade

FIXED_NOW = datetime(2026, 11, 23, 10, 0)  # a Monday


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # the account's backup key and window settings live under the config folder: the tests' own
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="asb-test-config-")
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="asb-test-cache-")  # the drawn icons kept


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test, dropped afterwards."""
    with fresh_schema_url() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'asb.sqlite'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    _finish_background_jobs()
    eng.dispose()


def _finish_background_jobs() -> None:
    """A window's background jobs (a re-read after an edit) end, and their results are shown, while the
    test's database still exists: a queued result delivered after the schema is dropped would fail."""
    import sys

    if "asb_desktop.ui.workers" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    from asb_desktop.ui.workers import RUNNER

    for _ in range(50):
        RUNNER.wait(10_000)
        QApplication.processEvents()
        if not RUNNER.running:
            return


@pytest.fixture
def ctx(engine: Engine, tmp_path: Path) -> Context:
    """A single-user (administrator-officer) context with a fixed clock."""
    from asb_desktop.services.admin.users import sign_in

    actor = sign_in(engine, now=FIXED_NOW)
    return Context(engine, actor, tmp_path / "data", clock=lambda: FIXED_NOW)


@pytest.fixture(autouse=True)
def no_message_box_outlives_its_test() -> Iterator[None]:
    """A question or message a test left open (a non-blocking "Discard this report?", a saved-to box)
    is closed when the test ends, so the next test's look for visible message boxes sees only its own."""
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()

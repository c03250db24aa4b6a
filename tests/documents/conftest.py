"""Fixtures for the document tests; the helpers are in doc_helpers.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_helpers import DocCase, make_case  # noqa: E402

from asb_desktop.services.kernel.context import Context  # noqa: E402


@pytest.fixture
def case(ctx: Context, tmp_path: Path) -> DocCase:
    return make_case(ctx, tmp_path)

"""The court tests' folder: pdf_factory.py is imported from here. The PDF-reading helpers are in
tests/support/pdf.py (import them as ``from support.pdf import ...``, never from a conftest)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # pdf_factory

"""Small file-system helpers shared by the stores that must never leave a half-written file."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename into ``folder`` durable (POSIX: the directory entry itself is synced)."""
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

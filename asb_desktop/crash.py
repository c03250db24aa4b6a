"""Crash details: an unexpected error is written in full to a local file, and the user gets a plain message.

Qt-free so the window's exception hook and the tests share it. The file goes in the log folder
(``DATA_DIR/logs/crash-YYYYMMDD-HHMMSS.txt``) and holds what a support person needs: the version,
the platform, whether the program is the packaged build, and the traceback. Nothing from the
database is written, so the file can be sent on without leaking case details beyond the error text.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from . import __version__

KEEP = 20  # older crash files beyond this many are removed so the folder cannot grow without end


def crash_details(kind: type[BaseException], value: BaseException, tb: TracebackType | None,
                  when: datetime | None = None) -> str:
    """The text of a crash file."""
    from .resources import is_frozen

    when = when or datetime.now()
    lines = [
        "ASB Desktop crash details",
        f"When: {when.isoformat(timespec='seconds')}",
        f"Version: {__version__}{' (packaged)' if is_frozen() else ' (source)'}",
        f"Python: {platform.python_version()} on {platform.platform()}",
        f"Program: {sys.executable}",
        "",
        "".join(traceback.format_exception(kind, value, tb)).rstrip(),
        "",
    ]
    return "\n".join(lines)


def write_crash_file(kind: type[BaseException], value: BaseException, tb: TracebackType | None,
                     log_dir: Path, when: datetime | None = None) -> Path:
    """Write the crash details to a new file in ``log_dir`` and return its path."""
    when = when or datetime.now()
    log_dir.mkdir(parents=True, exist_ok=True)
    stem = f"crash-{when:%Y%m%d-%H%M%S}"
    path = log_dir / f"{stem}.txt"
    n = 1
    while path.exists():
        n += 1
        path = log_dir / f"{stem}-{n}.txt"
    path.write_text(crash_details(kind, value, tb, when), encoding="utf-8")
    for old in sorted(log_dir.glob("crash-*.txt"))[:-KEEP]:
        old.unlink(missing_ok=True)
    return path


def user_message(value: BaseException, crash_file: Path | None) -> str:
    """What the user is told: what happened, that saved work is safe, and where the details are."""
    what = str(value).strip() or value.__class__.__name__
    where = f"The details were written to {crash_file}." if crash_file else "The details could not be written."
    return (f"Something went wrong: {what}\n\nYour saved work is safe; the change you were making may not "
            f"have been saved, so check it. {where} If this keeps happening, send that file to your "
            "administrator.")

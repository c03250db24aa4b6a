"""Intake checks: what a file is, whether it opens, and what it says about itself, before it is stored.

``examine`` raises ``Unusable`` with a plain-English reason for anything that must not be stored:
empty files, names that lie about the contents, corrupt or truncated media, locked PDFs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .kinds import FAMILY_KIND, FAMILY_WORDS, HEAD_BYTES, Kind, family_of
from .timestamps import time_from_name


class Unusable(Exception):
    """The file cannot be taken in; ``str()`` says why and what to do."""


@dataclass
class Examined:
    kind: Kind
    family: str | None
    made_at: datetime | None
    meta: dict[str, Any] = field(default_factory=dict)
    analysis: dict[str, Any] = field(default_factory=dict)


# Which families each kind may be (a diary may be a filled form, a scan or a typed document).
ALLOWED = {
    Kind.NOISE: {"audio"},
    Kind.VIDEO: {"video"},
    Kind.PHOTO: {"image"},
    Kind.DIARY: {"pdf", "image", "word"},
    Kind.DOCUMENT: {"pdf", "word", "image"},
}


def examine(path: Path, name: str, kind: Kind | None = None) -> Examined:
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise Unusable(f"the file could not be read ({exc.strerror})") from None
    if size == 0:
        raise Unusable("the file is empty (0 bytes); ask for the original again")
    content, named = family_of(head, name)
    ext = Path(name).suffix.lower() or "(none)"
    if named and content and named != content:
        raise Unusable(f"the name ends {ext} but the file is {FAMILY_WORDS.get(content, 'something else')}; "
                       "check it is the right file and give it the right extension")
    if named and content is None:
        raise Unusable(f"the name ends {ext} but the contents are not {FAMILY_WORDS[named]}: the file is damaged "
                       "or has the wrong extension")
    family = content or named
    if kind is not None and kind in ALLOWED and family not in ALLOWED[kind]:
        raise Unusable(f"it was added as {kind.value} evidence but the file is "
                       f"{FAMILY_WORDS.get(family or '', 'not a kind of file that can be')}")
    result = Examined(kind or FAMILY_KIND.get(family or "", Kind.OTHER), family, time_from_name(name))
    result.meta["detected"] = family or "unknown"
    _analyse(path, family, result)
    return result


def _analyse(path: Path, family: str | None, result: Examined) -> None:
    try:
        if family == "audio":
            from .audio import examine_audio

            examine_audio(path, result)
        elif family == "image":
            from .photos import examine_photo

            examine_photo(path, result)
        elif family == "video":
            from .video import examine_video

            examine_video(path, result)
        elif family == "pdf":
            from .documents import examine_pdf

            examine_pdf(path, result)
        elif family == "word":
            from .documents import examine_word

            examine_word(path, result)
    except Unusable:
        raise
    except MemoryError:
        raise Unusable("the file is too large to analyse in memory") from None
    except Exception as exc:  # a library's own error on a damaged file: say so plainly
        raise Unusable(f"the file is damaged or incomplete and could not be opened "
                       f"({exc.__class__.__name__}: {str(exc)[:200]})") from None


def expand(paths: list[Path]) -> Iterator[Path]:
    """Files named, and every file inside folders named (sorted; hidden files and links skipped)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(folder, name)
                    if not name.startswith(".") and not child.is_symlink():
                        yield child
        else:
            yield path

"""Intake checks: what a file is, whether it opens, and what it says about itself, before it is stored.

``examine`` raises ``Unusable`` with a plain-English reason for anything that must not be stored:
empty files, names that lie about the contents, corrupt or truncated media, locked PDFs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .examined import Examined as Examined
from .examined import Fraction as Fraction
from .examined import Unusable as Unusable
from .kinds import FAMILY_KIND, FAMILY_WORDS, HEAD_BYTES, Kind, family_of
from .store import Cancelled
from .timestamps import time_from_name

# Which families each kind may be (a diary may be a filled form, a scan or a typed document).
ALLOWED = {
    Kind.NOISE: {"audio"},
    Kind.VIDEO: {"video"},
    Kind.PHOTO: {"image"},
    Kind.DIARY: {"pdf", "image", "word"},
    Kind.DOCUMENT: {"pdf", "word", "image"},
}


def examine(path: Path, name: str, kind: Kind | None = None) -> Examined:
    """Check and analyse a file in place (reads it twice: its head, then the analysis)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise Unusable(f"the file could not be read ({exc.strerror})") from None
    result = check(head, size, name, kind)
    analyse(path, result)
    return result


def check(head: bytes, size: int, name: str, kind: Kind | None = None) -> Examined:
    """The cheap checks, from the file's first bytes, its size and its name: what it is, whether the name
    tells the truth, whether it may be this kind of evidence. No analysis."""
    if size == 0:
        raise Unusable("the file is empty (0 bytes); ask for the original again")
    content, named = family_of(head[:HEAD_BYTES], name)
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
    return result


# What the analysis of each heavy family learns from the bytes alone (never from the file's name or
# what sits beside it): the same bytes give the same figures, so they are reused, not worked out again.
FROM_BYTES = {
    "audio": ("duration_s", "sample_rate", "channels"),
    "video": ("duration_s", "width", "height", "codec", "frame_rate", "has_audio"),
    "image": ("width", "height", "format", "orientation", "camera"),
}
TIME_FROM_BYTES = {"audio": "metadata", "video": "metadata", "image": "EXIF"}


def known_facts(family: str | None, meta: dict[str, Any], analysis: dict[str, Any],
                made_at: datetime | None) -> dict[str, Any] | None:
    """The byte-derived part of an earlier examination of the same bytes (an item's ``meta``, ``analysis``
    and ``made_at``), or None when it cannot stand in for a new one. Nothing an officer added (a
    calibration, a description), nothing from the file's name or path, nothing about the case it is on."""
    if family not in FROM_BYTES or meta.get("detected") != family:
        return None
    facts: dict[str, Any] = {"meta": {k: meta[k] for k in FROM_BYTES[family] if k in meta}, "analysis": {}}
    if family == "audio":
        from .levels import calibrate

        levels = analysis.get("levels")
        if not levels or "laeq_dbfs" not in levels:
            return None
        facts["analysis"]["levels"] = calibrate(levels, None)
    when_from = TIME_FROM_BYTES[family]
    facts["made_at"] = made_at if meta.get("made_at_from") == when_from else None
    return facts


def apply_facts(result: Examined, facts: dict[str, Any], source: Path | None = None) -> None:
    """Fill ``result`` from ``known_facts`` instead of analysing again; then what depends on the name
    and the folder (the time in the name, a level log beside a recording) as for a new analysis."""
    result.meta.update(facts["meta"])
    result.analysis.update(facts["analysis"])
    if facts.get("made_at") is not None:
        result.made_at = facts["made_at"]
        result.meta["made_at_from"] = TIME_FROM_BYTES[result.family or ""]
    elif result.made_at is not None:
        result.meta["made_at_from"] = "file name"
    if result.family == "audio" and source is not None:
        from .audio import add_level_log

        add_level_log(source, result)


def analyse(path: Path, result: Examined, source: Path | None = None, progress: Fraction | None = None,
            cancelled: Callable[[], bool] | None = None) -> None:
    """The full analysis of ``path`` (the stored copy) by family. ``source``: where the file was added
    from, for what sits beside it (a recording's level log). ``progress(fraction)`` and ``cancelled``:
    for long recordings, checked between blocks."""
    family = result.family
    try:
        if family == "audio":
            from .audio import examine_audio

            examine_audio(path, result, source or path, progress, cancelled)
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
            result.meta["format"] = (source or path).suffix.lower().lstrip(".") or "word"
    except (Unusable, Cancelled):
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

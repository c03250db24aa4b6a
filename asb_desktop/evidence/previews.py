"""Derived pictures for one stored item, kept in a cache folder (never in the store): a thumbnail,
keyframes, a first-page preview, or the level chart and waveform of a recording."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def previews(stored: Path, sha256: str, kind: str, family: str, analysis: dict[str, Any], cache: Path) -> list[Path]:
    """PNG previews of a stored file, made once and reused (keyed by the file's SHA-256)."""
    folder = cache / sha256[:2] / sha256
    done = sorted(folder.glob("*.png")) if folder.is_dir() else []
    if done:
        return done
    if kind == "noise" and analysis.get("levels"):
        from .charts import level_chart, waveform

        return [level_chart(analysis["levels"], folder / "levels.png"), waveform(analysis["levels"], folder / "wave.png")]
    if family == "image":
        from .photos import thumbnail

        return [thumbnail(stored, folder / "thumbnail.png")]
    if family == "video":
        from .video import keyframe_thumbnails

        return keyframe_thumbnails(stored, folder)
    if family == "pdf":
        from .documents import first_page_png

        return [first_page_png(stored, folder / "page-1.png")]
    if family == "word":
        from .documents import first_page_png, soffice, word_to_pdf

        if soffice() is None:
            return []
        return [first_page_png(word_to_pdf(stored, folder / "converted.pdf"), folder / "page-1.png")]
    return []

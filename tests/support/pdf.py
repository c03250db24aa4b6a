"""Reading built PDFs the way a user's tools would (poppler's pdfinfo and pdftotext)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def _match(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    m = re.search(pattern, text, flags)
    if m is None:
        raise AssertionError(f"poppler's output has no {pattern!r}:\n{text}")
    return m


def pdfinfo_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(_match(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_words(path: Path, page: int) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    """(width, height, [(word, xmin, ymin, xmax, ymax)]) of one page as displayed (pdfinfo, pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(path)], capture_output=True, text=True,
                          check=True).stdout
    m = _match(r"size:\s+([\d.]+) x ([\d.]+)", info)
    rot = int(_match(r"rot:\s+(\d+)", info).group(1))
    width, height = (float(m.group(2)), float(m.group(1))) if rot in (90, 270) else (float(m.group(1)),
                                                                                   float(m.group(2)))
    words = [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
    return width, height, words  # poppler gives word boxes as displayed, page size unrotated


def page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout

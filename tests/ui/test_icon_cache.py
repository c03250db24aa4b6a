"""Icons drawn once are kept, so a later start loads them without QtAwesome (most of a second)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DRAW = """
import sys
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
app = QApplication([])
from asb_desktop.ui.icons import icon, status_icon
image = icon("Today").pixmap(QSize(24, 24), 1.0).toImage()
status_icon("overdue", "#b00020").pixmap(QSize(16, 16), 1.0)
image.save(sys.argv[1])
print("qtawesome" in sys.modules)
"""


def _start(tmp_path: Path, out: Path) -> bool:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", DRAW, str(out)], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1] == "True"


def test_an_icon_drawn_once_is_loaded_from_the_cache_looking_the_same(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    assert _start(tmp_path, tmp_path / "first.png")  # the first start draws with QtAwesome ...
    kept = sorted((tmp_path / "cache" / "asb-desktop" / "icons").glob("*/24.png"))
    assert len(kept) == 2
    assert not _start(tmp_path, tmp_path / "second.png")  # ... the next never loads it
    first, second = QImage(str(tmp_path / "first.png")), QImage(str(tmp_path / "second.png"))
    assert first.size() == second.size() and first == second


def test_a_half_written_cache_is_drawn_again(tmp_path: Path) -> None:
    assert _start(tmp_path, tmp_path / "first.png")
    for png in (tmp_path / "cache" / "asb-desktop" / "icons").glob("*/24.png"):
        png.unlink()
    assert _start(tmp_path, tmp_path / "again.png")

"""Pictures of a recording, drawn with Pillow: the level over time (per second, unweighted and
A-weighted) and the waveform (from the envelope kept in the analysis). Both say whether the levels
are calibrated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .photos import save_png

W, H, LEFT, BOTTOM, TOP = 900, 320, 56, 28, 24


def _label(levels: dict[str, Any]) -> str:
    if levels.get("calibrated"):
        return f"dB(A), calibrated (offset {levels['calibration_offset_db']:+.1f} dB)"
    return "dBFS, uncalibrated: relative levels only"


def level_chart(levels: dict[str, Any], dest: Path) -> Path:
    from PIL import Image, ImageDraw

    offset = levels.get("calibration_offset_db") or 0.0
    series = [[v + offset for v in levels["per_second_dbfs"]], [v + offset for v in levels["per_second_a_dbfs"]]]
    values = [v for s in series for v in s if v > -119]
    hi = max(values, default=0.0)
    lo = min(values, default=-60.0)
    top, bottom = 10 * (int(hi // 10) + 1), 10 * int(lo // 10 - 1)
    img = Image.new("RGB", (W, H), "white")
    draw = ImageDraw.Draw(img)
    plot_w, plot_h = W - LEFT - 10, H - BOTTOM - TOP

    def y(v: float) -> float:
        return TOP + plot_h * (top - max(bottom, min(top, v))) / max(1, top - bottom)

    for tick in range(bottom, top + 1, 10):
        draw.line([(LEFT, y(tick)), (W - 10, y(tick))], fill=(225, 225, 225))
        draw.text((4, y(tick) - 6), f"{tick}", fill="black")
    n = max(1, len(series[0]) - 1)
    for values_, colour in zip(series, ((150, 150, 150), (200, 30, 30)), strict=True):
        if len(values_) == 1:
            draw.line([(LEFT, y(values_[0])), (W - 10, y(values_[0]))], fill=colour, width=2)
        else:
            draw.line([(LEFT + plot_w * i / n, y(v)) for i, v in enumerate(values_)], fill=colour, width=2)
    draw.text((LEFT, 4), f"Level per second ({_label(levels)}): grey unweighted, red A-weighted", fill="black")
    draw.text((LEFT, H - BOTTOM + 8), "0 s", fill="black")
    draw.text((W - 80, H - BOTTOM + 8), f"{levels['duration_s']:.0f} s", fill="black")
    return save_png(img, dest)


def waveform(levels: dict[str, Any], dest: Path) -> Path:
    from PIL import Image, ImageDraw

    env = levels["envelope"]
    img = Image.new("RGB", (W, H), "white")
    draw = ImageDraw.Draw(img)
    mid, half = TOP + (H - TOP - BOTTOM) / 2, (H - TOP - BOTTOM) / 2
    draw.line([(LEFT, mid), (W - 10, mid)], fill=(200, 200, 200))
    n = max(1, len(env["min"]))
    plot_w = W - LEFT - 10
    for i, (lo, hi) in enumerate(zip(env["min"], env["max"], strict=True)):
        x = LEFT + plot_w * i / n
        draw.line([(x, mid - hi * half), (x, mid - lo * half)], fill=(30, 90, 170))
    draw.text((LEFT, 4), f"Waveform, {levels['duration_s']:.1f} s; peak {levels['peak_dbfs']:.1f} dBFS "
                         f"({_label(levels)})", fill="black")
    return save_png(img, dest)

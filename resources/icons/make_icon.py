"""Draw the ASB Desktop icon: a house with an incident-report bubble, as PNG, ICO and SVG.

Run ``.venv/bin/python resources/icons/make_icon.py`` after changing the design; the outputs are
committed beside this script. One list of shapes (on a 256-unit square) drives both the bitmap
(drawn by Pillow at 4x and scaled down, for smooth edges) and the SVG, so they cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
NAVY, WHITE, AMBER = "#1F4E79", "#FFFFFF", "#F2A900"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

# (kind, fill, geometry) on a 256 x 256 canvas; drawn in order.
SHAPES: list[tuple[str, str, tuple]] = [
    ("roundrect", NAVY, (8, 8, 248, 248, 48)),
    ("polygon", WHITE, ((32, 130), (128, 46), (224, 130))),  # roof
    ("rect", WHITE, (62, 122, 194, 214)),  # walls
    ("rect", NAVY, (112, 154, 144, 214)),  # door
    ("polygon", AMBER, ((168, 88), (160, 122), (194, 100))),  # bubble tail
    ("circle", AMBER, (194, 66, 40)),  # report bubble
    ("rect", NAVY, (188, 42, 200, 76)),  # "!" bar
    ("circle", NAVY, (194, 89, 7)),  # "!" dot
]


def draw(size: int) -> Image.Image:
    scale = 4 * size / 256
    big = Image.new("RGBA", (4 * size, 4 * size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)
    for kind, fill, g in SHAPES:
        if kind == "roundrect":
            x0, y0, x1, y1, r = (v * scale for v in g)
            pen.rounded_rectangle((x0, y0, x1, y1), radius=r, fill=fill)
        elif kind == "rect":
            pen.rectangle(tuple(v * scale for v in g), fill=fill)
        elif kind == "polygon":
            pen.polygon([(x * scale, y * scale) for x, y in g], fill=fill)
        elif kind == "circle":
            cx, cy, r = (v * scale for v in g)
            pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def svg() -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">',
             "<title>ASB Desktop</title>"]
    for kind, fill, g in SHAPES:
        if kind == "roundrect":
            x0, y0, x1, y1, r = g
            parts.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{r}" fill="{fill}"/>')
        elif kind == "rect":
            x0, y0, x1, y1 = g
            parts.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{fill}"/>')
        elif kind == "polygon":
            points = " ".join(f"{x},{y}" for x, y in g)
            parts.append(f'<polygon points="{points}" fill="{fill}"/>')
        elif kind == "circle":
            cx, cy, r = g
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    draw(256).save(HERE / "asb-desktop.png", optimize=True)
    draw(48).save(HERE / "asb-desktop-48.png", optimize=True)
    draw(256).save(HERE / "asb-desktop.ico", sizes=[(s, s) for s in ICO_SIZES])
    (HERE / "asb-desktop.svg").write_text(svg(), encoding="utf-8")


if __name__ == "__main__":
    main()

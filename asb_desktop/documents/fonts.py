"""The Unicode font shipped with the app (DejaVu Serif, resources/fonts) so every name prints:
the PDF base fonts (Helvetica, Times) cannot draw "Ł", "ő" or "Ø"."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

FAMILY = "DejaVu Serif"  # the name Word and LibreOffice know the font by
PDF_FACES = {
    "regular": ("AsbSerif", "DejaVuSerif.ttf"),
    "bold": ("AsbSerif-Bold", "DejaVuSerif-Bold.ttf"),
    "italic": ("AsbSerif-Italic", "DejaVuSerif-Italic.ttf"),
    "bold_italic": ("AsbSerif-BoldItalic", "DejaVuSerif-BoldItalic.ttf"),
}


def fonts_dir() -> Path:
    env = os.environ.get("ASB_FONTS_DIR")
    if env:
        return Path(env)
    from ..resources import resource_path

    return resource_path("fonts")


@cache
def register_pdf_fonts() -> str:
    """Register the four faces with reportlab once per process; returns the family name to use."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = fonts_dir()
    for name, filename in PDF_FACES.values():
        path = folder / filename
        if not path.is_file():
            raise FileNotFoundError(2, "The document font is missing; reinstall the app", str(path))
        pdfmetrics.registerFont(TTFont(name, str(path)))
    regular, bold, italic, bold_italic = (PDF_FACES[k][0] for k in ("regular", "bold", "italic", "bold_italic"))
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold_italic)
    return regular


def face(bold: bool = False, italic: bool = False) -> str:
    key = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
           (True, True): "bold_italic"}[(bold, italic)]
    return PDF_FACES[key][0]

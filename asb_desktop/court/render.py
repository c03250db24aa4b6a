"""Our own PDF pages (notice pack, index, front sheets, chronology) drawn with reportlab.

Text uses a Unicode TrueType font embedded in the PDF: the one shipped in ``resources/fonts``
when present, else DejaVu Sans from the system. Two page kinds: flowing documents (headings,
paragraphs, tables) and ruled listings whose row positions are returned, so the bundle can put
link annotations exactly over each row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

A4_W, A4_H = 595.2756, 841.8898
MARGIN = 56.7  # 2 cm
SYSTEM_FONTS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/TTF"),
                Path("C:/Windows/Fonts"), Path("/Library/Fonts"))


def resources_fonts() -> Path:
    from ..resources import resource_path

    return resource_path("fonts")


def find_font(bold: bool = False) -> Path:
    """A Unicode TTF: resources/fonts first (regular = no "Bold" in the name), then the system's DejaVu."""
    shipped = resources_fonts()
    if shipped.is_dir():
        candidates = sorted(p for p in shipped.glob("*.ttf") if ("Bold" in p.stem) == bold
                            and "Italic" not in p.stem and "Oblique" not in p.stem)
        if candidates:
            return candidates[0]
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in SYSTEM_FONTS:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"No Unicode font found: put a .ttf in {shipped} or install DejaVu Sans.")


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """Register the regular and bold fonts with reportlab once; returns their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = find_font(False)
    try:
        bold = find_font(True)
    except FileNotFoundError:
        bold = regular
    pdfmetrics.registerFont(TTFont("ASBSans", str(regular)))
    pdfmetrics.registerFont(TTFont("ASBSans-Bold", str(bold)))
    return "ASBSans", "ASBSans-Bold"


@dataclass(frozen=True)
class Block:
    """One piece of a flowing document: kind is h1, h2, p, small, table or space."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()


def h1(text: str) -> Block:
    return Block("h1", text)


def h2(text: str) -> Block:
    return Block("h2", text)


def p(text: str) -> Block:
    return Block("p", text)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Block:
    return Block("table", rows=tuple(tuple(r) for r in rows), widths=tuple(widths))


def write_document(path: Path, title: str, blocks: Sequence[Block], footer: str = "") -> Path:
    """A flowing A4 document; the footer (e.g. a case reference) sits above the page-number band."""
    from xml.sax.saxutils import escape  # here, not at the top: the bundle engine does not need it

    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = fonts()
    styles = {
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "p": ParagraphStyle("p", fontName=regular, fontSize=10.5, leading=14, spaceAfter=6),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=11, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=9, leading=11.5),
    }
    story = []
    for b in blocks:
        if b.kind == "table":
            data = [[Paragraph(escape(c), styles["head" if i == 0 else "cell"]) for c in row]
                    for i, row in enumerate(b.rows)]
            t = Table(data, colWidths=list(b.widths), repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [t, Spacer(1, 8)]
        elif b.kind == "space":
            story.append(Spacer(1, 18))
        else:
            text = "<br/>".join(escape(line) for line in b.text.split("\n"))
            story.append(Paragraph(text, styles[b.kind]))

    def on_page(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        if footer:
            canvas.setFont(regular, 8)
            canvas.drawString(MARGIN, MARGIN * 0.6, footer)

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=(A4_W, A4_H), leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=title, author="ASB Desktop")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path


@dataclass(frozen=True)
class RowBox:
    """Where one listing row landed: 0-based page of the listing and its rectangle in points."""

    page: int
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class Listing:
    title: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]  # fractions of the text width, one per column
    rows: tuple[tuple[str, ...], ...]
    bold_rows: frozenset[int] = frozenset()
    intro: str = ""


@lru_cache(maxsize=16384)
def _wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Wrapped lines, remembered: the index is laid out several times while its page numbers settle."""
    from reportlab.lib.utils import simpleSplit

    lines: list[str] = []
    for part in text.split("\n"):
        lines += simpleSplit(part, font, size, width) or [""]
    return tuple(lines)


def _run_listing(listing: Listing, c: Any | None) -> list[RowBox]:
    """Lay the listing out, drawing on ``c`` when given; returns each row's box (measuring is cheap)."""
    regular, bold = fonts()
    usable = A4_W - 2 * MARGIN
    widths = [usable * w for w in listing.widths]
    size, lead = 9.5, 12.0
    boxes: list[RowBox] = []
    page = 0

    def header(first: bool) -> float:
        y = A4_H - MARGIN
        if first:
            for line in _wrap(listing.title, bold, 15, usable):  # a long title wraps, never runs off the page
                if c is not None:
                    c.setFont(bold, 15)
                    c.drawString(MARGIN, y - 15, line)
                y -= 18
            y -= 8
            if listing.intro:
                for line in _wrap(listing.intro, regular, 9, usable):
                    if c is not None:
                        c.setFont(regular, 9)
                        c.drawString(MARGIN, y - 9, line)
                    y -= 11.5
                y -= 6
        if c is not None:
            c.setFont(bold, size)
            x = MARGIN
            for h, w in zip(listing.headers, widths, strict=True):
                c.drawString(x + 2, y - size, h)
                x += w
        y -= lead + 4
        if c is not None:
            c.setLineWidth(0.6)
            c.line(MARGIN, y + 2, A4_W - MARGIN, y + 2)
        return y

    y = header(True)
    for i, row in enumerate(listing.rows):
        font = bold if i in listing.bold_rows else regular
        cells = [_wrap(text, font, size, w - 6) for text, w in zip(row, widths, strict=True)]
        height = max(len(lines) for lines in cells) * lead + 4
        if y - height < MARGIN:
            if c is not None:
                c.showPage()
            page += 1
            y = header(False)
        if c is not None:
            c.setFont(font, size)
            x = MARGIN
            for n, (lines, w) in enumerate(zip(cells, widths, strict=True)):
                for k, line in enumerate(lines):
                    if n == len(cells) - 1:  # the last column (page numbers) is right-aligned
                        c.drawRightString(x + w - 2, y - size - k * lead, line)
                    else:
                        c.drawString(x + 2, y - size - k * lead, line)
                x += w
        boxes.append(RowBox(page, (MARGIN, y - height + 2, A4_W - MARGIN, y + 1)))
        y -= height
        if c is not None:
            c.setLineWidth(0.2)
            c.line(MARGIN, y + 2, A4_W - MARGIN, y + 2)
    return boxes


def listing_pages(listing: Listing) -> int:
    """How many pages the listing takes, without drawing it."""
    boxes = _run_listing(listing, None)
    return boxes[-1].page + 1 if boxes else 1


def write_listing(listing: Listing, path: Path | None = None) -> tuple[bytes, list[RowBox]]:
    """A ruled table over as many A4 pages as it needs; returns the PDF and each row's box."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    buf = BytesIO()
    c = Canvas(buf, pagesize=(A4_W, A4_H), pageCompression=1)
    c.setTitle(listing.title)
    boxes = _run_listing(listing, c)
    c.showPage()
    c.save()
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data, boxes

"""Page numbers stamped bottom right, upright as the page is displayed, in a band of their own.

The visible box of each page is extended by a band on the side that is displayed at the bottom
(which side that is depends on /Rotate), so the number never covers anything that was on the
page, including numbers already printed there. Numbers are drawn in Helvetica (digits only).
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name, Page, Pdf

BAND = 22.0  # points added below the displayed page
SIZE = 10.0
RIGHT_MARGIN = 28.0
FONT_KEY = "/ASBPageNo"
DIGIT_WIDTH = 0.556  # Helvetica digits, in ems


def number_font(pdf: Pdf) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))


def _box(page: Page) -> list[float]:
    mb = [float(v) for v in page.obj.MediaBox]
    cb = [float(v) for v in page.obj.get("/CropBox", page.obj.MediaBox)]
    mb = [min(mb[0], mb[2]), min(mb[1], mb[3]), max(mb[0], mb[2]), max(mb[1], mb[3])]
    cb = [min(cb[0], cb[2]), min(cb[1], cb[3]), max(cb[0], cb[2]), max(cb[1], cb[3])]
    return [max(mb[0], cb[0]), max(mb[1], cb[1]), min(mb[2], cb[2]), min(mb[3], cb[3])]


def rotation(page: Page) -> int:
    return int(page.obj.get("/Rotate", 0)) % 360


def display_matrix(box: list[float], rotate: int) -> tuple[list[float], float, float]:
    """The matrix from displayed coordinates (origin bottom left, as the reader sees the page) to the
    page's own user space, with the displayed width and height."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if rotate == 90:
        return [0, 1, -1, 0, x1, y0], h, w
    if rotate == 180:
        return [-1, 0, 0, -1, x1, y1], w, h
    if rotate == 270:
        return [0, -1, 1, 0, x0, y1], h, w
    return [1, 0, 0, 1, x0, y0], w, h


def extend_for_band(page: Page, band: float = BAND) -> list[float]:
    """Grow the visible box by ``band`` on the displayed bottom edge; returns the new box."""
    x0, y0, x1, y1 = _box(page)
    rotate = rotation(page)
    if rotate == 90:
        x1 += band
    elif rotate == 180:
        y1 += band
    elif rotate == 270:
        x0 -= band
    else:
        y0 -= band
    box = [x0, y0, x1, y1]
    page.obj.MediaBox = Array(box)
    page.obj.CropBox = Array(box)
    return box


def stamp_stream(number: int, matrix: list[float], width: float, band: float = BAND) -> bytes:
    text = str(number)
    x = width - RIGHT_MARGIN - len(text) * DIGIT_WIDTH * SIZE
    y = (band - SIZE) / 2 + 1.5
    m = " ".join(f"{v:.3f}".rstrip("0").rstrip(".") for v in matrix)
    return (f"Q q {m} cm 1 g 0 0 {width:.2f} {band:.2f} re f 0 g BT {FONT_KEY} {SIZE:g} Tf "
            f"{x:.2f} {y:.2f} Td ({text}) Tj ET Q\n").encode("ascii")


def stamp_pages(pdf: Pdf, first_index: int, first_number: int) -> None:
    """Stamp pages ``first_index`` onwards with ``first_number``, ``first_number + 1`` ..."""
    font = number_font(pdf)
    opener = pdf.make_stream(b"q\n")
    for offset, page in enumerate(pdf.pages[first_index:]):
        box = extend_for_band(page)
        matrix, width, _ = display_matrix(box, rotation(page))
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            resources.Font = fonts = Dictionary()
        fonts[FONT_KEY] = font
        page.contents_add(opener, prepend=True)
        page.contents_add(pdf.make_stream(stamp_stream(first_number + offset, matrix, width)))

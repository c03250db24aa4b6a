"""Page numbers stamped bottom right, upright as the page is displayed, in a band of their own.

The visible box of each page is extended by a band on the side that is displayed at the bottom
(which side that is depends on /Rotate), so the number never covers anything that was on the
page, including numbers already printed there. Numbers are drawn in Helvetica (digits only).

Stamping touches every page of a bundle, so each page's attributes are read once and the drawing
is worked out once per page geometry (pages of one document nearly always share it).
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name, Pdf, Rectangle

BAND = 22.0  # points added below the displayed page
SIZE = 10.0
RIGHT_MARGIN = 28.0
FONT_KEY = "/ASBPageNo"
DIGIT_WIDTH = 0.556  # Helvetica digits, in ems

Box = tuple[float, float, float, float]


def number_font(pdf: Pdf) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))


def visible_box(media: Rectangle, crop: Rectangle | None) -> Box:
    """The part of the page a viewer shows: the crop box clipped to the media box."""
    if crop is None:
        return media.llx, media.lly, media.urx, media.ury
    return (max(media.llx, crop.llx), max(media.lly, crop.lly),
            min(media.urx, crop.urx), min(media.ury, crop.ury))


def display_matrix(box: Box, rotate: int) -> tuple[list[float], float, float]:
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


def extended_box(box: Box, rotate: int, band: float = BAND) -> Box:
    """``box`` grown by ``band`` on the edge that is displayed at the bottom."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        return x0, y0, x1 + band, y1
    if rotate == 180:
        return x0, y0, x1, y1 + band
    if rotate == 270:
        return x0 - band, y0, x1, y1
    return x0, y0 - band, x1, y1


class _Geometry:
    """What stamping needs for one page geometry: the grown box and the start of the number stream."""

    def __init__(self, box: Box, rotate: int) -> None:
        self.box = extended_box(box, rotate)
        matrix, self.width, _ = display_matrix(self.box, rotate)
        m = " ".join(f"{v:.3f}".rstrip("0").rstrip(".") for v in matrix)
        self.head = f"Q q {m} cm 1 g 0 0 {self.width:.2f} {BAND:.2f} re f 0 g BT {FONT_KEY} {SIZE:g} Tf "
        self.y = (BAND - SIZE) / 2 + 1.5

    def stream(self, number: int) -> bytes:
        text = str(number)
        x = self.width - RIGHT_MARGIN - len(text) * DIGIT_WIDTH * SIZE
        return f"{self.head}{x:.2f} {self.y:.2f} Td ({text}) Tj ET Q\n".encode("ascii")


def stamp_pages(pdf: Pdf, first_index: int, first_number: int) -> None:
    """Stamp pages ``first_index`` onwards with ``first_number``, ``first_number + 1`` ..."""
    font = number_font(pdf)
    opener = pdf.make_stream(b"q\n")
    geometries: dict[tuple[Box, int], _Geometry] = {}
    for number, page in enumerate(list(pdf.pages)[first_index:], first_number):  # slicing pdf.pages is slow
        obj = page.obj
        crop = obj.get("/CropBox")
        box = visible_box(Rectangle(obj.MediaBox), None if crop is None else Rectangle(crop))  # type: ignore[call-overload]  # pikepdf types boxes as Object
        rotate = int(obj.get("/Rotate", 0)) % 360
        geometry = geometries.get((box, rotate))
        if geometry is None:
            geometry = geometries[(box, rotate)] = _Geometry(box, rotate)
        obj.MediaBox = Array(geometry.box)
        if crop is not None:
            obj.CropBox = Array(geometry.box)
        resources = obj.get("/Resources")
        if resources is None:
            obj.Resources = resources = Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            resources.Font = fonts = Dictionary()
        fonts[FONT_KEY] = font
        page.contents_add(opener, prepend=True)
        page.contents_add(pdf.make_stream(geometry.stream(number)))

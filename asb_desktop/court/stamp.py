"""Every bundle page made A4 portrait, and its number stamped bottom right inside the page.

The judiciary's guidance on PDF bundles asks for documents to appear in portrait mode, a landscape
original inserted so that it reads with a 90 degree rotation clockwise, none upside down (see
docs/law.md, "The court bundle"). So each page's visible content (its crop box, as the viewer
shows it, /Rotate taken into account) is drawn onto a fresh A4 portrait page with no /Rotate:

- a portrait page is scaled (down or up) to fit above a footer band of ``BAND`` points;
- a landscape page is turned a quarter turn anticlockwise (its top at the left edge, the binding
  edge of a printed bundle) and scaled into the same area;
- pages we drew ourselves (index, chronology), already A4 portrait with margins clear of the band,
  are left exactly as they are.

The page number goes in the band, bottom right, so it never covers anything that was on the page,
including numbers already printed there. Numbers are drawn in Helvetica (digits only). Link
annotations on a moved page are moved with it.

Stamping touches every page of a bundle, so each page's attributes are read once and the drawing is
worked out once per page geometry (pages of one document nearly always share it).
"""

from __future__ import annotations

from collections.abc import Collection

from pikepdf import Array, Dictionary, Name, Pdf, Rectangle

A4_W, A4_H = 595.2756, 841.8898  # the bundle page: A4 portrait, in points
BAND = 22.0  # the footer band at the bottom of every page, where the number goes
SIZE = 10.0
RIGHT_MARGIN = 28.0
FONT_KEY = "/ASBPageNo"
DIGIT_WIDTH = 0.556  # Helvetica digits, in ems
TOLERANCE = 1.0  # points: a page this close to A4 counts as A4

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
DROPPED = ("/Rotate", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/UserUnit")


def number_font(pdf: Pdf) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))


def visible_box(media: Rectangle, crop: Rectangle | None) -> Box:
    """The part of the page a viewer shows: the crop box clipped to the media box."""
    if crop is None:
        return media.llx, media.lly, media.urx, media.ury
    return (max(media.llx, crop.llx), max(media.lly, crop.lly),
            min(media.urx, crop.urx), min(media.ury, crop.ury))


def then(m1: Matrix, m2: Matrix) -> Matrix:
    """The matrix that applies ``m1`` and then ``m2`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m1
    A, B, C, D, E, F = m2
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def to_display(box: Box, rotate: int) -> tuple[Matrix, float, float]:
    """The matrix from the page's own user space to displayed coordinates (origin bottom left, as the
    reader sees the page, /Rotate applied), with the displayed width and height."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if rotate == 90:  # shown turned a quarter clockwise
        return (0, -1, 1, 0, -y0, x1), h, w
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1), w, h
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0), h, w
    return (1, 0, 0, 1, -x0, -y0), w, h


def placement(box: Box, rotate: int) -> Matrix:
    """Where a page's content goes on the A4 portrait bundle page: displayed upright, a landscape page
    turned anticlockwise (readable with a clockwise turn), scaled to fit above the footer band and
    centred."""
    m, w, h = to_display(box, rotate)
    if w > h + TOLERANCE:  # landscape: top to the left edge
        m = then(m, (0, 1, -1, 0, h, 0))
        w, h = h, w
    scale = min(A4_W / w, (A4_H - BAND) / h)
    return then(m, (scale, 0, 0, scale, (A4_W - w * scale) / 2, BAND + (A4_H - BAND - h * scale) / 2))


def is_a4_portrait(box: Box, rotate: int) -> bool:
    x0, y0, x1, y1 = box
    return rotate == 0 and abs(x1 - x0 - A4_W) <= TOLERANCE and abs(y1 - y0 - A4_H) <= TOLERANCE


def _fmt(values: Collection[float]) -> str:
    return " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in values)


class _Geometry:
    """What stamping needs for one page geometry: the placement, the opening stream, the number's x."""

    def __init__(self, pdf: Pdf, box: Box, rotate: int, keep: bool) -> None:
        self.matrix = IDENTITY if keep else placement(box, rotate)
        x0, y0, x1, y1 = box
        head = b"q\n" if keep else \
            f"q {_fmt(self.matrix)} cm {_fmt((x0, y0, x1 - x0, y1 - y0))} re W n\n".encode("ascii")
        self.opener = pdf.make_stream(head)
        self.y = (BAND - SIZE) / 2 + 1.5

    def stream(self, number: int) -> bytes:
        text = str(number)
        x = A4_W - RIGHT_MARGIN - len(text) * DIGIT_WIDTH * SIZE
        return f"Q q BT {FONT_KEY} {SIZE:g} Tf {x:.2f} {self.y:.2f} Td ({text}) Tj ET Q\n".encode("ascii")


def _move_annotations(page: Dictionary, m: Matrix) -> None:
    for annot in page.get("/Annots", ()):
        rect = annot.get("/Rect")
        if rect is None or len(rect) != 4:
            continue
        llx, lly, urx, ury = (float(v) for v in rect)
        corners = [apply(m, x, y) for x in (llx, urx) for y in (lly, ury)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        annot.Rect = Array([min(xs), min(ys), max(xs), max(ys)])


def stamp_pages(pdf: Pdf, first_index: int, first_number: int, ours: Collection[int] = ()) -> None:
    """Make pages ``first_index`` onwards A4 portrait and number them ``first_number``, ``first_number + 1``
    ... ``ours``: indexes of pages we drew (A4, margins clear of the band), left as they are when A4."""
    font = number_font(pdf)
    geometries: dict[tuple[Box, int, bool], _Geometry] = {}
    a4 = Array([0, 0, A4_W, A4_H])
    for index, page in enumerate(list(pdf.pages)[first_index:], first_index):  # slicing pdf.pages is slow
        number = index - first_index + first_number
        obj = page.obj
        crop = obj.get("/CropBox")
        box = visible_box(Rectangle(obj.MediaBox), None if crop is None else Rectangle(crop))  # type: ignore[call-overload]  # pikepdf types boxes as Object
        rotate = int(obj.get("/Rotate", 0)) % 360
        keep = index in ours and is_a4_portrait(box, rotate) and box[:2] == (0, 0)
        geometry = geometries.get((box, rotate, keep))
        if geometry is None:
            geometry = geometries[(box, rotate, keep)] = _Geometry(pdf, box, rotate, keep)
        for key in DROPPED:
            if key in obj:
                del obj[key]
        obj.MediaBox = a4
        if geometry.matrix != IDENTITY:
            _move_annotations(obj, geometry.matrix)
        resources = obj.get("/Resources")
        if resources is None:
            obj.Resources = resources = Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            resources.Font = fonts = Dictionary()
        fonts[FONT_KEY] = font
        page.contents_add(geometry.opener, prepend=True)
        page.contents_add(pdf.make_stream(geometry.stream(number)))

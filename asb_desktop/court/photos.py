"""A photograph as one A4 bundle page, its image as small as the court needs and no smaller.

- A JPEG that is at most ``MAX_DPI`` at the size it is shown in the bundle goes in as the camera's own
  bytes (a /DCTDecode image): nothing decoded, nothing re-encoded, so the court sees exactly the file
  taken in. A camera's EXIF orientation is applied by the placement matrix, not by re-encoding.
- A bigger one is decoded once at a reduced scale (JPEG draft mode), turned upright and resized to
  ``MAX_DPI`` and saved as JPEG at ``QUALITY``: never re-encoded losslessly.
- Other formats (PNG, TIFF ...) become JPEG the same way, except images with transparency and line art
  (few colours), which keep lossless Flate (a JPEG of a plan or a screenshot would blur it).

The shown size is the size on the finished bundle page: the stamping step shrinks a full A4 page a little
to clear the footer band (``stamp.placement``), and that is allowed for. One photo is handled at a time
and only its own bytes are held, so a bundle's memory does not grow with the number of photos.

A photo page is marked as one (``PHOTO_KIND`` in the page's /PieceInfo) so the OCR step leaves it alone:
its caption is text, and a photograph has no text to recognise.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from pikepdf import Dictionary, Name, Page, Pdf

MAX_DPI = 300
QUALITY = 85
LINE_ART_COLOURS = 64  # an image with no more colours than this is a drawing, a plan or a screenshot
PIECE = "/ASBDesktop"
PHOTO_KIND = "/Photograph"
ORIENTATION = 0x0112  # EXIF tag

Matrix = tuple[float, float, float, float, float, float]

# Where each EXIF orientation's stored pixel (s, t) (0..1 from the top left) is shown upright: (s', t') as
# coefficients of (s, t, 1) - the same turns and mirrors as PIL.ImageOps.exif_transpose.
_UPRIGHT: dict[int, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    1: ((1, 0, 0), (0, 1, 0)),
    2: ((-1, 0, 1), (0, 1, 0)),  # mirrored left to right
    3: ((-1, 0, 1), (0, -1, 1)),  # upside down
    4: ((1, 0, 0), (0, -1, 1)),  # mirrored top to bottom
    5: ((0, 1, 0), (1, 0, 0)),  # transposed
    6: ((0, -1, 1), (1, 0, 0)),  # needs a quarter turn clockwise
    7: ((0, -1, 1), (-1, 0, 1)),  # transversed
    8: ((0, 1, 0), (-1, 0, 1)),  # needs a quarter turn anticlockwise
}


class PhotoError(ValueError):
    """The file cannot be read as an image; the message says which and why."""


def upright_matrix(orientation: int, x: float, y: float, w: float, h: float) -> Matrix:
    """The image matrix drawing a stored image with EXIF ``orientation`` upright into the box (x, y, w, h)
    (``w`` and ``h`` the upright width and height). The PDF unit square has u = s and v = 1 - t."""
    (sa, sb, sc), (ta, tb, tc) = _UPRIGHT.get(orientation, _UPRIGHT[1])
    # s' = sa*u + sb*(1-v) + sc ; t' = ta*u + tb*(1-v) + tc ; X = x + w*s' ; Y = y + h*(1 - t')
    a, c, e = w * sa, -w * sb, x + w * (sb + sc)
    b, d, f = -h * ta, h * tb, y + h * (1 - tb - tc)
    return a, b, c, d, e, f


def final_scale() -> float:
    """How much the stamping step shrinks a full A4 page of ours (to clear the footer band)."""
    from .stamp import A4_H, A4_W, placement

    return placement((0, 0, A4_W, A4_H), 0)[0]


def _is_line_art(img: Any) -> bool:
    if img.mode in ("1", "P"):
        return True
    probe = img.copy()
    probe.thumbnail((256, 256))
    return probe.getcolors(LINE_ART_COLOURS) is not None


def _has_alpha(img: Any) -> bool:
    return img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)


def _fit(w: int, h: int, box_w: float, box_h: float) -> tuple[float, float]:
    scale = min(box_w / w, box_h / h)
    return w * scale, h * scale


def _image_stream(pdf: Pdf, src: Path, box_w: float, box_h: float) -> tuple[Any, int, float, float, str]:
    """The image XObject for ``src`` fitted into box_w x box_h points; with the orientation its matrix
    must apply (1 when already upright), the shown size and how it was made ("original", "downsampled",
    "converted" or "lossless")."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        img = Image.open(src)
    except (UnidentifiedImageError, OSError) as exc:
        raise PhotoError(f"{src.name} could not be read as an image ({exc}).") from None
    with img:
        orientation = int(img.getexif().get(ORIENTATION, 1) or 1)
        if orientation not in _UPRIGHT:
            orientation = 1
        turned = orientation >= 5
        up_w, up_h = (img.height, img.width) if turned else (img.width, img.height)
        shown_w, shown_h = _fit(up_w, up_h, box_w, box_h)
        final = final_scale()
        max_w = max(1, int(shown_w * final / 72 * MAX_DPI))  # pixels across at MAX_DPI on the finished page
        max_h = max(1, int(shown_h * final / 72 * MAX_DPI))
        small = up_w <= max_w * 1.01 and up_h <= max_h * 1.01
        if img.format == "JPEG" and small and img.mode in ("RGB", "L"):
            raw = src.read_bytes()
            xobj = pdf.make_stream(raw, Type=Name.XObject, Subtype=Name.Image, Width=img.width, Height=img.height,
                                   ColorSpace=Name.DeviceRGB if img.mode == "RGB" else Name.DeviceGray,
                                   BitsPerComponent=8, Filter=Name.DCTDecode)
            return xobj, orientation, shown_w, shown_h, "original"
        lossless = img.format != "JPEG" and (_has_alpha(img) or _is_line_art(img))
        if img.format == "JPEG" and not small:
            img.draft("RGB" if img.mode != "L" else "L", (max_w, max_h) if not turned else (max_h, max_w))
        pic = ImageOps.exif_transpose(img)
        if pic.width > max_w or pic.height > max_h:
            pic.thumbnail((max_w, max_h), Image.Resampling.LANCZOS)
        if lossless:
            return _flate_image(pdf, pic), 1, shown_w, shown_h, "lossless"
        if pic.mode not in ("RGB", "L"):
            pic = pic.convert("RGB")
        buf = BytesIO()
        pic.save(buf, "JPEG", quality=QUALITY, optimize=True)
        xobj = pdf.make_stream(buf.getvalue(), Type=Name.XObject, Subtype=Name.Image, Width=pic.width,
                               Height=pic.height, ColorSpace=Name.DeviceRGB if pic.mode == "RGB" else Name.DeviceGray,
                               BitsPerComponent=8, Filter=Name.DCTDecode)
        return xobj, 1, shown_w, shown_h, "downsampled" if img.format == "JPEG" else "converted"


def _flate_image(pdf: Pdf, pic: Any) -> Any:
    alpha = None
    if _has_alpha(pic):
        pic = pic.convert("RGBA" if pic.mode in ("RGBA", "P", "PA") else "LA")
        alpha = pic.getchannel("A")
        pic = pic.convert("RGB" if pic.mode == "RGBA" else "L")
    elif pic.mode not in ("RGB", "L"):
        pic = pic.convert("L" if pic.mode == "1" else "RGB")
    xobj = pdf.make_stream(zlib.compress(pic.tobytes(), 6), Type=Name.XObject, Subtype=Name.Image,
                           Width=pic.width, Height=pic.height,
                           ColorSpace=Name.DeviceRGB if pic.mode == "RGB" else Name.DeviceGray,
                           BitsPerComponent=8, Filter=Name.FlateDecode)
    if alpha is not None:
        xobj.SMask = pdf.make_stream(zlib.compress(alpha.tobytes(), 6), Type=Name.XObject, Subtype=Name.Image,
                                     Width=alpha.width, Height=alpha.height, ColorSpace=Name.DeviceGray,
                                     BitsPerComponent=8, Filter=Name.FlateDecode)
    return xobj


def mark_photo_page(page: Page) -> None:
    stamp = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
    page.obj.LastModified = stamp
    page.obj.PieceInfo = Dictionary({PIECE: Dictionary(LastModified=stamp, Private=Dictionary(Kind=Name(PHOTO_KIND)))})


def is_photo_page(page: Page) -> bool:
    """A page made by ``photo_page`` (what the OCR step needs to know: a photograph, not a scan)."""
    info = page.obj.get("/PieceInfo")
    mine = info.get(PIECE) if info is not None else None
    private = mine.get("/Private") if mine is not None else None
    return private is not None and private.get("/Kind") == Name(PHOTO_KIND)


def photo_page(src: Path, dest: Path, title: str) -> str:
    """One A4 page into ``dest``: ``title`` at the top, the photograph below it, upright and as large as fits.
    Returns how the image was made: "original" (the file's own JPEG bytes), "downsampled", "converted"
    (another format made JPEG) or "lossless" (transparency or line art, kept as Flate)."""
    from reportlab.pdfgen.canvas import Canvas

    from .render import A4_H, A4_W, MARGIN, fonts

    buf = BytesIO()
    c = Canvas(buf, pagesize=(A4_W, A4_H))
    c.setFont(fonts()[1], 12)
    c.drawString(MARGIN, A4_H - MARGIN, title[:90])
    c.showPage()
    c.save()
    with Pdf.open(BytesIO(buf.getvalue())) as pdf:
        page = pdf.pages[0]
        box_w, box_h = A4_W - 2 * MARGIN, A4_H - 3 * MARGIN
        xobj, orientation, w, h, how = _image_stream(pdf, src, box_w, box_h)
        top = A4_H - 1.5 * MARGIN
        matrix = upright_matrix(orientation, MARGIN, top - h, w, h)
        name = page.add_resource(xobj, Name.XObject, prefix="Photo")
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        cm = " ".join(f"{v:.4f}" for v in matrix)
        page.contents_add(pdf.make_stream(f"Q\nq {cm} cm {name} Do Q\n".encode("ascii")))
        mark_photo_page(page)
        pdf.save(dest)
    return how

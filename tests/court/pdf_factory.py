"""Sample input PDFs for the bundle tests: text pages, landscape, /Rotate 90, a scanned image page."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pikepdf import Pdf
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas


def text_pdf(path: Path, title: str, pages: int = 1, size: tuple[float, float] = A4, footer_number: bool = False,
             rotate: int = 0) -> Path:
    """``pages`` pages, each saying "<title> page k"; optional own page number printed bottom right."""
    buf = BytesIO()
    c = Canvas(buf, pagesize=size)
    for k in range(1, pages + 1):
        c.setFont("Helvetica", 14)
        c.drawString(72, size[1] - 90, f"{title} page {k}")
        c.drawString(72, size[1] - 120, "Lorem ipsum evidence text for the court.")
        c.rect(2, 2, size[0] - 4, size[1] - 4)  # content right to the edge
        if footer_number:
            c.setFont("Helvetica", 10)
            c.drawRightString(size[0] - 20, 10, f"Own page {k}")
        c.showPage()
    c.save()
    pdf = Pdf.open(BytesIO(buf.getvalue()))
    if rotate:
        for page in pdf.pages:
            page.obj.Rotate = rotate
    pdf.save(path)
    return path


def landscape_pdf(path: Path, title: str) -> Path:
    return text_pdf(path, title, 1, landscape(A4))


def scanned_pdf(path: Path, text: str, dpi: int = 400) -> Path:
    """One A4 page that is only an image of typed text (no text layer), at ``dpi``."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", int(dpi / 3))
    draw.text((dpi, dpi), text, fill=0, font=font)
    buf = BytesIO()
    c = Canvas(str(path), pagesize=A4)
    img.save(buf, "PNG")
    buf.seek(0)
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(buf), 0, 0, A4[0], A4[1])
    c.showPage()
    c.save()
    return path


def blank_image_pdf(path: Path) -> Path:
    """A page holding only a blank image: OCR finds no text on it."""
    from PIL import Image

    buf = BytesIO()
    Image.new("L", (850, 1100), 255).save(buf, "PNG")
    buf.seek(0)
    from reportlab.lib.utils import ImageReader

    c = Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(buf), 0, 0, A4[0], A4[1])
    c.showPage()
    c.save()
    return path

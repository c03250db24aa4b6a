"""Render a Document to PDF natively with reportlab platypus (no Word or LibreOffice needed)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from .fonts import face, register_pdf_fonts
from .model import A4_POINTS, CM, Document, PageBreak, Para, Signature, Spacer, Table, runs_of


def _markup(text: str, italic: bool = False) -> str:
    parts = []
    for run in runs_of(text, italic):
        chunk = escape(run.text).replace("\n", "<br/>")
        if run.bold:
            chunk = f"<b>{chunk}</b>"
        if run.italic:
            chunk = f"<i>{chunk}</i>"
        parts.append(chunk)
    return "".join(parts)


class _Styles:
    def __init__(self, doc: Document) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        family = register_pdf_fonts()
        size = doc.setup.font_size
        lead = size * doc.setup.line_spacing
        base = ParagraphStyle("body", fontName=family, fontSize=size, leading=lead, spaceAfter=size * 0.8,
                              alignment=TA_LEFT)
        self.by_name: dict[str, Any] = {
            "body": base,
            "numbered": ParagraphStyle("numbered", parent=base, leftIndent=1.25 * CM, bulletIndent=0,
                                       bulletFontName=family, alignment=TA_JUSTIFY),
            "heading": ParagraphStyle("heading", parent=base, fontName=face(bold=True), spaceBefore=size * 0.6),
            "title": ParagraphStyle("title", parent=base, fontName=face(bold=True), fontSize=size + 3,
                                    leading=(size + 3) * 1.3, alignment=TA_CENTER, spaceAfter=size),
            "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, spaceAfter=0),
            "small": ParagraphStyle("small", parent=base, fontSize=size - 2, leading=(size - 2) * 1.3),
            "cell": ParagraphStyle("cell", parent=base, fontSize=size - 1, leading=(size - 1) * 1.25, spaceAfter=0),
        }


def _flowables(doc: Document, styles: _Styles, width: float) -> list[Any]:
    from reportlab.platypus import Image, KeepTogether, Paragraph
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Spacer as RLSpacer
    from reportlab.platypus import Table as RLTable

    out: list[Any] = []
    st = styles.by_name
    if doc.letterhead:
        lh = doc.letterhead
        if lh.logo_path:
            out.append(Image(lh.logo_path, width=3 * CM, height=1.5 * CM, kind="proportional", hAlign="RIGHT"))
        if lh.name:
            out.append(Paragraph(_markup(f"**{lh.name}**"), st["right"]))
        for line in lh.address.splitlines():
            out.append(Paragraph(_markup(line), st["right"]))
        out.append(RLSpacer(1, 0.6 * CM))
    for line in doc.top_right:
        out.append(Paragraph(_markup(line), st["right"]))
    if doc.top_right:
        out.append(RLSpacer(1, 0.6 * CM))
    body_start = len(out)
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.number is not None:
                p = Paragraph(_markup(block.text, block.italic), st["numbered"], bulletText=block.number)
            else:
                p = Paragraph(_markup(block.text, block.italic), st.get(block.style, st["body"]))
            p.keepWithNext = block.keep_with_next
            out.append(p)
        elif isinstance(block, Table):
            rows = [[Paragraph(_markup(f"**{c}**" if (block.header and i == 0 and c) else c), st["cell"])
                     for c in row] for i, row in enumerate(block.rows)]
            ncols = max(len(r) for r in block.rows)
            fractions = block.widths or [1 / ncols] * ncols
            table = RLTable(rows, colWidths=[f * width for f in fractions], repeatRows=1 if block.header else 0)
            table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "#555555"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            out.extend([table, RLSpacer(1, 0.4 * CM)])
        elif isinstance(block, Signature):
            parts: list[Any] = [Paragraph(_markup(block.label), st["body"])]
            if block.image_png:
                parts.append(Image(io.BytesIO(block.image_png), width=5 * CM, height=2 * CM, kind="proportional",
                                   hAlign="LEFT"))
            else:
                parts.append(Paragraph("." * 60, st["body"]))
            parts.extend(Paragraph(_markup(line), st["body"]) for line in block.lines)
            out.append(KeepTogether(parts))
        elif isinstance(block, Spacer):
            out.append(RLSpacer(1, block.height_cm * CM))
        elif isinstance(block, PageBreak):
            out.append(RLPageBreak())
    return out[:body_start] + _keep_chains(out[body_start:], KeepTogether)


def _keep_chains(flowables: list[Any], keep_together: Any) -> list[Any]:
    """Each run of keep-with-next paragraphs goes on one page with the flowable after it, as one
    KeepTogether (the last paragraph, the statement of truth and the signature never part)."""
    out: list[Any] = []
    chain: list[Any] = []
    for f in flowables:
        chain.append(f)
        if not getattr(f, "keepWithNext", False):
            out.append(keep_together(chain) if len(chain) > 1 else chain[0])
            chain = []
    if chain:
        out.append(keep_together(chain) if len(chain) > 1 else chain[0])
    return out


def _canvas_class(doc: Document) -> type:
    """A canvas that knows the page count, so every page can say "Page N of M"."""
    from reportlab.pdfgen.canvas import Canvas

    setup = doc.setup
    top, right, bottom, left = (m * CM for m in setup.margins_cm)
    width, height = A4_POINTS
    small = setup.font_size - 2

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._endorse(total)
                super().showPage()
            super().save()

        def _endorse(self, total: int) -> None:
            self.setFont(face(), small)
            if setup.header_right:
                self.drawRightString(width - right, height - top + 0.7 * CM, setup.header_right)
            footer_y = bottom - 1.2 * CM
            if setup.footer_left:
                self.drawString(left, footer_y, setup.footer_left)
            if setup.page_numbers:
                self.drawRightString(width - right, footer_y, f"Page {self._pageNumber} of {total}")

    return PagedCanvas


def render_pdf(doc: Document) -> bytes:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    styles = _Styles(doc)
    top, right, bottom, left = (m * CM for m in doc.setup.margins_cm)
    width, height = A4_POINTS
    buf = io.BytesIO()
    template = BaseDocTemplate(buf, pagesize=A4_POINTS, topMargin=top, rightMargin=right, bottomMargin=bottom,
                               leftMargin=left, title=doc.title, author=doc.author, invariant=1,
                               creator="ASB Desktop", initialFontName=face())
    # No frame padding: the text starts exactly at the margin (3.5 cm for a witness statement).
    frame = Frame(left, bottom, width - left - right, height - top - bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(_flowables(doc, styles, width - left - right), canvasmaker=_canvas_class(doc))
    return buf.getvalue()

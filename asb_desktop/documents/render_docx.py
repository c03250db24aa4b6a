"""Render a Document to DOCX with python-docx, so officers can edit it in Word or LibreOffice.

Paragraph numbers are literal text with a hanging indent (not Word list numbering): they survive
any editor and match the PDF exactly. Page numbers are real PAGE / NUMPAGES fields.
"""

from __future__ import annotations

import io
from typing import Any

from .fonts import FAMILY
from .model import Document, PageBreak, Para, Signature, Spacer, Table, runs_of

_ALIGN: dict[str, Any] = {"centre": 1, "title": 1, "right": 2}  # WD_ALIGN_PARAGRAPH values


def _set_font(style: Any, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = FAMILY
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FAMILY)


def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def _add_runs(paragraph: Any, text: str, italic: bool = False) -> None:
    for run in runs_of(text, italic):
        r = paragraph.add_run(run.text)
        if run.bold:
            r.bold = True
        if run.italic:
            r.italic = True


def _page_setup(docx_doc: Any, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    setup = doc.setup
    section = docx_doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    top, right, bottom, left = setup.margins_cm
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = Cm(max(top - 1.2, 0.5))
    section.footer_distance = Cm(max(bottom - 1.8, 0.5))
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style = docx_doc.styles["Header"]
    if setup.header_right:
        header.add_run(setup.header_right)
    footer = section.footer
    if setup.footer_left:
        footer.paragraphs[0].add_run(setup.footer_left)
        numbers = footer.add_paragraph(style=docx_doc.styles["Footer"])
    else:
        numbers = footer.paragraphs[0]
    if setup.page_numbers:
        numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        numbers.add_run("Page ")
        _field(numbers, "PAGE")
        numbers.add_run(" of ")
        _field(numbers, "NUMPAGES")


def render_docx(doc: Document) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    out = docx.Document()
    size = doc.setup.font_size
    normal = out.styles["Normal"]
    _set_font(normal, size)
    normal.paragraph_format.space_after = Pt(size * 0.8)
    normal.paragraph_format.line_spacing = doc.setup.line_spacing * 0.87  # Word's "multiple" is ~1.15 leading
    for name in ("Header", "Footer"):
        _set_font(out.styles[name], size - 2)
    heading = out.styles["Heading 2"]
    _set_font(heading, size, bold=True)
    heading.font.color.rgb = None
    title_style = out.styles["Title"]
    _set_font(title_style, size + 3, bold=True)
    out.core_properties.title = doc.title
    out.core_properties.author = doc.author or "ASB Desktop"
    _page_setup(out, doc)

    def para(text: str, style: str = "body", italic: bool = False) -> Any:
        p = out.add_paragraph(style={"heading": "Heading 2", "title": "Title"}.get(style, "Normal"))
        if style in _ALIGN:
            p.alignment = _ALIGN[style]
        _add_runs(p, text, italic)
        return p

    if doc.letterhead:
        lh = doc.letterhead
        if lh.logo_path:
            p = out.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run().add_picture(lh.logo_path, height=Cm(1.5))
        if lh.name:
            para(f"**{lh.name}**", "right").paragraph_format.space_after = Pt(0)
        for line in lh.address.splitlines():
            para(line, "right").paragraph_format.space_after = Pt(0)
        para("")
    for line in doc.top_right:
        para(line, "right").paragraph_format.space_after = Pt(0)
    if doc.top_right:
        para("")
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.number is not None:
                p = out.add_paragraph()
                fmt = p.paragraph_format
                fmt.left_indent, fmt.first_line_indent = Cm(1.25), Cm(-1.25)
                fmt.tab_stops.add_tab_stop(Cm(1.25))
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                p.add_run(f"{block.number}\t")
                _add_runs(p, block.text, block.italic)
            else:
                p = para(block.text, block.style, block.italic)
            if block.keep_with_next:
                p.paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            ncols = max(len(r) for r in block.rows)
            table = out.add_table(rows=len(block.rows), cols=ncols)
            table.style = out.styles["Table Grid"]
            for i, row in enumerate(block.rows):
                for j, cell_text in enumerate(row):
                    cell = table.cell(i, j)
                    _add_runs(cell.paragraphs[0], f"**{cell_text}**" if block.header and i == 0 and cell_text
                              else cell_text)
            para("")
        elif isinstance(block, Signature):
            para(block.label).paragraph_format.keep_with_next = True
            if block.image_png:
                out.add_paragraph().add_run().add_picture(io.BytesIO(block.image_png), width=Cm(5))
            else:
                para("." * 60)
            for line in block.lines:
                para(line).paragraph_format.space_after = Pt(2)
        elif isinstance(block, Spacer):
            out.add_paragraph().paragraph_format.space_after = Cm(block.height_cm)
        elif isinstance(block, PageBreak):
            out.add_page_break()
    buf = io.BytesIO()
    out.save(buf)
    from .docx_fonts import embed_fonts

    return embed_fonts(buf.getvalue())


def render(doc: Document, fmt: str) -> bytes:
    """``fmt`` is "pdf" or "docx"."""
    if fmt == "pdf":
        from .render_pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        return render_docx(doc)
    raise ValueError(f"format: '{fmt}' is not pdf or docx")

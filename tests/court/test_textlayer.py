"""Which pages count as having text: the decision that sends a page to OCR or flags it for the court."""

from __future__ import annotations

import pytest
from pikepdf import Dictionary, Name, Pdf

from asb_desktop.court.textlayer import page_has_text


def _page(content: bytes, form: bytes | None = None, form_name: str = "/OCR-aTjbTJc", image: bool = True,
          page_font: bool = True) -> Pdf:
    """A one-page PDF drawing an image and, optionally, a form XObject named as ocrmypdf names them."""
    pdf = Pdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    xobjects = Dictionary()
    if image:
        xobjects["/Im0"] = pdf.make_stream(b"\xff", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                                           ColorSpace=Name.DeviceGray, BitsPerComponent=8)
    if form is not None:
        xobjects[form_name] = pdf.make_stream(form, Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10],
                                              Resources=Dictionary(Font=Dictionary(F1=font)))
    page.obj.Resources = Dictionary(XObject=xobjects)
    if page_font:
        page.obj.Resources.Font = Dictionary(F1=font)
    page.obj.Contents = pdf.make_stream(content)
    return pdf


def _has_text(content: bytes, **kwargs: object) -> bool:
    pdf = _page(content, **kwargs)  # type: ignore[arg-type]
    return page_has_text(pdf.pages[0])  # the page is readable only while ``pdf`` is alive


@pytest.mark.parametrize("content", [
    b"q /OCR-aTjbTJc Do Q BT /F1 12 Tf 14.4 TL ET q 10 0 0 10 0 0 cm /Im0 Do Q",  # "Tj" only inside a name
    b"q 10 0 0 10 0 0 cm /Im0 Do Q BT /F1 12 Tf () Tj [] TJ ET",  # text operators with nothing to show
])
def test_scan_with_no_words_has_no_text(content: bytes) -> None:
    assert not _has_text(content, form=b"2 J 0.57 w")


def test_text_on_the_page_or_in_a_form_counts() -> None:
    assert _has_text(b"q 10 0 0 10 0 0 cm /Im0 Do Q BT /F1 12 Tf 3 Tr (word) Tj ET")
    assert _has_text(b"q 10 0 0 10 0 0 cm /Im0 Do Q BT /F1 12 Tf [(wo) -20 (rd)] TJ ET")
    assert _has_text(b"/OCR-aTjbTJc Do q 10 0 0 10 0 0 cm /Im0 Do Q",
                     form=b"BT /F1 12 Tf 3 Tr (word) Tj ET", page_font=False)


def test_text_without_a_font_or_a_page_without_content_has_none() -> None:
    assert not _has_text(b"BT (word) Tj ET", page_font=False)
    assert not _has_text(b"", image=False, page_font=False)

"""The DOCX carries the document font, so Word prints every name without DejaVu Serif installed."""

from __future__ import annotations

import io
import uuid
import zipfile

from doc_helpers import ZOE, DocCase
from lxml import etree

from asb_desktop.documents.docx_fonts import W, obfuscate
from asb_desktop.documents.fonts import FAMILY, PDF_FACES, fonts_dir

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_statement_docx_embeds_every_face_of_the_font(case: DocCase) -> None:
    svc = case.svc.statements
    n = svc.draft(case.reference, ZOE).number
    docx = zipfile.ZipFile(io.BytesIO(svc.render(case.reference, n, "docx")))
    table = etree.fromstring(docx.read("word/fontTable.xml"))
    (font,) = table.findall(f"{{{W}}}font[@{{{W}}}name='{FAMILY}']")
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(docx.read("word/_rels/fontTable.xml.rels"))}
    embedded = list(font)
    assert [e.tag.split("}")[1] for e in embedded] == ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
    for element, (_name, filename) in zip(embedded, PDF_FACES.values(), strict=True):
        part = docx.read("word/" + rels[element.get(f"{{{R}}}id")])
        key = uuid.UUID(element.get(f"{{{W}}}fontKey").strip("{}"))
        original = (fonts_dir() / filename).read_bytes()
        assert part != original  # stored obfuscated, as Word expects
        assert obfuscate(part, key) == original  # and Word's key turns it back into the font
    settings = etree.fromstring(docx.read("word/settings.xml"))
    assert settings.find(f"{{{W}}}embedTrueTypeFonts") is not None
    assert b'Extension="odttf"' in docx.read("[Content_Types].xml")
    styles = docx.read("word/styles.xml").decode()
    assert FAMILY in styles  # the text really uses the embedded family

"""Embed the shipped document font in a DOCX, so Word on a machine without DejaVu Serif still
prints every name as the PDF does ("Ł", "ő", "Ø" would otherwise fall back to another font).

Word's embedding (ECMA-376 Part 1, 17.8.1 and 17.8.3.3): each face is stored as an "obfuscated"
font part (``word/fonts/*.odttf``): its first 32 bytes XORed with a key made from a GUID that
``word/fontTable.xml`` names beside the relationship to the part. ``w:embedTrueTypeFonts`` in
``word/settings.xml`` tells Word to keep them when the officer saves.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from lxml import etree

from .fonts import FAMILY, PDF_FACES, fonts_dir

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBED = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic", "bold_italic": "embedBoldItalic"}
# w:settings children that must come before w:embedTrueTypeFonts in the schema's sequence.
_BEFORE_EMBED = {f"{{{W}}}{n}" for n in ("writeProtection", "view", "zoom", "removePersonalInformation",
                                          "removeDateAndTime", "doNotDisplayPageBoundaries",
                                          "displayBackgroundShape", "printPostScriptOverText",
                                          "printFractionalCharacterWidth", "printFormsData")}


def _key(guid: uuid.UUID) -> bytes:
    """The 16-byte key: the GUID's 32 hex digits read as bytes from the last to the first."""
    return bytes.fromhex(guid.hex)[::-1]


def obfuscate(font: bytes, guid: uuid.UUID) -> bytes:
    """XOR the first 32 bytes with the key; the same call also reverses it."""
    key = _key(guid)
    head = bytes(b ^ key[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def font_guid(face: str) -> uuid.UUID:
    """A stable GUID per face, so the same document renders to the same bytes."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"asb-desktop:font:{FAMILY}:{face}")


def embed_fonts(docx: bytes) -> bytes:
    """The DOCX with the four faces of the document font embedded."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    parts = {name: src.read(name) for name in src.namelist()}
    folder = fonts_dir()
    table = etree.fromstring(parts["word/fontTable.xml"])
    for old in table.findall(f"{{{W}}}font[@{{{W}}}name='{FAMILY}']"):
        table.remove(old)
    font_el = etree.SubElement(table, f"{{{W}}}font", {f"{{{W}}}name": FAMILY})
    rels = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    for n, (face, (_pdf_name, filename)) in enumerate(PDF_FACES.items(), 1):
        guid = font_guid(face)
        parts[f"word/fonts/font{n}.odttf"] = obfuscate((folder / filename).read_bytes(), guid)
        etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship",
                         {"Id": f"rIdFont{n}", "Type": FONT_REL, "Target": f"fonts/font{n}.odttf"})
        etree.SubElement(font_el, f"{{{W}}}{EMBED[face]}",
                         {f"{{{R}}}id": f"rIdFont{n}", f"{{{W}}}fontKey": "{" + str(guid).upper() + "}"})
    parts["word/fontTable.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/_rels/fontTable.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                            standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    if not types.findall(f"{{{CT}}}Default[@Extension='odttf']"):
        types.insert(0, etree.Element(f"{{{CT}}}Default", {"Extension": "odttf", "ContentType": ODTTF}))
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = etree.fromstring(parts["word/settings.xml"])
    if settings.find(f"{{{W}}}embedTrueTypeFonts") is None:
        position = sum(1 for child in settings if child.tag in _BEFORE_EMBED)
        settings.insert(position, etree.Element(f"{{{W}}}embedTrueTypeFonts"))
    parts["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name, data in parts.items():  # fonts: fast compression (they are most of the bytes)
            dest.writestr(name, data, compresslevel=1 if name.endswith(".odttf") else None)
    return out.getvalue()

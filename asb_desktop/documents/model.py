"""One document model for every document the app produces; the DOCX and PDF renderers both read it.

Inline bold is written ``**like this**`` inside paragraph text, so an officer can edit a paragraph as
plain text and keep the bold exhibit marks (PD 32 19.1: references to documents in bold).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

CM = 28.3464567  # points per centimetre
A4_POINTS = (595.2756, 841.8898)

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


def runs_of(text: str, italic: bool = False) -> list[Run]:
    """Split ``**bold**`` markup into runs."""
    out: list[Run] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos:m.start()], italic=italic))
        out.append(Run(m.group(1), bold=True, italic=italic))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], italic=italic))
    return out


def plain_text(text: str) -> str:
    """Markup removed: what is printed on the page."""
    return _BOLD.sub(r"\1", text)


@dataclass
class Para:
    """A paragraph. ``style``: body, heading, title, centre, right, small. ``number`` prints in the margin
    column (numbered paragraphs, PD 32 19.1)."""

    text: str
    style: str = "body"
    number: str | None = None
    italic: bool = False
    keep_with_next: bool = False

    @property
    def runs(self) -> list[Run]:
        return runs_of(self.text, self.italic)


@dataclass
class Table:
    rows: list[list[str]]
    header: bool = True
    widths: list[float] | None = None  # fractions of the text width


@dataclass
class Signature:
    """A signature block: the image (PNG bytes) or a line for a wet signature, then name and date lines."""

    label: str
    lines: list[str]
    image_png: bytes | None = None


@dataclass
class Spacer:
    height_cm: float = 0.5


@dataclass
class PageBreak:
    pass


Block = Para | Table | Signature | Spacer | PageBreak


@dataclass
class PageSetup:
    margins_cm: tuple[float, float, float, float] = (2.5, 2.5, 2.5, 2.5)  # top, right, bottom, left
    header_right: str = ""  # endorsement on every page, e.g. claim number and witness initials
    footer_left: str = ""
    page_numbers: bool = True  # "Page N of M" at the foot of every page
    font_size: float = 11.0
    line_spacing: float = 1.3


@dataclass
class Letterhead:
    name: str = ""
    address: str = ""
    logo_path: str | None = None


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    setup: PageSetup = field(default_factory=PageSetup)
    top_right: list[str] = field(default_factory=list)  # page 1, top right (PD 32 17.2)
    letterhead: Letterhead | None = None
    author: str = ""  # the person producing the file (its DOCX core properties and PDF information)
    created: datetime | None = None  # when it was generated (core properties); None: the moment of rendering

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def texts(self) -> Iterator[str]:
        """Every piece of text the document prints (for the identity guards and tests)."""
        yield self.title
        yield from self.top_right
        yield self.setup.header_right
        yield self.setup.footer_left
        if self.letterhead:
            yield self.letterhead.name
            yield self.letterhead.address
        for block in self.blocks:
            if isinstance(block, Para):
                yield plain_text(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    yield from row
            elif isinstance(block, Signature):
                yield block.label
                yield from block.lines

    def full_text(self) -> str:
        return "\n".join(self.texts())

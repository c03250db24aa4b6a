"""Front sheets for exhibits: every exhibit in a bundle, photos and documents as well as recordings,
opens on a sheet saying what it is, its mark, the witness who produces it, the statement that refers to
it and its SHA-256, so the court can tie the page to the statement (PD 32 11.3, 18.6) and check it is
the file taken in. The exhibit itself follows on the next page(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .render import h1, h2, p, table, write_document

WITHHELD_WITNESS = "A witness whose identity is withheld"
NO_STATEMENT = "Not yet referred to in a signed statement"


@dataclass(frozen=True)
class ExhibitSheet:
    mark: str
    description: str
    kind: str  # e.g. "Photograph", "Document"
    witness: str  # the witness's name, or WITHHELD_WITNESS
    statement: str  # the statement that refers to it, or NO_STATEMENT
    sha256: str
    made_at: datetime | None = None
    original_name: str = ""


def front_sheet_rows(sheet: ExhibitSheet) -> list[tuple[str, str]]:
    return [("Item", "Detail"), ("Exhibit", sheet.mark), ("What it is", sheet.description), ("Kind", sheet.kind),
            ("Made or taken", f"{sheet.made_at:%d/%m/%Y at %H:%M}" if sheet.made_at else "not known"),
            ("Exhibited by", sheet.witness), ("Statement", sheet.statement),
            ("Original file name", sheet.original_name or "not known"), ("SHA-256", sheet.sha256)]


def exhibit_front_sheet(sheet: ExhibitSheet, dest: Path, case_reference: str) -> Path:
    """One A4 page: the exhibit's mark, witness, statement and SHA-256."""
    return write_document(dest, f"Exhibit {sheet.mark}", [
        h1(f"Exhibit {sheet.mark}"), h2(sheet.description),
        p("This is the front sheet of the exhibit; the exhibit itself follows on the next page."),
        table(front_sheet_rows(sheet), (130, 350)),
        p("The SHA-256 value is a fingerprint of the file as it was taken in: any change to the file, however "
          "small, gives a different value. It can be checked with any SHA-256 tool."),
    ], footer=case_reference)


def with_front_sheet(front: Path, exhibit: Path, dest: Path) -> Path:
    """One PDF: the front sheet, then every page of the exhibit."""
    from pikepdf import Pdf

    with Pdf.open(front) as out, Pdf.open(exhibit) as src:
        out.pages.extend(src.pages)
        out.save(dest)
    return dest

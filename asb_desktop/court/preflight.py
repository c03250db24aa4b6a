"""Checks before a bundle is built: what would make it wrong or refused by the court.

Missing files, password-protected PDFs, pages without text (OCR will be tried), unsigned
statements, exhibits a statement refers to that are not in the bundle, and a size over the
court's e-mail limit (with an offer to split the bundle into parts that fit).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pikepdf import PasswordError, Pdf, PdfError

from ..domain.bundle_checks import Finding as Issue  # one finding type for the file checks and the hearing's
from . import textlayer
from .bundle import CHRONOLOGY, BundleDocument

EMAIL_LIMIT = 36 * 1024 * 1024
EXHIBIT_REF = re.compile(r"marked\s+[\"'‘“]?([A-Z]{1,5}\s?\d{1,3})[\"'’”]?")


def exhibit_marks_in(path: Path) -> set[str]:
    """Exhibit marks a statement refers to ("... marked 'AB1'"), read from its text."""
    from .withheld import pdf_pages_text

    text = " ".join(pdf_pages_text(path))
    return {m.replace(" ", "") for m in EXHIBIT_REF.findall(" ".join(text.split()))}


def check_document(doc: BundleDocument) -> tuple[list[Issue], int]:
    """Issues with one document, and its size in bytes."""
    if doc.kind == CHRONOLOGY and doc.path is None:
        return [], 0
    if doc.path is None or not doc.path.is_file():
        return [Issue("stop", doc.title, f"the file is missing ({doc.path}). Add it again or remove it.")], 0
    issues: list[Issue] = []
    size = doc.path.stat().st_size
    try:
        with Pdf.open(doc.path) as pdf:
            if pdf.is_encrypted:
                issues.append(Issue("warn", doc.title, "the PDF is encrypted (restrictions set by its author); the "
                                    "bundle copy will not be, but check you may include it."))
            empty = textlayer.pages_without_text(pdf)
            if empty:
                pages = ", ".join(str(p + 1) for p in empty[:20]) + ("..." if len(empty) > 20 else "")
                issues.append(Issue("warn", doc.title, f"page(s) {pages} have no text; OCR will be tried, and "
                                    "pages still without text will be listed after the build."))
    except PasswordError:
        issues.append(Issue("stop", doc.title, "the PDF is password-protected. Ask for an unprotected copy."))
    except PdfError as exc:
        issues.append(Issue("stop", doc.title, f"the file is not a readable PDF ({exc})."))
    if doc.kind == "statement" and doc.signed is False:
        issues.append(Issue("stop", doc.title, "the statement is not signed. The witness must read and sign it "
                            "(procedure 14.5.3) before it goes in a bundle."))
    return issues, size


RECOMPRESS_DPI = 150  # images recompressed on request are also brought down to this resolution
RECOMPRESS_QUALITIES = range(10, 96)  # the JPEG qualities an officer may ask for


def recompress_problem(quality: int) -> str | None:
    """Why ``quality`` cannot be used to recompress a bundle's images (None when it can)."""
    if quality not in RECOMPRESS_QUALITIES:
        return (f"{quality} is not a JPEG quality from {RECOMPRESS_QUALITIES.start} to "
                f"{RECOMPRESS_QUALITIES.stop - 1}; 60 keeps photographs clear and makes them about a third the size")
    return None


def size_advice(total: int, limit: int, split: bool, recompress: int | None = None) -> str:
    """What happens to a bundle of ``total`` bytes over the court's e-mail ``limit``: the preflight says
    which of the two offers is taken (parts, recompressed images), or offers both."""
    parts = -(-total // max(1, int(limit * PART_FILL)))
    mb = f"{limit / 1048576:.0f} MB"
    if split:
        what = (f"it will also be written as about {parts} parts of at most {mb}. Each part opens with its own "
                "index of the documents in it, and the page numbers run on from part to part as in the whole "
                "bundle (parts are cut only between documents)")
    else:
        what = (f"build it split into parts (asb bundle build ... --split; about {parts} parts of at most {mb}, "
                "each with its own index, the page numbers running on)")
    if recompress is not None:
        images = (f"Its images will be recompressed as JPEG at quality {recompress} and at no more than "
                  f"{RECOMPRESS_DPI} dpi, as asked: the bundle gets smaller by how much the photographs allow, "
                  "and the build says its size.")
    else:
        images = ("Photographs are at no more than 300 dpi, as JPEG; to make them smaller, recompress them "
                  f"(asb bundle build ... --recompress 60: JPEG quality 60 at no more than {RECOMPRESS_DPI} dpi).")
    return (f"its files add up to {total / 1048576:.1f} MB, over the court's e-mail limit of {mb}: {what}. "
            f"{images} Or send the whole bundle by the court's document upload.")


def preflight(documents: Sequence[BundleDocument], limit: int = EMAIL_LIMIT, split: bool = False,
              recompress: int | None = None) -> list[Issue]:
    issues: list[Issue] = []
    total = 0
    marks = {d.mark.replace(" ", "") for d in documents if d.mark}
    for doc in documents:
        found, size = check_document(doc)
        issues += found
        total += size
        if doc.kind == "statement" and doc.path is not None and doc.path.is_file():
            wanted = set(doc.refers_to) or exhibit_marks_in(doc.path)
            for mark in sorted(wanted - marks):
                issues.append(Issue("stop", doc.title, f"refers to exhibit {mark}, which is not in the bundle. Add "
                                    "the exhibit or correct the statement."))
    if total > limit:
        issues.append(Issue("warn", "the bundle", size_advice(total, limit, split, recompress)))
    return issues


def _stream_bytes(obj: object, seen: set[tuple[int, int]]) -> int:
    """Bytes of the streams a page draws (contents, images, forms, fonts), each shared object counted once."""
    from pikepdf import Array, Dictionary, Stream

    total = 0
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, Stream | Dictionary | Array):
            gen = o.objgen  # type: ignore[union-attr]
            if gen != (0, 0):
                if gen in seen:
                    continue
                seen.add(gen)
        if isinstance(o, Stream):
            total += int(o.get("/Length", 0))
            stack.extend(v for k, v in o.items() if k not in ("/Parent", "/P"))
        elif isinstance(o, Dictionary):
            stack.extend(v for k, v in o.items() if k not in ("/Parent", "/P", "/Annots", "/Dest", "/A"))
        elif isinstance(o, Array):
            stack.extend(o)
    return total


PART_FILL = 0.9  # parts are planned to this share of the limit: the estimate leaves out the PDF's own overhead
PART_INDEX = "Index to this part"


def _part_index(n: int, count: int, title: str, docs: Sequence[tuple[str, str, int, int]], s: int, e: int) -> Any:
    """The index opening part ``n``: its documents with their bundle page numbers, each linked."""
    from .render import Listing, write_listing

    rows = tuple((number, doc_title, f"{first}" if first == last else f"{first}–{last}")
                 for number, doc_title, first, last in docs)
    listing = Listing(f"{title}: part {n} of {count}, pages {s}–{e}", ("No.", "Document", "Pages"),
                      (0.1, 0.72, 0.18), rows, frozenset(),
                      f"{PART_INDEX}. The bundle is sent in {count} parts; page numbers are those of the whole "
                      "bundle and run on from part to part. The full index is at the start of part 1. This "
                      "index page is not numbered.")
    return write_listing(listing)


def split_pdf(path: Path, boundaries: Sequence[int], limit: int, out_dir: Path,
              documents: Sequence[tuple[str, str, int, int]] = (), title: str = "") -> list[Path]:
    """Split a built bundle into parts under ``limit`` bytes, cutting only at document starts
    (``boundaries``: 1-based first pages). Stamped numbers are kept, so parts still match the index.
    ``documents`` (number, title, first page, last page): each part after the first then opens with its own
    index of the documents in it (unnumbered, linked), so a part can be read on its own. Parts are sized
    by the bytes each page draws, so a part of photographs is not mistaken for one of text."""
    from io import BytesIO

    from pikepdf import Array, Dictionary, Name

    out_dir.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    budget = limit * PART_FILL
    with Pdf.open(path) as pdf:
        pages = list(pdf.pages)
        total = len(pages)
        starts = sorted({1, *[b for b in boundaries if 1 <= b <= total]})
        ends = [*(s - 1 for s in starts[1:]), total]
        groups: list[tuple[int, int, int]] = []  # first page, last page, estimated bytes
        for s, e in zip(starts, ends, strict=True):
            seen: set[tuple[int, int]] = set()
            size = sum(_stream_bytes(pages[i].obj, seen) for i in range(s - 1, e))
            if groups and groups[-1][2] + size <= budget:
                groups[-1] = (groups[-1][0], e, groups[-1][2] + size)
            else:
                groups.append((s, e, size))
        for n, (s, e, _) in enumerate(groups, 1):
            part = Pdf.new()
            inside = [d for d in documents if s <= d[2] <= e]
            lead = 0
            if n > 1 and inside:
                data, boxes = _part_index(n, len(groups), title or path.stem, inside, s, e)
                index = Pdf.open(BytesIO(data))
                part.pages.extend(index.pages)
                lead = len(index.pages)
            part.pages.extend(pages[s - 1:e])
            part_pages = list(part.pages)
            if lead:
                for box, doc in zip(boxes, inside, strict=True):
                    target = part_pages[lead + doc[2] - s].obj
                    annot = part.make_indirect(Dictionary(
                        Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(box.rect)), Border=Array([0, 0, 0]),
                        A=Dictionary(S=Name.GoTo, D=Array([target, Name.XYZ, None, None, None]))))
                    page = part_pages[box.page].obj
                    if "/Annots" in page:
                        page.Annots.append(annot)
                    else:
                        page.Annots = part.make_indirect(Array([annot]))
            dest = out_dir / f"{path.stem}-part{n}-pages-{s}-{e}.pdf"
            part.save(dest)
            parts.append(dest)
    return parts

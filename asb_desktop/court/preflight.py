"""Checks before a bundle is built: what would make it wrong or refused by the court.

Missing files, password-protected PDFs, pages without text (OCR will be tried), unsigned
statements, exhibits a statement refers to that are not in the bundle, and a size over the
court's e-mail limit (with an offer to split the bundle into parts that fit).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pikepdf import PasswordError, Pdf, PdfError

from . import textlayer
from .bundle import CHRONOLOGY, BundleDocument

EMAIL_LIMIT = 36 * 1024 * 1024
EXHIBIT_REF = re.compile(r"marked\s+[\"'‘“]?([A-Z]{1,5}\s?\d{1,3})[\"'’”]?")


@dataclass(frozen=True)
class Issue:
    severity: str  # "stop" (the bundle cannot be built) or "warn"
    document: str
    problem: str

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.document}: {self.problem}"


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


def preflight(documents: Sequence[BundleDocument], limit: int = EMAIL_LIMIT) -> list[Issue]:
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
        issues.append(Issue("warn", "the bundle", f"its files add up to {total / 1048576:.1f} MB, over the court's "
                            f"e-mail limit of {limit / 1048576:.0f} MB. Build it split into parts "
                            "(asb bundle build ... --split) or send it by the court's document upload."))
    return issues


def split_pdf(path: Path, boundaries: Sequence[int], limit: int, out_dir: Path) -> list[Path]:
    """Split a built bundle into parts under ``limit`` bytes, cutting only at document starts
    (``boundaries``: 1-based first pages). Stamped numbers are kept, so parts still match the index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    with Pdf.open(path) as pdf:
        total = len(pdf.pages)
        starts = sorted({1, *[b for b in boundaries if 1 <= b <= total]})
        ends = [*(s - 1 for s in starts[1:]), total]
        per_page = path.stat().st_size / max(total, 1)
        groups: list[tuple[int, int]] = []
        for s, e in zip(starts, ends, strict=True):
            if groups and (e - groups[-1][0] + 1) * per_page <= limit * 0.9:
                groups[-1] = (groups[-1][0], e)
            else:
                groups.append((s, e))
        for n, (s, e) in enumerate(groups, 1):
            part = Pdf.new()
            part.pages.extend(pdf.pages[s - 1:e])
            dest = out_dir / f"{path.stem}-part{n}-pages-{s}-{e}.pdf"
            part.save(dest)
            parts.append(dest)
    return parts

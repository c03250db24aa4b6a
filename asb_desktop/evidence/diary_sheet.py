"""The diary sheet as a fillable PDF form (reportlab AcroForm) and reading a filled one back (pikepdf).

Field names: ``diary_case_reference``, ``diary_return_by`` (hidden, read-only) and, per row,
``diary_r<N>_<column>`` with the columns of ``diary.COLUMNS``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .diary import COLUMNS
from .documents import DIARY_FIELD_PREFIX

ROWS_PER_PAGE = 12
MAX_ROWS = 1000  # far more than any returned sheet; a larger row number means the form is not ours
MAX_FIELD_DEPTH = 20
PAGES = 2
# Column widths in points on landscape A4 (842 wide, 36 margins): the text columns get the room.
WIDTHS = (58, 46, 46, 170, 80, 100, 42, 110, 118)


class DiarySheetError(Exception):
    """The PDF is not a filled diary sheet; ``str()`` says why."""


@dataclass(frozen=True)
class FilledSheet:
    case_reference: str
    return_by: str
    rows: list[dict[str, str]]  # one per row of the form, blank rows included (numbered from 1)


def field(row: int, column: str) -> str:
    return f"{DIARY_FIELD_PREFIX}r{row}_{column}"


def write_blank_sheet(dest: Path, case_reference: str, complainant: str, return_by: date,
                      organisation: str = "") -> Path:
    """A blank diary sheet with the case reference, the complainant and the return date filled in."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    from ..documents.fonts import face, register_pdf_fonts

    register_pdf_fonts()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    width, height = landscape(A4)
    c = canvas.Canvas(str(tmp), pagesize=(width, height))
    c.setTitle(f"Diary sheet {case_reference}")
    form = c.acroForm
    row_h = 33
    for page in range(PAGES):
        top = height - 36
        c.setFont(face(bold=True), 15)
        c.drawString(36, top - 12, "Diary sheet" + (f": {organisation}" if organisation else ""))
        c.setFont(face(), 10)
        c.drawString(36, top - 30, f"Case reference: {case_reference}")
        c.drawString(250, top - 30, f"Name: {complainant}")
        c.drawString(560, top - 30, f"Please return by: {return_by:%d/%m/%Y}")
        c.setFont(face(italic=True), 8)
        c.drawString(36, top - 44, "Write down each incident as soon as you can. If it went on past midnight, "
                                   "put the time it stopped. Severity: 1 = slight, 10 = the worst it could be. "
                                   f"Page {page + 1} of {PAGES}.")
        if page == 0:
            for name, value in (("case_reference", case_reference), ("return_by", f"{return_by:%d/%m/%Y}")):
                form.textfield(name=f"{DIARY_FIELD_PREFIX}{name}", value=value, x=0, y=0, width=1, height=1,
                               borderWidth=0, fieldFlags="readOnly", annotationFlags="hidden")
        y = top - 60
        x = 36.0
        c.setFont(face(bold=True), 7)
        for (_, heading), w in zip(COLUMNS, WIDTHS, strict=True):
            c.rect(x, y - 22, w, 22)
            for i, line in enumerate(_wrap(heading, face(bold=True), 7, w - 4)[:2]):
                c.drawString(x + 2, y - 9 - i * 8, line)
            x += w
        y -= 22
        for r in range(ROWS_PER_PAGE):
            number = page * ROWS_PER_PAGE + r + 1
            y -= row_h
            x = 36.0
            for (name, heading), w in zip(COLUMNS, WIDTHS, strict=True):
                multiline = w >= 80
                form.textfield(name=field(number, name), tooltip=f"Row {number}: {heading}", x=x, y=y, width=w,
                               height=row_h, borderWidth=0.5, fontSize=8 if multiline else 9,
                               fieldFlags="multiline" if multiline else "", maxlen=4000 if multiline else 20)
                x += w
        c.showPage()
    c.save()
    os.replace(tmp, dest)
    return dest


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fields(pdf: object) -> dict[str, str]:
    """Every AcroForm field's full name and text value (kids included)."""
    import pikepdf

    out: dict[str, str] = {}
    seen: set[tuple[int, int]] = set()

    def walk(node: Any, prefix: str, depth: int = 0) -> None:
        if not isinstance(node, pikepdf.Dictionary) or depth > MAX_FIELD_DEPTH:
            raise DiarySheetError("the PDF's form fields are damaged (a field is not a dictionary, or they "
                                  "nest too deeply)")
        if node.is_indirect:
            if node.objgen in seen:
                raise DiarySheetError("the PDF's form fields are damaged (a field contains itself)")
            seen.add(node.objgen)
        name = str(node.get("/T", ""))
        full = f"{prefix}.{name}" if prefix and name else name or prefix
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array) and any(isinstance(k, pikepdf.Dictionary) and "/T" in k for k in kids):
            for kid in kids:
                walk(kid, full, depth + 1)
            return
        value = node.get("/V")
        if value is not None and full:
            out[full] = str(value) if isinstance(value, pikepdf.String) else str(value).lstrip("/")

    acro = pdf.Root.get("/AcroForm")  # type: ignore[attr-defined]
    if acro is None:
        return out
    if not isinstance(acro, pikepdf.Dictionary):
        raise DiarySheetError("the PDF's form is damaged (its form dictionary is not a dictionary)")
    tops: Any = acro.get("/Fields", [])
    if not isinstance(tops, pikepdf.Array | list):
        raise DiarySheetError("the PDF's form is damaged (its field list is not a list)")
    for top in tops:
        walk(top, "")
    return out


def read_filled_sheet(path: Path) -> FilledSheet:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            values = _fields(pdf)
    except pikepdf.PasswordError:
        raise DiarySheetError("the PDF is password-protected: save a copy without a password") from None
    except pikepdf.PdfError as exc:
        raise DiarySheetError(f"the PDF is damaged and could not be read ({str(exc)[:120]})") from None
    except (RecursionError, AttributeError, TypeError, ValueError, KeyError, RuntimeError) as exc:
        raise DiarySheetError(f"the PDF is damaged and could not be read ({exc.__class__.__name__})") from None
    if f"{DIARY_FIELD_PREFIX}case_reference" not in values:
        raise DiarySheetError("this PDF is not a fillable diary sheet from ASB Desktop (it has no diary form "
                              "fields). Attach it as a scanned sheet and key the entries in instead")
    row_re = re.compile(re.escape(f"{DIARY_FIELD_PREFIX}r") + r"([0-9]{1,9})_")
    numbers = sorted({int(m.group(1)) for k in values if (m := row_re.match(k))})
    if numbers and numbers[-1] > MAX_ROWS:
        raise DiarySheetError(f"this PDF has a diary row numbered {numbers[-1]}; a diary sheet has at most "
                              f"{MAX_ROWS} rows, so it was not made by ASB Desktop")
    rows = [{name: values.get(field(n, name), "") for name, _ in COLUMNS} for n in range(1, max(numbers, default=0) + 1)]
    return FilledSheet(values[f"{DIARY_FIELD_PREFIX}case_reference"], values.get(f"{DIARY_FIELD_PREFIX}return_by", ""),
                       rows)


def fill_sheet(src: Path, dest: Path, rows: dict[int, dict[str, str]]) -> Path:
    """Fill rows of a blank sheet (as a complainant's PDF reader would); used by tests and demos."""
    import pikepdf

    wanted = {field(n, name): value for n, row in rows.items() for name, value in row.items()}
    with pikepdf.open(src) as pdf:
        for node in pdf.Root.AcroForm.Fields:
            name = str(node.get("/T", ""))
            if name in wanted:
                node.V = pikepdf.String(wanted[name])
        pdf.save(dest)
    return dest

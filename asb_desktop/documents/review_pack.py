"""The review pack: a witness's statement as a fillable A4 PDF to read at home, with a comment box
under each numbered paragraph and one for anything else, and reading a returned pack back.

Made with reportlab AcroForm fields (as the diary sheet is) and read back with pikepdf. Hidden,
read-only fields say which case, statement and version the pack shows and the SHA-256 of that
version's text (``statement_digest``); the same digest is printed in the footer of every page.
Field names: ``review_case``, ``review_statement``, ``review_number``, ``review_version``,
``review_sha256``, ``review_pack`` (hidden), ``review_p<N>`` per numbered paragraph, ``review_general``.
A statement made in the witness's own language shows their words (and its statement of truth) in that
language, paragraph numbers unchanged, and the digest covers those words.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .statement import StatementContent
from .wording import ordinal

PREFIX = "review_"
HIDDEN = ("case", "statement", "number", "version", "sha256", "pack")
MAX_BYTES = 50 * 1024 * 1024  # a returned pack is a few hundred kilobytes
MAX_COMMENT = 4000
MARGIN = 56.0
FOOTER_H = 40.0
BOX_H = 54.0
GENERAL_H = 130.0

INSTRUCTIONS = (
    "Please read your statement carefully. Everything in it must be true, and in your own words.",
    "If a paragraph is wrong, unclear or leaves something out, type what should change in the box under "
    "that paragraph. Leave the box empty if the paragraph is right.",
    "Use the box at the end for anything else, for example something that is missing altogether.",
    "When you have finished, save the file (in most PDF readers: File, then Save) and send it back to your "
    "officer by e-mail, or bring it to your next meeting. Please do not use \"Print to PDF\": it removes the "
    "boxes. If you cannot type in the boxes, print the pack, write on it and give it back to your officer.",
    "If you are happy with the whole statement, return the pack with every box empty: that tells your "
    "officer you have read it and want no changes.",
    "Do not sign this pack. You sign the final statement later: in person with your officer, or by signing a "
    "printed copy by hand and returning a scan or photo of the signed pages.",
)


class ReviewPackError(Exception):
    """The file is not a usable returned review pack; ``str()`` says why in plain English."""


@dataclass(frozen=True)
class PackContent:
    """What the pack shows: the statement version, with who and what it is for."""

    case_reference: str
    statement_uid: str
    number: int
    version: int
    witness: str
    content: StatementContent
    pack_uid: str
    organisation: str = ""
    officer: str = ""
    printed_on: str = ""  # dd/mm/yyyy
    instructions: tuple[str, ...] = INSTRUCTIONS  # in the witness's language where forms/ supplies them

    @property
    def sha256(self) -> str:
        return statement_digest(self.statement_uid, self.version, self.content)


@dataclass(frozen=True)
class ReturnedPack:
    case_reference: str
    statement_uid: str
    number: int
    version: int
    sha256: str
    pack_uid: str
    comments: dict[int, str] = field(default_factory=dict)  # paragraph number -> the witness's comment
    general: str = ""

    @property
    def empty(self) -> bool:
        return not self.comments and not self.general


def plain(text: str) -> str:
    """Paragraph text without the **bold** marks the statement uses."""
    return text.replace("**", "")


def statement_digest(statement_uid: str, version: int, content: StatementContent) -> str:
    """SHA-256 of one version's text as the witness reads it: the statement's identity and version
    (and its language, for a statement made in the witness's own), each paragraph with its printed
    number, and the statement of truth (UTF-8, one per line) - in the words the pack shows."""
    head = f"ASB Desktop statement {statement_uid} version {version}"
    words, truth = content.witness_words()
    lines = [head + (f" in {content.language.strip()}" if content.translated else "")]
    lines += [f"{number or '-'}\t{plain(text)}" for number, text in words]
    lines.append(truth)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def pack_text(pack: PackContent) -> str:
    """All the words the pack prints (for the identity guard)."""
    words, truth = pack.content.witness_words()
    return "\n".join([pack.witness, pack.organisation, pack.officer, pack.case_reference, *pack.instructions,
                      *(plain(text) for _n, text in words), truth])


def paragraph_count(content: StatementContent) -> int:
    return sum(1 for number, _ in content.numbered() if number)


# ------------------------------------------------------------------------------------------- writing
def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for raw in text.splitlines() or [""]:
        line = ""
        for word in raw.split():
            trial = f"{line} {word}" if line else word
            if stringWidth(trial, font, size) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


class _Writer:
    """Lays the pack out top to bottom, starting a page when the next block does not fit."""

    def __init__(self, pack: PackContent, total: int | None) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        from .fonts import face, register_pdf_fonts

        register_pdf_fonts()
        self.face = face
        self.pack, self.total = pack, total
        self.width, self.height = A4
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, pageCompression=1)
        self.c.setTitle(f"Review pack: {ordinal(pack.number)} statement of {pack.witness}, version {pack.version}")
        self.c.setAuthor(pack.organisation or "ASB Desktop")
        self.page = 1
        self.y = self.height - MARGIN
        self.text_w = self.width - 2 * MARGIN

    def footer(self) -> None:
        c, p = self.c, self.pack
        c.setFont(self.face(), 7.5)
        c.line(MARGIN, FOOTER_H + 6, self.width - MARGIN, FOOTER_H + 6)
        total = f" of {self.total}" if self.total else ""
        c.drawString(MARGIN, FOOTER_H - 6, f"Case {p.case_reference} - {ordinal(p.number)} statement of {p.witness} "
                                           f"- version {p.version}")
        c.drawRightString(self.width - MARGIN, FOOTER_H - 6, f"Page {self.page}{total}")
        c.drawString(MARGIN, FOOTER_H - 17, f"SHA-256 of version {p.version}: {p.sha256}")

    def new_page(self) -> None:
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = self.height - MARGIN

    def room(self, needed: float) -> None:
        if self.y - needed < FOOTER_H + 16:
            self.new_page()

    def lines(self, lines: list[str], size: float, bold: bool = False, italic: bool = False, x: float = MARGIN,
              lead: float | None = None) -> None:
        lead = lead or size * 1.35
        for line in lines:
            self.room(lead)
            self.c.setFont(self.face(bold, italic), size)
            self.y -= lead
            self.c.drawString(x, self.y + 3, line)

    def text(self, text: str, size: float = 10.5, bold: bool = False, italic: bool = False, indent: float = 0) -> None:
        self.lines(_wrap(text, self.face(bold, italic), size, self.text_w - indent), size, bold, italic,
                   MARGIN + indent)

    def box(self, name: str, label: str, height: float, tooltip: str) -> None:
        from reportlab.lib.colors import white

        self.room(height + 16)
        self.c.setFont(self.face(italic=True), 8.5)
        self.y -= 12
        self.c.drawString(MARGIN + 24, self.y + 2, label)
        self.y -= height + 2
        self.c.acroForm.textfield(name=f"{PREFIX}{name}", tooltip=tooltip, x=MARGIN + 24, y=self.y,
                                  width=self.text_w - 24, height=height, borderWidth=0.6, fontSize=10,
                                  fontName="Helvetica", fieldFlags="multiline", maxlen=MAX_COMMENT,
                                  fillColor=white)  # white: it prints cleanly to write on by hand
        self.y -= 10

    def write(self) -> bytes:
        p, c = self.pack, self.c
        self.text("Your witness statement: please read it and tell us what to change", 15, bold=True)
        self.y -= 6
        details = [f"Case reference: {p.case_reference}",
                   f"Statement: the {ordinal(p.number)} statement of {p.witness}, version {p.version}"]
        if p.organisation or p.officer:
            details.append("From: " + ", ".join(x for x in (p.officer, p.organisation) if x))
        if p.printed_on:
            details.append(f"Printed: {p.printed_on}")
        self.lines(details, 10)
        for name in HIDDEN:  # which statement and version this is: read back on import
            value = {"case": p.case_reference, "statement": p.statement_uid, "number": str(p.number),
                     "version": str(p.version), "sha256": p.sha256, "pack": p.pack_uid}[name]
            c.acroForm.textfield(name=f"{PREFIX}{name}", value=value, x=0, y=0, width=1, height=1, borderWidth=0,
                                 fieldFlags="readOnly", annotationFlags="hidden")
        self.y -= 6
        self.text("How to use this pack", 12, bold=True)
        for i, line in enumerate(p.instructions, 1):
            self.text(f"{i}. {line}", 10, indent=12)
            self.y -= 2
        self.y -= 8
        self.text(f"Your statement (in {p.content.language.strip()})" if p.content.translated else "Your statement",
                  12, bold=True)
        shown, truth = p.content.witness_words()
        for (number, para), (_n, text) in zip(p.content.numbered(), shown, strict=True):
            words = plain(text)
            self.y -= 4
            if para.get("heading"):
                self.text(words, 11, bold=True)
                continue
            if not number:
                self.text(words, 10.5, indent=24)
                continue
            lines = _wrap(words, self.face(), 10.5, self.text_w - 24)
            together = 10.5 * 1.35 * len(lines) + BOX_H + 28  # the paragraph and its box on one page
            self.room(together if together < self.height - MARGIN - FOOTER_H - 40 else 10.5 * 1.35 * 3)
            self.c.setFont(self.face(bold=True), 10.5)
            self.c.drawString(MARGIN, self.y - 10.5 * 1.35 + 3, number)
            self.lines(lines, 10.5, x=MARGIN + 24)
            self.box(f"p{number}", f"Your comment on paragraph {number} (leave empty if it is right):", BOX_H,
                     f"What should change in paragraph {number}")
        self.y -= 6
        self.text("Statement of truth", 11, bold=True)
        self.text("The final statement ends with these words, which you sign later (not on this pack):", 9.5,
                  italic=True)
        self.text(truth, 10.5, indent=24)
        self.y -= 8
        self.text("Anything else", 11, bold=True)
        self.box("general", "Anything else about the statement (leave empty if there is nothing):", GENERAL_H,
                 "Anything else about the statement")
        self.footer()
        c.showPage()
        c.save()
        return self.buf.getvalue()


def write_pack(pack: PackContent) -> bytes:
    """The review pack as PDF bytes (A4), "Page n of N" and the SHA-256 on every page."""
    first = _Writer(pack, None)
    first.write()
    return _Writer(pack, first.page).write()


# ------------------------------------------------------------------------------------------- reading
def _fields(pdf: object) -> dict[str, str]:
    """Every AcroForm field's full name and text value (kids included)."""
    import pikepdf

    out: dict[str, str] = {}

    def walk(node: Any, prefix: str, depth: int) -> None:  # pikepdf types form fields as Object
        if depth > 8:
            return
        name = str(node.get("/T", ""))
        full = f"{prefix}.{name}" if prefix and name else name or prefix
        kids = node.get("/Kids")
        if kids is not None and any("/T" in kid for kid in kids):
            for kid in kids:
                walk(kid, full, depth + 1)
            return
        value = node.get("/V")
        if value is not None and full:
            if isinstance(value, pikepdf.String):
                out[full] = str(value)
            elif isinstance(value, pikepdf.Stream):  # rich text some readers write
                out[full] = value.read_bytes().decode("utf-8", errors="replace")
            else:
                out[full] = str(value).lstrip("/")
        elif full:
            out.setdefault(full, "")

    acro = pdf.Root.get("/AcroForm")  # type: ignore[attr-defined]
    for top in (acro.get("/Fields", []) if acro is not None else []):
        walk(top, "", 0)
    return out


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def read_pack(path: Path) -> ReturnedPack:
    """The pack's identity and the witness's comments; ReviewPackError when it is not a usable pack."""
    import pikepdf

    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReviewPackError(f"the file is {size // (1024 * 1024)} MB, far too big to be a review pack")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ReviewPackError("the file is not a PDF. Ask the witness to send back the review pack PDF itself")
    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:
                raise ReviewPackError("the PDF is encrypted or password-protected: ask the witness to save a "
                                      "copy without a password and send that back")
            values = _fields(pdf)
    except pikepdf.PasswordError:
        raise ReviewPackError("the PDF is password-protected: ask the witness to save a copy without a "
                              "password and send that back") from None
    except pikepdf.PdfError as exc:
        raise ReviewPackError(f"the PDF is damaged and could not be read ({str(exc)[:120]})") from None
    missing = [n for n in HIDDEN if f"{PREFIX}{n}" not in values]
    if missing:
        raise ReviewPackError("this PDF is not a review pack from ASB Desktop (it has no review pack form "
                              "fields). If the witness used \"Print to PDF\" the boxes were removed: ask them to "
                              "save the pack instead (File, then Save) and send it again")
    ident = {n: values[f"{PREFIX}{n}"].strip() for n in HIDDEN}
    if not ident["number"].isdigit() or not ident["version"].isdigit() or \
            not re.fullmatch(r"[0-9a-f]{64}", ident["sha256"]):
        raise ReviewPackError("the review pack's hidden details (statement number, version and SHA-256) are "
                              "damaged: send the witness a new review pack")
    comments: dict[int, str] = {}
    for key, value in values.items():
        m = re.fullmatch(rf"{PREFIX}p(\d+)", key)
        if m and _clean(value):
            comments[int(m.group(1))] = _clean(value)[:MAX_COMMENT]
    return ReturnedPack(ident["case"], ident["statement"], int(ident["number"]), int(ident["version"]),
                        ident["sha256"], ident["pack"], dict(sorted(comments.items())),
                        _clean(values.get(f"{PREFIX}general", ""))[:MAX_COMMENT])


def fill_pack(src: Path, dest: Path, comments: dict[int, str], general: str = "") -> Path:
    """Type into the boxes as a witness's PDF reader would (used by tests and demos)."""
    import pikepdf

    wanted = {f"{PREFIX}p{n}": text for n, text in comments.items()}
    if general:
        wanted[f"{PREFIX}general"] = general
    with pikepdf.open(src) as pdf:
        for node in pdf.Root.AcroForm.Fields:
            name = str(node.get("/T", ""))
            if name in wanted:
                node.V = pikepdf.String(wanted.pop(name))
        if wanted:
            raise KeyError(f"no such field: {', '.join(sorted(wanted))}")
        pdf.Root.AcroForm.NeedAppearances = True
        pdf.save(dest)
    return dest

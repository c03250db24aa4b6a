"""PDF and Word documents: page count, first-page preview, locked PDFs refused clearly, Word files
converted to PDF with LibreOffice (``soffice --headless``) when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .examined import Examined, Unusable
from .kinds import Kind

DIARY_FIELD_PREFIX = "diary_"  # our own fillable diary sheet (diary_sheet.py) names its fields so
SOFFICE_TIMEOUT = 180


class ConversionError(Exception):
    """A Word file could not be turned into a PDF; ``str()`` says why."""


def examine_pdf(path: Path, result: Examined) -> None:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
            form: Any = pdf.Root.get("/AcroForm", {})
            fields = [str(f.get("/T", "")) for f in form.get("/Fields", [])]
    except pikepdf.PasswordError:
        raise Unusable("the PDF is password-protected: ask the sender for a copy without a password (or to "
                       "send the password separately, then save an unlocked copy)") from None
    except pikepdf.PdfError as exc:
        raise Unusable(f"the PDF is damaged and could not be read ({str(exc)[:160]})") from None
    if pages == 0:
        raise Unusable("the PDF has no pages")
    result.meta["pages"] = pages
    if any(f.startswith(DIARY_FIELD_PREFIX) for f in fields):
        result.meta["diary_form"] = True
        if result.kind == Kind.DOCUMENT:
            result.kind = Kind.DIARY


def examine_word(path: Path, result: Examined) -> None:
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                bad = zf.testzip()
        except zipfile.BadZipFile:
            raise Unusable("the Word document is damaged (its zip structure is broken)") from None
        if bad is not None or not ({"word/document.xml", "content.xml"} & names):
            raise Unusable("the Word document is damaged or not a Word document")
    result.meta["format"] = path.suffix.lower().lstrip(".") or "word"


def first_page_png(pdf: Path, dest: Path, width: int = 600) -> Path:
    import pypdfium2 as pdfium

    from .photos import save_png

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        scale = width / max(1.0, page.get_width())
        img = page.render(scale=scale).to_pil()
        return save_png(img, dest)
    finally:
        doc.close()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def word_to_pdf(src: Path, dest: Path) -> Path:
    """Convert with LibreOffice in its own throw-away profile (so it never clashes with an open copy)."""
    program = soffice()
    if program is None:
        raise ConversionError("LibreOffice is not installed, so Word files cannot be previewed: install it, or "
                              "open the file in Word")
    with tempfile.TemporaryDirectory(prefix="asb-soffice-") as work:
        work_dir = Path(work)
        copy = work_dir / f"document{src.suffix.lower() or '.docx'}"
        shutil.copyfile(src, copy)
        try:
            subprocess.run([program, f"-env:UserInstallation={(work_dir / 'profile').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(work_dir), str(copy)],
                           check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice took longer than {SOFFICE_TIMEOUT} s to convert the file") from None
        except subprocess.CalledProcessError as exc:
            raise ConversionError(f"LibreOffice could not convert the file ({exc.stderr.decode()[:200]})") from None
        produced = work_dir / "document.pdf"
        if not produced.is_file():
            raise ConversionError("LibreOffice could not convert the file (it may be damaged)")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(produced, dest)
    return dest

"""Searchable text and image resolution: find pages with no text, OCR them (ocrmypdf + tesseract),
and bring images above 300 dpi down to 300 dpi.

Finding text reads only each page's content stream (a text-showing operator with a font in the
resources), so pages that already have text cost almost nothing and never reach OCR.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pikepdf import (
    Array,
    Dictionary,
    Name,
    Object,
    Page,
    Pdf,
    PdfError,
    PdfImage,
    Stream,
    StreamDecodeLevel,
    String,
    parse_content_stream,
)

TEXT_OPS = "Tj TJ ' \""  # the operators that show text
MAX_DPI = 300


def _shows_text(instruction: Any) -> bool:
    """A text-showing operator with something to show (an empty string draws nothing)."""
    operand = instruction.operands[-1] if instruction.operands else None
    if isinstance(operand, Array):
        return any(isinstance(part, String) and len(bytes(part)) for part in operand)
    return isinstance(operand, String) and len(bytes(operand)) > 0


def _draws_text(content: Any, resources: Any) -> bool:
    """Fonts in ``resources`` and a text-showing operator in the content. The content is parsed,
    not searched: a random resource name such as ``/OCR-xTjq`` holds the bytes "Tj"."""
    fonts = resources.get("/Font") if resources is not None else None
    if fonts is None or not len(fonts.keys()):
        return False
    try:
        return any(_shows_text(i) for i in parse_content_stream(content, TEXT_OPS))
    except PdfError:
        return False


def page_has_text(page: Page) -> bool:
    resources = page.obj.get("/Resources")
    if resources is not None and "/Font" in resources and "/XObject" not in resources:
        return len(resources.Font.keys()) > 0  # fonts and no images: a page of text (the fast, common case)
    if _draws_text(page, resources):
        return True
    xobjects = resources.get("/XObject") if resources is not None else None
    for xobj in (xobjects.values() if xobjects is not None else ()):
        if xobj.get("/Subtype") == Name.Form and _draws_text(xobj, xobj.get("/Resources")):
            return True
    return False


def pages_without_text(pdf: Pdf) -> list[int]:
    """0-based indexes of pages with no text layer that may be scans: a page marked as a photograph
    (court/photos.py) is not one, whatever its caption, and never goes to OCR."""
    from .photos import is_photo_page

    return [i for i, page in enumerate(pdf.pages) if not page_has_text(page) and not is_photo_page(page)]


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


OCR_LANGUAGE = "eng"
OCR_OPTIONS = ("--skip-text", "--output-type", "pdf", "--optimize", "0", "--quiet")
Check = Callable[[], None]  # called while OCR runs; raises to cancel it


@functools.cache
def ocr_settings_key() -> str:
    """A short hash of everything that shapes the OCR result: language, options and the versions of
    ocrmypdf and tesseract. Part of every OCR cache name, so an upgrade or a new setting OCRs afresh."""
    try:
        from importlib.metadata import version

        ocrmypdf_version = version("ocrmypdf")
    except Exception:  # noqa: BLE001 - not installed as a distribution: the key still changes with tesseract
        ocrmypdf_version = "?"
    try:
        tess = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
        tesseract_version = (tess.stdout or tess.stderr).splitlines()[0] if (tess.stdout or tess.stderr) else "?"
    except (OSError, subprocess.SubprocessError):
        tesseract_version = "?"
    settings = json.dumps([OCR_LANGUAGE, list(OCR_OPTIONS), ocrmypdf_version, tesseract_version])
    return hashlib.sha256(settings.encode()).hexdigest()[:16]


def ocr_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def ocr_pdf(src: Path, dest: Path, jobs: int = 1, check: Check | None = None) -> bool:
    """Add a text layer to the pages of ``src`` that have none (ocrmypdf --skip-text) into ``dest``,
    ``jobs`` pages at a time. False when OCR is not possible here (no tesseract, or ocrmypdf refused
    the file). ``check`` is called about twice a second while ocrmypdf runs: if it raises, ocrmypdf is
    stopped and the exception goes on (the bundle job's cancel)."""
    if not ocr_available():
        return False
    cmd = [sys.executable, "-m", "ocrmypdf", *OCR_OPTIONS, "--jobs", str(max(1, jobs)), "-l", OCR_LANGUAGE,
           str(src), str(dest)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 1800
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    return False
                if check is not None:
                    check()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return code == 0 and dest.is_file()


SKIP_KEYS = frozenset({"/Parent", "/Length", "/Filter", "/DecodeParms"})  # not what a page draws


def page_fingerprint(page: Page) -> str:
    """SHA-256 of what a page draws: its dictionary (less /Parent) and every object it reaches, streams
    by their stored bytes. The same page has the same fingerprint in any file that holds it (a stored
    exhibit, or the exhibit behind a freshly made front sheet), so its OCR is found again in the cache."""
    digest = hashlib.sha256()
    seen: set[tuple[int, int]] = set()

    def walk(obj: Any) -> None:
        if isinstance(obj, Object) and obj.is_indirect:
            if obj.objgen in seen:
                digest.update(b"R%d" % len(seen))
                return
            seen.add(obj.objgen)
        if isinstance(obj, Stream):
            walk(obj.stream_dict)
            digest.update(b"S")
            try:  # lossless filters undone: saving a file may re-encode them (ASCII85 dropped, Flate redone)
                digest.update(obj.read_bytes(StreamDecodeLevel.generalized))
            except PdfError:
                digest.update(obj.read_raw_bytes())
        elif isinstance(obj, Dictionary):
            digest.update(b"<")
            for key in sorted(obj.keys()):
                if key in SKIP_KEYS:
                    continue
                digest.update(key.encode())
                walk(obj.get(key))
            digest.update(b">")
        elif isinstance(obj, Array):
            digest.update(b"[")
            for item in obj:
                walk(item)
            digest.update(b"]")
        else:
            digest.update(repr(obj).encode())

    walk(page.obj)
    return digest.hexdigest()


def _image_placements(page: Page) -> dict[str, tuple[float, float]]:
    """Displayed size in points of each image XObject drawn on the page (largest use wins)."""
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    sizes: dict[str, tuple[float, float]] = {}
    for operands, operator in parse_content_stream(page):  # type: ignore[misc]  # instructions unpack
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm" and len(operands) == 6:
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]
        elif op == "Do" and operands:
            w, h = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
            name = str(operands[0])
            old = sizes.get(name, (math.inf, math.inf))
            sizes[name] = (min(old[0], w), min(old[1], h))
    return sizes


def downsample_images(pdf: Pdf, max_dpi: int = MAX_DPI, quality: int | None = None) -> int:
    """Re-encode images drawn at more than ``max_dpi`` at ``max_dpi``; returns how many were changed.

    With ``quality`` (the officer's choice to fit the court's e-mail limit) every 8-bit colour or grey image
    is re-encoded as JPEG at that quality as well, whatever its resolution; without it a JPEG stays JPEG
    (quality 85) and any other image stays lossless."""
    from PIL import Image

    changed = 0
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None or not any(x.get("/Subtype") == Name.Image for x in xobjects.values()):
            continue
        for name, (w_pt, h_pt) in _image_placements(page).items():
            xobj = xobjects.get(name)
            if xobj is None or xobj.get("/Subtype") != Name.Image or xobj.objgen in done or w_pt <= 0 or h_pt <= 0:
                continue
            done.add(xobj.objgen)
            if xobj.get("/ImageMask") or xobj.get("/SMask") is not None or int(xobj.get("/BitsPerComponent", 8)) != 8:
                continue
            px_w, px_h = int(xobj.Width), int(xobj.Height)
            dpi = max(px_w / (w_pt / 72), px_h / (h_pt / 72))
            if dpi <= max_dpi * 1.02 and quality is None:
                continue
            try:
                pil = PdfImage(xobj).as_pil_image()  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001 - an image pikepdf cannot decode is left as it is
                continue
            if pil.mode not in ("RGB", "L"):
                pil = pil.convert("RGB")
            if dpi > max_dpi * 1.02:
                scale = max_dpi / dpi
                pil = pil.resize((max(1, round(px_w * scale)), max(1, round(px_h * scale))),
                                 Image.Resampling.LANCZOS)
            if quality is not None or xobj.get("/Filter") == Name.DCTDecode:
                from io import BytesIO

                buf = BytesIO()
                pil.save(buf, "JPEG", quality=quality or 85)
                xobj.write(buf.getvalue(), filter=Name.DCTDecode)
            else:
                xobj.write(zlib.compress(pil.tobytes()), filter=Name.FlateDecode)
            xobj.Width, xobj.Height = pil.width, pil.height
            xobj.ColorSpace = Name.DeviceRGB if pil.mode == "RGB" else Name.DeviceGray
            xobj.BitsPerComponent = 8
            for key in ("/DecodeParms", "/Decode"):
                if key in xobj:
                    del xobj[key]
            changed += 1
    return changed

"""A demo-like case ready for documents (organisation settings, an exhibit, agreed actions), and
helpers that read what is really on the page: pdftotext, pdfinfo, LibreOffice headless."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from case_factory import ZOE, rich_case  # noqa: E402

from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.storage.orm import Setting  # noqa: E402

COURT = "In the County Court at Central London"
CLAIM = "K00EC123"
ORG = "Riverside Homes Ltd"


@dataclass
class DocCase:
    svc: Services
    reference: str
    exhibit_uid: str
    tmp: Path


def make_case(ctx: Context, tmp: Path) -> DocCase:
    from asb_desktop.services.evidence.evidence import EvidenceService

    reference = rich_case(ctx)
    with ctx.session() as s:
        for row in (Setting(key="organisation_name", value={"v": ORG}),
                    Setting(key="organisation_address", value={"v": "1 Quay Street\nLondon E1 1AA"})):
            s.merge(row)
    svc = Services(ctx)
    photo = tmp / "door.txt"
    photo.write_text("photograph of the door", encoding="utf-8")
    stored = EvidenceService(ctx).add_files(reference, [photo], description="photograph of the kicked door")
    svc.activity.add_note(reference, "Officer to visit Flat 4 within 5 working days.", kind="agreed_action")
    return DocCase(svc, reference, stored.stored[0].uid, tmp)


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return pages, (float(w), float(h))


def word_boxes(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) for every word, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    out, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m:
            out.append((page, float(m.group(1)), float(m.group(2)), m.group(3)))
    return out


def libreoffice_to_pdf(docx_files: list[Path], outdir: Path) -> list[Path]:
    """Convert DOCX files with LibreOffice headless in one run (a private profile, so parallel runs work)."""
    profile = outdir / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, docx_files)], check=True, capture_output=True, timeout=180)
    return [outdir / (f.stem + ".pdf") for f in docx_files]


__all__ = ["CLAIM", "COURT", "ORG", "ZOE", "DocCase", "libreoffice_to_pdf", "make_case", "pdf_pages", "pdf_text",
           "word_boxes"]

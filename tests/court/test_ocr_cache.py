"""OCR once per stored page: a rebuild finds the OCR'd pages in the cache, and one build OCRs every
document that needs it in a single ocrmypdf run over all cores."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pdf_factory import scanned_pdf, text_pdf
from support.pdf import page_text

from asb_desktop.court import textlayer
from asb_desktop.court.bundle import BundleDocument, BundleSection, build_bundle

pytestmark = pytest.mark.skipif(not textlayer.ocr_available(), reason="tesseract is not installed")


@pytest.fixture
def ocr_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Each ocrmypdf run: (pages sent, jobs)."""
    calls: list[tuple[int, int]] = []
    real = textlayer.ocr_pdf

    def counting(src: Path, dest: Path, jobs: int = 1, check: textlayer.Check | None = None) -> bool:
        with pikepdf.open(src) as pdf:
            calls.append((len(pdf.pages), jobs))
        return real(src, dest, jobs, check)

    monkeypatch.setattr(textlayer, "ocr_pdf", counting)
    return calls


def _with_cover(scan: Path, dest: Path) -> Path:
    """The scan behind a freshly made cover page, as an exhibit goes behind its front sheet."""
    cover = text_pdf(dest.with_suffix(".cover.pdf"), "Exhibit front sheet")
    with pikepdf.open(cover) as out, pikepdf.open(scan) as src:
        out.pages.extend(src.pages)
        out.save(dest)
    return dest


def test_rebuild_runs_no_ocr_and_keeps_the_text_layer(tmp_path: Path, ocr_calls: list[tuple[int, int]]) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf", "SCANNED LETTER FORTY", dpi=200)
    cache = tmp_path / "data" / "cache" / "ocr"
    sections = [BundleSection("Exhibits", [BundleDocument("Scanned letter", scan, key="scan")])]
    first = build_bundle("Bundle", sections, tmp_path / "one.pdf", tmp_path / "w1", ocr_cache=cache)
    assert len(ocr_calls) == 1 and first.ocr_pages == [2]
    assert len(list(cache.glob("*.pdf"))) == 1 and not list(cache.glob("*.tmp"))

    # the same page again, this time behind a newly made cover page (another file, another SHA-256)
    covered = _with_cover(scan, tmp_path / "exhibit.pdf")
    sections = [BundleSection("Exhibits", [BundleDocument("Scanned letter", covered, key="scan", lead_pages=1)])]
    second = build_bundle("Bundle", sections, tmp_path / "two.pdf", tmp_path / "w2", ocr_cache=cache)
    assert len(ocr_calls) == 1  # no OCR the second time
    assert second.ocr_pages == [3] and second.untexted_pages == []
    assert "SCANNED LETTER" in page_text(tmp_path / "two.pdf", 3)
    assert "front sheet" in page_text(tmp_path / "two.pdf", 2)


def test_every_document_needing_ocr_goes_to_one_run_on_all_cores(tmp_path: Path,
                                                                  ocr_calls: list[tuple[int, int]]) -> None:
    docs = [BundleDocument(f"Scan {n}", scanned_pdf(tmp_path / f"s{n}.pdf", f"LETTER NUMBER {word}", dpi=200),
                           key=f"s{n}") for n, word in enumerate(["ONE", "TWO", "THREE"])]
    docs.insert(1, BundleDocument("Typed", text_pdf(tmp_path / "t.pdf", "Typed letter", 2), key="t"))
    out = tmp_path / "b.pdf"
    report = build_bundle("Bundle", [BundleSection("Exhibits", docs)], out, tmp_path / "w",
                          ocr_cache=tmp_path / "cache")
    assert ocr_calls == [(3, textlayer.ocr_jobs())]  # only the scanned pages, once
    assert report.ocr_pages == [2, 5, 6]
    for page, word in zip(report.ocr_pages, ["ONE", "TWO", "THREE"], strict=True):
        assert f"LETTER NUMBER {word}" in page_text(out, page)
    assert "Typed letter page 2" in page_text(out, 4)


def test_cancel_stops_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf", "SCANNED LETTER", dpi=200)

    class Stop(Exception):
        pass

    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) > 1:  # the first call opens the document; later ones come while OCR runs
            raise Stop

    with pytest.raises(Stop):
        build_bundle("Bundle", [BundleSection("Exhibits", [BundleDocument("Scan", scan)])], tmp_path / "b.pdf",
                     tmp_path / "w", progress=progress, ocr_cache=tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*"))  # nothing half-done is cached


def test_the_bundle_service_keeps_ocr_in_the_data_folder(ctx, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         ocr_calls: list[tuple[int, int]]) -> None:
    from integration.case_factory import rich_case
    from sqlalchemy import select

    from asb_desktop.domain.enums import Role
    from asb_desktop.services import Services
    from asb_desktop.services.kernel.access import Actor
    from asb_desktop.services.kernel.context import Context
    from asb_desktop.storage.orm import User

    case = rich_case(ctx)
    svc = Services(ctx)
    with ctx.session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        boss = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    Services(Context(ctx.engine, boss, ctx.data_dir, clock=ctx.clock)).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2")
    scan = scanned_pdf(tmp_path / "letter.pdf", "SCANNED LETTER FORTY", dpi=200)
    svc.bundles.add(case, [scan], section="Statements of case and orders", title="Scanned letter")
    first = svc.bundles.build(case, "possession", tmp_path / "one.pdf")
    assert len(ocr_calls) == 1 and len(first.ocr_pages) == 1
    assert list((ctx.data_dir / "cache" / "ocr").glob("*.pdf"))
    second = svc.bundles.build(case, "possession", tmp_path / "two.pdf", fresh=True)
    assert len(ocr_calls) == 1 and second.ocr_pages == first.ocr_pages
    assert "SCANNED LETTER" in page_text(tmp_path / "two.pdf", second.ocr_pages[0])

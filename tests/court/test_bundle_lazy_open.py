"""Source documents are opened through qpdf's job interface (``open_lazily``) so that their streams are
copied into the bundle only when it is saved (memory flat in the number of photos: see
benchmarks/README.md). ``Pdf.open`` also puts inherited page attributes on each page and keeps warnings
to itself; these tests check the bundle does not lose either. (Not timed, no memory asserts.) Files under
``LAZY_FROM_BYTES`` are opened with ``Pdf.open``; the tests' small files are sent through the job interface."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_factory import text_pdf
from pikepdf import Array, Dictionary, Job, Name, Pdf
from reportlab.lib.pagesizes import A4, landscape
from support.pdf import page_text

from asb_desktop.court import bundle
from asb_desktop.court.bundle import BundleDocument, BundleSection, build_bundle, open_lazily


@pytest.fixture(autouse=True)
def every_file_opened_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "LAZY_FROM_BYTES", 0)


def test_a_small_file_is_opened_with_pdf_open_and_a_large_one_through_the_job(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    small = text_pdf(tmp_path / "small.pdf", "A letter", 1)
    monkeypatch.setattr(bundle, "LAZY_FROM_BYTES", small.stat().st_size + 1)
    opened: list[str] = []
    monkeypatch.setattr(bundle, "Job", lambda args: opened.append(args[2]) or Job(args))
    open_lazily(small).close()
    assert opened == []
    monkeypatch.setattr(bundle, "LAZY_FROM_BYTES", small.stat().st_size)
    open_lazily(small).close()
    assert opened == [str(small)]


def _inherited(src: Path, dest: Path) -> Path:
    """``src`` with its pages' /MediaBox, /Resources and /Rotate moved up to the page tree's root."""
    with Pdf.open(src) as pdf:
        root = pdf.Root.Pages
        for key in (Name.MediaBox, Name.Resources, Name.Rotate):
            root[key] = pdf.pages[0].obj[key]
            for page in pdf.pages:
                del page.obj[key]
        pdf.save(dest)
    with Pdf.open(dest, inherit_page_attributes=False) as check:
        assert Name.MediaBox not in check.pages[0].obj and Name.Rotate not in check.pages[0].obj
    return dest


def _page(pdf: Pdf, n: int) -> tuple[list[bytes], list[float], list[str], object]:
    """Page ``n`` as the stamping step left it: its content streams, size, fonts and rotation."""
    page = pdf.pages[n]
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, Array) else [contents]
    return ([c.read_bytes() for c in streams], [float(v) for v in page.MediaBox],
            sorted(page.Resources.Font.keys()), page.obj.get(Name.Rotate))


def test_inherited_attributes_reach_the_bundle_as_if_on_the_page(tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", "Landscape letter", 2, size=landscape(A4), rotate=90)
    inherited = _inherited(plain, tmp_path / "inherited.pdf")

    with open_lazily(inherited) as pdf:
        obj = pdf.pages[1].obj
        assert [float(v) for v in obj.MediaBox] == pytest.approx([0, 0, *landscape(A4)], abs=0.01)
        assert int(obj.Rotate) == 90
        assert isinstance(obj.Resources, Dictionary) and Name.Font in obj.Resources

    outs = []
    for name, src in (("a", plain), ("b", inherited)):
        out = tmp_path / f"{name}.pdf"
        report = build_bundle("Bundle", [BundleSection("Exhibits", [BundleDocument("Letter", src, key="l")])], out,
                              tmp_path / f"work-{name}", ocr=False)
        assert report.untexted_pages == []  # its text is found with the fonts it inherits
        outs.append(out)
    with Pdf.open(outs[0]) as a, Pdf.open(outs[1]) as b:
        assert len(a.pages) == len(b.pages) == 3
        for n in (1, 2):
            assert _page(a, n) == _page(b, n)
    assert "Landscape letter page 2" in page_text(outs[1], 3)


def test_a_damaged_source_is_repaired_quietly_as_before(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    src = text_pdf(tmp_path / "ok.pdf", "Damaged letter")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(src.read_bytes().replace(b"startxref", b"startxrff"))
    out = tmp_path / "bundle.pdf"
    build_bundle("Bundle", [BundleSection("Exhibits", [BundleDocument("Letter", damaged, key="d")])], out,
                 tmp_path / "work", ocr=False)
    assert "Damaged letter page 1" in page_text(out, 2)
    with open_lazily(damaged) as pdf:
        assert pdf.get_warnings()  # kept, as Pdf.open keeps them
    assert not [r for r in caplog.records if "damaged" in r.getMessage()]  # qpdf's warnings are not logged

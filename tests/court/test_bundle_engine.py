"""The bundle PDF checked as a user would: pdfinfo, pdftotext, rendered pixels, links and bookmarks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pikepdf
import pytest
from pdf_factory import blank_image_pdf, landscape_pdf, scanned_pdf, text_pdf
from support.pdf import page_text, page_words, pdfinfo_pages

from asb_desktop.court.bundle import (
    BundleDocument,
    BundleSection,
    ChronologyRow,
    append_to_bundle,
    build_bundle,
)
from asb_desktop.court.stamp import BAND


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, Path]:
    d = tmp_path_factory.mktemp("bundle")
    statement = text_pdf(d / "st.pdf", "Statement of Ana", 3, footer_number=True)
    plan = landscape_pdf(d / "plan.pdf", "Landscape plan")
    rotated = text_pdf(d / "rot.pdf", "Rotated letter", 2, rotate=90)
    scan = scanned_pdf(d / "scan.pdf", "SCANNED LETTER FORTY")
    blank = blank_image_pdf(d / "blank.pdf")
    sections = [
        BundleSection("Chronology", [BundleDocument("Chronology", None, kind="chronology", key="chronology")]),
        BundleSection("Witness statements", [BundleDocument("Witness statement of Ana", statement, "01/11/2026",
                                                            key="st")]),
        BundleSection("Exhibits", [BundleDocument("Plan of the estate", plan, key="plan"),
                                   BundleDocument("Letter (rotated)", rotated, key="rot"),
                                   BundleDocument("Scanned letter", scan, key="scan"),
                                   BundleDocument("Blank scan", blank, key="blank")]),
    ]
    rows = [ChronologyRow(datetime(2026, 3, 4, 22, 15), "Incident report", "Loud music", "st"),
            ChronologyRow(datetime(2026, 2, 1, 1, 0), "Recording", "Noise recording", "rot")]
    out = d / "bundle.pdf"
    report = build_bundle("Possession bundle: case ASB-2026-00001", sections, out, d / "work", chronology=rows)
    return out, report, d


def test_page_count_and_every_page_number_matches_the_viewer(built) -> None:
    out, report, _ = built
    assert pdfinfo_pages(out) == report.pages == 1 + 1 + 3 + 1 + 2 + 1 + 1
    for n in range(1, report.pages + 1):
        width, height, words = page_words(out, n)
        bottom_right = [w for w, x0, y0, x1, y1 in words if x1 > width - 60 and y0 > height - BAND]
        assert bottom_right == [str(n)], (n, bottom_right)


def test_number_does_not_cover_the_pages_own_number(built) -> None:
    out, report, _ = built
    statement = next(e for e in report.entries if e.key == "st")
    width, height, words = page_words(out, statement.first_page)
    own = [(x0, y0, x1, y1) for w, x0, y0, x1, y1 in words if w == "Own"]
    ours = [(x0, y0, x1, y1) for w, x0, y0, x1, y1 in words if w == str(statement.first_page)]
    assert own and ours and own[0][3] <= ours[0][1]  # our number is below the page's own footer


def _dark_box(png: Path) -> tuple[int, int, int, int]:
    from PIL import Image

    img = Image.open(png).convert("L")
    w, h = img.size
    band = img.crop((w - 80, h - int(BAND * 100 / 72), w, h))
    bbox = band.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert bbox is not None, "no number drawn in the bottom-right band"
    return bbox


def test_every_page_is_a4_portrait_with_no_rotate_and_no_strip_below(built) -> None:
    import re
    import subprocess

    out, report, _ = built
    info = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", str(report.pages), str(out)], capture_output=True,
                          text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    rots = re.findall(r"Page\s+\d+ rot:\s+(\d+)", info)
    media = re.findall(r"Page\s+\d+ MediaBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", info)
    assert len(sizes) == len(rots) == len(media) == report.pages
    for (w, h), rot, box in zip(sizes, rots, media, strict=True):
        assert abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 and rot == "0"
        assert [round(float(v)) for v in box] == [0, 0, 595, 842]
    with pikepdf.open(out) as pdf:
        for page in pdf.pages:
            assert "/Rotate" not in page.obj and "/CropBox" not in page.obj


@pytest.mark.parametrize("key", ["plan", "rot"])
def test_landscape_and_rotated_pages_turned_to_portrait_read_with_a_clockwise_turn(built, key: str,
                                                                                   tmp_path: Path) -> None:
    """Judiciary guidance: portrait pages; a landscape original reads with a 90 degree clockwise rotation."""
    import subprocess

    out, report, _ = built
    entry = next(e for e in report.entries if e.key == key)
    width, height, words = page_words(out, entry.first_page)
    assert height > width  # shown portrait
    number = [(x0, y0, x1, y1) for w, x0, y0, x1, y1 in words if w == str(entry.first_page)]
    assert number, f"page {entry.first_page} has no stamped number"
    x0, y0, x1, y1 = number[0]
    assert x1 > width - 60 and y0 > height - BAND
    subprocess.run(["pdftoppm", "-f", str(entry.first_page), "-l", str(entry.first_page), "-r", "100", "-png",
                    str(out), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    left, top, right, bottom = _dark_box(png)
    assert bottom - top > right - left  # a single upright digit is taller than it is wide
    raw = subprocess.run(["pdftotext", "-f", str(entry.first_page), "-l", str(entry.first_page), "-bbox",
                          str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "page" in page_text(out, entry.first_page).lower()
    title_words = [w for w, a, b, c, d in words if w == "Lorem"]
    assert title_words, raw[:500]
    _, a, b, c, d = next(w for w in words if w[0] == "Lorem")
    if key == "plan":  # drawn landscape: its text now runs up the page, its top at the left edge
        assert d - b > c - a and a < width / 2
    else:  # a portrait letter shown sideways by /Rotate 90: back upright, as it was written
        assert c - a > d - b


def test_a_portrait_page_with_content_to_the_bottom_edge_is_shrunk_above_the_number(built) -> None:
    out, report, _ = built
    statement = next(e for e in report.entries if e.key == "st")
    for n in range(statement.first_page, statement.last_page + 1):
        width, height, words = page_words(out, n)
        assert [w for w, x0, y0, x1, y1 in words if y1 > height - BAND] == [str(n)]


def test_index_links_point_at_each_documents_first_page(built) -> None:
    out, report, _ = built
    with pikepdf.open(out) as pdf:
        targets = []
        for annot in pdf.pages[0].obj.get("/Annots", []):
            dest = annot.A.D
            assert annot.Subtype == "/Link" and annot.A.S == "/GoTo"
            targets.append(next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == dest[0].objgen) + 1)
        documents = [e.first_page for e in report.entries]
        for first in documents:
            assert first in targets
        assert len(targets) == len(documents) + len(report.sections)


def test_bookmarks_for_sections_and_documents_with_page_numbers(built) -> None:
    import re

    out, report, _ = built
    with pikepdf.open(out) as pdf, pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
        children = {item.title: [c.title for c in item.children] for item in outline.root}
        objgens = [p.obj.objgen for p in pdf.pages]
        items = [*outline.root, *(c for item in outline.root for c in item.children)]
        for item in items:  # each goes to the first page its title names, keeping the reader's zoom
            first = int(re.search(r"\(pages? (\d+)", item.title).group(1))
            assert objgens.index(item.destination[0].objgen) + 1 == first, item.title
            assert item.destination[1] == "/XYZ" and item.destination[4] is None
    assert top[0] == "Index (page 1)"
    assert "Witness statement of Ana" not in top
    assert "Witness statements (pages 3–5)" in top
    assert children["Witness statements (pages 3–5)"] == ["B1 Witness statement of Ana (pages 3–5)"]
    assert "C1 Plan of the estate (page 6)" in children["Exhibits (pages 6–10)"]
    assert len(items) == 1 + len(report.sections) + len(report.entries)


def test_opens_at_100_percent_with_bookmarks_showing(built) -> None:
    out, _, _ = built
    with pikepdf.open(out) as pdf:
        action = pdf.Root.OpenAction
        assert action[0].objgen == pdf.pages[0].obj.objgen and action[1] == "/XYZ" and float(action[4]) == 1
        assert pdf.Root.PageMode == "/UseOutlines"


def test_scanned_page_is_ocrd_downsampled_and_blank_page_flagged(built) -> None:
    out, report, _ = built
    scan = next(e for e in report.entries if e.key == "scan")
    blank = next(e for e in report.entries if e.key == "blank")
    assert "SCANNED LETTER" in page_text(out, scan.first_page)
    assert report.ocr_pages == [scan.first_page]
    assert report.untexted_pages == [blank.first_page]
    with pikepdf.open(out) as pdf:
        for page in pdf.pages:
            for img in page.get_images().values():
                assert int(img.Width) <= 8.3 * 300 and int(img.Height) <= 11.7 * 300


def test_chronology_in_date_order_pointing_at_bundle_pages(built) -> None:
    out, report, _ = built
    text = " ".join(page_text(out, 2).split())
    statement = next(e for e in report.entries if e.key == "st")
    rotated = next(e for e in report.entries if e.key == "rot")
    assert text.index("01/02/2026") < text.index("04/03/2026")
    assert f"Noise recording {rotated.first_page}" in text and f"Loud music {statement.first_page}" in text


def test_appended_version_keeps_every_earlier_page_and_number(built, tmp_path: Path) -> None:
    out, report, d = built
    extra = text_pdf(tmp_path / "order.pdf", "Interim order", 2)
    v2 = tmp_path / "v2.pdf"
    added = append_to_bundle(out, "Possession bundle", [BundleDocument("Interim order", extra, key="order")], v2,
                             tmp_path / "work", 2)
    assert pdfinfo_pages(v2) == report.pages + 1 + 2
    for n in range(1, report.pages + 1):
        assert page_text(v2, n) == page_text(out, n)
    order = added.entries[0]
    assert (order.first_page, order.last_page) == (report.pages + 2, report.pages + 3)
    for n in range(report.pages + 1, report.pages + 4):
        width, height, words = page_words(v2, n)
        assert [w for w, x0, y0, x1, y1 in words if y0 > height - BAND] == [str(n)]
    assert "Interim order" in page_text(v2, report.pages + 1)
    with pikepdf.open(v2) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        assert titles[-1] == f"Additions in version 2 (pages {report.pages + 1}–{report.pages + 3})"
        link = pdf.pages[report.pages].obj.Annots[-1]
        assert link.A.D[0].objgen == pdf.pages[order.first_page - 1].obj.objgen


def _pages_saying(path: Path, lines: list[str]) -> Path:
    """One A4 page per line of text (the page's own words)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4)
    for line in lines:
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, line)
        c.showPage()
    c.save()
    return path


def test_chronology_rows_point_at_the_evidence_page_itself_not_one_off(tmp_path: Path) -> None:
    """A row's page is that of its evidence: the statement page telling of it (not the statement's first
    page), the diary sheet past its exhibit front sheet (not the front sheet); none when nothing tells of it."""
    import re

    statement = _pages_saying(tmp_path / "st.pdf", ["1. I am the witness.",
                                                    "2. On 20 November 2026 at 22:05 music was played loudly.",
                                                    "3. On 21 November 2026 at 23:00 the door was kicked."])
    diary = _pages_saying(tmp_path / "diary.pdf", ["Exhibit AL1 front sheet", "Diary sheet: banging at night"])
    notice = _pages_saying(tmp_path / "notice.pdf", ["Notice", "Schedule: 20 November 2026 at 22:05 music"])
    sections = [BundleSection("Chronology", [BundleDocument("Chronology", None, kind="chronology", key="chronology")]),
                BundleSection("Notices", [BundleDocument("Notice", notice, key="notice", kind="notice")]),
                BundleSection("Statements", [BundleDocument("Statement of Ana", statement, key="st",
                                                            kind="statement")]),
                BundleSection("Exhibits", [BundleDocument("Exhibit AL1: diary", diary, key="diary", kind="exhibit",
                                                          mark="AL1", lead_pages=1)])]
    rows = [ChronologyRow(datetime(2026, 11, 20, 22, 5), "Incident report", "Loud music", "any:statement",
                          anchor="20 November 2026 at 22:05"),
            ChronologyRow(datetime(2026, 11, 21, 23, 0), "Diary entry", "Door kicked", "st",
                          anchor="21 November 2026 at 23:00"),
            ChronologyRow(datetime(2026, 11, 22, 1, 0), "Diary entry", "Banging", "diary",
                          anchor="22 November 2026 at 01:00"),
            ChronologyRow(datetime(2026, 11, 23, 2, 0), "Incident report", "Shouting", "any:statement",
                          anchor="23 November 2026 at 02:00"),
            ChronologyRow(datetime(2026, 11, 24, 3, 0), "Diary entry", "Untold", "st",
                          anchor="24 November 2026 at 03:00")]
    out = tmp_path / "bundle.pdf"
    report = build_bundle("Bundle", sections, out, tmp_path / "work", chronology=rows, ocr=False)
    st = next(e for e in report.entries if e.key == "st")
    sheet = next(e for e in report.entries if e.key == "diary")
    assert sheet.evidence_page == sheet.first_page + 1 and st.evidence_page == st.first_page
    layout = page_text(out, 2)
    pages = {m.group(1): m.group(2) for m in re.finditer(r"(Loud music|Door kicked|Banging|Shouting|Untold)\s+(\S+)",
                                                          layout)}
    assert pages == {"Loud music": str(st.first_page + 1),  # paragraph 2, on the statement's 2nd page
                     "Door kicked": str(st.first_page + 2),  # paragraph 3
                     "Banging": str(sheet.first_page + 1),  # the diary sheet, past its front sheet
                     "Shouting": "—",  # no statement tells of it: no page, never the notice's schedule
                     "Untold": str(st.first_page)}  # the writer's statement, where the anchor is not found
    assert "Schedule: 20 November" in page_text(out, next(e for e in report.entries if e.key == "notice").last_page)
    with pikepdf.open(out) as pdf:  # the chronology's links go to the same pages
        objgens = [p.obj.objgen for p in pdf.pages]
        targets = sorted(objgens.index(a.A.D[0].objgen) + 1 for a in pdf.pages[1].obj.get("/Annots", []))
    assert targets == sorted([st.first_page + 1, st.first_page + 2, sheet.first_page + 1, st.first_page])
    # a row added in a later version points at the old diary sheet itself, not its front sheet
    v2 = tmp_path / "v2.pdf"
    added = append_to_bundle(out, "Bundle", [], v2, tmp_path / "work2", 2,
                             chronology=[ChronologyRow(datetime(2026, 11, 25, 4, 0), "Diary entry", "Later banging",
                                                       "diary")],
                             known_pages={e.key: e.evidence_page for e in report.entries})
    addendum = page_text(v2, added.entries[0].first_page)
    assert re.search(rf"Later banging\s+{sheet.first_page + 1}\b", addendum), addendum

"""Photographs in the bundle: the camera's own JPEG bytes when small enough, else downsampled once to
300 dpi as JPEG; EXIF orientation applied; never sent to OCR; every page A4. (Not timed: see
benchmarks/bench_bundle.py for speed and memory.)"""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pikepdf import Name, Pdf
from support.pdf import page_text

from asb_desktop.court.bundle import BundleDocument, BundleSection, build_bundle
from asb_desktop.court.exhibits import ExhibitSheet, exhibit_front_sheet, with_front_sheet
from asb_desktop.court.photos import is_photo_page, photo_page
from asb_desktop.court.textlayer import pages_without_text

PIL = pytest.importorskip("PIL")
from PIL import Image, ImageDraw, ImageOps  # noqa: E402

RED, BLUE = (220, 20, 20), (20, 20, 220)
# the transpose that, undone by exif_transpose for that orientation, gives back the upright picture
STORED = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
          5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
          8: Image.Transpose.ROTATE_270}


def _upright(w: int = 600, h: int = 400) -> Image.Image:
    """Landscape: red at the top left, blue at the bottom right, grey noise between."""
    img = Image.merge("RGB", [Image.effect_noise((w, h), 20).point(lambda v: 100 + v // 4) for _ in range(3)])
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w // 3, h // 3), fill=RED)
    d.rectangle((w - w // 3, h - h // 3, w, h), fill=BLUE)
    return img


def _jpeg(path: Path, img: Image.Image, orientation: int = 1) -> Path:
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
        img = img.transpose(STORED[orientation])
    img.save(path, "JPEG", quality=90, exif=exif)
    return path


def _images(pdf: Pdf) -> list:
    """Every image XObject, looking inside form XObjects (the stamping step wraps pages in them)."""
    found, seen = [], set()

    def walk(resources) -> None:  # type: ignore[no-untyped-def]
        for xobj in (resources.get("/XObject") or {}).values() if resources is not None else ():
            if xobj.objgen in seen:
                continue
            seen.add(xobj.objgen)
            if xobj.get("/Subtype") == Name.Image:
                found.append(xobj)
            elif xobj.get("/Subtype") == Name.Form:
                walk(xobj.get("/Resources"))

    for page in pdf.pages:
        walk(page.obj.get("/Resources"))
    return found


def _bundle(tmp_path: Path, photos: list[Path]) -> Path:
    docs = []
    for n, src in enumerate(photos, 1):
        title = f"Exhibit AB{n}: photograph {src.stem}"
        sheet = exhibit_front_sheet(ExhibitSheet(f"AB{n}", src.stem, "Photograph", "A Witness", "Statement 1",
                                                 "0" * 64), tmp_path / f"front{n}.pdf", "ASB-1")
        page = tmp_path / f"photo{n}.pdf"
        photo_page(src, page, title)
        docs.append(BundleDocument(title, with_front_sheet(sheet, page, tmp_path / f"ex{n}.pdf"), kind="exhibit",
                                   mark=f"AB{n}", key=f"ex{n}", lead_pages=1))
    out = tmp_path / "bundle.pdf"
    report = build_bundle("Photos", [BundleSection("Exhibits", docs)], out, tmp_path / "work")
    assert report.ocr_pages == [] and report.untexted_pages == [] and report.downsampled == 0
    return out


def test_small_photo_keeps_its_own_jpeg_bytes_and_big_one_is_downsampled_to_300_dpi(tmp_path: Path) -> None:
    small = _jpeg(tmp_path / "small.jpg", _upright(600, 400))
    big = _jpeg(tmp_path / "big.jpg", _upright(6000, 4000))
    out = _bundle(tmp_path, [small, big])
    with Pdf.open(out) as pdf:
        images = _images(pdf)
        assert len(images) == 2
        mine = [x for x in images if int(x.Width) == 600]
        assert len(mine) == 1 and mine[0].Filter == Name.DCTDecode
        assert mine[0].read_raw_bytes() == small.read_bytes()  # the camera's file, byte for byte
        (down,) = [x for x in images if int(x.Width) != 600]
        assert down.Filter == Name.DCTDecode  # never lossless
        # shown at most the photo box's width (A4 less 2 cm each side): at most 300 dpi there
        assert int(down.Width) <= 300 * (595.2756 - 2 * 56.7) / 72
        assert int(down.Width) >= 0.95 * 300 * (595.2756 - 2 * 56.7) / 72 * 0.97  # not needlessly small
        assert abs(int(down.Width) / int(down.Height) - 1.5) < 0.01
        assert len(down.read_raw_bytes()) < big.stat().st_size
        for page in pdf.pages:
            assert [round(float(v)) for v in page.obj.MediaBox] == [0, 0, 595, 842]
    info = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "99", str(out)], capture_output=True, text=True,
                          check=True).stdout
    sizes = [line for line in info.splitlines() if line.startswith("Page") and "size:" in line]
    assert sizes and all("595.276 x 841.89" in line for line in sizes)


def _colour_centre(img: Image.Image, colour: tuple[int, int, int]) -> tuple[float, float]:
    xs, ys = [], []
    data = img.tobytes()  # RGB, row by row
    for y in range(img.height):
        for x in range(img.width):
            r, g, b = data[3 * (y * img.width + x):3 * (y * img.width + x) + 3]
            if abs(r - colour[0]) < 50 and abs(g - colour[1]) < 50 and abs(b - colour[2]) < 50:
                xs.append(x)
                ys.append(y)
    assert xs, f"no {colour} on the page"
    return sum(xs) / len(xs), sum(ys) / len(ys)


@pytest.mark.parametrize("orientation", [6, 3, 8, 2, 5, 7, 4])
def test_exif_rotated_photo_comes_out_upright_with_its_own_bytes(tmp_path: Path, orientation: int) -> None:
    src = _jpeg(tmp_path / "turned.jpg", _upright(300, 200), orientation)
    with Image.open(src) as check:  # the fixture itself: exif_transpose gives the upright picture
        assert ImageOps.exif_transpose(check).size == (300, 200)
    page = tmp_path / "photo.pdf"
    assert photo_page(src, page, "Exhibit AB1: turned") == "original"
    with Pdf.open(page) as pdf:
        (image,) = _images(pdf)
        assert image.read_raw_bytes() == src.read_bytes()
        assert is_photo_page(pdf.pages[0]) and pages_without_text(pdf) == []
    png = subprocess.run(["pdftoppm", "-r", "18", "-png", str(page)], capture_output=True, check=True).stdout
    rendered = Image.open(BytesIO(png)).convert("RGB")
    red, blue = _colour_centre(rendered, RED), _colour_centre(rendered, BLUE)
    assert red[0] < blue[0] and red[1] < blue[1]  # red top left, blue bottom right: upright, not mirrored
    assert (blue[0] - red[0]) > (blue[1] - red[1])  # landscape, as the camera meant it


def test_big_rotated_photo_is_downsampled_upright(tmp_path: Path) -> None:
    src = _jpeg(tmp_path / "turned.jpg", _upright(4000, 3000), 6)
    page = tmp_path / "photo.pdf"
    assert photo_page(src, page, "Exhibit AB1: turned") == "downsampled"
    with Pdf.open(page) as pdf:
        (image,) = _images(pdf)
        assert image.Filter == Name.DCTDecode and int(image.Width) > int(image.Height)


def test_png_is_converted_to_jpeg_but_line_art_and_transparency_stay_lossless(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    _upright(600, 400).save(photo)
    plan = tmp_path / "plan.png"
    drawing = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(drawing).rectangle((50, 50, 550, 350), outline="black", width=3)
    drawing.save(plan)
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (300, 200), (255, 0, 0, 128)).save(clear)
    for src, how, filt in ((photo, "converted", Name.DCTDecode), (plan, "lossless", Name.FlateDecode),
                           (clear, "lossless", Name.FlateDecode)):
        dest = tmp_path / f"{src.stem}.pdf"
        assert photo_page(src, dest, src.stem) == how
        with Pdf.open(dest) as pdf:
            (image, *mask) = _images(pdf)
            assert image.Filter == filt
            assert ("/SMask" in image) == (src is clear)


def test_not_an_image_is_refused_by_name(tmp_path: Path) -> None:
    from asb_desktop.court.photos import PhotoError

    bad = tmp_path / "kitchen.jpg"
    bad.write_bytes(b"not a picture")
    with pytest.raises(PhotoError, match="kitchen.jpg"):
        photo_page(bad, tmp_path / "out.pdf", "Exhibit AB1")


def test_bundle_over_the_limit_splits_into_parts_each_with_its_own_index(tmp_path: Path) -> None:
    """Photo exhibits make a bundle bigger than the court's limit: the preflight says it will go in parts,
    each part after the first opens with an index of its documents, and the page numbers run on."""
    from asb_desktop.court.preflight import preflight, split_pdf

    photos = [_jpeg(tmp_path / f"p{n}.jpg", _upright(1800, 1200)) for n in range(4)]
    out = _bundle(tmp_path, photos)
    with Pdf.open(out) as pdf:
        total = len(pdf.pages)
    limit = int(out.stat().st_size * 0.6)
    docs = [BundleDocument(f"Exhibit AB{n}", tmp_path / f"ex{n}.pdf", kind="exhibit") for n in range(1, 5)]
    (issue,) = [i for i in preflight(docs, limit, split=True) if i.document == "the bundle"]
    assert "will also be written as about" in issue.problem and "its own index" in issue.problem
    assert "--split" in next(i for i in preflight(docs, limit) if i.document == "the bundle").problem
    entries = [(f"A{n}", f"Exhibit AB{n}: photograph p{n - 1}", 2 * n, 2 * n + 1) for n in range(1, 5)]
    parts = split_pdf(out, [e[2] for e in entries], limit, tmp_path / "parts", entries, "ASB-1 bundle")
    assert len(parts) >= 2
    assert all(p.stat().st_size <= limit for p in parts)
    first_numbers = []
    for n, part in enumerate(parts, 1):
        with Pdf.open(part) as pdf:
            pages = len(pdf.pages)
        text = [page_text(part, k) for k in range(1, pages + 1)]
        if n == 1:
            assert "Page numbers are those stamped" in text[0]  # the full index
            first_numbers.append(1)
            continue
        index = " ".join(text[0].split())
        assert "part " + str(n) in index and "Index to this part" in index
        listed = [e for e in entries if e[1] in index]
        assert listed, index
        assert f"{listed[0][2]}–{listed[0][3]}" in index.split()  # its pages in the whole bundle
        # the first numbered page of the part carries that number (stamped bottom right)
        assert str(listed[0][2]) in text[1].split()
        first_numbers.append(listed[0][2])
    assert first_numbers == sorted(first_numbers) and total == entries[-1][3]


def test_recompressing_a_photo_bundle_makes_it_smaller_and_keeps_its_pages(tmp_path: Path) -> None:
    """The officer's other choice for a bundle over the court's limit: every image re-encoded as JPEG at the
    stated quality and at most 150 dpi; the pages, their A4 size and their text stay as they were."""
    from asb_desktop.court.bundle import recompress_images
    from asb_desktop.court.preflight import RECOMPRESS_DPI, preflight, recompress_problem

    photos = [_jpeg(tmp_path / f"p{n}.jpg", _upright(2400, 1600)) for n in range(3)]
    out = _bundle(tmp_path, photos)
    before, pages_before = out.stat().st_size, [page_text(out, k) for k in (1, 2, 3)]
    assert recompress_images(out, 40, RECOMPRESS_DPI) == 3
    assert out.stat().st_size < 0.6 * before
    with Pdf.open(out) as pdf:
        images = _images(pdf)
        assert len(images) == 3 and all(x.Filter == Name.DCTDecode for x in images)
        assert all(int(x.Width) <= RECOMPRESS_DPI * (595.2756 - 2 * 56.7) / 72 + 1 for x in images)
        assert all([round(float(v)) for v in p.obj.MediaBox] == [0, 0, 595, 842] for p in pdf.pages)
    assert [page_text(out, k) for k in (1, 2, 3)] == pages_before
    assert recompress_problem(5) is not None and recompress_problem(60) is None
    docs = [BundleDocument(f"Exhibit AB{n}", tmp_path / f"ex{n}.pdf", kind="exhibit") for n in range(1, 4)]
    (issue,) = [i for i in preflight(docs, 1000, recompress=60) if i.document == "the bundle"]
    assert "recompressed as JPEG at quality 60 and at no more than 150 dpi, as asked" in issue.problem
    (issue,) = [i for i in preflight(docs, 1000) if i.document == "the bundle"]
    assert "--recompress 60" in issue.problem and "--split" in issue.problem

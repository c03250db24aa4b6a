"""Court bundle speed: a 1,000-page bundle of 200 documents, against a plain pikepdf merge-and-stamp;
a bundle of phone photos (4000x3000 JPEG) against img2pdf plus a pikepdf merge of the same photos; and a
bundle of scanned (image-only) pages, first build and rebuild, against ``ocrmypdf --jobs N`` on the same
pages in one run.

Each measurement runs in its own fresh process (so peak RSS is that job's alone), five times by default
(photos: ``--photo-repeats``, default 3); the median is reported. Text inputs already have text, so OCR
is never reached (as in real bundles of our own documents); the text check that decides that is inside
the timed path. Photo exhibits are built as the app builds them: a front sheet, the photo page
(court/photos.py: the camera's bytes when at most 300 dpi, else downsampled once to 300 dpi), then the
bundle engine.

    .venv/bin/python benchmarks/bench_bundle.py [--docs 200] [--pages 5] [--repeats 5]
                                                [--photos 40] [--photo-repeats 3]
                                                [--scans 20] [--scan-docs 10] [--scan-repeats 1] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_inputs(folder: Path, docs: int, pages: int) -> list[Path]:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    out = []
    for d in range(docs):
        path = folder / f"doc{d:03d}.pdf"
        size = landscape(A4) if d % 10 == 9 else A4
        c = Canvas(str(path), pagesize=size)
        for k in range(pages):
            c.setFont("Helvetica", 11)
            for line in range(40):
                c.drawString(60, size[1] - 60 - line * 16, f"Document {d} page {k + 1} line {line}: evidence text.")
            c.showPage()
        c.save()
        out.append(path)
    return out


KINDS = ("baseline", "engine")
PHOTO_KINDS = ("photo-img2pdf", "photo-img2pdf-300", "photo-engine")
PHOTO_SIZE = (4000, 3000)


def make_photos(folder: Path, count: int) -> list[Path]:
    """``count`` different 4000x3000 JPEGs of about 3.4 MB (a phone photo's size): soft noise, a gradient
    and random shapes, so they do not compress to nothing. Every fifth is stored on its side with EXIF
    orientation 6, as a phone held upright stores it."""
    import random

    from PIL import Image, ImageChops, ImageDraw

    rnd = random.Random(21)
    w, h = PHOTO_SIZE
    noise = Image.merge("RGB", [Image.effect_noise((w // 2, h // 2), 40).resize((w, h)) for _ in range(3)])
    grad = Image.linear_gradient("L").resize((w, h))
    base = Image.merge("RGB", [Image.blend(noise.getchannel(i), grad, 0.5) for i in range(3)])
    del noise
    out = []
    for n in range(count):
        img = ImageChops.offset(base, rnd.randrange(w), rnd.randrange(h))
        d = ImageDraw.Draw(img)
        for _ in range(30):
            x, y, size = rnd.randrange(w), rnd.randrange(h), rnd.randrange(100, 900)
            d.rectangle((x, y, x + size, y + size // 2), fill=tuple(rnd.randrange(256) for _ in range(3)))
            d.ellipse((y, x % h, y + size, x % h + size), outline=tuple(rnd.randrange(256) for _ in range(3)),
                      width=12)
        path = folder / f"IMG_{n:04d}.jpg"
        exif = Image.Exif()
        if n % 5 == 4:
            exif[0x0112] = 6
            img = img.transpose(Image.Transpose.ROTATE_90)
        img.save(path, "JPEG", quality=88, exif=exif)
        out.append(path)
    return out


def run_photo_engine(inputs: list[Path], out: Path) -> None:
    """What the app does for each photo exhibit (front sheet, photo page, the two joined), then the bundle."""
    from asb_desktop.court.bundle import BundleDocument, BundleSection, build_bundle
    from asb_desktop.court.exhibits import ExhibitSheet, exhibit_front_sheet, with_front_sheet
    from asb_desktop.court.photos import photo_page

    work = out.parent / "photo-engine-work"
    work.mkdir(exist_ok=True)
    docs = []
    for n, src in enumerate(inputs, 1):
        title = f"Exhibit PH{n}: photograph {src.name}"
        sheet = exhibit_front_sheet(ExhibitSheet(f"PH{n}", f"Photograph {src.name}", "Photograph", "A Witness",
                                                 "Witness statement 1", "0" * 64), work / f"front{n}.pdf", "BENCH-1")
        photo_page(src, work / f"photo{n}.pdf", title)
        whole = with_front_sheet(sheet, work / f"photo{n}.pdf", work / f"exhibit{n}.pdf")
        docs.append(BundleDocument(title, whole, kind="exhibit", mark=f"PH{n}", key=f"ex{n}", lead_pages=1))
    build_bundle("Photo bundle", [BundleSection("Photographs", docs)], out, work / "bundle")


def downsample_300(src: Path, dest: Path) -> Path:
    """The photo at 300 dpi in the A4 photo box, upright, JPEG q85: the least work a 300 dpi bundle needs."""
    from PIL import Image, ImageOps

    from asb_desktop.court.photos import MAX_DPI, QUALITY, final_scale
    from asb_desktop.court.render import A4_H, A4_W, MARGIN

    with Image.open(src) as img:
        box_w, box_h = (A4_W - 2 * MARGIN) * final_scale(), (A4_H - 3 * MARGIN) * final_scale()
        turned = img.getexif().get(0x0112, 1) in (5, 6, 7, 8)
        up_w, up_h = (img.height, img.width) if turned else img.size
        scale = min(box_w / up_w, box_h / up_h) / 72 * MAX_DPI
        target = (int(up_w * scale), int(up_h * scale))
        img.draft("RGB", target[::-1] if turned else target)
        pic = ImageOps.exif_transpose(img)
        pic.thumbnail(target, Image.Resampling.LANCZOS)
        pic.save(dest, "JPEG", quality=QUALITY, optimize=True)
    return dest


def run_photo_baseline(inputs: list[Path], out: Path, downsample: bool) -> int:
    """img2pdf (one A4 page per photo, the JPEG bytes as they are) and a pikepdf merge; without img2pdf,
    a page per photo made with pikepdf straight from the JPEG bytes. ``downsample``: each photo first
    brought to 300 dpi (``downsample_300``). Returns the bytes of the photos that went in."""
    from pikepdf import Pdf

    work = out.parent / ("photo-300-work" if downsample else "photo-img2pdf-work")
    work.mkdir(exist_ok=True)
    pdf = Pdf.new()
    opened = []
    total = 0
    for src in inputs:
        if downsample:
            src = downsample_300(src, work / src.name)
        total += src.stat().st_size
        one = work / f"{src.stem}.pdf"
        one.write_bytes(_one_page(src))
        opened.append(Pdf.open(one))
        pdf.pages.extend(opened[-1].pages)
    pdf.save(out)
    for p in opened:
        p.close()
    return total


def _one_page(src: Path) -> bytes:
    try:
        import img2pdf  # type: ignore[import-untyped]
    except ImportError:
        img2pdf = None
    if img2pdf is not None:
        a4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
        return bytes(img2pdf.convert(str(src), layout_fun=img2pdf.get_layout_fun(a4)))
    from io import BytesIO

    from pikepdf import Name, Pdf
    from PIL import Image

    with Image.open(src) as img:
        w, h = img.size
        gray = img.mode == "L"
    pdf = Pdf.new()
    page = pdf.add_blank_page(page_size=(595.2756, 841.8898))
    xobj = pdf.make_stream(src.read_bytes(), Type=Name.XObject, Subtype=Name.Image, Width=w, Height=h,
                           ColorSpace=Name.DeviceGray if gray else Name.DeviceRGB, BitsPerComponent=8,
                           Filter=Name.DCTDecode)
    scale = min(595.2756 / w, 841.8898 / h)
    name = page.add_resource(xobj, Name.XObject)
    page.contents_add(pdf.make_stream(f"q {w * scale:.2f} 0 0 {h * scale:.2f} 0 0 cm {name} Do Q".encode()))
    buf = BytesIO()
    pdf.save(buf)
    return buf.getvalue()


SCAN_KINDS = ("scan-ocrmypdf", "scan-engine", "scan-rebuild")
SCAN_DPI = 250
WORDS = ("tenant", "neighbour", "noise", "music", "shouting", "door", "stairwell", "visitors", "night", "letter",
         "complaint", "officer", "estate", "balcony", "rubbish", "parking", "dog", "barking", "warning", "meeting")


def make_scans(folder: Path, pages: int, docs: int) -> list[Path]:
    """``pages`` A4 pages of typed text rendered as grey images at 250 dpi (JPEG, as a scanner stores
    them, no text layer), spread over ``docs`` documents; and ``all.pdf``, the same pages in one file for
    ocrmypdf."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(21)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", int(SCAN_DPI * 11 / 72))
    w, h = int(8.27 * SCAN_DPI), int(11.69 * SCAN_DPI)
    images = []
    for n in range(pages):
        img = Image.new("L", (w, h), 250)
        draw = ImageDraw.Draw(img)
        draw.text((SCAN_DPI, SCAN_DPI * 0.8), f"Scanned letter page {n + 1}", fill=10, font=font)
        for line in range(40):
            words = " ".join(rnd.choice(WORDS) for _ in range(9))
            draw.text((SCAN_DPI, SCAN_DPI * (1.2 + line * 0.22)), words.capitalize() + ".", fill=20, font=font)
        images.append(img.rotate(rnd.uniform(-0.6, 0.6), fillcolor=250))  # a scan is never quite straight
    out = []
    per = -(-pages // docs)
    for d, start in enumerate(range(0, pages, per)):
        path = folder / f"scan{d:03d}.pdf"
        chunk = images[start:start + per]
        chunk[0].save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=chunk[1:])
        out.append(path)
    images[0].save(folder / "all.pdf", "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return out


def run_scans(kind: str, folder: Path, out: Path) -> None:
    from asb_desktop.court import textlayer

    scans = folder / "scans"
    if kind == "scan-ocrmypdf":
        cmd = [sys.executable, "-m", "ocrmypdf", *textlayer.OCR_OPTIONS, "--jobs", str(textlayer.ocr_jobs()),
               "-l", textlayer.OCR_LANGUAGE, str(scans / "all.pdf"), str(out)]
        subprocess.run(cmd, check=True)
        return
    from asb_desktop.court.bundle import BundleDocument, BundleSection, build_bundle

    cache = folder / ("ocr-cache-first" if kind == "scan-engine" else "ocr-cache")
    if kind == "scan-engine":
        shutil.rmtree(cache, ignore_errors=True)  # a first build: nothing OCR'd before
    docs = [BundleDocument(f"Scanned letter {p.stem}", p, key=p.stem) for p in sorted(scans.glob("scan*.pdf"))]
    work = folder / f"{kind}-work"
    shutil.rmtree(work, ignore_errors=True)
    build_bundle("Scanned bundle", [BundleSection("Letters", docs)], out, work, ocr_cache=cache)


def scan_bench(folder: Path, pages: int, docs: int, repeats: int) -> None:
    from asb_desktop.court import textlayer

    if not textlayer.ocr_available():
        print("scanned bundle: skipped (tesseract is not installed)")
        return
    (folder / "scans").mkdir()
    make_scans(folder / "scans", pages, docs)
    run_child("scan-rebuild", folder)  # fills the rebuild's cache (a first build, not counted)
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in SCAN_KINDS}
    for _ in range(repeats):
        for kind in SCAN_KINDS:
            results[kind].append(run_child(kind, folder))
    (o_t, o_mb), (e_t, e_mb), (r_t, r_mb) = ((statistics.median(r["seconds"] for r in results[k]),
                                              max(r["peak_mb"] for r in results[k])) for k in SCAN_KINDS)
    found = _page_text(folder / "scan-engine.pdf", 2)
    jobs = textlayer.ocr_jobs()
    print(f"{pages} scanned pages (A4, {SCAN_DPI} dpi, JPEG, no text layer) in {docs} documents; median of {repeats} "
          f"run(s), each in a new process; {jobs} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"  baseline ocrmypdf --jobs {jobs}, the same pages in one file: {o_t:6.2f} s   peak RSS {o_mb:5.0f} MB")
    print(f"  bundle engine, first build (OCR):                    {e_t:6.2f} s   peak RSS {e_mb:5.0f} MB")
    print(f"  bundle engine, rebuild (OCR'd pages from the cache): {r_t:6.2f} s   peak RSS {r_mb:5.0f} MB")
    print("  (peak RSS: the timed process; ocrmypdf and tesseract run in processes of their own in both)")
    print(f"  ratio first build / ocrmypdf: {e_t / o_t:.2f}x (target <= 1.2x); rebuild / ocrmypdf: {r_t / o_t:.3f}x; "
          f"text found on bundle page 2: {'yes' if 'scanned letter page' in found else 'NO'}")


def _page_text(path: Path, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True,
                          text=True)
    return " ".join(done.stdout.split()).casefold()


def baseline_tool() -> str:
    try:
        import img2pdf  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "pikepdf page per JPEG (img2pdf not installed)"
    return "img2pdf"


def run_engine(inputs: list[Path], out: Path) -> None:
    from asb_desktop.court.bundle import BundleDocument, BundleSection, build_bundle

    size = max(1, -(-len(inputs) // 5))  # five sections (fewer for a handful of documents), none empty
    sections = [BundleSection(f"Section {n + 1}", [BundleDocument(f"Document {p.stem}", p, key=p.stem)
                                                   for p in inputs[start:start + size]])
                for n, start in enumerate(range(0, len(inputs), size))]
    build_bundle("Benchmark bundle", sections, out, out.parent / "work")


def check_a4(out: Path) -> None:
    """Every page of the engine's bundle A4 portrait with no /Rotate (outside the timing)."""
    from pikepdf import Pdf

    with Pdf.open(out) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            box = [float(v) for v in page.obj.MediaBox]
            if [round(v) for v in box] != [0, 0, 595, 842] or int(page.obj.get("/Rotate", 0)) % 360:
                raise SystemExit(f"page {n} is not A4 portrait: {box}, /Rotate {page.obj.get('/Rotate', 0)}")


def run_baseline(inputs: list[Path], out: Path) -> None:
    """The simplest thing that merges and numbers: append every page, add a number stream to each."""
    from pikepdf import Dictionary, Name, Pdf

    pdf = Pdf.new()
    sources = [Pdf.open(p) for p in inputs]
    for src in sources:
        pdf.pages.extend(src.pages)
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for n, page in enumerate(pdf.pages, 1):
        if "/Font" not in page.obj.Resources:
            page.obj.Resources.Font = Dictionary()
        page.obj.Resources.Font["/N"] = font
        page.contents_add(pdf.make_stream(f"BT /N 10 Tf 540 12 Td ({n}) Tj ET".encode()))
    pdf.save(out)


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux: VmHWM, which belongs to the process image since exec;
    ``ru_maxrss`` would also count the parent's memory at fork (Linux carries it over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, folder: Path) -> None:
    out = folder / f"{kind}.pdf"
    photo_bytes = 0
    start = time.perf_counter()
    if kind.startswith("scan"):
        run_scans(kind, folder, out)
    elif kind.startswith("photo"):
        inputs = sorted(folder.glob("photos/IMG_*.jpg"))
        if kind == "photo-engine-quarter":  # memory flat in the number of photos?
            inputs, kind = inputs[:max(1, len(inputs) // 4)], "photo-engine"
        if kind == "photo-engine":
            run_photo_engine(inputs, out)
        else:
            photo_bytes = run_photo_baseline(inputs, out, downsample=kind == "photo-img2pdf-300")
    else:
        inputs = sorted(folder.glob("in/doc*.pdf"))
        (run_engine if kind == "engine" else run_baseline)(inputs, out)
    elapsed = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    if kind in ("engine", "photo-engine", "photo-engine-quarter"):
        check_a4(out)
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "size": out.stat().st_size,
                      "photo_bytes": photo_bytes}))


def run_child(kind: str, folder: Path) -> dict[str, float]:
    """One job in a new process; its peak RSS (ru_maxrss) is that job's alone."""
    # Bytecode is written once (by the warm-up) and reused, as in an installed app or a frozen build;
    # this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module each run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(folder)], capture_output=True,
                          text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(folder: Path, repeats: int, kinds: tuple[str, ...] = KINDS) -> dict[str, tuple[float, float]]:
    """Median time and peak memory of each kind, the kinds alternating so a busy spell hits all alike."""
    for kind in kinds:  # warm-up: compile bytecode, fill the page cache
        run_child(kind, folder)
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(repeats):
        for kind in kinds:
            results[kind].append(run_child(kind, folder))
    return {kind: (statistics.median(r["seconds"] for r in runs), max(r["peak_mb"] for r in runs))
            for kind, runs in results.items()}


def photo_bench(folder: Path, count: int, repeats: int) -> None:
    (folder / "photos").mkdir()
    start = time.perf_counter()
    photos = make_photos(folder / "photos", count)
    made = time.perf_counter() - start
    originals = sum(p.stat().st_size for p in photos) / 1048576
    measured = measure(folder, repeats, PHOTO_KINDS)
    size = {k: (folder / f"{k}.pdf").stat().st_size / 1048576 for k in PHOTO_KINDS}
    down = run_child("photo-img2pdf-300", folder)["photo_bytes"] / 1048576  # the photos after downsampling
    (b_t, b_mb), (d_t, d_mb), (e_t, e_mb) = (measured[k] for k in PHOTO_KINDS)
    tool = baseline_tool()
    print(f"{count} photos {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} ({originals:.0f} MB of JPEG, made in {made:.0f} s; "
          f"every fifth EXIF-rotated); median of {repeats} runs, each in a new process")
    print(f"  baseline {tool} + pikepdf merge, photos as they are: {b_t:6.2f} s   peak RSS {b_mb:6.0f} MB"
          f"   {size['photo-img2pdf']:6.1f} MB")
    print(f"  baseline Pillow to 300 dpi + {tool} + merge:        {d_t:6.2f} s   peak RSS {d_mb:6.0f} MB"
          f"   {size['photo-img2pdf-300']:6.1f} MB")
    print(f"  bundle engine (front sheets, photo pages, bundle):  {e_t:6.2f} s   peak RSS {e_mb:6.0f} MB"
          f"   {size['photo-engine']:6.1f} MB")
    print(f"  ratio time engine / {tool} as they are: {e_t / b_t:.2f}x; engine / downsample + {tool}: "
          f"{e_t / d_t:.2f}x  (target <= 2x)")
    print(f"  ratio size engine / photos after downsampling ({down:.1f} MB): {size['photo-engine'] / down:.2f}x "
          f"(target <= 1.2x); engine / originals: {size['photo-engine'] / originals:.2f}x")
    quarter = run_child("photo-engine-quarter", folder)
    print(f"  engine peak RSS {e_mb:.0f} MB with {count} photos, {quarter['peak_mb']:.0f} MB with {max(1, count // 4)}"
          " (target: flat in the number of photos, < 500 MB at 200)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--photos", type=int, default=40, help="photos in the photo bundle (0: skip it)")
    ap.add_argument("--photo-repeats", type=int, default=3)
    ap.add_argument("--scans", type=int, default=20, help="scanned pages in the scanned bundle (0: skip it)")
    ap.add_argument("--scan-docs", type=int, default=10, help="documents the scanned pages are spread over")
    ap.add_argument("--scan-repeats", type=int, default=1)
    ap.add_argument("--skip-text", action="store_true", help="only the photo and scanned bundles")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    folder = Path(tempfile.mkdtemp(prefix="asb-bench-bundle-"))
    try:
        if args.photos:
            photo_bench(folder, args.photos, args.photo_repeats)
        if args.scans:
            scan_bench(folder, args.scans, args.scan_docs, args.scan_repeats)
        if args.skip_text:
            return
        (folder / "in").mkdir()
        make_inputs(folder / "in", args.docs, args.pages)
        measured = measure(folder, args.repeats)
        (base_t, base_mb), (eng_t, eng_mb) = measured["baseline"], measured["engine"]
        pages = args.docs * args.pages
        print(f"{args.docs} documents, {pages} pages (+ index); median of {args.repeats} runs, each in a new process")
        print(f"  baseline (pikepdf merge + stamp): {base_t:6.2f} s   peak RSS {base_mb:6.0f} MB")
        print(f"  bundle engine:                    {eng_t:6.2f} s   peak RSS {eng_mb:6.0f} MB")
        print(f"  ratio engine / baseline: {eng_t / base_t:.2f}x  (target <= 2x; engine target < 5 s, < 500 MB)")
        size = (folder / "engine.pdf").stat().st_size / 1048576
        print(f"  output size: {size:.1f} MB (baseline {(folder / 'baseline.pdf').stat().st_size / 1048576:.1f} MB)")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

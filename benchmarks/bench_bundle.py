"""Court bundle speed: a 1,000-page bundle of 200 documents, against a plain pikepdf merge-and-stamp.

Each measurement runs in its own fresh process (so peak RSS is that job's alone), five times by default;
the median is reported. Inputs already have text, so OCR is never reached (as in real bundles of
our own documents); the text check that decides that is inside the timed path.

    .venv/bin/python benchmarks/bench_bundle.py [--docs 200] [--pages 5] [--repeats 5] [--keep]
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


def child(kind: str, folder: Path) -> None:
    inputs = sorted(folder.glob("in/doc*.pdf"))
    out = folder / f"{kind}.pdf"
    start = time.perf_counter()
    (run_engine if kind == "engine" else run_baseline)(inputs, out)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if kind == "engine":
        check_a4(out)
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb}))


def run_child(kind: str, folder: Path) -> dict[str, float]:
    # Bytecode is written once (by the warm-up) and reused, as in an installed app or a frozen build;
    # this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module each run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(folder)], capture_output=True,
                          text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(folder: Path, repeats: int) -> dict[str, tuple[float, float]]:
    """Median time and peak memory of each kind, the two alternating so a busy spell hits both alike."""
    for kind in KINDS:  # warm-up: compile bytecode, fill the page cache
        run_child(kind, folder)
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    for _ in range(repeats):
        for kind in KINDS:
            results[kind].append(run_child(kind, folder))
    return {kind: (statistics.median(r["seconds"] for r in runs), max(r["peak_mb"] for r in runs))
            for kind, runs in results.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    folder = Path(tempfile.mkdtemp(prefix="asb-bench-bundle-"))
    try:
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

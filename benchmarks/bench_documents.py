"""Witness statement rendering speed: a 50-page statement to DOCX and PDF (target: under 1 s together),
beside a baseline measured in the same run: reportlab laying out the same text as plain paragraphs.
Measured twice: warm (in this process, after a first run) and as a user waits for it - a new process
that imports what it needs, renders and writes both files (against a new process doing the baseline).

    .venv/bin/python benchmarks/bench_documents.py [--pages 50] [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asb_desktop.documents.fonts import register_pdf_fonts  # noqa: E402
from asb_desktop.documents.model import plain_text  # noqa: E402
from asb_desktop.documents.render_docx import render_docx  # noqa: E402
from asb_desktop.documents.render_pdf import render_pdf  # noqa: E402
from asb_desktop.documents.statement import Proceedings, StatementContent, Witness, build_statement  # noqa: E402

SENTENCE = ("On {d} November 2026 at 23:{m:02d} I heard loud music and shouting from Flat 4, Æthelred Court, "
            "which went on for 1 hour and 45 minutes. I could not sleep and I felt frightened in my own home. ")


def statement(paragraphs: int) -> StatementContent:
    witness = Witness("Zoë Ó'Brien-Łukasiewicz", "Zoë", "Ó'Brien-Łukasiewicz", "ZÓŁ", "complainant",
                      "Flat 3, Æthelred Court\nE1 6AN", "Nurse")
    texts = [SENTENCE.format(d=1 + i % 28, m=i % 60) * 2 + (f"I refer to the recording marked '**ZÓ{i}**'."
                                                           if i % 10 == 0 else "") for i in range(paragraphs)]
    return StatementContent(Proceedings("In the County Court at Central London", "K00EC123", "Riverside Homes Ltd",
                                        ["Jörg Müller-Ødegård"]), witness, made_date="2026-11-23",
                            paragraphs=[{"text": t, "numbered": True, "heading": False} for t in texts])


def baseline(texts: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buf = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    style.fontName = register_pdf_fonts()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph(t, style) for t in texts])
    return buf.getvalue()


def timed(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up (font loading, imports)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def pages(pdf: bytes) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def child(kind: str, paragraphs: int, out: Path) -> None:
    """One cold run, in a process of its own: build, render and write (what a user waits for)."""
    content = statement(paragraphs)
    if kind == "statement":
        doc = build_statement(content)
        (out / "s.pdf").write_bytes(render_pdf(doc))
        (out / "s.docx").write_bytes(render_docx(build_statement(content)))
    else:
        (out / "b.pdf").write_bytes(baseline([plain_text(p["text"]) for p in content.paragraphs]))


def cold(kind: str, paragraphs: int, repeats: int) -> float:
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--child", kind, "--paragraphs", str(paragraphs), "--out", tmp],
                           check=True)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", choices=("statement", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--paragraphs", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.paragraphs, args.out)
        return
    paragraphs = args.pages * 6  # grown below until the PDF has the pages asked for
    while True:
        content = statement(paragraphs)
        doc = build_statement(content)
        count = pages(render_pdf(doc))
        if count >= args.pages:
            break
        paragraphs = int(paragraphs * args.pages / count) + 2
    texts = [plain_text(p["text"]) for p in content.paragraphs]
    t_pdf = timed(lambda: render_pdf(build_statement(content)), args.repeats)
    t_docx = timed(lambda: render_docx(build_statement(content)), args.repeats)
    t_base = timed(lambda: baseline(texts), args.repeats)
    total = t_pdf + t_docx
    print(f"witness statement: {count} pages, {paragraphs} numbered paragraphs")
    print(f"  PDF  (reportlab, embedded DejaVu Serif, endorsed pages) {t_pdf * 1000:8.1f} ms")
    print(f"  DOCX (python-docx)                                     {t_docx * 1000:8.1f} ms")
    print(f"  together                                               {total * 1000:8.1f} ms  "
          f"(target < 1000 ms: {'met' if total < 1 else 'NOT met'})")
    print(f"  baseline: reportlab plain paragraphs of the same text  {t_base * 1000:8.1f} ms")
    print(f"  ratio PDF / baseline {t_pdf / t_base:.2f}x; PDF+DOCX / baseline {total / t_base:.2f}x")
    c_doc, c_base = cold("statement", paragraphs, args.repeats), cold("baseline", paragraphs, args.repeats)
    print("as a user waits (a new process: imports, build, render, write both files):")
    print(f"  statement PDF + DOCX {c_doc * 1000:8.1f} ms  (target < 1000 ms: {'met' if c_doc < 1 else 'NOT met'})")
    print(f"  baseline new process {c_base * 1000:8.1f} ms  ratio {c_doc / c_base:.2f}x")


if __name__ == "__main__":
    main()

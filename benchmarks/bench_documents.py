"""Witness statement rendering speed: a 50-page statement to DOCX and PDF (target: under 1 s together),
beside a baseline measured in the same run: reportlab laying out the same text as plain paragraphs.

    .venv/bin/python benchmarks/bench_documents.py [--pages 50] [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from asb_desktop.documents.fonts import register_pdf_fonts
from asb_desktop.documents.model import plain_text
from asb_desktop.documents.render_docx import render_docx
from asb_desktop.documents.render_pdf import render_pdf
from asb_desktop.documents.statement import Proceedings, StatementContent, Witness, build_statement

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()

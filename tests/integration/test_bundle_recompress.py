"""A bundle over the court's e-mail limit can be built with its images recompressed at a stated quality
(``asb bundle build --recompress``), from the court-ready demo case, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_demo_court import FIXED_NOW, as_officer

from asb_desktop.cli import main
from asb_desktop.demo import generate as demo
from asb_desktop.demo.court_case import prepare_court_case
from asb_desktop.services.kernel.context import Context


def test_recompressed_bundle_is_smaller_and_a_bad_quality_is_refused(ctx: Context, db_url: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    demo.generate(ctx.engine, 3, seed=7, today=FIXED_NOW.date())
    ref = prepare_court_case(ctx)
    svc = as_officer(ctx)
    plain = svc.bundles.build(ref, "possession", tmp_path / "plain.pdf", ocr=False)

    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(ctx.data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = asb("bundle", "build", ref, "--hearing", "possession", "--out", str(tmp_path / "bad.pdf"),
                         "--fresh", "--no-ocr", "--recompress", "5")
    assert code == 2 and "--recompress: 5 is not a JPEG quality from 10 to 95" in err and "Traceback" not in err
    assert not (tmp_path / "bad.pdf").exists() and len(svc.bundles.versions(ref, "possession")) == 1

    code, out, err = asb("bundle", "build", ref, "--hearing", "possession", "--out", str(tmp_path / "small.pdf"),
                         "--fresh", "--no-ocr", "--recompress", "30")
    assert code == 0, err
    assert "recompressed as JPEG at quality 30 and no more than 150 dpi, as asked" in out
    issued = svc.bundles.versions(ref, "possession")
    assert len(issued) == 2 and issued[1].pages == plain.pages
    assert (tmp_path / "small.pdf").stat().st_size < plain.path.stat().st_size

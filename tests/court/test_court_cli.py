"""`asb notice ...` and `asb bundle ...` end to end on a case, as an officer types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import pdfinfo_pages
from integration.case_factory import rich_case
from pdf_factory import text_pdf

from asb_desktop.cli import main
from asb_desktop.services.context import Context


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_notice_and_bundle_commands(asb, engine, tmp_path: Path) -> None:  # noqa: ANN001
    from asb_desktop.services.users import sign_in

    code, _, _ = asb("cases")  # creates the single user
    ref = rich_case(Context(engine, sign_in(engine), tmp_path / "data"))
    code, out, err = asb("notice", "types", ref, "--on", "2026-12-01")
    assert code == 0 and "s83_ground2" in out and "s8_ground14: it applies to assured" in out
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(tmp_path / "pack"))
    assert code == 1 and "No manager approval is recorded" in err and "Traceback" not in err
    code, out, err = asb("notice", "pack", ref, "--type", "no_such", "--out", str(tmp_path / "pack"))
    assert code == 2 and "type: 'no_such' is not a notice type" in err
    code, out, err = asb("notice", "served", ref, "1", "--method", "pigeon", "--at", "2026-11-20 10:00")
    assert code == 2 and "method: 'pigeon'" in err
    code, out, err = asb("bundle", "add", ref, str(tmp_path / "missing.pdf"))
    assert code == 2 and "missing.pdf: no such file" in err
    claim = text_pdf(tmp_path / "claim.pdf", "Claim form", 2)
    code, out, err = asb("bundle", "add", ref, str(claim), "--title", "Claim form N5")
    assert code == 0 and "Added Claim form N5 (2 pages)" in out
    code, out, err = asb("bundle", "build", ref, "--hearing", "possession", "--out", str(tmp_path / "b.pdf"),
                         "--index-json", str(tmp_path / "i.json"))
    assert code == 0, err
    index = json.loads((tmp_path / "i.json").read_text())
    assert index["pages"] == pdfinfo_pages(tmp_path / "b.pdf")
    assert [d["title"] for d in index["documents"]] == ["Chronology (schedule of incidents)", "Claim form N5"]

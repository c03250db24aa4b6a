"""Page 1 of every document compared with a committed reference picture (catches layout regressions;
ASB_UPDATE_REFERENCES=1 rewrites the references), and the ``asb statement`` / ``asb doc`` commands."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from doc_helpers import CLAIM, COURT, ZOE, DocCase, pdf_text
from PIL import Image, ImageChops, ImageStat

from asb_desktop.cli import main

REFERENCE = Path(__file__).parent / "reference"
TOLERANCE = 2.0  # mean absolute grey-level difference (0-255) allowed for a page


def _page_one(pdf: bytes, tmp: Path, name: str) -> Image.Image:
    src = tmp / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", str(src),
                    str(tmp / name)], check=True)
    return Image.open(tmp / f"{name}.png").convert("L")


def _documents(case: DocCase) -> dict[str, bytes]:
    svc, ref = case.svc, case.reference
    n = svc.statements.draft(ref, ZOE, evidence=[case.exhibit_uid], court=COURT, claim_number=CLAIM).number
    svc.risk.assess(ref, {"targeted": True, "violence": True}, actions=["marac_referral"])
    return {"statement": svc.statements.render(ref, n, "pdf"),
            "appendix1": svc.documents.risk_assessment(ref, "pdf").data,
            "appendix2": svc.documents.peia(ref, "pdf").data,
            "warning_letter": svc.documents.letter(ref, "warning_letter", "pdf").data}


def test_page_one_of_each_document_matches_its_reference(case: DocCase, tmp_path: Path) -> None:
    update = os.environ.get("ASB_UPDATE_REFERENCES") == "1"
    for name, pdf in _documents(case).items():
        page = _page_one(pdf, tmp_path, name)
        ref_path = REFERENCE / f"{name}.png"
        if update:
            page.save(ref_path)
        assert ref_path.is_file(), f"no reference picture {ref_path}: run with ASB_UPDATE_REFERENCES=1 once"
        reference = Image.open(ref_path).convert("L")
        assert page.size == reference.size, name
        difference = ImageStat.Stat(ImageChops.difference(page, reference)).mean[0]
        assert difference <= TOLERANCE, f"{name}: page 1 differs from its reference by {difference:.2f}"


@pytest.fixture
def asb(case: DocCase, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(case.svc.ctx.data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_statement_and_doc_commands(asb, case: DocCase, tmp_path: Path) -> None:  # noqa: ANN001
    ref = case.reference
    code, out, err = asb("statement", "draft", ref, "--witness", ZOE, "--court", COURT, "--claim-number", CLAIM)
    assert code == 0, err
    assert "Drafted the 1 statement" in out and "My name is Zoë Ó'Brien-Łukasiewicz" in out
    code, out, _ = asb("statement", "check", ref, "1")
    assert code == 1 and "[para.6.gap]" in out
    pdf, docx = tmp_path / "s.pdf", tmp_path / "s.docx"
    assert asb("statement", "render", ref, "1", "--out", str(pdf))[0] == 0
    assert asb("statement", "render", ref, "1", "--format", "docx", "--out", str(docx))[0] == 0
    assert "STATEMENT OF TRUTH" in pdf_text(pdf).upper() and docx.read_bytes()[:2] == b"PK"
    code, _, err = asb("statement", "render", ref, "1", "--out", str(tmp_path / "s.txt"))
    assert code == 2 and "--format" in err and "Traceback" not in err
    code, _, err = asb("statement", "draft", ref, "--witness", "Nobody Here")
    assert code == 2 and "not a person on case" in err
    letter = tmp_path / "letter.pdf"
    code, _, err = asb("doc", "letter", ref, "interview_invitation", "--out", str(letter),
                       "--set", "interview_at=1 December 2026 at 10:00", "--set", "interview_place=the office")
    assert code == 0, err
    assert "Zoë" not in pdf_text(letter) and "1 December 2026 at 10:00" in pdf_text(letter)
    assert asb("doc", "peia", ref, "--out", str(tmp_path / "a2.docx"))[0] == 0
    code, _, err = asb("doc", "risk-assessment", ref, "--out", str(tmp_path / "a1.pdf"))
    assert code == 0, err  # the case factory recorded a full assessment
    code, out, _ = asb("doc", "list", ref)
    assert code == 0 and "letter_interview_invitation" in out and "peia" in out
    code, out, _ = asb("doc", "letters")
    assert "acceptable_behaviour_contract" in out and "terms, review_date" in out

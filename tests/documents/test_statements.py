"""Witness statements end to end: drafted from the case, checked on the rendered page (PDF and the
DOCX through LibreOffice), preflight, witness review, versions, signing and locking."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from doc_helpers import CLAIM, COURT, ORG, ZOE, DocCase, libreoffice_to_pdf, pdf_pages, pdf_text, word_boxes
from PIL import Image

from asb_desktop.documents.wording import STATEMENT_OF_TRUTH
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError

MARGIN_PT = 3.5 * 72 / 2.54  # 99.2 points
A4 = (595.28, 841.89)


def _draft(case: DocCase, **kw) -> int:  # noqa: ANN003
    info = case.svc.statements.draft(case.reference, ZOE, evidence=[case.exhibit_uid], court=COURT,
                                     claim_number=CLAIM, **kw)
    return info.number


def _long_and_clean(case: DocCase, n: int) -> None:
    """Fill the gap the draft leaves and add enough text to run over several pages."""
    info = case.svc.statements.get(case.reference, n)
    paragraphs = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in info.paragraphs]
    paragraphs += [f"On 1{i % 9} November 2026 at 22:{10 + i} I heard music from Flat 4 for 45 minutes."
                   for i in range(40)]
    case.svc.statements.edit(case.reference, n, paragraphs, note="filled in")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_statement_pdf_is_cpr_compliant_on_the_page(case: DocCase, tmp_path: Path) -> None:
    n = _draft(case)
    _long_and_clean(case, n)
    case.svc.statements.edit(case.reference, n, interpreter={"name": "Ewa Kowalska", "language": "Polish",
                                                             "translation_date": "2026-11-22"})
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(case.svc.statements.render(case.reference, n, "pdf"))
    pages, size = pdf_pages(pdf)
    assert pages >= 2 and size == pytest.approx(A4, abs=0.5)
    text = pdf_text(pdf)
    flat = _flat(text)
    assert STATEMENT_OF_TRUTH in flat
    assert ZOE in flat and "Müller-Ødegård" in flat  # Unicode names intact
    assert COURT.upper() in flat and f"Claim number: {CLAIM}" in flat
    # Top-right block of page 1: party, initials and surname, number, exhibit marks, dates.
    first = _flat(pdf_text_page(pdf, 1))
    for line in ("Claimant", "ZÓŁ Ó'Brien-Łukasiewicz", "1st statement", "Exhibits: ZÓ1", "Made: 23 November 2026",
                 "Translated: 22 November 2026"):
        assert line in first
    boxes = word_boxes(pdf)
    right_block = [b for b in boxes if b[0] == 1 and b[3] == "statement"]
    assert right_block and right_block[0][2] == pytest.approx(A4[0] - MARGIN_PT, abs=1.5)  # right-aligned to margin
    # 3.5 cm margins: no word starts left of the left margin or ends right of the right margin.
    assert min(b[1] for b in boxes) == pytest.approx(MARGIN_PT, abs=1.0)
    assert max(b[2] for b in boxes) <= A4[0] - MARGIN_PT + 1.0
    # Every page numbered and endorsed with the claim number and the witness initials.
    for page in range(1, pages + 1):
        page_text = _flat(pdf_text_page(pdf, page))
        assert f"Page {page} of {pages}" in page_text
        assert f"Claim number: {CLAIM} Witness: ZÓŁ" in page_text
    # Numbered paragraphs, and the exhibit mark that matches the evidence on the case.
    assert "1 My name is Zoë Ó'Brien-Łukasiewicz" in flat and "6 On 18 November 2026" in flat
    marks = {x.mark for x in case_exhibits(case)}
    assert marks == {"ZÓ1"} and "marked 'ZÓ1'" in flat
    assert "Polish through Ewa Kowalska" in flat


def pdf_text_page(path: Path, page: int) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def case_exhibits(case: DocCase) -> list:
    from asb_desktop.services.evidence.evidence import EvidenceService

    return EvidenceService(case.svc.ctx).exhibits(case.reference)


def test_docx_opens_in_libreoffice_with_the_same_layout(case: DocCase, tmp_path: Path) -> None:
    n = _draft(case)
    _long_and_clean(case, n)
    docx = tmp_path / "statement.docx"
    docx.write_bytes(case.svc.statements.render(case.reference, n, "docx"))
    (pdf,) = libreoffice_to_pdf([docx], tmp_path)
    pages, size = pdf_pages(pdf)
    assert size == pytest.approx(A4, abs=1.0) and pages >= 2
    flat = _flat(pdf_text(pdf))
    assert STATEMENT_OF_TRUTH in flat and ZOE in flat
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    assert "Exhibits: ZÓ1" in flat and "1st statement" in flat
    boxes = word_boxes(pdf)
    assert min(b[1] for b in boxes) == pytest.approx(MARGIN_PT, abs=1.5)
    assert max(b[2] for b in boxes) <= A4[0] - MARGIN_PT + 1.5


def test_preflight_lists_each_missing_requirement_and_blocks_the_final_version(case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _draft(case)
    paragraphs = [t for _, t in svc.get(ref, n).paragraphs]
    paragraphs[0] = "My name is Zoë."  # full name and address gone
    paragraphs[5] = "On the twentieth of May I heard three bangs."  # date and number in words
    paragraphs.append("I refer to the video marked '**ZÓ9**'.")  # a mark with no evidence behind it
    paragraphs.append("I produce my diary sheet.")  # evidence referred to without a mark
    svc.edit(ref, n, [*paragraphs, {"text": "An unnumbered paragraph.", "numbered": False}],
             statement_of_truth="I believe the facts are true.")
    keys = {f.key for f in case.svc.signing.check(ref, n)}
    assert {"opening.name", "opening.address", "para.6.date_words", "para.6.number_words", "para.11.mark.ZÓ9",
            "para.12.unmarked", "para.13.unnumbered", "truth"} <= keys
    with pytest.raises(RuleBlocked) as blocked:
        case.svc.signing.finalise(ref, n)
    assert "[truth]" in str(blocked.value) and "twentieth of May" in str(blocked.value)
    with pytest.raises(ValidationError):
        case.svc.signing.waive(ref, n, "truth", "")  # a waiver needs a reason
    for key in sorted(keys):
        case.svc.signing.waive(ref, n, key, "Accepted by the solicitor for this hearing.")
    assert all(f.waived for f in case.svc.signing.check(ref, n))
    assert case.svc.signing.finalise(ref, n).status == "final"


def test_clean_draft_passes_preflight(case: DocCase) -> None:
    n = _draft(case)
    _long_and_clean(case, n)
    assert case.svc.signing.check(case.reference, n) == []


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buf, "PNG")
    return buf.getvalue()


def test_review_versions_signing_and_lock(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _draft(case)
    _long_and_clean(case, n)
    request = case.svc.signing.request_change(ref, n, 7, "It was shouting and swearing, not just shouting.")
    with pytest.raises(ValidationError):
        case.svc.signing.request_change(ref, n, 999, "no such paragraph")
    paragraphs = [t for _, t in svc.get(ref, n).paragraphs]
    paragraphs[6] = paragraphs[6].replace("Shouting", "Shouting and swearing")
    info = case.svc.signing.resolve_requests(ref, n, [request], "Paragraph 7 amended as asked", paragraphs)
    assert info.version == 3 and info.versions == [1, 2, 3]
    (req,) = case.svc.signing.review_requests(ref, n)
    assert req.resolved_version == 3 and req.paragraph == 7
    changes = svc.diff(ref, n, 2, 3)
    assert [(c.kind, c.old_number) for c in changes] == [("changed", 7)]
    assert "Shouting and swearing" in changes[0].new and "swearing" not in changes[0].old
    with pytest.raises(RuleBlocked):
        case.svc.signing.sign(ref, n, signature_png=_png())  # not final yet
    case.svc.signing.finalise(ref, n)
    with pytest.raises(ValidationError):
        case.svc.signing.sign(ref, n, signature_png=b"not a png")
    signed = case.svc.signing.sign(ref, n, signature_png=_png())
    stored = case.svc.ctx.data_dir / signed.path
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == signed.sha256
    assert svc.get(ref, n).pdf_sha256 == signed.sha256 and svc.get(ref, n).status == "signed"
    flat = _flat(pdf_text(stored))
    assert "Date of signing: 23 November 2026" in flat and "DRAFT" not in flat
    assert "Page 1 of" in flat
    # A change after signing becomes the witness's next statement; the signed one is untouched.
    later = svc.edit(ref, n, [*paragraphs, "On 22 November 2026 at 21:00 the music started again."])
    assert later.number == 2 and later.version == 1
    assert svc.get(ref, 1).pdf_sha256 == signed.sha256
    assert [d.kind for d in case.svc.documents.generated(ref)] == ["witness_statement"]


def test_wet_signature_and_annex_1_certificate(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _draft(case)
    _long_and_clean(case, n)
    svc.edit(ref, n, certificate={"name": "Priya Raman", "address": "2 Court Lane, London"})
    case.svc.signing.finalise(ref, n)
    with pytest.raises(ValidationError):
        case.svc.signing.sign(ref, n)  # neither a drawn signature nor a scan
    signed = case.svc.signing.sign(ref, n, wet_scan_evidence=case.exhibit_uid)
    flat = _flat(pdf_text(case.svc.ctx.data_dir / signed.path))
    assert signed.signature == "wet"
    assert "I certify that I, Priya Raman, of 2 Court Lane, London, have read over the contents" in flat
    assert "explained the nature and effect of the exhibits" in flat


def test_anonymous_witness_is_hearsay_in_the_officers_statement(case: DocCase, tmp_path: Path) -> None:
    from sqlalchemy import update

    from asb_desktop.storage.orm import CaseParty

    with case.svc.ctx.session() as s:
        s.execute(update(CaseParty).where(CaseParty.role == "complainant").values(anonymous=True))
    svc, ref = case.svc.statements, case.reference
    with pytest.raises(RuleBlocked, match="hearsay"):
        svc.draft(ref, ZOE)
    info = svc.draft(ref, "officer", court=COURT, claim_number=CLAIM)
    text = " ".join(t for _, t in info.paragraphs)
    assert "identity is withheld reported to me" in text and "Zoë" not in text
    pdf = tmp_path / "officer.pdf"
    pdf.write_bytes(svc.render(ref, info.number, "pdf"))
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(svc.hearsay_notice(ref, info.number, "pdf"))
    for path in (pdf, notice):
        flat = _flat(pdf_text(path))
        assert "Zoë" not in flat and "Łukasiewicz" not in flat and "Æthelred Court" not in flat.split("Flat 3")[0]
    notice_text = _flat(pdf_text(notice))
    assert "HEARSAY NOTICE" in notice_text and ORG in notice_text
    for n in (5, 6, 7):
        assert f"{n} a person whose identity is withheld" in notice_text or f"{n} " in notice_text
    with pytest.raises(RuleBlocked, match="anonymous or withheld"):
        svc.edit(ref, info.number, [t for _, t in info.paragraphs] + ["The resident is Zoë Ó'Brien-Łukasiewicz."])


def test_marked_hearsay_names_its_source_on_the_page_and_the_notice_lists_each(case: DocCase,
                                                                            tmp_path: Path) -> None:
    """PD 32 18.2 and CPR 33.2, read from the rendered PDFs: whatever words the officer used."""
    svc, ref = case.svc.statements, case.reference
    info = svc.draft(ref, "officer", court=COURT, claim_number=CLAIM)
    paragraphs: list = [t for _, t in info.paragraphs]
    first = len(paragraphs) + 1
    paragraphs += [{"text": "The door of Flat 5 was kicked at about 2am on 14 November 2026.",
                    "hearsay": {"source": "Mr Arjun Patel of 3 Elm Road"}},
                   {"text": "A man in a red jacket left Flat 4 straight afterwards.",
                    "hearsay": {"withheld": True, "source": "a neighbour", "reason": "they fear reprisals"}},
                   {"text": "The caretaker found the glass broken.", "hearsay": {"source": ""}}]
    svc.edit(ref, info.number, paragraphs, note="hearsay marked")
    with pytest.raises(ValidationError, match="name the person the information came from"):
        svc.hearsay_notice(ref, info.number, "pdf")
    paragraphs[-1] = {"text": "The caretaker found the glass broken.",
                      "hearsay": {"source": "Mr Tom Reid, caretaker"}}
    svc.edit(ref, info.number, paragraphs, note="source given")
    pdf = tmp_path / "officer.pdf"
    pdf.write_bytes(svc.render(ref, info.number, "pdf"))
    flat = _flat(pdf_text(pdf))
    assert "the information came from Mr Arjun Patel of 3 Elm Road" in flat
    assert "the information came from a neighbour, whose identity is withheld because they fear reprisals" in flat
    assert "the information came from Mr Tom Reid, caretaker" in flat
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(svc.hearsay_notice(ref, info.number, "pdf"))
    text = _flat(pdf_text(notice))
    assert "HEARSAY NOTICE" in text and "intends to rely on hearsay evidence" in text
    for n, source in ((first, "Mr Arjun Patel of 3 Elm Road"), (first + 1, "a neighbour (identity withheld)"),
                      (first + 2, "Mr Tom Reid, caretaker")):
        assert f"{n} {source}" in text
    assert "Their identity is withheld because they fear reprisals." in text
    with pytest.raises(ValidationError, match="hearsay"):
        svc.edit(ref, info.number, [{"text": "x", "hearsay": "Mr Patel"}])


def test_docx_core_properties_are_true_and_the_signature_keeps_with_the_last_paragraph(case: DocCase,
                                                                                      tmp_path: Path) -> None:
    import subprocess

    import docx

    n = _draft(case)
    _long_and_clean(case, n)
    raw = case.svc.statements.render(case.reference, n, "docx")
    props = docx.Document(io.BytesIO(raw)).core_properties
    assert props.author == case.svc.ctx.actor.full_name and props.author != "python-docx"
    assert props.created == case.svc.ctx.now().replace(microsecond=0) or props.created.year == case.svc.ctx.now().year
    assert props.created.year != 2013 and "python-docx" not in (props.comments or "")
    assert props.title and "witness statement" in props.title
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(case.svc.statements.render(case.reference, n, "pdf"))
    pages, _ = pdf_pages(pdf)
    last = _flat(pdf_text_page(pdf, pages))
    assert "Statement of truth" in last and "I heard music from Flat 4" in last  # never alone on the page
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert case.svc.ctx.actor.full_name in info
    for k in range(12):  # whatever the length, the last paragraph goes over with the statement of truth
        paragraphs = [t for _, t in case.svc.statements.get(case.reference, n).paragraphs] + ["Extra line " + "x" * k]
        case.svc.statements.edit(case.reference, n, paragraphs, note="longer")
        pdf.write_bytes(case.svc.statements.render(case.reference, n, "pdf"))
        pages, _ = pdf_pages(pdf)
        last = _flat(pdf_text_page(pdf, pages))
        assert "Statement of truth" in last and "Extra line" in last

"""Review at home (SQLite and PostgreSQL): the review pack PDF read on the page (paragraphs,
instructions, version and SHA-256 on every page, A4), filled in as a PDF reader would and imported
into change requests on the right paragraphs; a stale pack, another statement's or case's pack, an
empty pack, a garbage file and an encrypted file; the CLI's exit codes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from case_factory import rich_case
from doc_helpers import CLAIM, COURT, ZOE, DocCase, pdf_text
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.documents.review_pack import INSTRUCTIONS, fill_pack
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm import AuditEntry, Note


def _statement(case: DocCase) -> int:
    svc, ref = case.svc.statements, case.reference
    n = svc.draft(ref, ZOE, evidence=[case.exhibit_uid], court=COURT, claim_number=CLAIM).number
    paragraphs = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in svc.get(ref, n).paragraphs]
    paragraphs += [f"On 1{i % 9} November 2026 at 22:{10 + i} I heard music from Flat 4 for 45 minutes." for i in range(25)]
    svc.edit(ref, n, paragraphs, note="filled in")
    return n


def _pack(case: DocCase, n: int, out: Path) -> Path:
    pack = case.svc.review_packs.review_pack(case.reference, n)
    out.write_bytes(pack.data)
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pack_on_the_page(case: DocCase, tmp_path: Path) -> None:
    n = _statement(case)
    pack = case.svc.review_packs.review_pack(case.reference, n)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(pack.data)
    assert pack.path.read_bytes() == pack.data  # stored as a generated document
    info = case.svc.statements.get(case.reference, n)
    boxes = subprocess.run(["pdfinfo", "-box", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in boxes and re.search(r"MediaBox:\s+0\.00\s+0\.00\s+595\.28\s+841\.89", boxes)
    assert re.search(r"^Form: +AcroForm$", boxes, re.M)
    pages = int(re.search(r"Pages:\s+(\d+)", boxes).group(1))
    assert pages >= 2
    flat = _flat(pdf_text(pdf))
    for line in INSTRUCTIONS:
        assert _flat(line) in flat
    assert "sign the final statement later: in person with your officer" in flat
    for number, text in info.paragraphs:
        assert _flat(text.replace("**", "")) in flat
        if number:
            assert f"Your comment on paragraph {number}" in flat
    assert "Anything else about the statement" in flat and info.statement_of_truth in flat
    for page in range(1, pages + 1):
        text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                                    check=True, capture_output=True, text=True).stdout)
        assert f"version {info.version}" in text and f"Page {page} of {pages}" in text
        assert f"SHA-256 of version {info.version}: {pack.statement_sha256}" in text
    (doc,) = [d for d in case.svc.documents.generated(case.reference) if d.kind == "review_pack"]
    assert doc.sha256 == pack.file_sha256 and doc.recipient_role == "witness"
    with case.svc.ctx.session() as s:
        summaries = [a.summary for a in s.scalars(select(AuditEntry).where(AuditEntry.action == "export"))]
    assert any("Review pack for the witness: statement 1 version 2" in x for x in summaries)


def test_filled_pack_becomes_change_requests_on_the_right_paragraphs(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _statement(case)
    case.svc.signing.finalise(ref, n)
    blank = _pack(case, n, tmp_path / "pack.pdf")
    filled = fill_pack(blank, tmp_path / "filled.pdf", {2: "I moved in on 7 April 2025, not in March.",
                                                       5: "It was Flat 4 — not Flat 3 «sure»."},
                       general="Please add that my son heard it too.")
    done = case.svc.review_packs.import_review_pack(ref, n, filled)
    assert len(done.requests) == 3 and not done.no_changes
    requests = {r.paragraph: r for r in case.svc.signing.open_requests(ref, n)}
    assert requests[2].request == "I moved in on 7 April 2025, not in March."
    assert requests[5].request == "It was Flat 4 — not Flat 3 «sure»."
    assert requests[None].request == "Please add that my son heard it too."
    assert {r.version for r in requests.values()} == {2}
    assert svc.get(ref, n).status == "draft"  # a change was asked for: no longer final
    with pytest.raises(RuleBlocked, match="cannot be made final"):
        case.svc.signing.finalise(ref, n)
    with pytest.raises(ValidationError, match="imported already"):
        case.svc.review_packs.import_review_pack(ref, n, filled)
    assert len(case.svc.signing.review_requests(ref, n)) == 3
    # The witness sends a corrected copy of the same pack: only the new comment is added.
    again = fill_pack(blank, tmp_path / "again.pdf", {2: "I moved in on 7 April 2025, not in March.",
                                                      7: "Łukasz was there too."})
    done = case.svc.review_packs.import_review_pack(ref, n, again)
    assert len(done.requests) == 1 and "1 already recorded from an earlier copy" in done.summary
    assert {r.paragraph: r.request for r in case.svc.signing.open_requests(ref, n)}[7] == "Łukasz was there too."


def test_a_stale_pack_is_refused_naming_both_versions(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _statement(case)
    blank = _pack(case, n, tmp_path / "pack.pdf")
    filled = fill_pack(blank, tmp_path / "filled.pdf", {1: "My surname is spelt wrong."})
    paragraphs = [t for _, t in svc.get(ref, n).paragraphs]
    svc.edit(ref, n, paragraphs[:-1], note="shorter")
    with pytest.raises(ValidationError) as err:
        case.svc.review_packs.import_review_pack(ref, n, filled)
    assert "pack version 2, current version 3" in str(err.value) and "Nothing was imported" in str(err.value)
    assert case.svc.signing.review_requests(ref, n) == []


def test_another_statement_or_case_is_refused(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    first = _statement(case)
    second = svc.draft(ref, ZOE, court=COURT, claim_number=CLAIM).number
    pack = fill_pack(_pack(case, first, tmp_path / "pack.pdf"), tmp_path / "filled.pdf", {1: "A comment."})
    with pytest.raises(ValidationError) as err:
        case.svc.review_packs.import_review_pack(ref, second, pack)
    assert "is for the 1st statement of" in str(err.value) and "not the 2nd statement" in str(err.value)
    other = rich_case(case.svc.ctx, "ASB-2026-00099")
    with pytest.raises(ValidationError) as wrong_case:
        case.svc.review_packs.import_review_pack(other, first, pack)
    assert f"is for case {ref}, not ASB-2026-00099" in str(wrong_case.value)
    assert case.svc.signing.review_requests(ref, first) == [] and case.svc.signing.review_requests(ref, second) == []


def test_an_empty_pack_records_reviewed_no_changes(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _statement(case)
    case.svc.signing.finalise(ref, n)
    done = case.svc.review_packs.import_review_pack(ref, n, _pack(case, n, tmp_path / "pack.pdf"))
    assert done.no_changes and done.requests == []
    assert "reviewed, no changes requested (review pack returned on 23/11/2026)" in done.summary
    assert svc.get(ref, n).status == "final" and case.svc.signing.review_requests(ref, n) == []
    with case.svc.ctx.session() as s:
        notes = [x.text for x in s.scalars(select(Note))]
        imports = [a.summary for a in s.scalars(select(AuditEntry).where(AuditEntry.action == "import"))]
    assert any("reviewed, no changes requested" in t for t in notes)
    assert any("reviewed, no changes requested" in t for t in imports)
    with pytest.raises(ValidationError, match="imported already on 23/11/2026"):
        case.svc.review_packs.import_review_pack(ref, n, tmp_path / "pack.pdf")


def test_garbage_plain_and_encrypted_files_are_refused(case: DocCase, tmp_path: Path) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _statement(case)
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"this is not a pdf at all")
    with pytest.raises(ValidationError, match="not a PDF"):
        case.svc.review_packs.import_review_pack(ref, n, garbage)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with pytest.raises(ValidationError, match="damaged|not a review pack"):
        case.svc.review_packs.import_review_pack(ref, n, damaged)
    plain = tmp_path / "statement.pdf"
    plain.write_bytes(svc.render(ref, n, "pdf"))
    with pytest.raises(ValidationError, match="not a review pack from ASB Desktop"):
        case.svc.review_packs.import_review_pack(ref, n, plain)
    filled = fill_pack(_pack(case, n, tmp_path / "pack.pdf"), tmp_path / "filled.pdf", {1: "Wrong."})
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(filled) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    with pytest.raises(ValidationError, match="password"):
        case.svc.review_packs.import_review_pack(ref, n, locked)
    assert case.svc.signing.review_requests(ref, n) == []


@pytest.fixture
def asb(case: DocCase, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(case.svc.ctx.data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_review_pack_and_import(asb, case: DocCase, tmp_path: Path) -> None:  # noqa: ANN001
    svc, ref = case.svc.statements, case.reference
    n = _statement(case)
    out = tmp_path / "pack.pdf"
    code, stdout, err = asb("statement", "review-pack", ref, str(n), "--out", str(out))
    assert code == 0 and "version 2" in stdout and out.read_bytes().startswith(b"%PDF"), err
    garbage = tmp_path / "garbage.pdf"
    garbage.write_text("hello", encoding="utf-8")
    code, _, err = asb("statement", "review-import", ref, str(n), str(garbage))
    assert code == 2 and "not a PDF" in err and "Traceback" not in err
    filled = fill_pack(out, tmp_path / "filled.pdf", {3: "The time was 11pm."})
    code, stdout, err = asb("statement", "review-import", ref, str(n), str(filled))
    assert code == 0 and "1 change request(s)" in stdout, err
    assert [r.paragraph for r in case.svc.signing.open_requests(ref, n)] == [3]
    svc.edit(ref, n, [t for _, t in svc.get(ref, n).paragraphs][:-1], note="shorter")
    code, _, err = asb("statement", "review-import", ref, str(n), str(filled))
    assert code == 2 and "pack version 2, current version 3" in err


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buf, "PNG")
    return buf.getvalue()


def test_altered_and_signed_packs_are_refused_and_the_history_is_kept(case: DocCase, tmp_path: Path) -> None:
    ref = case.reference
    n = _statement(case)
    blank = _pack(case, n, tmp_path / "pack.pdf")
    altered = tmp_path / "altered.pdf"
    with pikepdf.open(blank) as pdf:
        for node in pdf.Root.AcroForm.Fields:
            if str(node.get("/T", "")) == "review_sha256":
                node.V = pikepdf.String("0" * 64)
        pdf.save(altered)
    with pytest.raises(ValidationError, match="SHA-256 differs"):
        case.svc.review_packs.import_review_pack(ref, n, altered)
    case.svc.review_packs.import_review_pack(ref, n, blank)
    history = case.svc.review_packs.history(ref, n)
    assert [(e.kind, e.version, e.no_changes) for e in history] == [("sent", 2, False), ("returned", 2, True)]
    case.svc.signing.finalise(ref, n)
    case.svc.signing.sign(ref, n, signature_png=_png())
    with pytest.raises(RuleBlocked, match="signed and locked"):
        case.svc.review_packs.review_pack(ref, n)
    filled = fill_pack(blank, tmp_path / "filled.pdf", {1: "Too late."})
    with pytest.raises(RuleBlocked, match="signed and locked"):
        case.svc.review_packs.import_review_pack(ref, n, filled)
    assert case.svc.signing.review_requests(ref, n) == []


def test_only_a_case_worker_makes_or_imports_a_pack(case: DocCase, tmp_path: Path) -> None:
    from asb_desktop.services import Services
    from asb_desktop.services.admin.users import sign_in
    from asb_desktop.services.kernel.context import Context
    from asb_desktop.services.kernel.errors import PermissionDenied

    n = _statement(case)
    blank = _pack(case, n, tmp_path / "pack.pdf")
    ctx = case.svc.ctx
    case.svc.users.add("ada.admin", "Ada Admin", ["administrator"])
    admin = Services(Context(ctx.engine, sign_in(ctx.engine, "ada.admin"), ctx.data_dir, ctx.clock))
    with pytest.raises(PermissionDenied):
        admin.review_packs.review_pack(case.reference, n)
    with pytest.raises(PermissionDenied):
        admin.review_packs.import_review_pack(case.reference, n, fill_pack(blank, tmp_path / "f.pdf", {1: "x y"}))
    assert case.svc.signing.review_requests(case.reference, n) == []

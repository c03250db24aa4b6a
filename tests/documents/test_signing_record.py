"""The signing record kept with a signed statement (SQLite and PostgreSQL): version, SHA-256 of the PDF
the witness saw, method (drawn, typed name, wet-signed scan), date and time, who was present; the
signed PDF and the record on the case's evidence store and in the audit trail; a typed name must be
the witness's full name; the CLI shows the record."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from doc_helpers import CLAIM, COURT, ZOE, DocCase, pdf_text
from PIL import Image
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.domain import signing
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm import AuditEntry


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(buf, "PNG")
    return buf.getvalue()


def _final(case: DocCase) -> int:
    svc, ref = case.svc.statements, case.reference
    n = svc.draft(ref, ZOE, evidence=[case.exhibit_uid], court=COURT, claim_number=CLAIM).number
    paragraphs = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in svc.get(ref, n).paragraphs]
    svc.edit(ref, n, paragraphs, note="filled in")
    case.svc.signing.finalise(ref, n)
    return n


def _stored(case: DocCase, uid: str) -> bytes:
    return case.svc.evidence.open_file(uid).read_bytes()


def test_drawn_signing_keeps_the_record_with_the_pdfs_on_the_evidence_store(case: DocCase, ctx: Context) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    version = svc.get(ref, n).version
    signed = case.svc.signing.sign(ref, n, signature_png=_png(), present=[" PC  Ada Lovelace ", "Officer Two", "pc ada lovelace"])
    record = case.svc.signing.signing_record(ref, n)
    assert record.version == version and record.method == "drawn" and record.typed_name is None
    assert record.present == ("PC Ada Lovelace", "Officer Two")
    assert record.signed_at is not None and f"{record.signed_at:%Y-%m-%d %H:%M}" == "2026-11-23 10:00"
    assert record.signed_sha256 == signed.sha256 and record.intact
    # The signed PDF is the evidence item, its bytes hash to the record's SHA-256 (and the register's).
    pdf = _stored(case, record.signed_evidence_uid)
    assert hashlib.sha256(pdf).hexdigest() == record.signed_sha256
    (doc,) = case.svc.documents.generated(ref)
    assert doc.path.read_bytes() == pdf
    # The PDF the witness saw (the final version, unsigned) is kept too, with its own SHA-256.
    seen = _stored(case, record.reviewed_evidence_uid)
    assert hashlib.sha256(seen).hexdigest() == record.reviewed_sha256 != record.signed_sha256
    # The record itself is on the evidence store as JSON, and in the audit trail.
    kept = json.loads(_stored(case, record.record_evidence_uid))
    assert kept["method"] == "drawn" and kept["version"] == version and kept["present"] == list(record.present)
    assert kept["signed_pdf"]["sha256"] == signed.sha256 and kept["reviewed_pdf"]["sha256"] == record.reviewed_sha256
    items = {i.uid: i for i in case.svc.evidence.list_items(ref)}
    assert {record.signed_evidence_uid, record.reviewed_evidence_uid, record.record_evidence_uid} <= set(items)
    assert items[record.signed_evidence_uid].kind == "document"
    with ctx.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "signing_record")))
    created = [e for e in entries if e.action == "create"]
    assert len(created) == 1 and created[0].detail["signed_pdf"]["sha256"] == signed.sha256
    assert created[0].detail["present"] == ["PC Ada Lovelace", "Officer Two"] and created[0].case_reference == ref
    assert any(e.action == "view" for e in entries)
    assert any(line == "Present: PC Ada Lovelace, Officer Two" for line in record.lines())


def test_typed_name_must_match_the_witness(case: DocCase) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    full_name = svc.get(ref, n).witness
    with pytest.raises(ValidationError) as wrong:
        case.svc.signing.sign(ref, n, typed_name="Someone Else")
    assert wrong.value.field == "typed name" and svc.get(ref, n).status == "final"
    with pytest.raises(ValidationError):
        case.svc.signing.sign(ref, n, typed_name="   ")
    with pytest.raises(ValidationError):
        case.svc.signing.sign(ref, n, typed_name=full_name, signature_png=_png())  # one method only
    typed = "  " + "  ".join(full_name.upper().split()) + " "
    signed = case.svc.signing.sign(ref, n, typed_name=typed, present=["PC Ada Lovelace"])
    assert signed.signature == "typed"
    record = case.svc.signing.signing_record(ref, n)
    assert record.method == "typed" and record.typed_name == " ".join(full_name.upper().split())
    assert record.intact and hashlib.sha256(_stored(case, record.signed_evidence_uid)).hexdigest() == signed.sha256
    text = " ".join(pdf_text(case.svc.evidence.open_file(record.signed_evidence_uid)).split())
    assert "Signed by the witness typing their full name." in text
    with pytest.raises(RuleBlocked):
        case.svc.signing.sign(ref, n, typed_name=full_name)  # already signed


def test_wet_scan_keeps_the_record_and_the_cli_shows_it(case: DocCase, ctx: Context, db_url: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    ref = case.reference
    n = _final(case)
    with pytest.raises(ValidationError) as nobody:
        case.svc.signing.sign(ref, n, wet_scan_evidence=case.exhibit_uid, present=["  "])
    assert nobody.value.field == "present"
    case.svc.signing.sign(ref, n, wet_scan_evidence=case.exhibit_uid, present=["PC Ada Lovelace"])
    record = case.svc.signing.signing_record(ref, n)
    assert record.method == "wet" and record.wet_scan_evidence_uid == case.exhibit_uid and record.intact
    assert hashlib.sha256(_stored(case, record.signed_evidence_uid)).hexdigest() == record.signed_sha256
    args = ["--db", db_url, "--data-dir", str(ctx.data_dir)]
    assert main([*args, "statement", "record", ref, str(n)]) == 0
    out = capsys.readouterr().out
    assert "wet-signed paper, scanned" in out and "Present: PC Ada Lovelace" in out and record.signed_sha256 in out
    assert main([*args, "statement", "record", ref, str(n), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["present"] == ["PC Ada Lovelace"]


def test_cli_signs_with_a_typed_name_and_who_was_present(case: DocCase, ctx: Context, db_url: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    svc, ref = case.svc.statements, case.reference
    n = _final(case)
    args = ["--db", db_url, "--data-dir", str(ctx.data_dir)]
    assert main([*args, "statement", "sign", ref, str(n), "--typed-name", "Nobody", "--present", "PC A"]) == 2
    assert "not the witness's full name" in capsys.readouterr().err
    name = svc.get(ref, n).witness
    assert main([*args, "statement", "sign", ref, str(n), "--typed-name", name.lower(), "--present", "PC A",
                 "--present", "PC B"]) == 0
    assert "typed" in capsys.readouterr().out
    assert case.svc.signing.signing_record(ref, n).present == ("PC A", "PC B")


def test_unsigned_statement_has_no_record(case: DocCase) -> None:
    from asb_desktop.services.kernel.errors import NotFound

    n = _final(case)
    with pytest.raises(NotFound):
        case.svc.signing.signing_record(case.reference, n)


def test_pure_rules() -> None:
    assert signing.same_name("  zoë   EXAMPLE ", "Zoë Example")
    assert signing.same_name("Zoe\u0308 Example", "Zoë Example")  # decomposed accents fold the same
    assert not signing.same_name("Zoe Example", "Zoë Example") and not signing.same_name("", "")
    assert signing.typed_name_problem("Zoë", "Zoë Example") is not None
    assert signing.present_names(["a", " A ", "", "b  c"]) == ["a", "b c"]


def test_leaving_the_review_needs_the_pin_or_in_team_mode_the_password(case: DocCase, ctx: Context) -> None:
    from asb_desktop.services import Services
    from asb_desktop.services.admin.users import sign_in

    ref = case.reference
    n = _final(case)
    assert case.svc.signing.review_secret() == "PIN"
    for bad in (None, "12", "12ab", "1234567890123"):
        with pytest.raises(ValidationError):
            case.svc.signing.review_guard(ref, n, bad)  # a PIN of 4 to 12 digits is set on opening
    guard = case.svc.signing.review_guard(ref, n, "2468")
    assert guard.needs == "PIN" and not guard.unlock("1111") and not guard.unlock("") and guard.unlock("2468")
    # Team mode: the officer's own password, whatever PIN is given.
    case.svc.users.add("olu", "Olu Officer", ["officer", "administrator"], password="correct horse")
    case.svc.users.set_team_mode(True)
    team = Services(Context(ctx.engine, sign_in(ctx.engine, "olu", "correct horse"), ctx.data_dir, clock=ctx.clock))
    assert team.signing.review_secret() == "password"
    guard = team.signing.review_guard(ref, n)
    assert guard.needs == "password" and not guard.unlock("2468") and guard.unlock("correct horse")
    with ctx.session() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "witness_review")
                              .order_by(AuditEntry.id)))
    assert [(r.action, r.username, r.detail.get("allowed")) for r in rows] == [
        ("view", ctx.actor.username, None), ("unlock", ctx.actor.username, False),
        ("unlock", ctx.actor.username, False), ("unlock", ctx.actor.username, True),
        ("view", "olu", None), ("unlock", "olu", False), ("unlock", "olu", True)]
    assert all(r.case_reference == ref for r in rows) and "wrong password" in rows[5].summary

"""Language and capacity (PD 32 17.2, 18.1, 18.2, 20.1, 23.2; PD 22 Annex 1) and witness support for
court (procedure 14.5.5), read from the rendered pages (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from doc_helpers import CLAIM, COURT, ZOE, DocCase, libreoffice_to_pdf, pdf_text
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.documents.wording import ANNEX_1_TITLE, STATEMENT_OF_TRUTH
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm_documents import Statement

SOT_PL = "Oświadczam, że fakty podane w niniejszym oświadczeniu świadka są prawdziwe."


def _flat(text: str) -> str:
    return " ".join(text.split())


def _draft(case: DocCase, **kw) -> int:  # noqa: ANN003
    return case.svc.statements.draft(case.reference, ZOE, evidence=[case.exhibit_uid], court=COURT,
                                     claim_number=CLAIM, **kw).number


def _translated(case: DocCase) -> tuple[int, list[str]]:
    """A statement made in Polish: every paragraph with the witness's words and the English."""
    n = _draft(case, language="Polish")
    info = case.svc.statements.get(case.reference, n)
    english = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in info.paragraphs]
    originals = [f"Akapit {i} po polsku: Słyszałam głośny huk." for i in range(1, len(english) + 1)]
    case.svc.statements.edit(case.reference, n, [{"text": e, "original": o} for e, o in zip(english, originals, strict=True)],
                             translator={"name": "Ewa Kowalska", "qualifications": "DPSI (Law)", "nrpsi": "12345",
                                         "language": "Polish", "date": "2026-11-22"},
                             statement_of_truth_original=SOT_PL)
    return n, originals


def test_translated_statement_files_original_and_translation_side_by_side(case: DocCase, tmp_path: Path) -> None:
    n, originals = _translated(case)
    files = case.svc.statements.file_translation(case.reference, n)
    assert sorted((f.kind, f.format) for f in files) == [("statement_original", "docx"), ("statement_original", "pdf"),
                                                         ("statement_translation", "docx"),
                                                         ("statement_translation", "pdf")]
    by = {(f.kind, f.format): f.path for f in files}
    original = _flat(pdf_text(by["statement_original", "pdf"]))
    for text in originals:
        assert text in original
    assert SOT_PL in original and "Signed: ............................................................ Full name: Zoë Ó'Brien-Łukasiewicz" in original
    assert "Made in Polish" in original and "Original in Polish" in original
    assert "Translator" in original and "Ewa Kowalska (DPSI (Law), NRPSI number 12345)" in original
    assert "translated this statement from Polish into English on 22 November 2026" in original
    assert "Signed (translator):" in original
    assert "I heard a loud bang" not in original  # the English is in the other document
    english = _flat(pdf_text(by["statement_translation", "pdf"]))
    assert "My name is Zoë Ó'Brien-Łukasiewicz" in english and "Akapit" not in english
    assert STATEMENT_OF_TRUTH in english and SOT_PL not in english
    assert "Translator's certificate" in english
    assert ("certify that this is an accurate translation into English of the Polish witness statement of "
            f"{ZOE}") in english
    assert "Translated: 22 November 2026" in english  # PD 32 17.2, in the top-right block
    assert "English translation from Polish" in english
    assert "Signed (the original, in Polish):" in english
    # The Word copies say the same when LibreOffice lays them out.
    word_original, word = (_flat(pdf_text(p)) for p in libreoffice_to_pdf(
        [by["statement_original", "docx"], by["statement_translation", "docx"]], tmp_path))
    assert "Translator's certificate" in word and "Translated: 22 November 2026" in word
    assert originals[0] in word_original and SOT_PL in word_original and "Signed (translator):" in word_original
    listed = {g.kind for g in case.svc.documents.generated(case.reference)}
    assert {"statement_original", "statement_translation"} <= listed


def test_missing_translation_is_refused_naming_the_paragraph(case: DocCase) -> None:
    n, originals = _translated(case)
    info = case.svc.statements.get(case.reference, n)
    case.svc.statements.edit(case.reference, n, originals=originals[:2] + [""] + originals[3:])
    before = len(case.svc.documents.generated(case.reference))
    with pytest.raises(ValidationError) as err:
        case.svc.statements.file_translation(case.reference, n)
    assert "paragraph 3 has no Polish text" in str(err.value)
    assert len(case.svc.documents.generated(case.reference)) == before  # nothing written
    with pytest.raises(ValidationError, match="paragraph 3 has no Polish text"):
        case.svc.statements.render(case.reference, n, "pdf", part="original")
    with pytest.raises(ValidationError, match="gives 2 texts for"):
        case.svc.statements.edit(case.reference, n, originals=originals[:2])
    with pytest.raises(ValidationError, match="translator.date"):
        case.svc.statements.edit(case.reference, n, translator={"name": "Ewa Kowalska", "date": "22/11/2026"})
    assert len(info.paragraphs) == len(originals)


def test_interpreter_is_named_in_the_opening_paragraphs(case: DocCase, tmp_path: Path) -> None:
    n = _draft(case)
    case.svc.statements.edit(case.reference, n, interpreter={"name": "Amina Hassan", "language": "Somali"})
    info = case.svc.statements.get(case.reference, n)
    opening = [t for _, t in info.paragraphs[:5] if "through an interpreter" in t]
    assert len(opening) == 1 and "Amina Hassan, in Somali" in opening[0]
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(case.svc.statements.render(case.reference, n, "pdf"))
    text = _flat(pdf_text(pdf))
    sentence = "face to face, through an interpreter, Amina Hassan, in Somali, and it was read back to me in Somali"
    assert sentence in text
    assert text.index(sentence) < text.index("Statement of truth")  # in the opening, not only at the end
    # Changing the interpreter replaces the sentence; clearing it takes it out.
    case.svc.statements.edit(case.reference, n, interpreter={"name": "Ali Noor", "language": "Arabic"})
    paragraphs = [t for _, t in case.svc.statements.get(case.reference, n).paragraphs]
    assert sum("through an interpreter" in t for t in paragraphs) == 1 and "Ali Noor, in Arabic" in " ".join(paragraphs)
    case.svc.statements.edit(case.reference, n, interpreter=None)
    assert not any("interpreter" in t for _, t in case.svc.statements.get(case.reference, n).paragraphs)
    with pytest.raises(ValidationError, match="interpreter.language"):
        case.svc.statements.edit(case.reference, n, interpreter={"name": "Ali Noor"})


def test_annex_1_certificate_on_the_page(case: DocCase, tmp_path: Path) -> None:
    n = _draft(case)
    case.svc.statements.edit(case.reference, n, certificate={"name": "Priya Shah", "address": "2 Law Lane, London"})
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(case.svc.statements.render(case.reference, n, "pdf"))
    text = _flat(pdf_text(pdf))
    assert ANNEX_1_TITLE in text
    assert ("I certify that I, Priya Shah, of 2 Law Lane, London, have read over the contents of this document and "
            "the declaration of truth to the person signing the document and explained the nature and effect of "
            "the exhibits referred to in it who appeared to understand (a) the document and approved its content "
            "as accurate and (b) the declaration of truth and the consequences of making a false declaration, and "
            "made their mark in my presence.") in text
    assert "Signed (authorised person):" in text
    with pytest.raises(ValidationError, match="certificate.address"):
        case.svc.statements.edit(case.reference, n, certificate={"name": "Priya Shah"})


def test_bundle_takes_the_original_after_the_translation(case: DocCase, tmp_path: Path) -> None:
    from asb_desktop.services.court.bundle_sources import _statements

    n, _ = _translated(case)
    with case.svc.ctx.session() as s:
        s.scalar(select(Statement).where(Statement.number == n)).status = "final"
    docs, _, _ = _statements(case.svc.ctx, case.reference, tmp_path, [])
    titles = [d.title for d, _ in docs]
    assert titles == [f"Witness statement of {ZOE} ({n}): English translation",
                      f"Witness statement of {ZOE} ({n}): original in Polish"]
    assert "Akapit 1 po polsku" in pdf_text(docs[1][0].path)


def test_witness_support_checklist_and_warning_before_the_hearing(case: DocCase) -> None:
    svc = case.svc.witness_support
    today = case.svc.ctx.now().date()
    info = svc.update(case.reference, ZOE, hearing_on=today + timedelta(days=10))
    assert [i.key for i in info.open_items] == ["visit", "adjustments", "process", "transport"]
    svc.update(case.reference, ZOE, "visit", "done", "2026-11-20", "Walked round the court with her")
    svc.update(case.reference, ZOE, "adjustments", "not_needed")
    warnings = svc.warnings(case.reference)
    assert warnings == [f"{ZOE} is needed at court on {today + timedelta(days=10):%-d %B %Y} (in 10 days): "
                        "support not yet done - process explained, transport (procedure 14.5.5)."]
    assert svc.warnings(case.reference, today=today - timedelta(days=10)) == []  # 20 days out: not yet
    svc.update(case.reference, ZOE, "process", "done")
    svc.update(case.reference, ZOE, "transport", "done", note="Taxi booked")
    assert svc.warnings(case.reference) == []
    item = svc.list(case.reference)[0].items[0]
    assert (item.state, item.on, item.note) == ("done", date(2026, 11, 20), "Walked round the court with her")
    with pytest.raises(ValidationError, match="item"):
        svc.update(case.reference, ZOE, "taxi", "done")
    with pytest.raises(ValidationError, match="hearing"):
        svc.update(case.reference, ZOE, hearing_on="next week")


@pytest.fixture
def asb(case: DocCase, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(case.svc.ctx.data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_language_capacity_and_witness_support(asb, case: DocCase, tmp_path: Path) -> None:  # noqa: ANN001
    ref = case.reference
    code, _, err = asb("statement", "draft", ref, "--witness", ZOE, "--court", COURT, "--claim-number", CLAIM,
                       "--interpreter", "Amina Hassan", "--interpreter-language", "Somali", "--language", "Somali")
    assert code == 0, err
    code, out, _ = asb("statement", "show", ref, "1")
    assert "through an interpreter, Amina Hassan, in Somali" in out
    paragraphs = case.svc.statements.get(ref, 1).paragraphs
    words = tmp_path / "so.json"
    words.write_text(json.dumps([f"Qoraal {i}" for i in range(len(paragraphs) - 1)]), encoding="utf-8")
    code, _, err = asb("statement", "translation", ref, "1", str(words))
    assert code == 2 and "originals" in err and "Traceback" not in err
    code, _, err = asb("statement", "file-translation", ref, "1")
    assert code == 2 and "has no Somali text" in err and "paragraph 1" in err
    assert case.svc.documents.generated(ref) == []  # nothing written
    words.write_text(json.dumps([f"Qoraal {i}" for i in range(len(paragraphs))]), encoding="utf-8")
    code, out, err = asb("statement", "translation", ref, "1", str(words), "--translator", "Amina Hassan",
                         "--translated-on", "2026-11-22", "--statement-of-truth", "Waxaan rumeysanahay")
    assert code == 0, err
    code, _, err = asb("statement", "render", ref, "1", "--part", "original", "--out", str(tmp_path / "o.pdf"))
    assert code == 0, err
    assert "Qoraal 0" in pdf_text(tmp_path / "o.pdf")
    code, out, err = asb("statement", "file-translation", ref, "1", "--format", "pdf")
    assert code == 0, err and "statement_original PDF" in out and "statement_translation PDF" in out
    code, _, err = asb("statement", "certificate", ref, "1", "--name", "Priya Shah")
    assert code == 2 and "--address" in err
    code, _, err = asb("statement", "certificate", ref, "1", "--name", "Priya Shah", "--address", "2 Law Lane")
    assert code == 0, err
    hearing = (date.today() + timedelta(days=5)).isoformat()  # the command line runs on the real clock
    code, out, err = asb("witness", "support", ref, ZOE, "--hearing", hearing)
    assert code == 0 and "WARNING" in err and "court visit, adjustments, process explained, transport" in err
    code, out, err = asb("witness", "support", ref, ZOE, "--item", "visit", "--done", "--note", "Court toured")
    assert code == 0 and "[done] visit" in out and "Court toured" in out and "court visit" not in err
    code, _, err = asb("witness", "support", ref, ZOE, "--item", "visit", "--on", "soon")
    assert code == 2 and "'soon' is not a date" in err
    code, _, err = asb("witness", "support", ref, "Nobody Here", "--item", "visit", "--done")
    assert code == 2 and "'Nobody Here' is not a person on case" in err
    code, out, _ = asb("witness", "support", ref)
    assert code == 0 and f"{ZOE}: needed at court {hearing}" in out
    assert case.svc.witness_support.get(ref, ZOE).items[0].on is not None  # marked done today


def test_statement_of_truth_from_the_organisations_forms(case: DocCase, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from asb_desktop.resources import forms_dir

    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    (forms / "statement_of_truth" / "polish.toml").write_text(f'wording = "{SOT_PL}"\n', encoding="utf-8")
    monkeypatch.setenv("ASB_FORMS_DIR", str(forms))
    n = _draft(case, language="Polish")
    assert case.svc.statements.get(case.reference, n).statement_of_truth_original == SOT_PL
    m = _draft(case, language="Somali")  # none supplied: the officer enters the translator's wording
    assert case.svc.statements.get(case.reference, m).statement_of_truth_original == ""


def test_preflight_holds_a_statement_back_until_translated_and_the_interpreter_is_named(case: DocCase) -> None:
    n, originals = _translated(case)
    svc = case.svc.statements
    assert [f for f in case.svc.signing.check(case.reference, n) if f.key.startswith(("translation.", "opening.interpreter"))] == []
    svc.edit(case.reference, n, originals=[originals[0], "", *originals[2:]], statement_of_truth_original="")
    found = {f.key: f for f in case.svc.signing.check(case.reference, n)}
    assert found["translation.paragraphs[2].original"].rule == "PD 32 18.1"
    assert "Paragraph 2 has no Polish text" in found["translation.paragraphs[2].original"].message
    assert found["translation.statement_of_truth_original"].rule == "PD 32 20.1"
    with pytest.raises(RuleBlocked, match="Paragraph 2 has no Polish text"):
        case.svc.signing.finalise(case.reference, n)
    # An interpreter whose sentence was taken out of the opening is found by the preflight.
    svc.edit(case.reference, n, interpreter={"name": "Ewa Kowalska", "language": "Polish"})
    info = svc.get(case.reference, n)
    svc.edit(case.reference, n, [{"text": t.split(", through an interpreter")[0] + "." if "interpreter" in t else t,
                                  "original": o or "x"} for (_, t), o in zip(info.paragraphs, info.originals,
                                                                              strict=True)])
    assert "opening.interpreter" in {f.key for f in case.svc.signing.check(case.reference, n)}


def test_the_witness_signs_the_original(case: DocCase) -> None:
    import io

    from PIL import Image

    n, originals = _translated(case)
    svc = case.svc.statements
    assert [f.key for f in case.svc.signing.check(case.reference, n)] == []
    case.svc.signing.finalise(case.reference, n)
    png = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(png, "PNG")
    signed = case.svc.signing.sign(case.reference, n, signature_png=png.getvalue())
    stored = next(g for g in case.svc.documents.generated(case.reference) if g.sha256 == signed.sha256)
    text = _flat(pdf_text(stored.path))
    assert originals[0] in text and SOT_PL in text and "Signed (translator):" in text  # the signed original
    files = svc.file_translation(case.reference, n, formats=("pdf",))
    english = _flat(pdf_text(next(f.path for f in files if f.kind == "statement_translation")))
    assert "Date of signing: 23 November 2026" in english and "Translator's certificate" in english


def test_review_pack_shows_the_witness_own_words_and_comments_land_on_the_paragraph(
        case: DocCase, tmp_path: Path) -> None:
    from asb_desktop.documents.review_pack import INSTRUCTIONS, fill_pack

    n, originals = _translated(case)
    info = case.svc.statements.get(case.reference, n)
    pack = case.svc.review_packs.review_pack(case.reference, n)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(pack.data)
    flat = _flat(pdf_text(pdf))
    for text in originals:
        assert text in flat
    assert "I heard a loud bang" not in flat and "My name is" not in flat  # not the English translation
    assert SOT_PL in flat and STATEMENT_OF_TRUTH not in flat
    assert "Your statement (in Polish)" in flat
    assert all(_flat(line) in flat for line in INSTRUCTIONS)  # no Polish instructions in forms/: English
    assert f"SHA-256 of version {info.version}: {pack.statement_sha256}" in flat
    # The footer's digest covers the Polish words shown: another Polish text gives another digest.
    from asb_desktop.documents.review_pack import statement_digest
    from asb_desktop.documents.statement import StatementContent
    from asb_desktop.storage.orm_documents import StatementVersion

    with case.svc.ctx.session() as s:
        row = s.scalar(select(StatementVersion).where(StatementVersion.version == info.version)
                       .join(Statement).where(Statement.uid == info.uid))
        content = StatementContent.from_json(row.content)
    assert statement_digest(info.uid, info.version, content) == pack.statement_sha256
    content.paragraphs[0]["original"] += " Zmiana."
    assert statement_digest(info.uid, info.version, content) != pack.statement_sha256
    # A comment typed under paragraph 3 (Polish) becomes a request on paragraph 3.
    numbered = [num for num, _ in info.paragraphs if num]
    filled = fill_pack(pdf, tmp_path / "filled.pdf", {3: "To nie była środa, tylko czwartek."})
    done = case.svc.review_packs.import_review_pack(case.reference, n, filled)
    assert len(done.requests) == 1 and "3" in numbered
    assert {r.paragraph: r.request for r in case.svc.signing.open_requests(case.reference, n)} == {
        3: "To nie była środa, tylko czwartek."}


def test_review_pack_instructions_in_the_witness_language_only_from_forms(
        case: DocCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from asb_desktop.services.documents import review_pack as service

    forms = tmp_path / "forms"
    (forms / "review_pack").mkdir(parents=True)
    (forms / "review_pack" / "polish.toml").write_text('instructions = ["Proszę uważnie przeczytać.", "Drugi."]\n',
                                                         encoding="utf-8")
    monkeypatch.setattr("asb_desktop.domain.forms.forms_dir", lambda: forms)
    assert service.instructions_in("Polish") == ("Proszę uważnie przeczytać.", "Drugi.")
    assert service.instructions_in("Urdu") == service.INSTRUCTIONS
    n, _originals = _translated(case)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(case.svc.review_packs.review_pack(case.reference, n).data)
    flat = _flat(pdf_text(pdf))
    assert "1. Proszę uważnie przeczytać." in flat and "2. Drugi." in flat
    assert "Please read your statement carefully" not in flat


def test_review_pack_refused_naming_the_paragraph_without_the_witness_words(case: DocCase) -> None:
    n, originals = _translated(case)
    case.svc.statements.edit(case.reference, n, originals=originals[:3] + [""] + originals[4:])
    before = len(case.svc.documents.generated(case.reference))
    with pytest.raises(ValidationError, match="paragraph 4 has no Polish text"):
        case.svc.review_packs.review_pack(case.reference, n)
    assert len(case.svc.documents.generated(case.reference)) == before
    case.svc.statements.edit(case.reference, n, originals=originals, statement_of_truth_original="")
    info = case.svc.statements.get(case.reference, n)
    with pytest.raises(ValidationError, match="statement of truth has not been given in Polish"):
        info.witness_words()

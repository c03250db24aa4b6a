"""Appendix 1, Appendix 2 and letters from the same case, checked on the page; the perpetrator-letter
identity guard; template field checks; contact log entries; the generated-documents register."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from case_factory import complete_peia
from doc_helpers import ORG, ZOE, DocCase, libreoffice_to_pdf, pdf_pages, pdf_text
from sqlalchemy import select, update

from asb_desktop.documents.letters import load_letter_templates, parse_template
from asb_desktop.domain.forms import FormError
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm import Contact, Incident

COMPLAINANT_STRINGS = ("Zoë", "Ó'Brien", "Łukasiewicz", "Flat 3", "7700 900123", "zoe@example.org")


def _flat(path: Path) -> str:
    return " ".join(pdf_text(path).split())


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def test_every_perpetrator_letter_is_free_of_the_complainant(case: DocCase, tmp_path: Path) -> None:
    needs = {"terms": "- Not to play loud music after 11pm", "review_date": "23 February 2027",
             "commitments": "- Keep noise down at night", "interview_at": "1 December 2026 at 10:00",
             "interview_place": "the housing office"}
    for template in load_letter_templates().values():
        if template.recipient != "alleged_perpetrator":
            continue
        values = {k: needs[k] for k in template.needs}
        out = case.svc.documents.letter(case.reference, template.id, "pdf", values=values)
        text = _flat(_write(tmp_path, f"{template.id}.pdf", out.data))
        assert "Jörg Müller-Ødegård" in text and "Flat 4, Æthelred Court" in text, template.id
        assert ("Music at 100 dB; door kicked" in text) == ("$allegations" in template.body)
        for secret in COMPLAINANT_STRINGS:
            assert secret not in text, (template.id, secret)
    contacts = _letters_logged(case)
    assert len(contacts) == 6 and all(c.with_complainant is False for c in contacts)


def _letters_logged(case: DocCase) -> list[Contact]:
    with case.svc.ctx.session() as s:
        return list(s.scalars(select(Contact).where(Contact.method == "letter", Contact.outcome == "sent",
                                                    Contact.notes.contains("SHA-256"))))


def test_a_complainant_identity_in_the_content_refuses_the_letter(case: DocCase) -> None:
    with case.svc.ctx.session() as s:
        s.execute(update(Incident).where(Incident.description == "Shouting in the car park")
                  .values(description="Shouting at Zoë in the car park"))
    before = case.svc.documents.generated(case.reference)
    with pytest.raises(RuleBlocked, match="complainant's first name"):
        case.svc.documents.letter(case.reference, "warning_letter")
    assert case.svc.documents.generated(case.reference) == before and _letters_logged(case) == []


def test_a_confidential_note_never_reaches_the_perpetrator(case: DocCase) -> None:
    with case.svc.ctx.session() as s:
        s.execute(update(Incident).where(Incident.description == "Shouting in the car park")
                  .values(description="Called back after midnight."))  # the text of a confidential note
    with pytest.raises(RuleBlocked, match="confidential note"):
        case.svc.documents.letter(case.reference, "warning_letter")


def test_complainant_letters_and_their_rules(case: DocCase, tmp_path: Path) -> None:
    out = case.svc.documents.letter(case.reference, "acknowledgement", "pdf")
    text = _flat(_write(tmp_path, "ack.pdf", out.data))
    assert ZOE in text and "Officer to visit Flat 4 within 5 working days." in text and ORG in text
    with pytest.raises(RuleBlocked, match="two failed contact attempts"):
        case.svc.documents.letter(case.reference, "failed_contact")
    with pytest.raises(RuleBlocked, match="16.1"):
        case.svc.documents.letter(case.reference, "closure")
    with pytest.raises(ValidationError, match="interview_at"):
        case.svc.documents.letter(case.reference, "interview_invitation")
    with pytest.raises(ValidationError, match="kind"):
        case.svc.documents.letter(case.reference, "no_such_letter")
    (logged,) = _letters_logged(case)
    assert logged.with_complainant is True


def test_template_fields_are_checked_when_loaded(tmp_path: Path) -> None:
    base = {"id": "x", "title": "X letter", "recipient": "alleged_perpetrator", "subject": "About $case_reference"}
    with pytest.raises(FormError, match=r"letters/x.toml uses the field '\$agreed_actions'"):
        parse_template({**base, "body": "Dear $recipient_name, $agreed_actions"}, "letters/x.toml")
    with pytest.raises(FormError, match="'\\$complainant_name'"):
        parse_template({**base, "body": "Dear ${complainant_name}"}, "letters/x.toml")
    with pytest.raises(FormError, match="not a field"):
        parse_template({**base, "body": "Pay $ 5"}, "letters/x.toml")
    ok = parse_template({**base, "body": "Dear $recipient_name, see you $when", "needs": {"when": "when"}}, "x")
    assert ok.fields() >= {"recipient_name", "when", "allegations"}
    assert len(load_letter_templates()) == 11


def test_appendix_1_and_2_from_the_case(case: DocCase, tmp_path: Path) -> None:
    docs = case.svc.documents
    case.svc.risk.assess(case.reference, {"targeted": True, "repeat": True, "violence": True, "fear": True},
                         actions=["marac_referral"], notes="Threats made on the stairwell.")
    risk = _flat(_write(tmp_path, "a1.pdf", docs.risk_assessment(case.reference, "pdf").data))
    assert "Victim risk assessment (Appendix 1)" in risk and "Risk band: HIGH" in risk
    assert "Has there been violence or a threat of violence?" in risk and "Referral to MARAC" in risk
    answers = docs.peia_prefill(case.reference)
    assert "Anxiety; lives alone" in answers["vulnerabilities"]
    assert "Warning letter: completed" in answers["remedies_tried"]
    assert "Injunction: proposed" in answers["proposed_action"]
    assert "Jörg Müller-Ødegård" in answers["household"] and "3 incident(s)" in answers["evidence"]
    with pytest.raises(ValidationError, match="not one of its questions"):
        case.svc.remedies.peia_complete(case.reference, {"made_up": "x"})
    with pytest.raises(RuleBlocked, match="not complete"):  # 14.4: every required question answered
        case.svc.remedies.peia_complete(case.reference, {**answers, "proportionate": True, "conclusion": "Proportionate: threats."})
    case.svc.remedies.peia_complete(case.reference, complete_peia(**{k: v for k, v in answers.items() if v}, proportionate=True,
                                                 conclusion="Proportionate: threats."))
    case.svc.remedies.peia_sign(case.reference, as_manager=False)
    peia = _flat(_write(tmp_path, "a2.pdf", docs.peia(case.reference, "pdf").data))
    assert "Status: completed" in peia and "Proportionate: threats." in peia and "Anxiety; lives alone" in peia
    assert "Name: not yet signed" in peia  # the manager has not signed yet
    docx = [_write(tmp_path, "a1.docx", docs.risk_assessment(case.reference, "docx").data),
            _write(tmp_path, "a2.docx", docs.peia(case.reference, "docx").data),
            _write(tmp_path, "warning.docx", docs.letter(case.reference, "warning_letter", "docx").data)]
    for pdf in libreoffice_to_pdf(docx, tmp_path):
        pages, size = pdf_pages(pdf)
        assert size == pytest.approx((595.28, 841.89), abs=1.0)
        text = _flat(pdf)
        assert f"Page 1 of {pages}" in text and "ASB-2026-00007" in text
        assert "Zoë" not in text or pdf.stem != "warning"
    generated = docs.generated(case.reference)
    assert [g.kind for g in generated] == ["risk_assessment", "peia", "risk_assessment", "peia",
                                           "letter_warning_letter"]
    for g in generated:
        assert hashlib.sha256(g.path.read_bytes()).hexdigest() == g.sha256

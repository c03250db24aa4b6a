"""The injunction hearing's required documents (Part 1 Anti-social Behaviour, Crime and Policing Act 2014;
CPR 65.43), as the pure bundle check sees them."""

from __future__ import annotations

from datetime import date

from asb_desktop.domain.bundle_checks import BundleFacts, DocumentFact, check_bundle, under_18_on

CLAIM = DocumentFact("Claim form N16A", True, "The respondent is entitled to a reasonable opportunity to obtain "
                     "legal representation and to apply for legal aid which may be available without any means test.")
DRAFT = DocumentFact("Draft injunction order", True)


def problems(*docs: DocumentFact, statements: int = 1, under_18: bool | None = False) -> list[str]:
    return [str(f) for f in check_bundle(BundleFacts("injunction", documents=docs, statements=statements,
                                                     respondent_under_18=under_18))]


def test_a_complete_injunction_bundle_has_no_findings() -> None:
    assert problems(CLAIM, DRAFT) == []


def test_each_missing_document_is_named_with_its_rule() -> None:
    found = problems(statements=0)
    assert len(found) == 3, found
    assert "the claim form (N16A)" in found[0] and "CPR 65.43(2)(a) and (3)" in found[0]
    assert "the draft order" in found[1] and "CPR 65.43(3)(b)" in found[1]
    assert "supported by a witness statement" in found[2] and "CPR 65.43(2)(c)" in found[2]
    assert all(f.startswith("WARN: the bundle:") for f in found)


def test_a_document_left_out_of_the_bundle_does_not_count() -> None:
    found = problems(CLAIM, DocumentFact("Draft injunction order", False))
    assert len(found) == 1 and "the draft order" in found[0]


def test_the_claim_form_must_carry_the_legal_aid_statement_when_its_text_was_read() -> None:
    found = problems(DocumentFact("Claim form N16A", True, "Terms of the injunction applied for: ..."), DRAFT)
    assert found == ["WARN: Claim form N16A: it does not say that the respondent is entitled to a reasonable "
                     "opportunity to obtain legal representation and to apply for legal aid, which may be available "
                     "without any means test (CPR 65.43(2)(d)): the application must include that statement"]
    assert problems(DocumentFact("Claim form N16A", True, ""), DRAFT) == []  # a scan with no text: not judged


def test_a_respondent_under_18_needs_the_youth_offending_team_consulted_and_the_youth_court() -> None:
    found = problems(CLAIM, DRAFT, under_18=True)
    assert any("youth offending team was consulted" in f and "section 14(1)(a)" in f for f in found), found
    assert any("youth court" in f and "section 1(8)(a)" in f for f in found), found
    found = problems(CLAIM, DRAFT, DocumentFact("Consultation with the youth offending team", True), under_18=True)
    assert not [f for f in found if "consulted" in f]
    assert not [f for f in problems(CLAIM, DRAFT, under_18=None) if "youth" in f]  # no date of birth: not asked


def test_under_18_on_the_date_of_the_application() -> None:
    assert under_18_on([date(2008, 12, 1)], date(2026, 11, 30)) is True
    assert under_18_on([date(2008, 12, 1)], date(2026, 12, 1)) is False
    assert under_18_on([None], date(2026, 12, 1)) is None and under_18_on([], date(2026, 12, 1)) is None


def test_the_other_hearings_do_not_ask_for_an_injunction_claim_form() -> None:
    for hearing in ("possession", "committal"):
        assert not [f for f in check_bundle(BundleFacts(hearing)) if "N16A" in str(f)]

"""The bundle check knows the hearing (domain/bundle_checks.py): possession needs the served notice and its
certificate; committal the order, its penal notice and proof of its service; unexhibited evidence is
listed; a changed exhibit stops the build."""

from __future__ import annotations

from asb_desktop.domain.bundle_checks import (
    BundleFacts,
    DocumentFact,
    EvidenceFact,
    NoticeFact,
    check_bundle,
)

SHA = "a" * 64


def _exhibit(mark: str = "AL1", stored: str | None = SHA, in_bundle: bool = True) -> EvidenceFact:
    return EvidenceFact(f"document letter.pdf ({mark})", (mark,), in_bundle, SHA, stored)


def _notice(served: bool = True, in_bundle: bool = True, certificate: bool = True) -> NoticeFact:
    return NoticeFact(1, "Notice of seeking possession (s83)", served, in_bundle, certificate)


def test_possession_with_served_notice_and_certificate_is_clean() -> None:
    assert check_bundle(BundleFacts("possession", [_notice()], [], [_exhibit()])) == []


def test_possession_without_any_notice_warns() -> None:
    found = check_bundle(BundleFacts("possession"))
    assert [f.severity for f in found] == ["warn"]
    assert "no notice seeking possession has been served" in found[0].problem


def test_possession_served_notice_left_out_of_the_bundle_warns() -> None:
    found = check_bundle(BundleFacts("possession", [_notice(in_bundle=False)]))
    assert len(found) == 1 and "put the served notice and its certificate of service" in found[0].problem


def test_possession_notice_not_served_or_certificate_missing() -> None:
    unserved = check_bundle(BundleFacts("possession", [_notice(served=False, certificate=False)]))
    assert [(f.severity, f.document) for f in unserved] == [("warn", "Notice 1 (Notice of seeking possession (s83))")]
    assert "service is not recorded" in unserved[0].problem
    no_cert = check_bundle(BundleFacts("possession", [_notice(certificate=False)]))
    assert len(no_cert) == 1 and "certificate of service is not in the bundle" in no_cert[0].problem


def test_committal_needs_order_penal_notice_and_proof_of_service() -> None:
    found = check_bundle(BundleFacts("committal"))
    problems = " | ".join(f.problem for f in found)
    assert all(f.severity == "warn" for f in found) and len(found) == 3
    assert "order said to have been breached" in problems and "penal notice" in problems
    assert "proof that the order was served" in problems


def test_committal_complete_with_penal_notice_on_the_order() -> None:
    docs = [DocumentFact("Injunction order of 3 March 2026", True, "PENAL NOTICE If you do not comply ..."),
            DocumentFact("Certificate of service of the injunction order", True)]
    assert check_bundle(BundleFacts("committal", documents=docs)) == []


def test_committal_order_without_penal_notice_and_a_draft_order_is_not_the_order() -> None:
    docs = [DocumentFact("Injunction order of 3 March 2026", True, "The defendant must not ..."),
            DocumentFact("Statement of service", True)]
    found = check_bundle(BundleFacts("committal", documents=docs))
    assert [("penal notice" in f.problem) for f in found] == [True]
    draft = check_bundle(BundleFacts("committal", documents=[DocumentFact("Draft order", True, "PENAL NOTICE")]))
    assert any("order said to have been breached" in f.problem for f in draft)


def test_committal_order_left_out_of_the_bundle_counts_as_missing() -> None:
    docs = [DocumentFact("Injunction order", False, "PENAL NOTICE"), DocumentFact("Certificate of service", True)]
    found = check_bundle(BundleFacts("committal", documents=docs))
    assert any("order said to have been breached" in f.problem for f in found)


# an injunction bundle with what CPR 65.43 asks for (tests/unit/test_injunction_bundle_checks.py), so the
# tests below see only the findings they are about
INJUNCTION_DOCS = (DocumentFact("Claim form N16A", True), DocumentFact("Draft injunction order", True))


def injunction(**facts: object) -> BundleFacts:
    return BundleFacts("injunction", documents=INJUNCTION_DOCS, statements=1, **facts)  # type: ignore[arg-type]


def test_possession_rules_do_not_apply_to_an_injunction_hearing() -> None:
    assert check_bundle(injunction()) == []
    assert not [f for f in check_bundle(BundleFacts("injunction")) if "notice" in str(f).lower()]


def test_unexhibited_evidence_is_listed_as_one_warning() -> None:
    loose = [EvidenceFact("photo hallway.jpg (added 01/02/2026)", (), False, SHA, None),
             EvidenceFact("noise night.wav (added 02/02/2026)", (), False, SHA, None)]
    found = check_bundle(injunction(evidence=[_exhibit(), *loose]))
    assert len(found) == 1 and found[0].severity == "warn"
    assert "2 evidence item(s)" in found[0].problem and "photo hallway.jpg" in found[0].problem
    assert "noise night.wav" in found[0].problem and "AL1" not in found[0].problem


def test_a_changed_exhibit_stops_and_is_named_first() -> None:
    found = check_bundle(BundleFacts("possession", evidence=[_exhibit("AL2", stored="b" * 64)]))
    assert found[0].severity == "stop" and found[0].document == "Exhibit AL2"
    assert "no longer matches the SHA-256 recorded at intake" in found[0].problem and SHA in found[0].problem
    assert "b" * 64 in found[0].problem


def test_a_changed_exhibit_not_in_the_bundle_or_not_checked_does_not_stop() -> None:
    assert not [f for f in check_bundle(injunction(evidence=[_exhibit(stored="b" * 64, in_bundle=False)]))
                if f.severity == "stop"]
    assert check_bundle(injunction(evidence=[_exhibit(stored=None)])) == []

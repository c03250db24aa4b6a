"""The procedure decisions that used to be made inline in services: each a pure domain function."""

from asb_desktop.domain import closure
from asb_desktop.domain.appendix_rules import NOT_COMPLETED, peia_sign_check
from asb_desktop.domain.enums import PartyRole
from asb_desktop.domain.identity_rules import (
    ANONYMOUS_STAYS_WITHHELD,
    PERPETRATOR_NOT_WITHHELD,
    withholding_check,
)
from asb_desktop.domain.review_group import review_group_allowed
from asb_desktop.domain.rules import Check

COMPLETE = Check(True, ["complete"])


def _sign(**kw: object) -> Check:
    args: dict[str, object] = dict(completed=True, completeness=COMPLETE, as_manager=False, officer_signed=False,
                                   officer_id=None, signer_id=7)
    args.update(kw)
    return peia_sign_check(**args)  # type: ignore[arg-type]


def test_appendix_2_is_signed_only_when_completed_and_complete() -> None:
    assert _sign().allowed
    assert _sign(completed=False).reasons == [NOT_COMPLETED]
    refused = _sign(completeness=Check(False, ["Appendix 2 has no conclusion."]))
    assert not refused.allowed and refused.reasons == [NOT_COMPLETED, "Appendix 2 has no conclusion."]
    # not completed wins even when the answers would be complete, and for the manager too
    assert _sign(completed=False, as_manager=True, officer_signed=True, officer_id=1).reasons == [NOT_COMPLETED]


def test_appendix_2_officer_first_then_a_different_manager() -> None:
    first = _sign(as_manager=True, officer_signed=False)
    assert not first.allowed and first.reasons == ["The officer signs Appendix 2 before the manager signs it off."]
    same = _sign(as_manager=True, officer_signed=True, officer_id=7, signer_id=7)
    assert not same.allowed and "different person" in same.message
    assert _sign(as_manager=True, officer_signed=True, officer_id=6, signer_id=7).allowed
    # the officer's own signature is not a four-eyes matter
    assert _sign(as_manager=False, officer_signed=True, officer_id=7, signer_id=7).allowed


def test_perpetrator_never_withheld_and_anonymous_always_withheld() -> None:
    perp, complainant, witness = (PartyRole.ALLEGED_PERPETRATOR.value, PartyRole.COMPLAINANT.value,
                                  PartyRole.WITNESS.value)
    assert withholding_check(perp, True, False).reasons == [PERPETRATOR_NOT_WITHHELD]
    assert withholding_check(perp, False, False).allowed
    assert withholding_check(witness, True, False).allowed
    assert withholding_check(witness, False, False).allowed
    assert withholding_check(complainant, False, True).reasons == [ANONYMOUS_STAYS_WITHHELD]
    assert withholding_check(complainant, True, True).allowed
    assert withholding_check(complainant, False, False).allowed


def test_review_group_only_on_a_restricted_case() -> None:
    assert review_group_allowed("ASB-2026-00001", True).allowed
    refused = review_group_allowed("ASB-2026-00001", False)
    assert not refused.allowed and refused.message.startswith("Case ASB-2026-00001 is not a restricted")
    assert "2024 5.9.1" in refused.message


def test_closing_reopening_and_satisfaction_depend_on_closure() -> None:
    ref = "ASB-2026-00002"
    assert closure.not_closed_yet(ref, False).allowed
    assert closure.not_closed_yet(ref, True).reasons == [f"Case {ref} is already closed."]
    assert closure.satisfaction_asked(ref, True).allowed
    assert not closure.satisfaction_asked(ref, False).allowed
    assert "satisfaction (TP12)" in closure.satisfaction_asked(ref, False).message
    assert closure.may_reopen(ref, True).allowed
    refused = closure.may_reopen(ref, False)
    assert not refused.allowed and refused.message.startswith(f"Case {ref} is still open: add the new report")


def test_closure_letter_needs_a_closure_reason() -> None:
    assert closure.closure_letter("ceased").allowed
    for missing in (None, ""):
        refused = closure.closure_letter(missing)
        assert refused.reasons == ["Close the case with a 16.1 reason before sending the closure letter."]


def test_one_legal_hold_at_a_time() -> None:
    from asb_desktop.domain.retention import may_set_hold

    assert may_set_hold("ASB-2026-00003", False).allowed
    assert may_set_hold("ASB-2026-00003", True).reasons == ["Case ASB-2026-00003 is already under a legal hold."]


def test_sar_answered_only_after_its_disclosure() -> None:
    from asb_desktop.domain.sar import may_mark_answered

    assert may_mark_answered(True).allowed
    refused = may_mark_answered(False)
    assert not refused.allowed and refused.message.startswith("The request cannot be marked answered")


def test_locked_statement_is_neither_reviewed_nor_reimported() -> None:
    from asb_desktop.domain import signing

    assert signing.may_review(2, locked=False).allowed
    assert signing.may_import_review(2, locked=False).allowed
    review = signing.may_review(2, locked=True)
    assert not review.allowed and "nothing left for the witness to review" in review.message
    imported = signing.may_import_review(3, locked=True)
    assert not imported.allowed and imported.message.startswith("Statement 3 is signed and locked: the review pack")


def test_notes_in_plain_english_unless_kept_on_purpose() -> None:
    from asb_desktop.domain.plain_english import check_plain_english, notes_check

    flagged = "Spoke to the tenant tho they were not in"
    assert check_plain_english(flagged)  # the word list flags it
    refused = notes_check(flagged, allow_flagged=False)
    assert not refused.allowed and refused.message.startswith("Notes must be in plain English")
    assert "'tho'" in refused.message
    assert notes_check(flagged, allow_flagged=True).allowed
    assert notes_check("Spoke to the tenant at home.", allow_flagged=False).allowed


def test_who_may_log_a_report() -> None:
    from asb_desktop.domain.access_rules import may_log_report
    from asb_desktop.domain.enums import Role

    for role in (Role.OFFICER, Role.SCHEME_OFFICER, Role.TEAM_LEADER, Role.MANAGER):
        assert may_log_report({role}).allowed
    assert may_log_report({Role.ADMINISTRATOR, Role.OFFICER}).allowed
    refused = may_log_report({Role.ADMINISTRATOR})
    assert refused.reasons == ["Only an officer, scheme officer, team leader or manager can log a report."]
    assert not may_log_report(set()).allowed


def test_anonymous_or_withheld_identity_stays_out_of_court_papers() -> None:
    from asb_desktop.domain.identity_rules import identity_withheld, withheld_identity_check

    assert identity_withheld(True, False) and identity_withheld(False, True) and identity_withheld(True, True)
    assert not identity_withheld(False, False)
    assert withheld_identity_check("The pack contains ", [], ". Fix it.").allowed
    one = withheld_identity_check("The pack contains ", ["the name of the withheld witness (1)"], ". Fix it.")
    assert not one.allowed and one.reasons == ["The pack contains the name of the withheld witness (1). Fix it."]
    two = withheld_identity_check("It would show ", ["the name of A on page 1", "the address of B on page 2"],
                                  "; nothing was written.")
    assert two.reasons == ["It would show the name of A on page 1; the address of B on page 2; nothing was written."]


def test_statement_witness_is_named_and_a_witness() -> None:
    from asb_desktop.domain.identity_rules import (
        STATEMENT_ROLES,
        statement_role_problem,
        statement_witness_check,
    )

    assert statement_witness_check(False, False).allowed
    anonymous = statement_witness_check(True, True)
    assert not anonymous.allowed and anonymous.message.startswith("This witness's identity is anonymous: their")
    assert "hearsay notice (Civil Evidence Act 1995)" in anonymous.message
    assert statement_witness_check(False, True).message.startswith("This witness's identity is withheld:")
    for role in (PartyRole.COMPLAINANT, PartyRole.WITNESS, PartyRole.PROFESSIONAL_WITNESS):
        assert statement_role_problem(role.value) is None and role.value in STATEMENT_ROLES
    assert statement_role_problem(PartyRole.ALLEGED_PERPETRATOR.value) == \
        "the alleged perpetrator on this case, not a witness"


def test_the_57_checklist_only_for_an_anonymous_complainant() -> None:
    from asb_desktop.domain.identity_rules import (
        ANONYMOUS_CHECKLIST,
        NO_CHECKLIST,
        checklist_allowed,
        checklist_missing,
        checklist_points_problem,
    )

    assert checklist_allowed(True).allowed
    assert checklist_allowed(False).reasons == [NO_CHECKLIST]
    assert NO_CHECKLIST == "This case has no anonymous complainant, so there is no 5.7 checklist."
    assert checklist_points_problem(["reassured"]) is None
    assert checklist_points_problem(list(ANONYMOUS_CHECKLIST)) is None
    assert checklist_points_problem([]) == f"choose from {', '.join(ANONYMOUS_CHECKLIST)}"
    assert checklist_points_problem(["reassured", "made_up"]) == \
        f"choose from {', '.join(ANONYMOUS_CHECKLIST)} (not made_up)"
    assert checklist_missing({k: True for k in ANONYMOUS_CHECKLIST}) == []
    missing = checklist_missing({"reassured": True, "no_pressure": False})
    assert missing == [ANONYMOUS_CHECKLIST[k] for k in ANONYMOUS_CHECKLIST if k != "reassured"]


def test_statement_final_only_with_every_finding_fixed_or_waived() -> None:
    from asb_desktop.domain import signing

    assert signing.may_finalise(4, [], findings=[]).allowed
    refused = signing.may_finalise(4, [], findings=[("pd32-truth", "No statement of truth.")])
    assert refused.reasons == ["Statement 4 cannot be made final until each of these is fixed or waived with a "
                               "reason:", "[pd32-truth] No statement of truth."]
    request = signing.ChangeRequest("abcdef123456", 2, "Change the date")
    both = signing.may_finalise(4, [request], findings=[("pd32-truth", "No statement of truth.")])
    assert not both.allowed and "[abcdef12] paragraph 2" in both.message and "[pd32-truth]" in both.message
    locked = signing.may_finalise(4, [request], locked=True, findings=[("k", "m")])
    assert locked.reasons == ["Statement 4 is signed; a change makes the witness's next statement."]


def test_failed_contact_letter_after_two_failures_since_the_last_conversation() -> None:
    from datetime import datetime

    from asb_desktop.domain.contact_letter import (
        LETTER_TEMPLATE,
        Attempt,
        attempts_wording,
        completes_letter_task,
        failed_contacts,
        letter_check,
    )
    from asb_desktop.domain.enums import ContactOutcome

    first, second = datetime(2026, 12, 3, 10, 15), datetime(2026, 12, 4, 18, 30)
    one = failed_contacts([Attempt(first, ContactOutcome.NO_ANSWER)])
    two = failed_contacts([Attempt(first, ContactOutcome.NO_ANSWER), Attempt(second, ContactOutcome.NO_ANSWER)])
    refused = letter_check(LETTER_TEMPLATE, one)
    assert refused.reasons == ["This letter follows two failed contact attempts since the last successful contact "
                               "(7.6); 1 are recorded."]
    assert letter_check(LETTER_TEMPLATE, two).allowed
    assert letter_check("warning_letter", one).allowed  # another letter is not this rule's concern
    assert attempts_wording(two) == "3 December 2026 at 10:15, 4 December 2026 at 18:30"
    assert completes_letter_task(LETTER_TEMPLATE) and not completes_letter_task("closure")

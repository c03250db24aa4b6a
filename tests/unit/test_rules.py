from datetime import datetime, timedelta

from asb_desktop.domain import rules
from asb_desktop.domain.enums import ClosureReason, Role
from asb_desktop.domain.rules import UserRef

OFFICER = UserRef(1, "Olu Officer", frozenset({Role.OFFICER}))
LEADER = UserRef(2, "Tara Leader", frozenset({Role.TEAM_LEADER}))
MANAGER = UserRef(3, "Mo Manager", frozenset({Role.MANAGER}))
SCHEME = UserRef(4, "Sam Scheme", frozenset({Role.SCHEME_OFFICER}))


def test_colleague_assessment_is_48_clock_hours() -> None:
    d = rules.colleague_assessment_deadline(datetime(2026, 11, 20, 16, 30))  # Friday afternoon
    assert d.due == datetime(2026, 11, 22, 16, 30)  # Sunday: clock hours, not working days
    assert "48 hours" in d.reason and "5.9.1" in d.reason


def test_triage_two_of_three_requires_full_assessment() -> None:
    assert rules.triage_outcome([True, True, False]).allowed
    assert rules.triage_outcome([True, True, True]).allowed
    assert not rules.triage_outcome([True, False, False]).allowed
    assert not rules.triage_outcome([True, None, False]).allowed
    assert "not answered" in rules.triage_outcome([True, None, None]).message


def test_employee_case_goes_to_a_team_leader_and_is_restricted() -> None:
    a = rules.assign(requested=OFFICER, employee_involved=True, supported_housing=False, scheme_officer=None,
                     team_leaders=[MANAGER, LEADER])
    assert a.officer == LEADER and a.restricted
    assert "5.9" in a.reason and "instead of Olu Officer" in a.reason
    kept = rules.assign(requested=MANAGER, employee_involved=True, supported_housing=False, scheme_officer=None,
                        team_leaders=[LEADER])
    assert kept.officer == MANAGER and kept.restricted
    none = rules.assign(requested=OFFICER, employee_involved=True, supported_housing=False, scheme_officer=None,
                        team_leaders=[])
    assert none.officer is None and none.restricted and "no Team Leader" in none.reason


def test_supported_housing_goes_to_the_scheme_officer_first() -> None:
    a = rules.assign(requested=OFFICER, employee_involved=False, supported_housing=True, scheme_officer=SCHEME,
                     team_leaders=[LEADER])
    assert a.officer == SCHEME and not a.restricted and "5.4" in a.reason
    assert not rules.referral_from_scheme(0).allowed
    assert "5.5" in rules.referral_from_scheme(0).message
    assert rules.referral_from_scheme(2).allowed


def test_ordinary_case_goes_to_the_requested_officer() -> None:
    a = rules.assign(requested=OFFICER, employee_involved=False, supported_housing=False, scheme_officer=None,
                     team_leaders=[LEADER])
    assert a.officer == OFFICER and not a.restricted


def test_anonymous_complainants_get_no_feedback_letters() -> None:
    assert not rules.feedback_letters(True).allowed
    assert "anonymous" in rules.feedback_letters(True).message
    assert rules.feedback_letters(False).allowed


def test_third_party_gets_nothing_without_consent() -> None:
    assert not rules.third_party_disclosure(False).allowed
    assert not rules.third_party_disclosure(None).allowed
    assert rules.third_party_disclosure(True).allowed


def test_complainant_contact_at_least_fortnightly() -> None:
    opened = datetime(2026, 11, 1, 9)
    assert rules.next_complainant_contact(None, opened, None).due == opened + timedelta(days=14)
    assert rules.next_complainant_contact(None, opened, 7).due == opened + timedelta(days=7)
    capped = rules.next_complainant_contact(None, opened, 28)
    assert capped.due == opened + timedelta(days=14) and "fortnightly" in capped.reason
    last = datetime(2026, 11, 10, 9)
    assert rules.next_complainant_contact(last, opened, 10).due == last + timedelta(days=10)


def test_legal_gate_needs_non_legal_or_exception_and_signed_peia() -> None:
    ok = dict(non_legal_considered=True, exception=None, peia_complete=True, peia_officer_signed=True,
              peia_manager_signed=True)
    assert rules.legal_gate(**ok).allowed
    blocked = rules.legal_gate(**{**ok, "non_legal_considered": False})
    assert not blocked.allowed and "14.1" in blocked.message
    assert rules.legal_gate(**{**ok, "non_legal_considered": False, "exception": "threats with a knife"}).allowed
    for key, clause in (("peia_complete", "not complete"), ("peia_officer_signed", "signed by the officer"),
                        ("peia_manager_signed", "manager")):
        check = rules.legal_gate(**{**ok, key: False})
        assert not check.allowed and clause in check.message and "14.4" in check.message


def test_closure_only_with_a_16_1_reason() -> None:
    assert not rules.closure(None).allowed
    assert not rules.closure("fed up").allowed
    assert "nuisance_ceased" in rules.closure("fed up").message
    for reason in ClosureReason:
        assert rules.closure(reason.value).allowed


def test_quiet_for_four_weeks_is_proposed_for_closure() -> None:
    now = datetime(2026, 11, 23, 9)
    assert rules.proposed_for_closure(now - timedelta(days=28), now).allowed
    assert not rules.proposed_for_closure(now - timedelta(days=27, hours=23), now).allowed
    assert "16.1" in rules.proposed_for_closure(now - timedelta(days=40), now).message


def test_domestic_abuse_routes_to_separate_handling() -> None:
    titles = [t for t, _ in rules.domestic_abuse_tasks()]
    assert any("Domestic Abuse" in t for t in titles) and any("safeguarding" in t for t in titles)

"""The 2024 5.9 / 5.5 access rules and the 14.4 Appendix 2 completeness rule, as plain functions."""

from __future__ import annotations

from dataclasses import dataclass

from asb_desktop.documents.appendices import load_peia
from asb_desktop.domain.access_rules import PartyFact, employee_handling, involves_employee, may_take_case
from asb_desktop.domain.appendix_rules import answered, peia_completeness, peia_supports_action
from asb_desktop.domain.enums import Role
from asb_desktop.domain.rules import UserRef

OFFICER = UserRef(1, "Olu Officer", frozenset({Role.OFFICER}))
SCHEME = UserRef(2, "Sam Scheme", frozenset({Role.SCHEME_OFFICER}))
LEADER = UserRef(3, "Tara Leader", frozenset({Role.TEAM_LEADER}))
MANAGER = UserRef(4, "Mo Manager", frozenset({Role.MANAGER}))
NEIGHBOUR = PartyFact("complainant", False)
EMPLOYEE = PartyFact("alleged_perpetrator", True)


def test_employee_involvement_counts_parties_and_colleague_harassment_but_not_professional_witnesses() -> None:
    assert not involves_employee([NEIGHBOUR], False)
    assert involves_employee([NEIGHBOUR, EMPLOYEE], False)
    assert involves_employee([PartyFact("witness", True)], False)
    assert not involves_employee([PartyFact("professional_witness", True)], False)
    assert involves_employee([NEIGHBOUR], True)


def test_employee_handling_restricts_and_moves_to_a_team_leader() -> None:
    assert employee_handling(parties=[NEIGHBOUR], colleague_harassed=False, already_restricted=False,
                             assigned=OFFICER, team_leaders=[MANAGER, LEADER]) is None
    moved = employee_handling(parties=[EMPLOYEE], colleague_harassed=False, already_restricted=False,
                              assigned=OFFICER, team_leaders=[MANAGER, LEADER])
    assert moved is not None and moved.officer == LEADER and moved.reassigned
    assert "instead of Olu Officer" in moved.reason and "5.9" in moved.reason
    kept = employee_handling(parties=[], colleague_harassed=True, already_restricted=False, assigned=MANAGER,
                             team_leaders=[LEADER])
    assert kept is not None and kept.officer == MANAGER and not kept.reassigned  # restricted, same holder
    assert employee_handling(parties=[EMPLOYEE], colleague_harassed=False, already_restricted=True,
                             assigned=LEADER, team_leaders=[LEADER]) is None
    nobody = employee_handling(parties=[EMPLOYEE], colleague_harassed=False, already_restricted=False,
                               assigned=OFFICER, team_leaders=[])
    assert nobody is not None and nobody.officer is None and "no Team Leader" in nobody.reason


def _take(target: UserRef, *, employee: bool = False, supported: bool = True, attempts: int = 0,
          referral: bool = False) -> tuple[bool, str]:
    check = may_take_case(target=target, employee_involved=employee, supported_housing=supported,
                          scheme_officer=SCHEME, scheme_attempts=attempts, referral=referral)
    return check.allowed, check.message


def test_assignment_and_referral_of_a_supported_housing_case() -> None:
    allowed, why = _take(OFFICER)
    assert not allowed and "Sam Scheme" in why and "scheme attempt" in why and "5.5" in why
    assert _take(SCHEME)[0]  # back to the scheme officer is always allowed
    allowed, why = _take(OFFICER, attempts=1)
    assert allowed and "5.5" in why
    assert not _take(OFFICER, referral=True)[0]
    allowed, why = _take(SCHEME, attempts=2, referral=True)
    assert not allowed and "not a Housing or Enforcement Officer" in why
    assert _take(OFFICER, attempts=1, referral=True)[0]
    allowed, why = _take(OFFICER, supported=False, attempts=1, referral=True)
    assert not allowed and "Only a supported-housing case" in why
    assert _take(OFFICER, supported=False)[0]


def test_employee_cases_stay_with_team_leaders() -> None:
    allowed, why = _take(OFFICER, employee=True, supported=False)
    assert not allowed and "Team Leader or above (2024 5.9)" in why
    assert _take(MANAGER, employee=True)[0]  # held by team leaders, so the scheme-attempt rule does not apply
    assert not _take(OFFICER, employee=True, attempts=1, referral=True)[0]


@dataclass(frozen=True)
class Q:
    id: str
    text: str
    kind: str = "text"
    required: bool = True
    conclusion: bool = False


def test_appendix_2_is_complete_only_when_every_required_question_is_answered() -> None:
    questions = [Q("aim", "What is the aim?"), Q("ok", "Proportionate?", "yesno"), Q("extra", "Other", required=False),
                 Q("why", "Conclusion", required=False, conclusion=True)]
    assert answered("yesno", False) and not answered("yesno", None) and not answered("text", "  ")
    assert not peia_completeness(questions, None).allowed
    one = peia_completeness(questions, {"aim": "Stop the noise", "why": "Proportionate"})
    assert not one.allowed and "1 required question(s)" in one.message and "Proportionate?" in one.message
    blank = peia_completeness(questions, {"aim": " ", "ok": None, "why": "x"})
    assert not blank.allowed and "2 required" in blank.message
    assert peia_completeness(questions, {"aim": "Stop the noise", "ok": False, "why": "x"}).allowed


def test_appendix_2_needs_a_conclusion_and_a_no_keeps_the_gate_shut() -> None:
    questions = [Q("aim", "What is the aim?"), Q("ok", "Proportionate?", "yesno", conclusion=True),
                 Q("why", "Conclusion and reasons", required=False, conclusion=True)]
    no_conclusion = peia_completeness(questions, {"aim": "Stop the noise"})
    assert not no_conclusion.allowed and "has no conclusion" in no_conclusion.message
    assert "Conclusion and reasons" in no_conclusion.message  # a conclusion is required whatever `required` says
    assert not peia_completeness(questions, {"aim": "x", "ok": True}).allowed
    form_without = peia_completeness([Q("aim", "What is the aim?")], {"aim": "x"})
    assert not form_without.allowed and "no conclusion question" in form_without.message
    full = {"aim": "x", "ok": True, "why": "Lesser steps failed."}
    assert peia_completeness(questions, full).allowed and peia_supports_action(questions, full).allowed
    against = peia_supports_action(questions, {**full, "ok": False})
    assert not against.allowed and "not proportionate" in against.message


def test_the_shipped_form_needs_every_question() -> None:
    form = load_peia()
    assert all(q.required for q in form.questions)
    assert {q.id for q in form.questions if q.conclusion} == {"proportionate", "conclusion"}
    full = {q.id: True if q.kind == "yesno" else "answered" for q in form.questions}
    assert peia_completeness(form.questions, full).allowed
    check = peia_completeness(form.questions, {"proposed_action": "Injunction"})
    assert not check.allowed and f"{len(form.questions) - 3} required" in check.message
    assert "has no conclusion" in check.message

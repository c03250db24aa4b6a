"""The one intake decision (domain.intake.decide) the wizard preview and the case service share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from asb_desktop.domain.enums import Role
from asb_desktop.domain.intake import PropertyOnFile, decide, scheme_of
from asb_desktop.domain.rules import UserRef

OLU = UserRef(1, "Olu Officer", frozenset({Role.OFFICER}))
SAM = UserRef(2, "Sam Scheme", frozenset({Role.SCHEME_OFFICER}))
SIAN = UserRef(3, "Sian Scheme", frozenset({Role.SCHEME_OFFICER}))
TARA = UserRef(4, "Tara Leader", frozenset({Role.TEAM_LEADER}))
QUESTIONS = ["targeted", "afraid", "health"]


def _decide(**given: Any) -> Any:
    facts: dict[str, Any] = {
        "actor": OLU, "requested": None, "staff": [OLU, SAM, SIAN, TARA], "employee_involved": False,
        "typed_scheme_name": None, "typed_scheme_officer": None, "on_file": None,
        "triage_answers": {}, "triage_questions": QUESTIONS, "triage_threshold": 2,
        "received_at": datetime(2026, 11, 20, 10), "serious": False, "region": "ENG"}
    return decide(**{**facts, **given})


def test_an_address_on_file_with_a_scheme_officer_goes_to_that_officer() -> None:
    on_file = PropertyOnFile("Riverside Extra Care", SAM)
    decision = _decide(on_file=on_file)
    assert decision.assignment.officer == SAM and "2024 5.4" in decision.assignment.reason
    assert decision.supported_housing


def test_a_scheme_officer_typed_in_replaces_the_one_on_file_and_the_scheme_name_stays() -> None:
    on_file = PropertyOnFile("Riverside Extra Care", SAM)
    assert scheme_of("Other name", SIAN, on_file) == ("Riverside Extra Care", SIAN)
    assert _decide(on_file=on_file, typed_scheme_officer=SIAN).assignment.officer == SIAN
    assert scheme_of("Willow Court", SAM, None) == ("Willow Court", SAM)
    assert scheme_of("", None, PropertyOnFile(None, None)) == (None, None)


def test_an_ordinary_address_goes_to_the_officer_taking_the_report() -> None:
    decision = _decide(on_file=PropertyOnFile(None, None))
    assert decision.assignment.officer == OLU and not decision.supported_housing
    assert _decide(actor=SAM).assignment.officer is None  # a scheme officer does not take it by default


def test_employee_beats_scheme_and_triage_and_deadline_are_decided_too() -> None:
    decision = _decide(on_file=PropertyOnFile("Riverside Extra Care", SAM), employee_involved=True,
                       triage_answers={"targeted": True, "afraid": True}, serious=True)
    assert decision.assignment.officer == TARA and decision.assignment.restricted
    assert decision.triage.allowed and "6.1" in decision.triage.message
    assert decision.deadline.due == datetime(2026, 11, 23, 23, 59, 59)  # Friday + 1 working day


def test_an_empty_report_is_refused_and_any_one_essential_is_enough() -> None:
    from asb_desktop.domain.intake import report_is_empty

    assert report_is_empty([], "  ", 0, 0) is not None
    assert "category" in (report_is_empty([], "", 0, 0) or "")
    assert report_is_empty(["Noise"], "", 0, 0) is None
    assert report_is_empty([], "Music at night", 0, 0) is None
    assert report_is_empty([], "", 1, 0) is None
    assert report_is_empty([], "", 0, 1) is None

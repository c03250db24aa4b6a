"""Domain rules for 3.1 / 4.1-4.3 (lettings), 2024 5.9.1 (colleague review group) and 17 (publicity)."""

from __future__ import annotations

from datetime import date

from asb_desktop.domain.lettings import is_new_tenancy, new_tenant_contact_window, pretenancy_problems
from asb_desktop.domain.publicity import age_on, publicity_blockers, restriction_banner, under_18
from asb_desktop.domain.review_group import review_group_problems

MEMBERS = {"line_manager": "A", "health_and_safety": "B", "hr": "C", "housing_manager": "D"}


def test_contact_window_is_weeks_four_to_six_and_says_so() -> None:
    w = new_tenant_contact_window(date(2026, 11, 2))
    assert (w.not_before, w.due_on) == (date(2026, 11, 30), date(2026, 12, 14))
    assert "not before 30 November 2026" in w.reason and "due by 14 December 2026" in w.reason
    assert "3.1" in w.reason


def test_new_tenancy_only_while_the_window_is_open() -> None:
    today = date(2026, 11, 23)
    assert is_new_tenancy(date(2026, 11, 1), today)
    assert is_new_tenancy(date(2026, 12, 7), today)  # starts soon
    assert not is_new_tenancy(date(2026, 10, 1), today)  # six weeks passed
    assert not is_new_tenancy(None, today)


def test_pretenancy_problems_name_the_field() -> None:
    assert pretenancy_problems("proceed", "No history", "") == []
    assert pretenancy_problems("maybe", "x", "")[0][0] == "decision"
    assert pretenancy_problems("proceed", " ", "")[0][0] == "reason"
    assert pretenancy_problems("decline", "history of noise", "")[0][0] == "risks"


def test_review_group_needs_every_role_and_escalation_when_not_agreed() -> None:
    assert review_group_problems(MEMBERS, "agreed", "Risk plan agreed", "") == []
    missing = review_group_problems({**MEMBERS, "hr": ""}, "agreed", "x", "")
    assert missing[0][0] == "members" and "HR" in missing[0][1]
    assert review_group_problems({**MEMBERS, "ceo": "E"}, "agreed", "x", "")[0][0] == "members"
    esc = review_group_problems(MEMBERS, "not_agreed", "", "")
    assert esc[0][0] == "escalated_to" and "Director of Operations" in esc[0][1]
    assert review_group_problems(MEMBERS, "not_agreed", "", "Dee Director") == []
    assert review_group_problems(MEMBERS, "later", "", "")[0][0] == "decision"


def test_publicity_blockers() -> None:
    assert publicity_blockers(True, False, False, []) == []
    assert any("manager" in b for b in publicity_blockers(False, False, False, []))
    assert any("under 18" in b for b in publicity_blockers(True, True, False, []))
    assert publicity_blockers(True, True, True, []) == []
    assert any("reporting restrictions" in b for b in publicity_blockers(True, False, False, ["s45 order"]))


def test_ages_and_banner() -> None:
    assert age_on(date(2008, 11, 24), date(2026, 11, 23)) == 17
    assert age_on(date(2008, 11, 23), date(2026, 11, 23)) == 18
    assert under_18([None, date(2010, 1, 1)], date(2026, 11, 23))
    assert not under_18([None, date(1990, 1, 1)], date(2026, 11, 23))
    assert restriction_banner([]) == ""
    assert restriction_banner(["s45 order"]).startswith("REPORTING RESTRICTIONS: s45 order")

"""The edges of the procedure's rules: who an employee case goes to, the bank-holiday region, rank order
and the exact boundaries (>= against >), so a changed comparison or a dropped argument fails a test."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from asb_desktop.domain import rules
from asb_desktop.domain.enums import Role
from asb_desktop.domain.rules import RANK, UserRef

OFFICER = UserRef(1, "Olu Officer", frozenset({Role.OFFICER}))
SCHEME = UserRef(4, "Sam Scheme", frozenset({Role.SCHEME_OFFICER}))
ADMIN = UserRef(5, "Ada Admin", frozenset({Role.ADMINISTRATOR}))
# ids chosen so that sorting by id alone would pick the wrong person
MANAGER = UserRef(2, "Mo Manager", frozenset({Role.MANAGER}))
LEADER = UserRef(7, "Tara Leader", frozenset({Role.TEAM_LEADER}))
LEADER_2 = UserRef(9, "Tom Leader", frozenset({Role.TEAM_LEADER}))
OFFICER_AND_LEADER = UserRef(6, "Dual Role", frozenset({Role.OFFICER, Role.TEAM_LEADER}))
NO_ROLES = UserRef(8, "Nobody", frozenset())


def employee_case(requested: UserRef | None, leaders: list[UserRef]) -> rules.Assignment:
    return rules.assign(requested=requested, employee_involved=True, supported_housing=False,
                        scheme_officer=None, team_leaders=leaders)


# (a) an employee-involved case -----------------------------------------------------------------------

def test_employee_case_requested_for_a_team_leader_stays_with_that_team_leader() -> None:
    a = employee_case(LEADER_2, [LEADER])  # another Team Leader exists and would be chosen otherwise
    assert a.officer == LEADER_2 and a.restricted
    assert a.reason.startswith("Assigned to Tom Leader: an employee is involved") and "instead of" not in a.reason


def test_employee_case_requested_for_a_manager_is_accepted() -> None:
    a = employee_case(MANAGER, [LEADER])
    assert a.officer == MANAGER and a.restricted and "instead of" not in a.reason


def test_employee_case_requested_for_an_officer_goes_to_a_team_leader_instead() -> None:
    for below in (OFFICER, SCHEME, ADMIN, NO_ROLES):
        a = employee_case(below, [LEADER])
        assert a.officer == LEADER and a.restricted, below
        assert f"instead of {below.name}" in a.reason


def test_employee_case_with_nobody_requested_goes_to_a_team_leader() -> None:
    a = employee_case(None, [LEADER])
    assert a.officer == LEADER and a.restricted
    assert a.reason.startswith("Assigned to Tara Leader: an employee") and "instead of" not in a.reason


def test_employee_case_picks_the_lowest_ranked_then_the_first_added_leader() -> None:
    # MANAGER has the lowest id, so ordering by id alone (or highest rank first) would pick the manager
    assert employee_case(OFFICER, [MANAGER, LEADER_2, LEADER]).officer == LEADER
    assert employee_case(OFFICER, [LEADER_2, MANAGER, LEADER]).officer == LEADER
    assert employee_case(OFFICER, [MANAGER]).officer == MANAGER  # a manager when no team leader exists


def test_a_user_with_several_roles_ranks_by_the_highest() -> None:
    assert OFFICER_AND_LEADER.rank == RANK[Role.TEAM_LEADER]
    a = employee_case(OFFICER_AND_LEADER, [LEADER])
    assert a.officer == OFFICER_AND_LEADER and a.restricted
    assert NO_ROLES.rank == 0


def test_employee_case_outranks_supported_housing() -> None:
    a = rules.assign(requested=OFFICER, employee_involved=True, supported_housing=True, scheme_officer=SCHEME,
                     team_leaders=[LEADER])
    assert a.officer == LEADER and a.restricted


def test_employee_case_with_no_team_leader_is_unassigned_and_restricted() -> None:
    a = employee_case(None, [])
    assert a.officer is None and a.restricted and "no Team Leader user exists" in a.reason


# (c) rank order --------------------------------------------------------------------------------------

def test_a_manager_ranks_above_a_team_leader_above_an_officer() -> None:
    assert MANAGER.rank > LEADER.rank > OFFICER.rank > ADMIN.rank
    assert RANK[Role.MANAGER] > RANK[Role.TEAM_LEADER] > RANK[Role.OFFICER]
    assert RANK[Role.SCHEME_OFFICER] == RANK[Role.OFFICER]
    assert RANK[Role.ADMINISTRATOR] < RANK[Role.TEAM_LEADER]  # an administrator is not a case handler
    assert set(RANK) == set(Role)


# (b) the bank-holiday region -------------------------------------------------------------------------

@pytest.mark.parametrize(("received", "region", "holiday", "england_due", "region_due"), [
    # Monday 30 November 2026 is St Andrew's Day in Scotland only
    (datetime(2026, 11, 27, 15), "SCT", date(2026, 11, 30), date(2026, 11, 30), date(2026, 12, 1)),
    # Tuesday 17 March 2026 is St Patrick's Day in Northern Ireland only
    (datetime(2026, 3, 16, 9), "NIR", date(2026, 3, 17), date(2026, 3, 17), date(2026, 3, 18)),
    # Friday 2 January 2026 is a bank holiday in Scotland only (1 January is one everywhere)
    (datetime(2025, 12, 31, 12), "SCT", date(2026, 1, 2), date(2026, 1, 2), date(2026, 1, 5)),
])
def test_a_regional_bank_holiday_moves_the_serious_response_deadline(
        received: datetime, region: str, holiday: date, england_due: date, region_due: date) -> None:
    england = rules.response_deadline(received, serious=True, high_risk=False)
    explicit = rules.response_deadline(received, serious=True, high_risk=False, region="ENG")
    regional = rules.response_deadline(received, serious=True, high_risk=False, region=region)
    assert england.due == explicit.due == datetime.combine(england_due, datetime.max.time()).replace(microsecond=0)
    assert regional.due == datetime(region_due.year, region_due.month, region_due.day, 23, 59, 59)
    assert f"{holiday:%a %d %b}" in regional.reason and f"{holiday:%a %d %b}" not in england.reason


def test_a_regional_bank_holiday_moves_the_three_day_deadline() -> None:
    received = datetime(2026, 11, 26, 10)  # Thursday; three working days in England ends Tuesday 1 December
    assert rules.response_deadline(received, False, False, region="ENG").due.date() == date(2026, 12, 1)
    scotland = rules.response_deadline(received, False, False, region="SCT")
    assert scotland.due.date() == date(2026, 12, 2) and "Saint Andrew" in scotland.reason


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="bank-holiday region"):
        rules.response_deadline(datetime(2026, 11, 23, 9), True, False, region="XYZ")


# response deadline: days and reasons -----------------------------------------------------------------

@pytest.mark.parametrize(("serious", "high_risk", "days", "why"), [
    (True, True, 1, "serious and assessed as high risk"),
    (True, False, 1, "because the case is serious ("),
    (False, True, 1, "because the case is assessed as high risk"),
    (False, False, 3, "it is not serious or high risk"),
])
def test_response_deadline_days_and_reason(serious: bool, high_risk: bool, days: int, why: str) -> None:
    monday = datetime(2026, 11, 23, 10)
    d = rules.response_deadline(monday, serious, high_risk)
    assert d.due == datetime(2026, 11, 23 + days, 23, 59, 59)
    unit = "1 working day from" if days == 1 else "3 working days from"
    assert unit in d.reason and why in d.reason and "23 November 2026" in d.reason
    assert "skipped" not in d.reason


def test_response_deadline_names_the_weekend_it_skipped() -> None:
    d = rules.response_deadline(datetime(2026, 11, 20, 16), True, False)  # Friday
    assert d.due == datetime(2026, 11, 23, 23, 59, 59)
    assert "skipped Sat 21 Nov (weekend), Sun 22 Nov (weekend)" in d.reason


# other boundaries ------------------------------------------------------------------------------------

def test_triage_threshold_is_inclusive_and_configurable() -> None:
    assert rules.triage_outcome([True, True, True], threshold=3).allowed
    assert not rules.triage_outcome([True, True, False], threshold=3).allowed
    assert rules.triage_outcome([True, False], threshold=1).allowed
    done = rules.triage_outcome([False, False, False])
    assert not done.allowed and "0 of 3" in done.message
    enough = rules.triage_outcome([True, None, True])  # enough yes even with one unanswered
    assert enough.allowed and "2 of the 3" in enough.message
    assert "1 triage question(s) not answered" in rules.triage_outcome([True, None, False]).message


def test_one_scheme_attempt_is_enough_to_refer() -> None:
    assert rules.referral_from_scheme(1).allowed
    assert "1 attempt(s)" in rules.referral_from_scheme(1).message


def test_supported_housing_without_a_scheme_officer_keeps_the_requested_officer() -> None:
    a = rules.assign(requested=OFFICER, employee_involved=False, supported_housing=True, scheme_officer=None,
                     team_leaders=[LEADER])
    assert a.officer == OFFICER and not a.restricted and "no scheme officer" in a.reason


def test_nobody_requested_is_unassigned() -> None:
    a = rules.assign(requested=None, employee_involved=False, supported_housing=False, scheme_officer=None,
                     team_leaders=[LEADER])
    assert a.officer is None and not a.restricted and "5.3" in a.reason


def test_contact_every_14_days_exactly_is_the_agreed_frequency() -> None:
    opened = datetime(2026, 11, 1, 9)
    at_limit = rules.next_complainant_contact(None, opened, 14)
    assert at_limit.due == opened + timedelta(days=14) and "agreed frequency is every 14 days" in at_limit.reason
    over = rules.next_complainant_contact(None, opened, 15)
    assert over.due == opened + timedelta(days=14) and "agreed 15 days is longer" in over.reason
    zero = rules.next_complainant_contact(None, opened, 0)
    assert zero.due == opened + timedelta(days=14) and "no frequency was agreed" in zero.reason
    assert "after the case was opened" in zero.reason
    assert "after the last contact" in rules.next_complainant_contact(opened, opened, 7).reason


def test_legal_gate_gives_one_peia_reason_at_a_time_and_names_the_basis() -> None:
    nothing = rules.legal_gate(non_legal_considered=False, exception=None, peia_complete=False,
                               peia_officer_signed=False, peia_manager_signed=False)
    assert len(nothing.reasons) == 2 and "not complete" in nothing.reasons[1]
    unsigned = rules.legal_gate(non_legal_considered=True, exception=None, peia_complete=True,
                                peia_officer_signed=False, peia_manager_signed=False)
    assert unsigned.reasons == ["Appendix 2 has not been signed by the officer (14.4)."]
    both = rules.legal_gate(non_legal_considered=True, exception="knife", peia_complete=True,
                            peia_officer_signed=True, peia_manager_signed=True)
    assert both.allowed and "non-legal remedies were considered" in both.message
    excepted = rules.legal_gate(non_legal_considered=False, exception="knife", peia_complete=True,
                                peia_officer_signed=True, peia_manager_signed=True)
    assert excepted.allowed and "exception recorded: knife" in excepted.message


def test_an_empty_closure_reason_is_refused() -> None:
    assert not rules.closure("").allowed
    assert rules.closure("").message.startswith("Choose why the case is closing")


def test_quiet_period_reports_the_days() -> None:
    now = datetime(2026, 11, 23, 9)
    assert "for 28 days" in rules.proposed_for_closure(now - timedelta(days=28), now).message
    assert rules.proposed_for_closure(now - timedelta(days=27, hours=23), now).reasons == []

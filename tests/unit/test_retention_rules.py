"""The retention rule (UK GDPR Art. 5(1)(e)): forms/retention.toml and domain/retention.py."""

import tomllib
from datetime import date

import pytest

from asb_desktop.domain.retention import CaseFacts, OrderFact, ScheduleError, decide, parse_schedule
from asb_desktop.resources import forms_dir

SCHEDULE = parse_schedule(tomllib.loads((forms_dir() / "retention.toml").read_text(encoding="utf-8")))
TODAY = date(2033, 6, 1)


def test_the_shipped_schedule() -> None:
    assert (SCHEDULE.years_after_closure, SCHEDULE.years_after_order_ends) == (6, 6)
    assert "injunction" in SCHEDULE.order_kinds and "warning_letter" not in SCHEDULE.order_kinds


def test_closed_six_years_ago_is_due_and_not_a_day_before() -> None:
    due = decide(CaseFacts("A", False, date(2027, 6, 1)), SCHEDULE, TODAY)
    assert due.due and due.keep_until == date(2033, 6, 1) and "6 years after closure" in due.reason
    kept = decide(CaseFacts("B", False, date(2027, 6, 2)), SCHEDULE, TODAY)
    assert not kept.due and "kept until 02/06/2033" in kept.reason


def test_an_order_keeps_the_case_while_in_force_and_six_years_after_it_ends() -> None:
    closed = date(2020, 1, 1)
    in_force = decide(CaseFacts("C", False, closed, [OrderFact("injunction", "in_place")]), SCHEDULE, TODAY)
    assert not in_force.due and "in force" in in_force.reason
    ended = decide(CaseFacts("D", False, closed, [OrderFact("injunction", "completed", date(2028, 3, 1))]),
                   SCHEDULE, TODAY)
    assert not ended.due and ended.keep_until == date(2034, 3, 1) and "order ended" in ended.reason
    # a warning letter is not an order: the closure period alone
    assert decide(CaseFacts("E", False, closed, [OrderFact("warning_letter", "in_place")]), SCHEDULE, TODAY).due


def test_holds_court_matters_and_open_cases_are_never_due() -> None:
    old = date(2010, 1, 1)
    assert decide(CaseFacts("F", False, old, hold=True), SCHEDULE, TODAY).blocked
    assert decide(CaseFacts("G", False, old, notice_live=True), SCHEDULE, TODAY).blocked
    assert "subject access" in decide(CaseFacts("K", False, old, sar_open=True), SCHEDULE, TODAY).reason
    assert decide(CaseFacts("H", False, old, bundle_issued=True), SCHEDULE, TODAY).due  # closed: not open
    assert decide(CaseFacts("I", True, None, bundle_issued=True), SCHEDULE, TODAY).blocked
    assert decide(CaseFacts("J", True, None), SCHEDULE, TODAY).reason == "the case is open"


def test_a_bad_schedule_names_the_field() -> None:
    with pytest.raises(ScheduleError, match="closed_case.years_after_closure"):
        parse_schedule({"closed_case": {"years_after_closure": "six"}, "orders": {"years_after_order_ends": 6}})
    with pytest.raises(ScheduleError, match="orders"):
        parse_schedule({"closed_case": {"years_after_closure": 6}})

"""The absolute ground's condition and service time limits (s83ZA / s84A Housing Act 1985; Ground 7A)."""

from __future__ import annotations

from datetime import date

from asb_desktop.domain.absolute_ground import (
    ConditionFact,
    condition_paragraphs,
    condition_refusals,
    last_day_of_service,
    service_refusals,
)


def fact(condition: int = 1, on: date = date(2026, 3, 10), evidence: str = "Certificate of conviction",
         appeal: date | None = None) -> ConditionFact:
    return ConditionFact(condition, "Leeds Crown Court", on, "Wounding with intent (s18 OAPA 1861)", evidence, appeal)


def test_twelve_months_beginning_with_the_conviction_for_conditions_1_2_3_5() -> None:
    for n in (1, 2, 3, 5):
        assert last_day_of_service(fact(n)) == date(2027, 3, 9)
    assert service_refusals(fact(1), date(2027, 3, 9)) == []
    late = service_refusals(fact(1), date(2027, 3, 10))
    assert len(late) == 1 and "12 months beginning with the date of the conviction (10/03/2026)" in late[0]
    assert "by 09/03/2027" in late[0] and "section 83ZA Housing Act 1985" in late[0]


def test_three_months_from_the_closure_order() -> None:
    closure = fact(4, date(2026, 11, 30))
    assert last_day_of_service(closure) == date(2027, 2, 28)  # no 30 February: the period ends with the month
    assert last_day_of_service(fact(4, date(2027, 3, 1))) == date(2027, 5, 31)
    assert service_refusals(closure, date(2027, 2, 28)) == []
    refused = service_refusals(closure, date(2027, 3, 1), "section 8 Housing Act 1988")
    assert "3 months beginning with the date of the closure order (30/11/2026)" in refused[0]
    assert "section 8 Housing Act 1988" in refused[0]


def test_an_appeal_runs_the_period_from_its_final_determination() -> None:
    appealed = fact(1, date(2025, 1, 6), appeal=date(2026, 2, 2))
    assert last_day_of_service(appealed) == date(2027, 2, 1)
    assert service_refusals(appealed, date(2026, 12, 1)) == []
    assert "final determination of the appeal on 02/02/2026" in service_refusals(appealed, date(2027, 2, 2))[0]


def test_no_notice_without_a_recorded_evidenced_condition() -> None:
    assert "No condition of the absolute ground" in service_refusals(None, date(2026, 12, 1))[0]
    assert "without evidence" in service_refusals(fact(evidence=""), date(2026, 4, 1))[0]


def test_bad_input_names_the_option() -> None:
    today = date(2026, 12, 5)
    assert condition_refusals(fact(6), today)[0].startswith("--condition:")
    assert condition_refusals(ConditionFact(1, " ", date(2026, 1, 1), "x"), today)[0].startswith("--court:")
    assert condition_refusals(ConditionFact(1, "C", date(2026, 1, 1), ""), today)[0].startswith("--details:")
    assert condition_refusals(fact(on=date(2027, 1, 1)), today)[0].startswith("--date:")
    assert condition_refusals(fact(appeal=date(2026, 1, 1)), today)[0].startswith("--appeal-determined:")
    assert condition_refusals(fact(), today) == []


def test_the_notice_states_only_the_condition_relied_on() -> None:
    lines = condition_paragraphs(fact(4, date(2026, 11, 30)), "The dwelling-house is subject to a closure order.")
    assert lines[0] == "Condition 4 (section 84A(6)): The dwelling-house is subject to a closure order."
    assert "Court: Leeds Crown Court. Date: 30 November 2026." in lines[1]

"""NM01 and TP12 (Tenant Satisfaction Measures) worked by hand on a small year of cases."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from asb_desktop.domain.enums import Satisfaction as S
from asb_desktop.domain.tsm import (
    ReportedCase,
    may_record_satisfaction,
    nm01_lines,
    per_thousand,
    percent_satisfied,
    reporting_year,
)

MARSH, LEE, PARK = 1, 2, 3


def c(ref: str, received: str, closed: str | None, who: set[int], hate: bool = False) -> ReportedCase:
    return ReportedCase(ref, datetime.fromisoformat(received), datetime.fromisoformat(closed) if closed else None,
                        hate, frozenset(who))


YEAR = [
    c("A-1", "2026-03-30 10:00", "2026-05-01 09:00", {MARSH}),        # opened last year: not in 2026/27
    c("A-2", "2026-04-10 10:00", None, {MARSH}),                      # Marsh's A-1 still open: not new
    c("A-3", "2026-04-01 00:00", "2026-06-01 12:00", {LEE}, hate=True),  # first day of the year: new, hate
    c("A-4", "2026-05-20 09:00", "2026-06-01 12:00", {LEE}),           # Lee's A-3 open: not new
    c("A-5", "2026-06-02 09:00", "2026-08-01 09:00", {LEE}, hate=True),  # after A-3 closed (reopened): new
    c("A-6", "2026-07-01 09:00", None, set()),                        # unknown perpetrator: new
    c("A-7", "2026-07-02 09:00", None, set(), hate=True),             # unknown, hate: new
    c("A-8", "2027-03-31 23:59", None, {PARK}),                       # last minute of the year: new
    c("A-9", "2027-04-01 00:00", None, {PARK}),                       # next year
    c("A-10", "2026-09-01 09:00", None, {LEE, MARSH}),                # Marsh's A-2 still open: not new
]


def test_nm01_counts_new_cases_only_within_the_year() -> None:
    lines = {line.reference: line for line in nm01_lines(YEAR, 2026)}
    assert sorted(lines) == sorted(["A-2", "A-3", "A-4", "A-5", "A-6", "A-7", "A-8", "A-10"])
    counted = sorted(r for r, line in lines.items() if line.counted)
    assert counted == ["A-3", "A-5", "A-6", "A-7", "A-8"]  # worked by hand above: 5 cases
    assert sorted(r for r, line in lines.items() if line.counted and line.hate) == ["A-3", "A-5", "A-7"]
    assert "while A-1 was open" in lines["A-2"].reason and "while A-2 was open" in lines["A-10"].reason
    assert "while A-3 was open" in lines["A-4"].reason


def test_a_report_after_the_case_closed_is_a_new_case() -> None:
    cases = [c("B-1", "2026-05-01 09:00", "2026-05-10 09:00", {MARSH}), c("B-2", "2026-05-10 09:00", None, {MARSH})]
    assert [line.counted for line in nm01_lines(cases, 2026)] == [True, True]  # closed at the moment B-2 came in


def test_per_thousand_and_the_reporting_year() -> None:
    assert per_thousand(5, 4_321) == Decimal("1.16")
    assert per_thousand(3, 4_321) == Decimal("0.69")
    assert per_thousand(0, 10) == Decimal("0.00")
    with pytest.raises(ValueError, match="homes"):
        per_thousand(1, 0)
    assert [d.isoformat() for d in reporting_year(2026)] == ["2026-04-01", "2027-03-31"]
    with pytest.raises(ValueError, match="reporting year"):
        reporting_year(26)


def test_tp12() -> None:
    assert percent_satisfied([S.VERY_SATISFIED, S.FAIRLY_SATISFIED, S.NEITHER]) == Decimal("66.7")
    assert percent_satisfied([]) is None
    assert "anonymous" in may_record_satisfaction([True])
    assert may_record_satisfaction([True, False]) == ""
    assert "no complainant" in may_record_satisfaction([])

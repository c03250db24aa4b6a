from datetime import datetime

from asb_desktop.domain.complaint_chronology import (
    DeadlineFact,
    DeadlineState,
    clause_of,
    days_late,
    deadline_lines,
    summary,
)

NOW = datetime(2026, 11, 23, 10, 0)


def test_each_deadline_is_met_missed_overdue_or_open_with_days_late_and_clause() -> None:
    lines = deadline_lines([
        DeadlineFact("Respond to the complainant", datetime(2026, 10, 6, 23, 59), datetime(2026, 10, 6, 15, 0),
                     "Telephone report: 1 working day (5.3)"),
        DeadlineFact("Full risk assessment", datetime(2026, 10, 10, 23, 59), datetime(2026, 10, 13, 9, 0),
                     "Medium risk at triage (6.1)"),
        DeadlineFact("Colleague assessment", datetime(2026, 11, 20, 10, 0), None, "48 hours (2024 5.9.1)"),
        DeadlineFact("Contact the complainant", datetime(2026, 11, 30, 23, 59), None, "fortnightly"),
    ], NOW)
    assert [(line.state, line.days_late, line.clause) for line in lines] == [
        (DeadlineState.MET, 0, "5.3"), (DeadlineState.MISSED, 3, "6.1"), (DeadlineState.OVERDUE, 3, "5.9.1"),
        (DeadlineState.OPEN, 0, "")]
    assert summary(lines) == "4 deadlines: 1 met, 2 missed or overdue (6 days late in all), 1 not yet due."


def test_days_late_counts_calendar_days() -> None:
    assert days_late(datetime(2026, 10, 6, 23, 59), datetime(2026, 10, 7, 0, 1)) == 1
    assert days_late(datetime(2026, 10, 6, 12, 0), datetime(2026, 10, 6, 13, 0)) == 0  # same day, hours late
    assert clause_of("no clause here") == "" and clause_of("(16.1) then (7.6)") == "7.6"
    assert clause_of("3 working days from the report (procedure 5.3, 6.2); skipped Sun 11 Oct (weekend).") == "5.3, 6.2"

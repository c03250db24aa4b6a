from datetime import datetime

from asb_desktop.domain.incident_times import incident_span, incident_span_iso


def test_an_incident_past_midnight_shows_start_and_end() -> None:
    assert incident_span(datetime(2026, 11, 15, 23, 30), datetime(2026, 11, 16, 1, 0)) == \
        "23:30 on 15/11/2026 to 01:00 on 16/11/2026"


def test_same_day_and_no_end() -> None:
    assert incident_span(datetime(2026, 11, 15, 21, 0), datetime(2026, 11, 15, 22, 15)) == \
        "21:00 to 22:15 on 15/11/2026"
    assert incident_span(datetime(2026, 11, 15, 21, 0)) == "21:00 on 15/11/2026"
    assert incident_span_iso("2026-11-15T23:30:00", None) == "23:30 on 15/11/2026"

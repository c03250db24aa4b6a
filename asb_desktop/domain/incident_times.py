"""When an incident happened, shown the same way everywhere: its start and, where recorded, its end.

An incident that runs past midnight shows both dates: "23:30 on 15/11/2026 to 01:00 on 16/11/2026".
"""

from __future__ import annotations

from datetime import datetime


def incident_span(start: datetime, end: datetime | None = None) -> str:
    """The time of an incident: start only, start and end on one day, or start and end across days."""
    first = f"{start:%H:%M} on {start:%d/%m/%Y}"
    if end is None or end == start:
        return first
    if end.date() == start.date():
        return f"{start:%H:%M} to {end:%H:%M} on {start:%d/%m/%Y}"
    return f"{first} to {end:%H:%M} on {end:%d/%m/%Y}"


def incident_span_iso(start: str, end: str | None) -> str:
    """The same, from the ISO strings a case detail carries."""
    return incident_span(datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None)

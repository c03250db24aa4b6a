"""Diary entries (DOMAIN.md section 8): the columns, and checking rows typed in or read from a form.

Every row is checked before anything is saved; each problem names the row and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# (field name, column heading) in the order of the paper sheet.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("started", "Time started"),
    ("stopped", "Time stopped"),
    ("what_happened", "What happened and its source"),
    ("place", "Room or place affected"),
    ("effect", "Effect (e.g. loss of sleep)"),
    ("severity", "Severity 1-10"),
    ("who_involved", "Who was involved"),
    ("witnesses", "Witnesses"),
)
HEADINGS = dict(COLUMNS)
MAX_TEXT = 4000


def _storable(text: str) -> bool:
    """No NUL and no lone surrogate: text every database and file can hold."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


class DiaryRowsError(Exception):
    """One or more rows are wrong; ``problems`` lists each as "row N, column: what is wrong"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DiaryRow:
    started_at: datetime
    ended_at: datetime | None
    what_happened: str
    place: str
    effect: str
    severity: int | None
    who_involved: str
    witnesses: str


def parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text[:40]}' is not a date (write it like 21/11/2026)")


_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.h ]?(?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(f"'{text[:40]}' is not a time (write it like 23:15)")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{text[:40]}' is not a time (write it like 23:15 or 11:15pm)")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text[:40]}' is not a time of day (write it like 23:15)")
    return time(hour, minute)


def check_rows(rows: list[dict[str, str]], now: datetime, first_row: int = 1) -> list[DiaryRow]:
    """Check every row (blank rows are skipped). Raises DiaryRowsError listing every problem."""
    problems: list[str] = []
    out: list[DiaryRow] = []
    for number, raw in enumerate(rows, start=first_row):
        row = {k: ("" if v is None else str(v)).strip() for k, v in raw.items()}
        unknown = set(row) - set(HEADINGS)
        if unknown:
            problems.append(f"row {number}: unknown column(s) {', '.join(sorted(unknown))}")
            continue
        if not any(row.values()):
            continue
        where = f"row {number}"
        parsed: dict[str, object] = {}
        for name, parser in (("date", parse_date), ("started", parse_time), ("stopped", parse_time)):
            if not row.get(name):
                if name != "stopped":
                    problems.append(f"{where}, {HEADINGS[name]}: is empty")
                continue
            try:
                parsed[name] = parser(row[name])
            except ValueError as exc:
                problems.append(f"{where}, {HEADINGS[name]}: {exc}")
        severity = None
        if row.get("severity"):
            try:
                severity = int(row["severity"])
                if not 1 <= severity <= 10:
                    raise ValueError
            except ValueError:
                problems.append(f"{where}, {HEADINGS['severity']}: '{row['severity'][:20]}' is not a whole number "
                                "from 1 to 10")
        if not row.get("what_happened"):
            problems.append(f"{where}, {HEADINGS['what_happened']}: is empty")
        for name, _ in COLUMNS:
            if len(row.get(name, "")) > MAX_TEXT:
                problems.append(f"{where}, {HEADINGS[name]}: is longer than {MAX_TEXT} characters")
            elif not _storable(row.get(name, "")):
                problems.append(f"{where}, {HEADINGS[name]}: holds characters that cannot be stored (a NUL or a "
                                "broken character)")
        if "date" not in parsed or "started" not in parsed:
            continue
        started = datetime.combine(parsed["date"], parsed["started"])  # type: ignore[arg-type]
        ended = None
        if "stopped" in parsed:
            ended = datetime.combine(parsed["date"], parsed["stopped"])  # type: ignore[arg-type]
            if ended < started:  # stopped after midnight
                ended += timedelta(days=1)
        if started > now:
            problems.append(f"{where}, {HEADINGS['date']}: {started:%d/%m/%Y %H:%M} is in the future")
            continue
        out.append(DiaryRow(started, ended, row.get("what_happened", ""), row.get("place", ""),
                            row.get("effect", ""), severity, row.get("who_involved", ""), row.get("witnesses", "")))
    if problems:
        raise DiaryRowsError(problems)
    return out

"""Working days: weekends and the bank holidays of the configured UK region are skipped.

Uses the ``holidays`` package with a subdivision: without one, Easter Monday and the Summer
bank holiday are missing for England and Wales (DOMAIN.md section 9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

REGIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


@lru_cache(maxsize=8)
def _calendar(region: str) -> holidays.HolidayBase:
    if region not in REGIONS:
        raise ValueError(f"bank-holiday region: '{region}' is not one of {', '.join(REGIONS)}")
    import holidays  # imported when a date is first worked out, not when the app starts

    return holidays.country_holidays("GB", subdiv=region)


@dataclass(frozen=True)
class WorkingDayResult:
    """A date N working days on, with the non-working days that were skipped and why."""

    due: date
    skipped: list[tuple[date, str]] = field(default_factory=list)

    def skipped_text(self) -> str:
        if not self.skipped:
            return ""
        parts = [f"{d:%a %d %b} ({why})" for d, why in self.skipped]
        return "; skipped " + ", ".join(parts)


def holiday_name(day: date, region: str = "ENG") -> str | None:
    """The bank holiday's name, ``"weekend"`` for Saturday/Sunday, or None for a working day."""
    name = _calendar(region).get(day)
    if name:
        return str(name)
    if day.weekday() >= 5:
        return "weekend"
    return None


def is_working_day(day: date, region: str = "ENG") -> bool:
    return holiday_name(day, region) is None


def add_working_days(start: date, days: int, region: str = "ENG") -> WorkingDayResult:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    skipped: list[tuple[date, str]] = []
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        why = holiday_name(current, region)
        if why is None:
            remaining -= 1
        else:
            skipped.append((current, why))
    return WorkingDayResult(current, skipped)


def next_working_day(day: date, region: str = "ENG") -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, region):
        day += timedelta(days=1)
    return day

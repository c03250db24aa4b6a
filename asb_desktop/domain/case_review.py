"""ASB Case Review (the "Community Trigger"): has a new report reached the review threshold?

Anti-social Behaviour, Crime and Policing Act 2014 ss104-105 and Schedule 4: a victim may ask the local
relevant bodies to review their response to ASB once the locally set threshold is met. The threshold
is data (``forms/case_review.toml``), one profile per region: how many complaints about the same person
or at the same address within how many months, whether one hate incident is enough on its own, and
optionally how many different people complaining is enough.

``check`` is called with the new report and the earlier reports that share an alleged perpetrator or
an address with it; it returns the reasons the threshold is met (empty when it is not). Pure.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .forms import FormError, load_toml


@dataclass(frozen=True)
class Threshold:
    region: str
    title: str
    complaints: int = 3
    window_months: int = 6
    hate_incident_triggers: bool = True
    different_complainants: int = 0


@dataclass(frozen=True)
class ReportFact:
    """One report (case) about a person or place: who it was about, where, who complained."""

    reference: str
    received_at: datetime
    perpetrators: frozenset[int] = frozenset()  # person ids of the alleged perpetrators
    place: int | None = None  # property id
    complainants: frozenset[str] = frozenset()  # person ids, or an anonymous marker per case
    hate: bool = False


def months_before(at: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the last day of a shorter month)."""
    month0 = at.month - 1 - months
    year, month = at.year + month0 // 12, month0 % 12 + 1
    return at.replace(year=year, month=month, day=min(at.day, calendar.monthrange(year, month)[1]))


def related(new: ReportFact, other: ReportFact) -> bool:
    """About the same person (a shared alleged perpetrator) or the same place (the same property)."""
    return bool(new.perpetrators & other.perpetrators) or (new.place is not None and new.place == other.place)


def check(threshold: Threshold, new: ReportFact, earlier: Sequence[ReportFact]) -> list[str]:
    """The reasons ``new`` meets the case review threshold, or [] when it does not."""
    start = months_before(new.received_at, threshold.window_months)
    within = sorted((r for r in earlier if r.reference != new.reference and related(new, r)
                     and start <= r.received_at <= new.received_at), key=lambda r: r.received_at)
    reports = [*within, new]
    reasons: list[str] = []
    months = f"{threshold.window_months} month{'s' if threshold.window_months != 1 else ''}"
    if len(reports) >= threshold.complaints:
        reasons.append(f"{len(reports)} reports about the same person or address within {months} "
                       f"(threshold {threshold.complaints}): " + ", ".join(r.reference for r in reports))
    if threshold.hate_incident_triggers and new.hate:
        reasons.append(f"a hate incident ({new.reference}); one is enough under the {threshold.region} threshold")
    if threshold.different_complainants:
        people = set().union(*(r.complainants for r in reports))
        if len(people) >= threshold.different_complainants:
            reasons.append(f"{len(people)} different people complained within {months} "
                           f"(threshold {threshold.different_complainants})")
    return reasons


def _whole(value: object, name: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise FormError(f"case_review.toml: '{name}' must be a whole number, {minimum} or more")
    return value


def load_thresholds(directory: Path | None = None) -> dict[str, Threshold]:
    data = load_toml("case_review.toml", directory)
    profiles = data.get("profiles")
    if not isinstance(profiles, dict) or not profiles:
        raise FormError("case_review.toml: add at least one [profiles.REGION] table")
    out: dict[str, Threshold] = {}
    for region, p in profiles.items():
        if not isinstance(p, dict):
            raise FormError(f"case_review.toml: [profiles.{region}] must be a table")
        hate = p.get("hate_incident_triggers", True)
        if not isinstance(hate, bool):
            raise FormError(f"case_review.toml: [profiles.{region}] 'hate_incident_triggers' must be true or false")
        out[region] = Threshold(region, str(p.get("title", region)),
                                _whole(p.get("complaints", 3), f"profiles.{region}.complaints", 1),
                                _whole(p.get("window_months", 6), f"profiles.{region}.window_months", 1),
                                hate, _whole(p.get("different_complainants", 0),
                                             f"profiles.{region}.different_complainants", 0))
    default = data.get("default", next(iter(out)))
    if default not in out:
        raise FormError(f"case_review.toml: default profile '{default}' is not one of {', '.join(out)}")
    out["default"] = out[default]
    return out


def threshold_for(region: str, directory: Path | None = None) -> Threshold:
    profiles = load_thresholds(directory)
    return profiles.get(region, profiles["default"])

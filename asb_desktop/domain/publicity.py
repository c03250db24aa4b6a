"""Publicity and court reporting restrictions (procedure 17). Pure functions, no storage."""

from __future__ import annotations

from datetime import date

BANNER = "REPORTING RESTRICTIONS"


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def under_18(births: list[date | None], on: date) -> bool:
    return any(b is not None and age_on(b, on) < 18 for b in births)


def publicity_blockers(manager_consulted: bool, anyone_under_18: bool, advice_recorded: bool,
                       reporting_restrictions: list[str]) -> list[str]:
    """17: plain English for each reason publicity about a case may not go ahead yet (empty: it may)."""
    out: list[str] = []
    if reporting_restrictions:
        out.append("the court made reporting restrictions on this case (" + "; ".join(reporting_restrictions)
                   + "): no publicity while they stand (procedure 17)")
    if not manager_consulted:
        out.append("a manager must be consulted before any publicity (procedure 17): record the consultation")
    if anyone_under_18 and not advice_recorded:
        out.append("someone under 18 is involved, so legal advice must be recorded first (procedure 17)")
    return out


def restriction_banner(reporting_restrictions: list[str]) -> str:
    """The prominent line every export of a restricted case carries ("" when none)."""
    if not reporting_restrictions:
        return ""
    return f"{BANNER}: " + "; ".join(reporting_restrictions) + \
        " - do not publish or pass on anything that breaches them."

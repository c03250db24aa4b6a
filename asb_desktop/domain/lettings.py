"""Prevention and lettings (procedure 3.1, 4.1-4.3): the new-tenant contact window and the
pre-tenancy assessment's required fields. Pure functions, no storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

CONTACT_FROM_WEEKS, CONTACT_BY_WEEKS = 4, 6
DECISIONS = {
    "proceed": "Proceed with the letting",
    "proceed_with_conditions": "Proceed with conditions (e.g. an acceptable behaviour agreement)",
    "refer_to_manager": "Refer to a manager before deciding",
    "decline": "Do not let",
}


@dataclass(frozen=True)
class ContactWindow:
    not_before: date
    due_on: date
    reason: str


def new_tenant_contact_window(start: date) -> ContactWindow:
    """3.1: a new tenant is contacted within 4-6 weeks of the tenancy start - not before week 4, due by week 6."""
    not_before = start + timedelta(weeks=CONTACT_FROM_WEEKS)
    due_on = start + timedelta(weeks=CONTACT_BY_WEEKS)
    reason = (f"Procedure 3.1: new tenants are contacted 4-6 weeks after the tenancy starts "
              f"({start:%d %B %Y}): not before {not_before:%d %B %Y} (4 weeks), due by {due_on:%d %B %Y} (6 weeks).")
    return ContactWindow(not_before, due_on, reason)


def is_new_tenancy(start: date | None, today: date) -> bool:
    """A tenancy whose 6-week contact window has not yet passed (so recording it raises the contact task)."""
    return start is not None and start <= today + timedelta(days=366) and \
        today <= start + timedelta(weeks=CONTACT_BY_WEEKS)


def pretenancy_problems(decision: str, reason: str, risks: str) -> list[tuple[str, str]]:
    """4.1-4.3: (field, plain English) for each missing or wrong part of a pre-tenancy assessment."""
    out: list[tuple[str, str]] = []
    if decision not in DECISIONS:
        out.append(("decision", f"'{decision}' is not a decision: use one of {', '.join(DECISIONS)}"))
    if not reason.strip():
        out.append(("reason", "say why the decision was made"))
    if decision in ("proceed_with_conditions", "decline", "refer_to_manager") and not risks.strip():
        out.append(("risks", "say which risks were found when the decision is not a plain 'proceed'"))
    return out

"""The colleague review group (2024 5.9.1): when a colleague is harassed by a customer, the line
manager meets with Health and Safety, HR and the Housing Manager; a disagreement they cannot
resolve goes to the Director of Operations. Pure functions, no storage."""

from __future__ import annotations

from .rules import Check

MEMBER_ROLES = {
    "line_manager": "Line manager",
    "health_and_safety": "Health and Safety",
    "hr": "HR",
    "housing_manager": "Housing Manager",
}
DECISIONS = {
    "agreed": "Agreed (actions recorded)",
    "not_agreed": "Not agreed: escalated to the Director of Operations",
}
ESCALATE_TO = "Director of Operations"


def review_group_problems(members: dict[str, str], decision: str, actions: str,
                          escalated_to: str) -> list[tuple[str, str]]:
    """(field, plain English) for each missing part of a review group record. ``members`` maps a role
    key to the person's name; every role must be present; 'not_agreed' requires the escalation."""
    out: list[tuple[str, str]] = []
    unknown = [k for k in members if k not in MEMBER_ROLES]
    if unknown:
        out.append(("members", f"'{unknown[0]}' is not a review group role: use {', '.join(MEMBER_ROLES)}"))
    missing = [MEMBER_ROLES[k] for k in MEMBER_ROLES if not (members.get(k) or "").strip()]
    if missing:
        out.append(("members", "the review group needs a named " + ", ".join(missing)
                    + " (procedure 2024 5.9.1)"))
    if decision not in DECISIONS:
        out.append(("decision", f"'{decision}' is not a decision: use agreed or not_agreed"))
    if decision == "agreed" and not actions.strip():
        out.append(("actions", "say what the group agreed"))
    if decision == "not_agreed" and not escalated_to.strip():
        out.append(("escalated_to", f"the group did not agree, so the case must be escalated to the "
                    f"{ESCALATE_TO}: name who it was escalated to"))
    return out


def review_group_allowed(reference: str, restricted: bool) -> Check:
    """2024 5.9.1: the colleague review group meets only on a restricted (employee-involved) case."""
    if not restricted:
        return Check(False, [f"Case {reference} is not a restricted (employee-involved) case: the colleague "
                             "review group (procedure 2024 5.9.1) is for cases involving an employee."])
    return Check(True, [])

"""Who may sign a statutory notice, and which tenancy a notice is made for (issue 17).

Pure rules over plain values. A statutory notice is signed for the landlord by a named person with
authority: an active user whose role lets them sign (an officer, team leader or manager), with a
forename and surname on record, never the computer's default account or a system account. A notice
is made for the tenancy the case records; ``--tenancy`` only fills the gap when none is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .enums import Role, TenancyType

SIGNING_ROLES = frozenset({Role.OFFICER.value, Role.TEAM_LEADER.value, Role.MANAGER.value})
# accounts that are the machine's or the app's, not a person's (single-user mode names its user after the login)
DEFAULT_ACCOUNTS = frozenset({"root", "admin", "administrator", "system", "officer", "user", "asb", "demo", "test",
                              "guest", "default", "service"})


@dataclass(frozen=True)
class Signatory:
    username: str
    full_name: str
    roles: tuple[str, ...]
    active: bool = True


def signing_refusals(who: Signatory) -> list[str]:
    """Why ``who`` may not sign a statutory notice (empty when they may)."""
    reasons: list[str] = []
    name = " ".join(who.full_name.split())
    if who.username.strip().lower() in DEFAULT_ACCOUNTS or name.lower() in DEFAULT_ACCOUNTS:
        reasons.append(f"'{who.username}' is a default or system account, not a named person")
    elif len(name.split()) < 2:
        reasons.append(f"'{name or who.username}' is not a full name (forename and surname) on the user record")
    if not who.active:
        reasons.append(f"{name or who.username}'s account is not active")
    if not SIGNING_ROLES & set(who.roles):
        held = ", ".join(Role(r).label.lower() for r in who.roles if r in {m.value for m in Role}) or "no role"
        reasons.append(f"{name or who.username} holds {held}; a notice is signed by an officer, team leader or "
                       "manager")
    return reasons


def tenancy_refusals(recorded: str | None, override: str | None) -> list[str]:
    """Why ``override`` (``--tenancy``) may not be used: it never replaces a tenancy the case records."""
    if override is None or recorded is None or override == recorded:
        return []
    return [f"The case records a {TenancyType(recorded).label.lower()} tenancy; --tenancy "
            f"{override} cannot override it. If the record is wrong, correct the tenancy on the case first."]


def tenancy_for_notice(recorded: str | None, override: str | None) -> str | None:
    """The tenancy a notice is made for: the recorded one, else the override (after ``tenancy_refusals``)."""
    return recorded or override


def wrong_tenancy(allowed: tuple[str, ...], tenancy: str | None) -> list[str]:
    """Why a notice for ``allowed`` tenancy types cannot be made for ``tenancy`` (empty when it can)."""
    if tenancy is None:
        return ["the tenancy type is not recorded for this case: record it, or ask a manager which notice applies "
                "(procedure 14.3)"]
    if tenancy in allowed:
        return []
    kinds = ", ".join(TenancyType(x).label.lower() for x in allowed)
    return [f"it applies to {kinds} tenancies, not {TenancyType(tenancy).label.lower()}"]


# The date sought for giving up possession (s83(3)(a)(ii) Housing Act 1985): the officer chooses it; it must not
# be earlier than the date a notice to quit given by the landlord on the same date could end the tenancy (s83(5)),
# and by default it is that date (docs/court.md says why).


def give_up_refusals(give_up_on: date | None, deemed_served_on: date, not_before: date, needed: bool) -> list[str]:
    """Why ``give_up_on`` cannot be the date sought for giving up possession (empty when it can): it is given
    only for a notice that asks for one, and is no earlier than ``not_before``, the date a notice to quit given
    by the landlord when the notice is deemed served could end the tenancy (s83(5) Housing Act 1985)."""
    if give_up_on is None:
        return []
    if not needed:
        return ["this notice does not specify a date for giving up possession (section 83(3) Housing Act 1985 "
                "applies only to a periodic tenancy); leave the date out"]
    if give_up_on < not_before:
        return [f"{give_up_on:%d/%m/%Y} is earlier than {not_before:%d/%m/%Y}: served as planned, the notice is "
                f"deemed served on {deemed_served_on:%d/%m/%Y}, and the date sought must not be earlier than the "
                "date on which a notice to quit given by the landlord on that date could end the tenancy (section "
                "83(5) Housing Act 1985)"]
    return []


def made_notice_defects(needs_give_up: bool, give_up_on: date | None) -> list[str]:
    """What is missing from a notice as it was made (for the bundle check): a section 83 Ground 2 notice on a
    periodic tenancy made before the app asked for the date sought for giving up possession names none."""
    if needs_give_up and give_up_on is None:
        return ["it names no date sought for giving up possession, which section 83(3)(a)(ii) Housing Act 1985 "
                "requires on a periodic tenancy (it was made before the app asked for one), so when it ceases to be "
                "in force cannot be worked out: make, serve and use a new notice"]
    return []

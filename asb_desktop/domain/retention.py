"""The retention rule (UK GDPR Art. 5(1)(e), storage limitation): for each case, keep (and why) or
due for deletion, from the schedule in forms/retention.toml. Pure: the service gathers the facts.

Order of the checks: a legal hold, then an open subject access request by a party (destroying data
to prevent its disclosure is an offence, DPA 2018 s173), then an open court matter (a notice served and not lapsed, a
bundle issued while the case is open), then an open case, then an order in force; otherwise the case
is kept until the later of its closure plus the closed-case period and each order's end plus the
order period, and is due for deletion from that day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .rules import Check
from .sar import add_months


class ScheduleError(ValueError):
    """The schedule file is not usable; the message names the field."""


@dataclass(frozen=True)
class Schedule:
    years_after_closure: int = 6
    years_after_order_ends: int = 6
    order_kinds: frozenset[str] = frozenset()
    in_force: frozenset[str] = frozenset({"in_place", "breached"})
    ended: frozenset[str] = frozenset({"completed"})


def _years(section: Mapping[str, Any], key: str, where: str) -> int:
    value = section.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise ScheduleError(f"{where}.{key} must be a whole number of years from 1 to 100 (it is {value!r})")
    return value


def _names(section: Mapping[str, Any], key: str, where: str, default: frozenset[str]) -> frozenset[str]:
    value = section.get(key, sorted(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ScheduleError(f"{where}.{key} must be a list of names")
    return frozenset(value)


def parse_schedule(data: Mapping[str, Any]) -> Schedule:
    """The schedule from the TOML's tables; a missing or wrong value is named in the error."""
    closed, orders = data.get("closed_case"), data.get("orders")
    if not isinstance(closed, Mapping):
        raise ScheduleError("[closed_case] is missing")
    if not isinstance(orders, Mapping):
        raise ScheduleError("[orders] is missing")
    base = Schedule()
    return Schedule(_years(closed, "years_after_closure", "closed_case"),
                    _years(orders, "years_after_order_ends", "orders"),
                    _names(orders, "kinds", "orders", frozenset()),
                    _names(orders, "in_force", "orders", base.in_force),
                    _names(orders, "ended", "orders", base.ended))


@dataclass(frozen=True)
class OrderFact:
    kind: str
    status: str
    ended_on: date | None = None  # when it was marked ended (completed); None if not known


@dataclass(frozen=True)
class CaseFacts:
    reference: str
    is_open: bool
    closed_on: date | None
    orders: Sequence[OrderFact] = ()
    hold: bool = False
    notice_live: bool = False  # a notice served and not lapsed
    bundle_issued: bool = False
    sar_open: bool = False  # a party's subject access request is not answered yet


@dataclass(frozen=True)
class Decision:
    reference: str
    due: bool
    reason: str
    keep_until: date | None = None
    blocked: bool = False  # kept by a hold or an open court matter (deletion refused)


def decide(facts: CaseFacts, schedule: Schedule, today: date) -> Decision:
    ref = facts.reference
    if facts.hold:
        return Decision(ref, False, "a legal hold is in place", blocked=True)
    if facts.sar_open:
        return Decision(ref, False, "a party's subject access request is open (DPA 2018 s173)", blocked=True)
    if facts.notice_live:
        return Decision(ref, False, "a notice was served and has not lapsed (open court matter)", blocked=True)
    if facts.bundle_issued and facts.is_open:
        return Decision(ref, False, "a court bundle was issued and the case is open (open court matter)",
                        blocked=True)
    if facts.is_open or facts.closed_on is None:
        return Decision(ref, False, "the case is open")
    orders = [o for o in facts.orders if o.kind in schedule.order_kinds]
    for o in orders:
        if o.status in schedule.in_force:
            return Decision(ref, False, f"an order is in force ({o.kind.replace('_', ' ')})")
    until = add_months(facts.closed_on, 12 * schedule.years_after_closure)
    why = f"{schedule.years_after_closure} years after closure"
    for o in orders:
        if o.status in schedule.ended:
            end = o.ended_on or facts.closed_on
            order_until = add_months(end, 12 * schedule.years_after_order_ends)
            if order_until > until:
                until, why = order_until, f"{schedule.years_after_order_ends} years after the order ended"
    if today < until:
        return Decision(ref, False, f"kept until {until:%d/%m/%Y} ({why})", until)
    return Decision(ref, True, f"due since {until:%d/%m/%Y} ({why})", until)


def may_set_hold(reference: str, already_held: bool) -> Check:
    """A case has at most one legal hold in force: a second is refused until the first is cleared."""
    if already_held:
        return Check(False, [f"Case {reference} is already under a legal hold."])
    return Check(True, [])

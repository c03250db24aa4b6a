"""Closing a case (16.1): each closure reason checked against the case's facts, and open
safeguarding or domestic-abuse work blocking closure unless a manager records a decision.

:func:`may_close` is the one place that decides; the case service, the CLI and the closure dialog
all reach it through ``CaseService.close``, and the case file shows :func:`closure_options`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .enums import ClosureReason, Role
from .rules import QUIET_PERIOD, Check
from .safeguarding import is_safeguarding_task


@dataclass(frozen=True)
class OpenTask:
    kind: str
    title: str


@dataclass(frozen=True)
class ClosureFacts:
    """What the case file says, as far as closure is concerned."""

    received_at: datetime
    last_incident: datetime | None = None
    last_diary_entry: datetime | None = None
    last_interview: datetime | None = None
    last_successful_contact: datetime | None = None  # spoke to the complainant
    last_complainant_interview: datetime | None = None
    non_legal_remedy: bool = False  # one in place, completed or breached
    legal_remedy: bool = False
    open_tasks: tuple[OpenTask, ...] = field(default_factory=tuple)

    @property
    def open_safeguarding(self) -> tuple[OpenTask, ...]:
        return tuple(t for t in self.open_tasks if is_safeguarding_task(t.kind))


@dataclass(frozen=True)
class ClosureDecision:
    check: Check
    left_open: tuple[OpenTask, ...] = ()  # safeguarding tasks kept open on a manager's decision

    @property
    def allowed(self) -> bool:
        return self.check.allowed


def _day(when: datetime) -> str:
    return f"{when:%d %B %Y}"


def _quiet(facts: ClosureFacts, now: datetime) -> Check:
    recent = [(what, when) for what, when in (
        ("the report was received", facts.received_at), ("an incident", facts.last_incident),
        ("a diary entry", facts.last_diary_entry), ("an interview", facts.last_interview),
        ("the complainant was spoken to", facts.last_successful_contact)) if when and now - when < QUIET_PERIOD]
    if recent:
        detail = "; ".join(f"{what} on {_day(when)}" for what, when in sorted(recent, key=lambda r: r[1]))
        return Check(False, [f"'No further contact, incidents or reports for 4 weeks' does not fit: within the "
                             f"last 4 weeks {detail} (16.1)."])
    return Check(True, ["No contact, incidents, diary entries or interviews for 4 weeks (16.1)."])


def _ceased(facts: ClosureFacts) -> Check:
    heard = max((t for t in (facts.last_successful_contact, facts.last_complainant_interview) if t), default=None)
    latest = max(((w, t) for w, t in (("an incident", facts.last_incident),
                                       ("a diary entry", facts.last_diary_entry)) if t),
                 key=lambda r: r[1], default=None)
    if heard is None:
        return Check(False, ["'The complainant has said the nuisance has ceased' needs the complainant to have "
                             "said so: log the contact or interview in which they told you (16.1)."])
    if latest is not None and latest[1] > heard:
        return Check(False, [f"'The complainant has said the nuisance has ceased' does not fit: {latest[0]} on "
                             f"{_day(latest[1])} came after the complainant was last spoken to on "
                             f"{_day(heard)} (16.1)."])
    return Check(True, [f"The complainant was spoken to on {_day(heard)}, after the last incident (16.1)."])


def reason_check(reason: ClosureReason, facts: ClosureFacts, now: datetime) -> Check:
    """Whether the facts support closing for ``reason`` (16.1), with a plain reason either way."""
    if reason == ClosureReason.NO_CONTACT_FOUR_WEEKS:
        return _quiet(facts, now)
    if reason == ClosureReason.NUISANCE_CEASED:
        return _ceased(facts)
    if reason == ClosureReason.RESOLVED_NON_LEGAL:
        return Check(True, ["A non-legal remedy is in place or completed (16.1)."]) if facts.non_legal_remedy else \
            Check(False, ["'Resolved through non-legal action' needs a non-legal remedy (warning letter, "
                          "Acceptable Behaviour Contract, mediation...) recorded as in place or completed (16.1)."])
    return Check(True, ["A legal remedy is in place or completed (16.1)."]) if facts.legal_remedy else \
        Check(False, ["'Resolved through legal action' needs a legal remedy recorded as in place or "
                      "completed (16.1)."])


def closure_options(facts: ClosureFacts, now: datetime) -> dict[ClosureReason, Check]:
    """Every 16.1 reason with whether the facts allow it, for the closure dialog and the case file."""
    return {reason: reason_check(reason, facts, now) for reason in ClosureReason}


def may_close(reason: ClosureReason, facts: ClosureFacts, now: datetime, *, roles: frozenset[Role] = frozenset(),
              manager_decision: str = "") -> ClosureDecision:
    """16.1 reason against the facts; open safeguarding or domestic-abuse tasks (7.7, 8.4, 11) block
    closure unless a manager records a decision with a reason."""
    reasons: list[str] = []
    fit = reason_check(reason, facts, now)
    if not fit.allowed:
        reasons += fit.reasons
    pending = facts.open_safeguarding
    decision = manager_decision.strip()
    if pending:
        titles = "; ".join(t.title for t in pending)
        if not decision:
            reasons.append(f"Safeguarding work is still open: {titles}. Complete it first, or a manager records "
                           "a decision to close with it open, giving the reason (7.7, 8.4, 11).")
        elif Role.MANAGER not in roles:
            reasons.append(f"Only a manager can decide to close a case with safeguarding work open ({titles}).")
    if reasons:
        return ClosureDecision(Check(False, reasons))
    said = [f"Closed: {reason.label} (16.1)."]
    if pending:
        said.append(f"Closed on a manager's decision with safeguarding work left open "
                    f"({'; '.join(t.title for t in pending)}): {decision}")
    return ClosureDecision(Check(True, said), pending)


def not_closed_yet(reference: str, closed: bool) -> Check:
    """16.1: a case is closed once; closing it again is refused."""
    if closed:
        return Check(False, [f"Case {reference} is already closed."])
    return Check(True, [])


def satisfaction_asked(reference: str, closed: bool) -> Check:
    """TP12: the complainant's satisfaction is recorded only once the case is closed."""
    if not closed:
        return Check(False, [f"Case {reference} is still open: satisfaction (TP12) is asked when the "
                             "case closes."])
    return Check(True, [])


def may_reopen(reference: str, closed: bool) -> Check:
    """16.3: a new report about a closed case's perpetrator opens a new linked case; while the case is
    open the report is added to it instead."""
    if not closed:
        return Check(False, [f"Case {reference} is still open: add the new report to it instead "
                             "(a new linked case is opened only after closure, 16.3)."])
    return Check(True, [])


def closure_letter(closure_reason: str | None) -> Check:
    """16.1: the closure letter is sent only after the case is closed with a reason."""
    if not closure_reason:
        return Check(False, ["Close the case with a 16.1 reason before sending the closure letter."])
    return Check(True, [])

"""The chronology a landlord sends the Housing Ombudsman about one case: every deadline with whether it
was met, and by how many days it was missed, with the procedure clause behind it; then everything done,
in time order. Pure: the service gathers the facts, the document is built from these lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,2}"
_CLAUSE = re.compile(rf"\((?:procedure |2024 )?({_NUMBER}(?:,\s*{_NUMBER})*)\)")


class DeadlineState(StrEnum):
    MET = "met"
    MISSED = "missed"  # done, but after the deadline
    OVERDUE = "overdue"  # not done, and the deadline has passed
    OPEN = "open"  # not done, not yet due

    @property
    def label(self) -> str:
        return {"met": "Met", "missed": "Missed", "overdue": "Not done, overdue", "open": "Not yet due"}[self.value]


@dataclass(frozen=True)
class DeadlineFact:
    what: str
    due_at: datetime
    done_at: datetime | None
    why: str = ""  # the reason recorded with the deadline, naming its clause, e.g. "... (5.3)"


@dataclass(frozen=True)
class DeadlineLine:
    what: str
    due_at: datetime
    done_at: datetime | None
    state: DeadlineState
    days_late: int  # whole calendar days after the deadline (0 when met or not yet due)
    clause: str  # "5.3", or "" when the reason names none


def clause_of(why: str) -> str:
    """The procedure clause a recorded reason cites in brackets, e.g. "(5.3)", "(2024 5.9.1)" or
    "(procedure 5.3, 6.2)"; the last such bracket when there are several."""
    found = _CLAUSE.findall(why)
    return found[-1] if found else ""


def days_late(due_at: datetime, done_at: datetime) -> int:
    """Calendar days from the deadline's day to the day it was done (0 when done in time)."""
    return max(0, (done_at.date() - due_at.date()).days) if done_at > due_at else 0


def deadline_lines(facts: Iterable[DeadlineFact], now: datetime) -> list[DeadlineLine]:
    out = []
    for f in sorted(facts, key=lambda f: (f.due_at, f.what)):
        if f.done_at is not None:
            state = DeadlineState.MISSED if f.done_at > f.due_at else DeadlineState.MET
            late = days_late(f.due_at, f.done_at)
        elif f.due_at < now:
            state, late = DeadlineState.OVERDUE, days_late(f.due_at, now)
        else:
            state, late = DeadlineState.OPEN, 0
        out.append(DeadlineLine(f.what, f.due_at, f.done_at, state, late, clause_of(f.why)))
    return out


def summary(lines: Iterable[DeadlineLine]) -> str:
    """One sentence: how many deadlines were met, missed (and by how many days in all) and are still open."""
    lines = list(lines)
    met = sum(1 for line in lines if line.state is DeadlineState.MET)
    missed = [line for line in lines if line.state in (DeadlineState.MISSED, DeadlineState.OVERDUE)]
    still = sum(1 for line in lines if line.state is DeadlineState.OPEN)
    late = sum(line.days_late for line in missed)
    return (f"{len(lines)} deadline{'s' if len(lines) != 1 else ''}: {met} met, {len(missed)} missed or overdue"
            + (f" ({late} day{'s' if late != 1 else ''} late in all)" if missed else "")
            + f", {still} not yet due.")

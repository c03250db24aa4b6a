"""Safeguarding (7.7, 8.4, 11.2): the tasks a safeguarding concern raises, and which tasks are
safeguarding work that closing a case must not quietly finish."""

from __future__ import annotations

from .enums import TaskKind

SAFEGUARDING_TASK_KINDS = frozenset({TaskKind.SAFEGUARDING_REFERRAL, TaskKind.DOMESTIC_ABUSE})

CONCERN_TASK = (
    "Discuss the safeguarding concern with a manager and make a referral if needed",
    "A safeguarding concern was recorded: it is discussed with a manager and a safeguarding referral is made "
    "where needed (procedure 7.7, 8.4).",
)


def is_safeguarding_task(kind: str) -> bool:
    """Whether a task of this kind is safeguarding or domestic-abuse work (7.7, 8.4, 11)."""
    return kind in SAFEGUARDING_TASK_KINDS


def concern_task_needed(safeguarding_concern: bool, open_kinds: set[str]) -> bool:
    """A safeguarding concern raises one referral task, unless one is already open (e.g. from 11.2)."""
    return safeguarding_concern and TaskKind.SAFEGUARDING_REFERRAL.value not in open_kinds

"""Procedure 14.4: when Appendix 2 (the proportionality and equality impact assessment) counts as
complete. One rule, used by "complete", the signatures, the legal gate and the notice checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .rules import Check


class AppendixQuestion(Protocol):
    """A question of forms/peia.toml as the rule sees it."""

    id: str
    text: str
    kind: str
    required: bool


def answered(kind: str, value: Any) -> bool:
    """A yes/no question is answered by yes or no; a text question by some non-blank text."""
    if kind == "yesno":
        return value is True or value is False
    return isinstance(value, str) and bool(value.strip())


def peia_completeness(questions: Iterable[AppendixQuestion], answers: Mapping[str, Any] | None) -> Check:
    """14.4: Appendix 2 is complete only when every required question of the form is answered."""
    given = answers or {}
    missing = [q for q in questions if q.required and not answered(q.kind, given.get(q.id))]
    if not missing:
        return Check(True, ["Appendix 2 is complete: every required question is answered (14.4)."])
    shown = "; ".join(f'"{q.text}"' for q in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    return Check(False, [f"Appendix 2 is not complete: {len(missing)} required question(s) not answered "
                         f"(14.4): {shown}{more}."])

"""Procedure 14.4: when Appendix 2 (the proportionality and equality impact assessment) counts as
complete. One rule, used by "complete", the signatures, the legal gate and the notice checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .rules import Check


class AppendixQuestion(Protocol):
    """A question of forms/peia.toml as the rule sees it."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def conclusion(self) -> bool: ...


def answered(kind: str, value: Any) -> bool:
    """A yes/no question is answered by yes or no; a text question by some non-blank text."""
    if kind == "yesno":
        return value is True or value is False
    return isinstance(value, str) and bool(value.strip())


def peia_completeness(questions: Iterable[AppendixQuestion], answers: Mapping[str, Any] | None) -> Check:
    """14.4: Appendix 2 is complete only when every required question of the form is answered and it
    reaches a conclusion (a conclusion question is always required, and a form without one is never
    complete)."""
    given = answers or {}
    questions = list(questions)
    reasons: list[str] = []
    conclusions = [q for q in questions if q.conclusion]
    if not conclusions:
        reasons.append("Appendix 2 cannot be completed: the organisation's form (forms/peia.toml) has no "
                       "conclusion question (14.4).")
    elif not all(answered(q.kind, given.get(q.id)) for q in conclusions):
        reasons.append("Appendix 2 has no conclusion: answer " + "; ".join(
            f'"{q.text}"' for q in conclusions if not answered(q.kind, given.get(q.id))) + " (14.4).")
    missing = [q for q in questions if q.required and not q.conclusion and not answered(q.kind, given.get(q.id))]
    if missing:
        shown = "; ".join(f'"{q.text}"' for q in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        reasons.insert(0, f"Appendix 2 is not complete: {len(missing)} required question(s) not answered "
                          f"(14.4): {shown}{more}.")
    if reasons:
        return Check(False, reasons)
    return Check(True, ["Appendix 2 is complete: every required question is answered and it reaches a "
                        "conclusion (14.4)."])


def peia_supports_action(questions: Iterable[AppendixQuestion], answers: Mapping[str, Any] | None) -> Check:
    """14.4: a complete Appendix 2 opens the way to legal action only if its conclusion is that the action
    is proportionate: a yes/no conclusion answered "No" keeps the legal gate shut."""
    given = answers or {}
    against = [q for q in questions if q.conclusion and q.kind == "yesno" and given.get(q.id) is False]
    if against:
        return Check(False, ["Appendix 2 concludes that the proposed action is not proportionate (answered No "
                             f'to "{against[0].text}"), so legal action cannot proceed on it (14.4).'])
    return Check(True, ["Appendix 2 concludes that the proposed action is proportionate (14.4)."])


NOT_COMPLETED = "Appendix 2 must be completed before it is signed (14.4)."


def peia_sign_check(*, completed: bool, completeness: Check, as_manager: bool, officer_signed: bool,
                    officer_id: int | None, signer_id: int) -> Check:
    """14.4: Appendix 2 is signed only once it is saved as completed and complete by ``peia_completeness``;
    the officer signs first, then a manager who is a different person signs it off (four eyes)."""
    if not completed:
        return Check(False, [NOT_COMPLETED])
    if not completeness.allowed:
        return Check(False, [NOT_COMPLETED, *completeness.reasons])
    if as_manager:
        if not officer_signed:
            return Check(False, ["The officer signs Appendix 2 before the manager signs it off."])
        if officer_id == signer_id:
            return Check(False, ["The manager signing off Appendix 2 must be a different person from "
                                 "the officer who signed it."])
        return Check(True, ["Appendix 2 signed off by a manager other than the officer who signed it (14.4)."])
    return Check(True, ["Appendix 2 is complete and may be signed by the officer (14.4)."])

"""When a witness statement may be made final or signed, and how a witness's change request is closed.

Pure rules over plain values (no database, no Qt), called by every path that finalises or signs a
statement: a statement is not made final, nor signed, while a change the witness asked for is open.
Each request is closed by the officer as "changed" (linked to the version that makes the change)
or "declined" with a reason the witness is shown before signing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .rules import Check

CHANGED, DECLINED = "changed", "declined"
OUTCOMES = (CHANGED, DECLINED)
MIN_REASON = 10  # a declined request needs at least a short sentence


@dataclass(frozen=True)
class ChangeRequest:
    """What the rules need of a witness's change request; ``outcome`` is "" while it is open."""

    uid: str
    paragraph: int | None
    request: str
    outcome: str = ""

    @property
    def is_open(self) -> bool:
        return not self.outcome


def describe(request: ChangeRequest) -> str:
    """One line naming the request: where it is and what the witness asked."""
    where = f"paragraph {request.paragraph}" if request.paragraph else "the whole statement"
    text = request.request if len(request.request) <= 80 else request.request[:77] + "..."
    return f"[{request.uid[:8]}] {where}: \"{text}\""


def open_requests(requests: Iterable[ChangeRequest]) -> list[ChangeRequest]:
    return [r for r in requests if r.is_open]


def _open_reasons(number: int, requests: Sequence[ChangeRequest], action: str) -> list[str]:
    pending = open_requests(requests)
    if not pending:
        return []
    return [f"Statement {number} cannot be {action} while the witness's change request(s) below are open. "
            "Resolve each one as changed (in a new version) or declined with a reason:"] + \
        [describe(r) for r in pending]


def may_finalise(number: int, requests: Sequence[ChangeRequest], *, locked: bool = False,
                 findings: Sequence[tuple[str, str]] = ()) -> Check:
    """A statement is made final only when unsigned, with no open change request and every preflight
    finding (PD 32 / PD 22) fixed or waived with a reason. ``findings``: the open ones, as (key, message)."""
    if locked:
        return Check(False, [f"Statement {number} is signed; a change makes the witness's next statement."])
    reasons = _open_reasons(number, requests, "made final")
    if findings:
        reasons += [f"Statement {number} cannot be made final until each of these is fixed or waived with a "
                    "reason:"] + [f"[{key}] {message}" for key, message in findings]
    return Check(not reasons, reasons)


def may_sign(number: int, requests: Sequence[ChangeRequest], *, final: bool, locked: bool) -> Check:
    """A statement is signed once: final, not yet signed, and with no open change request."""
    if locked:
        return Check(False, [f"Statement {number} is already signed."])
    reasons = _open_reasons(number, requests, "signed")
    if not final:
        reasons = [f"Statement {number} must pass preflight and be made final before it is signed.", *reasons]
    return Check(not reasons, reasons)


def may_change(number: int, *, locked: bool, what: str) -> Check:
    """Nothing changes a signed (locked) statement: ``what`` names the refused change."""
    if locked:
        return Check(False, [f"Statement {number} is signed and locked: {what} is not possible. A change "
                             "makes the witness's next statement."])
    return Check(True)


def resolution_problem(outcome: str, reason: str, request_version: int, linked_version: int | None,
                       request_open: bool) -> tuple[str, str] | None:
    """Why this resolution of a request is refused, as (field, plain message); None when it is fine.

    "changed" needs a version made after the one the witness asked about; "declined" needs a reason."""
    if not request_open:
        return "request", "this request is already resolved"
    if outcome not in OUTCOMES:
        return "outcome", f"'{outcome}' is not one of {', '.join(OUTCOMES)}"
    if outcome == DECLINED and len(reason.strip()) < MIN_REASON:
        return "reason", "say why the change is declined (at least a short sentence); the witness is shown it"
    if outcome == CHANGED and (linked_version is None or linked_version <= request_version):
        return "version", (f"the statement has not been changed since version {request_version}, which the "
                           "witness asked about; save the change as a new version first, or decline with a reason")
    return None


# ------------------------------------------------------------------ how a statement is signed
DRAWN, TYPED, WET = "drawn", "typed", "wet"
METHODS = (DRAWN, TYPED, WET)
METHOD_NAMES = {DRAWN: "signature drawn on the screen", TYPED: "full name typed by the witness",
                WET: "wet-signed paper, scanned"}


def same_name(typed: str, full_name: str) -> bool:
    """The witness typed their own full name: case, spacing and Unicode form do not matter."""
    import unicodedata

    def fold(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return bool(fold(typed)) and fold(typed) == fold(full_name)


def typed_name_problem(typed: str, full_name: str) -> str | None:
    """Why a typed-name signature is refused; None when it is the witness's full name."""
    if not typed.strip():
        return "the witness types their full name to sign"
    if not same_name(typed, full_name):
        return f"the name typed is not the witness's full name as it appears on the statement ({full_name})"
    return None


def present_names(names: Iterable[str]) -> list[str]:
    """The officers present at signing, as entered: trimmed, blanks and repeats dropped, order kept."""
    out: list[str] = []
    for name in names:
        clean = " ".join(name.split())
        if clean and clean.casefold() not in {n.casefold() for n in out}:
            out.append(clean)
    return out


def may_review(number: int, *, locked: bool) -> Check:
    """A signed (locked) statement is not sent to the witness for review."""
    if locked:
        return Check(False, [f"Statement {number} is signed and locked: there is nothing left for the witness "
                             "to review. A change makes the witness's next statement."])
    return Check(True)


def may_import_review(number: int, *, locked: bool) -> Check:
    """A review pack returned after the statement was signed (locked) is not imported into it."""
    if locked:
        return Check(False, [f"Statement {number} is signed and locked: the review pack cannot be imported. "
                             "A change makes the witness's next statement."])
    return Check(True)

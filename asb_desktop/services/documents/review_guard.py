"""Leaving the witness review window: only the officer may, with their password (team mode) or a PIN
they set for the session when they open the window. Every attempt, right or wrong, is audited; the PIN
is kept only as an argon2 hash in memory, never stored."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ...storage.orm import User
from ..kernel.context import Context
from ..kernel.errors import ValidationError
from ..kernel.org_settings import team_mode

PIN_MIN, PIN_MAX = 4, 12
_hasher = PasswordHasher()


def pin_problem(pin: str) -> str | None:
    """Why a PIN is refused: 4 to 12 digits."""
    if not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        return f"the PIN is {PIN_MIN} to {PIN_MAX} digits (0 to 9)"
    return None


def leave_secret(ctx: Context) -> str:
    """What leaving a witness review will need of this officer: "password" (team mode) or "PIN"."""
    with ctx.session() as s:
        user = s.get(User, ctx.actor.id)
        return "password" if user is not None and user.password_hash and team_mode(s) else "PIN"


class ReviewGuard:
    """Made when the officer opens the witness review window; ``unlock`` checks the officer's secret."""

    def __init__(self, ctx: Context, reference: str, number: int, pin: str | None = None) -> None:
        self.ctx, self.reference, self.number = ctx, reference, number
        self.attempts = 0
        with ctx.session() as s:
            user = s.get(User, ctx.actor.id)
            self._password_hash = user.password_hash if user is not None and team_mode(s) else None
            if self._password_hash is None:
                problem = pin_problem(pin or "")
                if problem:
                    raise ValidationError("PIN", f"set a PIN for this witness review: {problem}; you need it "
                                          "to leave the review")
                self._pin_hash: str | None = _hasher.hash(pin or "")
            else:
                self._pin_hash = None
            ctx.audit(s, "view", "witness_review", number, reference,
                      f"Witness review of statement {number} started: leaving needs the officer's {self.needs}")

    @property
    def needs(self) -> str:
        """What the officer enters to leave: "password" (team mode) or "PIN"."""
        return "password" if self._password_hash is not None else "PIN"

    def unlock(self, secret: str) -> bool:
        """True when ``secret`` is the officer's password or the session's PIN; audited either way."""
        self.attempts += 1
        ok: bool
        try:
            ok = _hasher.verify(self._password_hash or self._pin_hash or "", secret)
        except (VerificationError, InvalidHashError):
            ok = False
        with self.ctx.session() as s:
            if ok:
                summary = f"Witness review of statement {self.number} ended: the officer's {self.needs} was right"
            else:
                summary = (f"Witness review of statement {self.number}: a wrong {self.needs} was entered to leave "
                           f"(attempt {self.attempts}); the review carried on")
            self.ctx.audit(s, "unlock", "witness_review", self.number, self.reference, summary, allowed=ok,
                           attempt=self.attempts)
        return ok

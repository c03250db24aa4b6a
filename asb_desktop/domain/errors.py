"""Errors the services raise, defined below them so every layer can raise them. Each carries a message
fit to show a user as it is."""

from __future__ import annotations


class ASBError(Exception):
    """Base class: ``str(error)`` is a plain-English sentence saying what to do."""


class NotFound(ASBError):
    pass


class PermissionDenied(ASBError):
    pass


class ValidationError(ASBError):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class Conflict(ASBError):
    """Someone else saved the same record since it was read (optimistic version check)."""


class RuleBlocked(ASBError):
    """A procedure rule refuses the action; ``reasons`` says why in the procedure's terms."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons

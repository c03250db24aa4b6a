"""The services' errors (defined in domain/errors.py, below every layer that raises them)."""

from __future__ import annotations

from ...domain.errors import ASBError, Conflict, NotFound, PermissionDenied, RuleBlocked, ValidationError

__all__ = ["ASBError", "Conflict", "NotFound", "PermissionDenied", "RuleBlocked", "ValidationError"]

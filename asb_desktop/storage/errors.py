"""Errors of the storage layer, below every module that raises them (no import cycles)."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database problem described in plain English."""

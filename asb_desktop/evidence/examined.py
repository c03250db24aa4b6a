"""What examining a file gives: the result every kind of evidence fills in, and the refusal.

Below ``examine`` (which dispatches to audio, photos, video and documents) and below those kinds,
which fill in an ``Examined`` or raise ``Unusable``: each imports this module, so none imports another's
dispatcher and there is no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .kinds import Kind

Fraction = Callable[[float], None]


class Unusable(Exception):
    """The file cannot be taken in; ``str()`` says why and what to do."""


@dataclass
class Examined:
    kind: Kind
    family: str | None
    made_at: datetime | None
    meta: dict[str, Any] = field(default_factory=dict)
    analysis: dict[str, Any] = field(default_factory=dict)

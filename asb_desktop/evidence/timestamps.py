"""When a recording or photo was made, from its file name or a metadata string."""

from __future__ import annotations

import re
from datetime import datetime

# 2026-11-20 23-14-05, 2026-11-20_23.14.05, REC_20261120_231405, VID-20261120-WA0001 (date only), IMG_20261120_231405
_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>20\d{2})[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)[ T_\-.]+"
               r"(?P<H>[0-2]\d)[-_.:h]?(?P<M>[0-5]\d)(?:[-_.:m]?(?P<S>[0-5]\d))?(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>20\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)


def time_from_name(name: str) -> datetime | None:
    for pattern in _PATTERNS:
        for match in pattern.finditer(name):
            parts = match.groupdict()
            try:
                return datetime(int(parts["y"]), int(parts["m"]), int(parts["d"]), int(parts.get("H") or 0),
                                int(parts.get("M") or 0), int(parts.get("S") or 0))
            except ValueError:
                continue
    return None


def parse_meta_time(value: object) -> datetime | None:
    """ISO 8601 (with or without zone: kept as wall-clock time) or EXIF "2026:11:20 23:14:05"."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("\x00", "")
    if re.match(r"^\d{4}:\d{2}:\d{2} ", text):
        text = text.replace(":", "-", 2)
    text = text.replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)
    return moment.replace(microsecond=0)

"""Level logs that come with Noise App exports and noise-monitor downloads: a CSV with a time column
and one or more level columns (LAeq, LAFmax, LA90, dB ...), imported as the recording's level series."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

TIME_NAMES = ("time", "timestamp", "datetime", "date_time", "date/time", "start", "seconds", "offset")
MAX_BYTES = 50 << 20


class LevelLogError(Exception):
    """The CSV is not a level log; ``str()`` names the row and the field."""


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip()
    try:
        return float(text)
    except ValueError:
        return None


def read_level_log(path: Path) -> dict[str, Any]:
    if path.stat().st_size > MAX_BYTES:
        raise LevelLogError(f"{path.name}: the level log is larger than {MAX_BYTES >> 20} MB")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return parse_level_log(text, path.name)


def parse_level_log(text: str, name: str = "levels.csv") -> dict[str, Any]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        raise LevelLogError(f"{name}: a level log needs a header row and at least one row of levels")
    header = [h.strip() for h in rows[0]]
    time_col = next((i for i, h in enumerate(header) if h.lower() in TIME_NAMES), None)
    if time_col is None:
        raise LevelLogError(f"{name}: no time column (one headed Time, Timestamp or Seconds)")
    level_cols = [i for i, h in enumerate(header) if i != time_col and h and _is_level(h)]
    if not level_cols:
        raise LevelLogError(f"{name}: no level columns (headed like LAeq, LAFmax, LA90 or dB)")
    times: list[str] = []
    series: dict[str, list[float | None]] = {header[i]: [] for i in level_cols}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) <= max([time_col, *level_cols]):
            raise LevelLogError(f"{name} row {number}: has {len(row)} fields, the header has {len(header)}")
        when = row[time_col].strip()
        if not when:
            raise LevelLogError(f"{name} row {number}, {header[time_col]}: the time is empty")
        times.append(when)
        for i in level_cols:
            cell = row[i].strip()
            value = _number(cell) if cell else None
            if cell and (value is None or not -200 <= value <= 200):
                raise LevelLogError(f"{name} row {number}, {header[i]}: '{cell[:40]}' is not a level in dB")
            series[header[i]].append(value)
    return {"file": name, "time_column": header[time_col], "times": times, "series": series, "rows": len(times)}


def _is_level(header: str) -> bool:
    h = header.lower().replace(" ", "").replace("(", "").replace(")", "")
    return bool(re.match(r"^(l[acz]?(eq|max|min|fmax|smax|\d{1,2})|db\w*|level\w*|spl\w*|\w*db[a-z]?)$", h))

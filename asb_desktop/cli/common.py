"""Helpers shared by the command modules: opening the database, printing tables and JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..services import Services


def open_engine(args: argparse.Namespace):  # noqa: ANN201 - sqlalchemy is imported lazily
    from ..storage.db import make_engine, upgrade

    engine = make_engine(args.paths.database_url)
    backup = upgrade(engine, args.paths.backups_dir, args.paths.backup_key_file)
    if backup:
        print(f"asb: the database was upgraded; a backup was taken first: {backup}", file=sys.stderr)
    return engine


def services(args: argparse.Namespace) -> Services:
    from ..services import open_services

    password = None
    if args.user:
        password = os.environ.get("ASB_PASSWORD")
        if password is None and sys.stdin.isatty():
            import getpass

            password = getpass.getpass(f"Password for {args.user}: ")
    return open_services(open_engine(args), args.paths.data_dir, args.user, password)


def to_json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, datetime | date):
            return obj.isoformat()
        if hasattr(obj, "__dataclass_fields__"):
            from dataclasses import asdict

            return asdict(obj)
        return str(obj)

    return json.dumps(value, default=default, ensure_ascii=False, indent=2)


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    widths = [min(w, 40) for w in widths]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    for row in rows:
        cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())


def fmt_dt(value: datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%d/%m/%Y %H:%M")


def parse_when(value: str | None, field: str) -> datetime | None:
    if value is None:
        return None
    from ..services.kernel.inputs import parse_datetime

    return parse_datetime(value, field)


def read_text_file(path: str) -> str:
    """A UTF-8 text file's content; a missing or unreadable one is bad input, said plainly."""
    from ..services.kernel.errors import ValidationError

    try:
        with open(path, encoding="utf-8-sig") as fh:  # -sig: a byte order mark (Notepad) is not text
            return fh.read()
    except FileNotFoundError:
        raise ValidationError(path, "no such file") from None
    except UnicodeDecodeError:
        raise ValidationError(path, "is not a UTF-8 text file") from None
    except OSError as exc:  # a folder, no permission, a device error
        raise ValidationError(path, f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None


def read_json_file(path: str) -> Any:
    from ..services.kernel.errors import ValidationError

    text = read_text_file(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") \
            from None
    except RecursionError:
        raise ValidationError(path, "is nested too deeply to be a report") from None
    except ValueError as exc:  # e.g. a number too long to read
        raise ValidationError(path, f"is not usable JSON ({exc})") from None


def write_text(path: str | None, text: str) -> None:
    if path is None or path == "-":
        print(text)
        return
    tmp = f"{path}.partial"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    os.replace(tmp, path)
    print(f"Written {path}", file=sys.stderr)

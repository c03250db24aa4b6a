"""``asb``: the command line over the same services as the desktop app.

Only argparse is imported at start-up; each command imports what it needs, so ``asb --help``
answers without loading SQLAlchemy, Qt or the document libraries. Errors are one line on stderr
and a non-zero exit; unexpected ones are logged in full to the log file, never shown as a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from .. import __version__

EXIT_ERROR, EXIT_USAGE, EXIT_UNEXPECTED = 1, 2, 3

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    from . import admin, case, casework
    from . import court as court_cli
    from . import documents as documents_cli
    from . import evidence as evidence_cli
    from . import lettings as lettings_cli
    from . import parties as parties_cli
    from . import privacy as privacy_cli
    from . import records as records_cli
    from . import reports as reports_cli

    parser = argparse.ArgumentParser(
        prog="asb", description="ASB Desktop from the command line: cases, audit trail, exchange, backups.")
    parser.add_argument("--version", action="version", version=f"asb {__version__}")
    parser.add_argument("--db", metavar="URL", help="database: a SQLite file path or a postgresql:// URL "
                        "(env ASB_DATABASE_URL; default: the SQLite file in the data folder)")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder for the default database, stored files, "
                        "backups and logs (env ASB_DATA_DIR)")
    parser.add_argument("--user", metavar="NAME", help="sign in as this user (team mode; password from "
                        "ASB_PASSWORD or asked for)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    case.register(sub)
    admin.register(sub)
    documents_cli.register(sub)
    court_cli.register(sub)
    evidence_cli.register(sub)
    parties_cli.register(sub)
    casework.register(sub)
    lettings_cli.register(sub)
    records_cli.register(sub)
    reports_cli.register(sub)
    privacy_cli.register(sub)
    return parser


def setup_logging(log_dir: os.PathLike[str] | str) -> str:
    from pathlib import Path

    folder = Path(log_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "asb.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    from ..config import resolve

    paths = resolve(args.db, args.data_dir)
    args.paths = paths
    log_path = "the log file"
    try:
        log_path = setup_logging(paths.log_dir)
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("asb: stopped.", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into head or less that closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # every error ends as one line; the detail goes to the log
        return report_error(exc, log_path)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report_error(exc: Exception, log_path: str) -> int:
    from ..domain.forms import FormError
    from ..services.kernel.errors import ASBError, ValidationError
    from ..storage.db import DatabaseError
    from ..storage.keys import BackupKeyError
    from ..storage.snapshot import SnapshotError

    if isinstance(exc, ValidationError | SnapshotError | BackupKeyError):  # a bad value, a refused backup or key
        print(f"asb: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, ASBError | DatabaseError | FormError | FileNotFoundError | PermissionError):
        message = str(exc)
        if isinstance(exc, FileNotFoundError | PermissionError) and exc.filename:
            message = f"{exc.strerror}: {exc.filename}"
        print(f"asb: error: {_one_line(message)}", file=sys.stderr)
        logging.getLogger("asb.cli").info("refused: %s", message)
        return EXIT_ERROR
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        print(f"asb: error: the database could not be opened: {_one_line(str(exc.orig))}", file=sys.stderr)
        return EXIT_ERROR
    logging.getLogger("asb.cli").exception("unexpected error")
    print(_one_line(f"asb: unexpected error ({exc.__class__.__name__}: {exc}). Nothing more was done. "
                    f"Details are in {log_path}."), file=sys.stderr)
    return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())

"""Desktop entry point: one wiring point (paths, engine, services) before the main window opens.

First run: started interactively with no database yet (none named, none remembered, no file at the
default place), a welcome asks where the case file lives, who the organisation and officer are, and
whether to add demo cases (``needs_welcome``). Started with ``--no-welcome`` or ``--quit-after`` (CI,
tests, scripts), the default SQLite database instead gets 200 demo cases on first run, as before.
Unexpected errors are logged in full, written to a crash file, and shown as a plain message.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("asb.app")
DEMO_CASES_ON_FIRST_RUN = 200
REMEMBERED = "database.json"  # in the data folder: the team server chosen in the welcome


def remembered_database(data_dir: Path) -> str | None:
    try:
        return json.loads((data_dir / REMEMBERED).read_text(encoding="utf-8")).get("database_url") or None
    except (OSError, ValueError, AttributeError):
        return None


def remember_database(data_dir: Path, url: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / REMEMBERED).write_text(json.dumps({"database_url": url}), encoding="utf-8")


def _chosen_database(args: argparse.Namespace) -> str | None:
    """--db, else ASB_DATABASE_URL (resolved by config), else the server remembered from the welcome."""
    named = args.db or os.environ.get("ASB_DATABASE_URL")
    if named:
        return named
    from .config import resolve

    return remembered_database(resolve(None, args.data_dir).data_dir)


def needs_welcome(args: argparse.Namespace) -> bool:
    """Interactive first run: no database named or remembered, and no file at the default place."""
    if args.no_welcome or args.quit_after or _chosen_database(args):
        return False
    from .config import resolve

    paths = resolve(None, args.data_dir)
    return not (paths.data_dir / "asb.sqlite").exists()


def team_mode_on(engine) -> bool:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from .services.kernel.org_settings import team_mode

    with Session(engine) as session:
        return team_mode(session)


def _signed_in(engine, data_dir: Path):  # noqa: ANN001, ANN202
    """Team mode: the sign-in dialog before the main window (SignInCancelled if the user gives up)."""
    from .services import Services
    from .services.kernel.context import Context
    from .ui.dialogs.login_dialog import ask_sign_in

    return Services(Context(engine, ask_sign_in(engine), data_dir))


def _prepare(args: argparse.Namespace, database_url: str | None = None, auto_demo: bool = True):  # noqa: ANN202
    from sqlalchemy import func, select

    from .config import resolve
    from .services import open_services
    from .storage.db import make_engine, upgrade
    from .storage.orm import Case

    paths = resolve(database_url or _chosen_database(args), args.data_dir)
    from .cli import setup_logging

    log_file = setup_logging(paths.log_dir)
    engine = make_engine(paths.database_url)
    backup = upgrade(engine, paths.backups_dir, paths.backup_key_file)
    if backup:
        log.info("database upgraded to this version; the backup taken first is %s", backup)
    services = _signed_in(engine, paths.data_dir) if team_mode_on(engine) else open_services(engine, paths.data_dir)
    if database_url:
        remember_database(paths.data_dir, database_url)
    if paths.is_default_sqlite and auto_demo and not args.no_demo:
        with engine.connect() as conn:
            empty = not conn.scalar(select(func.count(Case.id)))
        if empty and not team_mode_on(engine):  # demo data on a team database: administrators, by hand
            from .demo.court_case import add_court_case_to_demo
            from .demo.generate import generate

            generate(engine, DEMO_CASES_ON_FIRST_RUN, seed=1, username=services.ctx.actor.username)
            log.info("first run: added %s demo cases and the court-ready case %s", DEMO_CASES_ON_FIRST_RUN,
                     add_court_case_to_demo(services.ctx))
    return services, log_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="asb-desktop", description="ASB Desktop")
    parser.add_argument("--db", help="database: SQLite file or postgresql:// URL (env ASB_DATABASE_URL)")
    parser.add_argument("--data-dir", help="data folder (env ASB_DATA_DIR)")
    parser.add_argument("--no-demo", action="store_true", help="do not add demo data on first run")
    parser.add_argument("--no-welcome", action="store_true",
                        help="skip the first-run welcome (use the default SQLite database)")
    parser.add_argument("--quit-after", type=int, default=0, metavar="MS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from .config import resolve
    from .services.admin import users  # noqa: F401 - the start's non-Qt modules, imported before PySide6:
    from .storage import db  # noqa: F401 - PySide6 reads the source of every module imported after it
    from .ui.application import run

    data_dir = resolve(None, args.data_dir).data_dir
    return run(lambda url=None, auto_demo=True: _prepare(args, url, auto_demo), args.quit_after,
               welcome_dir=data_dir if needs_welcome(args) else None, log_dir=data_dir / "logs",
               remember_database=lambda url: remember_database(data_dir, url))

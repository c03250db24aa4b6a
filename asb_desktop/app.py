"""Desktop entry point: one wiring point (paths, engine, services) before the main window opens.

On the first run with the default SQLite database, demo data is added so a new user sees a
working case file. Unexpected errors are logged in full and shown as a plain message.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

log = logging.getLogger("asb.app")
DEMO_CASES_ON_FIRST_RUN = 200


def _prepare(args: argparse.Namespace):  # noqa: ANN202
    from sqlalchemy import func, select

    from .config import resolve
    from .services import open_services
    from .storage.db import make_engine, upgrade
    from .storage.orm import Case

    paths = resolve(args.db, args.data_dir)
    from .cli import setup_logging

    log_file = setup_logging(paths.log_dir)
    engine = make_engine(paths.database_url)
    upgrade(engine, paths.backups_dir)
    services = open_services(engine, paths.data_dir)
    if paths.is_default_sqlite and not args.no_demo:
        with engine.connect() as conn:
            empty = not conn.scalar(select(func.count(Case.id)))
        if empty:
            from .services.demo import generate

            generate(engine, DEMO_CASES_ON_FIRST_RUN, seed=1)
            log.info("first run: added %s demo cases", DEMO_CASES_ON_FIRST_RUN)
    return services, log_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="asb-desktop", description="ASB Desktop")
    parser.add_argument("--db", help="database: SQLite file or postgresql:// URL (env ASB_DATABASE_URL)")
    parser.add_argument("--data-dir", help="data folder (env ASB_DATA_DIR)")
    parser.add_argument("--no-demo", action="store_true", help="do not add demo data on first run")
    parser.add_argument("--quit-after", type=int, default=0, metavar="MS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from .ui.application import run

    return run(lambda: _prepare(args), args.quit_after)

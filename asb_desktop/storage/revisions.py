"""Schema revisions: where the migrations are and which revision a database is at.

Apart from db.py so that the backup module (which db.upgrade calls before a migration) can read
revisions without importing db: no import cycle. Alembic is imported only when needed (it is slow).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest schema, as its head revisions joined by "+".

    Each area of the app (case file, evidence, documents, court) has its own branch of migrations,
    so the schema can have several heads; the join is stable because it is sorted.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return "+".join(sorted(ScriptDirectory.from_config(cfg).get_heads()))


def revision_of(conn: Connection) -> str | None:
    """The schema revision a database is at, in the same form as head_revision(); None when empty."""
    from alembic.runtime.migration import MigrationContext

    return "+".join(sorted(MigrationContext.configure(conn).get_current_heads())) or None

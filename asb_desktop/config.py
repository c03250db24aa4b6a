"""Where the data lives: database address and data folder, from options, environment or defaults.

Resolved without importing SQLAlchemy or Qt so that ``asb --help`` stays fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ASB Desktop"
APP_SLUG = "asb-desktop"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    database_url: str

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def backup_key_file(self) -> Path:
        return backup_key_file(self.data_dir)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def is_default_sqlite(self) -> bool:
        return self.database_url == default_url(self.data_dir)


def backup_key_file(data_dir: Path) -> Path:
    """The organisation's backup signing key (storage/keys.py); kept elsewhere when ASB_BACKUP_KEY_FILE says."""
    named = os.environ.get("ASB_BACKUP_KEY_FILE")
    return Path(named).expanduser() if named else data_dir / "keys" / "backup-signing.key"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_SLUG, appauthor=False))


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'asb.sqlite'}"


def resolve(db: str | None = None, data_dir: str | None = None) -> Paths:
    folder = Path(data_dir or os.environ.get("ASB_DATA_DIR") or default_data_dir()).expanduser()
    url = db or os.environ.get("ASB_DATABASE_URL") or default_url(folder)
    return Paths(folder, url)

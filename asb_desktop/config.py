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
    def backup_key_candidates(self) -> list[Path]:
        return backup_key_candidates(self.data_dir)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def is_default_sqlite(self) -> bool:
        return self.database_url == default_url(self.data_dir)


KEY_NAME = "backup-signing.key"


def backup_key_file(data_dir: Path) -> Path:
    """The key new backups are signed with (storage/keys.py): ASB_BACKUP_KEY_FILE when set, else a key an
    earlier version kept in this data folder, else the one key of this computer account.

    Why per account rather than per data folder: a backup restored into a new data folder (a new laptop
    set-up, a test copy) is checked with the same key without anyone copying files around."""
    named = os.environ.get("ASB_BACKUP_KEY_FILE")
    if named:
        return Path(named).expanduser()
    in_folder = data_dir / "keys" / KEY_NAME
    return in_folder if in_folder.exists() else account_key_file()


def account_key_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_SLUG, appauthor=False)) / "keys" / KEY_NAME


def backup_key_candidates(data_dir: Path) -> list[Path]:
    """Every place a restore looks for the key that signed a backup, in order, without repeats."""
    named = os.environ.get("ASB_BACKUP_KEY_FILE")
    found = [Path(named).expanduser()] if named else []
    for path in (data_dir / "keys" / KEY_NAME, account_key_file()):
        if path not in found:
            found.append(path)
    return found


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_SLUG, appauthor=False))


def icon_cache_dir() -> Path:
    """Where drawn icons are kept between starts (the account's cache folder: nothing personal)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_SLUG, appauthor=False)) / "icons"


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'asb.sqlite'}"


def resolve(db: str | None = None, data_dir: str | None = None) -> Paths:
    folder = Path(data_dir or os.environ.get("ASB_DATA_DIR") or default_data_dir()).expanduser()
    url = db or os.environ.get("ASB_DATABASE_URL") or default_url(folder)
    return Paths(folder, url)

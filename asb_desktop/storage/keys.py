"""The organisation's backup signing key: an HMAC-SHA256 key in a file the organisation keeps.

Why HMAC from the standard library rather than a signature scheme: the same organisation signs and
checks its own backups, so a shared secret is enough and needs no new dependency. The key file is
created (0600) the first time a backup is written, once per computer account (config.backup_key_file),
so a restore into another data folder finds it; restoring on another computer needs a copy of it
(``ASB_BACKUP_KEY_FILE`` or ``--key-file`` names where it is kept). A backup edited after it was
written (an audit entry removed, a custody line changed) no longer matches its signature.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from .errors import DatabaseError

KEY_BYTES = 32


class BackupKeyError(DatabaseError):
    """The key file cannot be read or is not a key, said in plain English."""


def load_key(path: Path, create: bool = False) -> bytes:
    """The key in ``path``; a new random one is written there first when ``create`` and it is missing."""
    path = Path(path).expanduser()
    if not path.exists() and create:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise BackupKeyError(f"There is no backup signing key at {path}. Copy the organisation's key file there "
                        "(or name it with --key-file or ASB_BACKUP_KEY_FILE).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupKeyError(f"The backup signing key at {path} cannot be read ({exc}).") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise BackupKeyError(f"{path} is not a backup signing key (expected at least 32 hexadecimal characters).")
    return key


class BackupKeyMissing(BackupKeyError):
    """No key file this computer holds signed the backup."""


def key_for(wanted: str | None, places: list[Path]) -> tuple[Path, bytes]:
    """The first readable key among ``places`` whose fingerprint is ``wanted`` (any readable key when the
    backup names none, so the signature check says what is wrong). Raises ``BackupKeyMissing``."""
    readable: list[tuple[Path, bytes]] = []
    for path in places:
        if Path(path).expanduser().exists():
            key = load_key(path)
            if wanted is None or key_id(key) == wanted:
                return Path(path), key
            readable.append((Path(path), key))
    if readable:  # the signature check names both fingerprints
        return readable[0]
    where = ", ".join(str(p) for p in places)
    raise BackupKeyMissing(f"This backup is signed with the organisation's key{f' {wanted}' if wanted else ''}, "
                           f"and this computer has no key file (looked in {where}). Copy the key file from the "
                           "computer that made the backup and name it with --key-file (or ASB_BACKUP_KEY_FILE); "
                           "nothing was restored.")


def key_id(key: bytes) -> str:
    """A short fingerprint that names a key without revealing it."""
    return hashlib.sha256(b"asb-backup-key-id:" + key).hexdigest()[:16]


def sign(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def verify(key: bytes, data: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, data), signature)

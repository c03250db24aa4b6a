"""The content-addressed store: each file kept once, read-only, under its SHA-256 (``ab/cd/<sha256>``).

The hash is computed in the same pass as the copy: chunks are read into one buffer, hashed and written
to a temporary file inside the store, which is flushed to disk and renamed into place, so a crash never
leaves a half-written file under a real name. Memory stays flat whatever the file's size.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHUNK = 1 << 20
BUFFERS = 8
SYNC_EVERY = 64 << 20
INCOMING = ".incoming"
HEX = frozenset("0123456789abcdef")


class StoreError(Exception):
    """A store problem, described in plain English."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path
    already_stored: bool


@dataclass(frozen=True)
class StoreEntry:
    """A file found by walking the store."""

    sha256: str
    path: Path
    size: int


def is_sha256(text: str) -> bool:
    return len(text) == 64 and set(text) <= HEX


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise StoreError(f"'{sha256}' is not a SHA-256 hash.")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, source: Path, cancelled: Callable[[], bool] | None = None) -> StoredFile:
        """Copy ``source`` in, hashing as it goes. Raises StoreError (and leaves nothing) on failure."""
        source = Path(source)
        size = source.stat().st_size
        incoming = self.root / INCOMING
        try:
            incoming.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(incoming).free
        except OSError as exc:
            raise StoreError(f"The evidence store at {self.root} cannot be written to ({exc.strerror}). "
                             "Check the folder exists and you may write to it.") from None
        if size > free:
            raise StoreError(f"There is not enough free space in the evidence store for this file "
                             f"({size:,} bytes needed, {free:,} free). Free some space and add it again.")
        fd, tmp_name = tempfile.mkstemp(prefix="in-", suffix=".partial", dir=incoming)
        tmp = Path(tmp_name)
        try:
            digest, written = _copy_hashing(source, fd, cancelled)
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.is_file():
                tmp.unlink()
                return StoredFile(sha, written, target, True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            return StoredFile(sha, written, target, False)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def walk(self) -> Iterator[StoreEntry]:
        """Every stored file (and anything else found under the root, for verify to report)."""
        if not self.root.is_dir():
            return
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d != INCOMING)
            for name in sorted(names):
                path = Path(folder, name)
                if path.is_file():
                    yield StoreEntry(name, path, path.stat().st_size)

    def leftovers(self) -> list[Path]:
        """Temporary files left by an import that was interrupted (never under a real name)."""
        incoming = self.root / INCOMING
        return sorted(incoming.iterdir()) if incoming.is_dir() else []


def hash_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _copy_hashing(source: Path, fd: int, cancelled: Callable[[], bool] | None) -> tuple[Any, int]:
    """Read, hash and write in one pass. A writer thread writes (and flushes to disk as it goes) while
    this thread hashes the next chunk: both release the GIL, so the copy costs little more than the hash."""
    digest = hashlib.sha256()
    free: queue.Queue[bytearray] = queue.Queue()
    for _ in range(BUFFERS):
        free.put(bytearray(CHUNK))
    full: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
    failure: list[BaseException] = []

    def writer() -> None:
        unsynced = 0
        try:
            while (item := full.get()) is not None:
                buf, n = item
                view = memoryview(buf)[:n]
                while view:
                    view = view[os.write(fd, view):]
                free.put(buf)
                unsynced += n
                if unsynced >= SYNC_EVERY:
                    os.fdatasync(fd) if hasattr(os, "fdatasync") else os.fsync(fd)
                    unsynced = 0
            os.fsync(fd)
        except BaseException as exc:  # reported to the reading thread
            failure.append(exc)
            while full.get() is not None:
                pass

    thread = threading.Thread(target=writer, name="evidence-store-writer", daemon=True)
    thread.start()
    written = 0
    try:
        with open(source, "rb", buffering=0) as src:
            while not failure:
                buf = free.get()
                n = src.readinto(buf)
                if not n:
                    break
                digest.update(memoryview(buf)[:n])
                full.put((buf, n))
                written += n
                if cancelled is not None and cancelled():
                    raise StoreError("The import was cancelled.")
    finally:
        full.put(None)
        thread.join()
        os.close(fd)
    if failure:
        raise StoreError(f"The file could not be written to the evidence store ({failure[0]}).") from failure[0]
    return digest, written


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

"""The content-addressed store: each file kept once, read-only, under its SHA-256 (``ab/cd/<sha256>``).

The hash is computed in the same pass as the copy: chunks are read into one buffer, hashed and written
to a temporary file inside the store, which is flushed to disk and renamed into place, so a crash never
leaves a half-written file under a real name. Memory stays flat whatever the file's size.

Where the file system allows it (Linux, not tmpfs or some network shares) the copy is written with
direct I/O: the disk reads the page-aligned buffers itself, so the copy neither fills the page cache
nor competes with the hashing for memory bandwidth, and the final fsync has little left to flush.
"""

from __future__ import annotations

import errno
import hashlib
import mmap
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

from ..storage.files import fsync_dir

CHUNK = 4 << 20  # a multiple of every disk's block size, as direct I/O needs
BUFFERS = 4
SYNC_EVERY = 64 << 20  # without direct I/O: flush as it goes, so the final fsync does not wait for it all
DIRECT = getattr(os, "O_DIRECT", 0)
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


class Cancelled(StoreError):
    """The user cancelled while a file was being copied or analysed; nothing of it was kept."""


@dataclass
class Staged:
    """A file copied into the store's incoming folder and hashed, not yet under its hash name."""

    store: EvidenceStore
    path: Path
    sha256: str
    size: int

    @property
    def already_stored(self) -> bool:
        return self.store.has(self.sha256)

    def commit(self) -> StoredFile:
        """Rename the copy to its hash name (or drop it when those bytes are already stored)."""
        return self.store.commit_staged(self)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def is_sha256(text: str) -> bool:
    return len(text) == 64 and set(text) <= HEX


class EvidenceStore:
    """The folder store: ``root`` is ``<data_dir>/evidence`` or a share (the ``evidence_root`` setting).
    evidence/db_store.py keeps the same interface over the database, for a team."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def commit_staged(self, staged: Staged) -> StoredFile:
        """Put a staged copy under its hash name (or drop it when those bytes are already stored)."""
        try:
            target = self.path_for(staged.sha256)
            if target.is_file():
                staged.discard()
                return StoredFile(staged.sha256, staged.size, target, True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(staged.path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(staged.path, target)
            fsync_dir(target.parent)
            return StoredFile(staged.sha256, staged.size, target, False)
        except BaseException:
            staged.discard()
            raise

    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise StoreError(f"'{sha256}' is not a SHA-256 hash.")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, source: Path, cancelled: Callable[[], bool] | None = None) -> StoredFile:
        """Copy ``source`` in, hashing as it goes. Raises StoreError (and leaves nothing) on failure."""
        return self.stage(source, cancelled).commit()

    def stage(self, source: Path, cancelled: Callable[[], bool] | None = None,
              on_chunk: Callable[[memoryview], None] | None = None) -> Staged:
        """Read ``source`` once: hash it and copy it to a temporary file inside the store, handing each
        chunk to ``on_chunk`` (on this thread, before the buffer is reused) for checks, analysis or
        progress. Nothing is under a real name until ``commit()``; ``discard()`` removes the copy.
        Raises StoreError (``Cancelled`` when ``cancelled()`` turns true) and leaves nothing."""
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
            digest, written = _copy_hashing(source, fd, cancelled, on_chunk)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return Staged(self, tmp, digest.hexdigest(), written)

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

    def placed(self, entry: StoreEntry) -> bool:
        """Whether a walked entry sits where its name says it belongs (not a stray file)."""
        return is_sha256(entry.sha256) and self.path_for(entry.sha256) == entry.path

    def rehash(self, entry: StoreEntry) -> str:
        """The SHA-256 of a walked entry's bytes, read again now."""
        return hash_file(entry.path)

    def open(self, sha256: str) -> Any:
        """The stored file as a read-only file object."""
        return open(self.path_for(sha256), "rb")  # noqa: SIM115 - the caller closes it

    def copy_to(self, sha256: str, dest: Path) -> None:
        """Copy the stored bytes to ``dest`` (streamed; the caller checks the hash)."""
        shutil.copyfile(self.path_for(sha256), dest)

    def describe(self) -> str:
        return str(self.root)

    is_database = False

    def cached_path(self, sha256: str) -> Path:
        """Where the file is (the folder store) or this machine's copy would be (the database store),
        without fetching anything."""
        return EvidenceStore.path_for(self, sha256)

    def remove(self, shas: set[str]) -> int:
        """Delete these stored files (retention); returns how many were there."""
        removed = 0
        for sha in shas:
            path = self.cached_path(sha)
            if path.is_file():
                path.unlink()
                removed += 1
        return removed

    def leftovers(self) -> list[Path]:
        """Temporary files left by an import that was interrupted (never under a real name)."""
        incoming = self.root / INCOMING
        return sorted(incoming.iterdir()) if incoming.is_dir() else []


def hash_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _direct_io(fd: int, on: bool) -> bool:
    """Switch direct I/O on or off for ``fd``; False when the system or file system does not offer it."""
    if not DIRECT:
        return False
    try:
        import fcntl

        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | DIRECT if on else flags & ~DIRECT)
    except (ImportError, OSError):
        return False
    return on


def _write_all(fd: int, view: memoryview, direct: bool) -> bool:
    """Write ``view`` fully; returns whether direct I/O is still on (it is dropped for a short, unaligned
    last chunk, or when the file system refuses it only at write time)."""
    if direct and len(view) % CHUNK:
        direct = _direct_io(fd, False)
    while view:
        try:
            view = view[os.write(fd, view):]
        except OSError as exc:
            if not direct or exc.errno != errno.EINVAL:  # this file system takes no direct writes
                raise
            direct = _direct_io(fd, False)
    return direct


def open_source(source: Path) -> Any:
    """The added file, opened unbuffered for reading (a seam: tests count the bytes read through it)."""
    return open(source, "rb", buffering=0)


def _copy_hashing(source: Path, fd: int, cancelled: Callable[[], bool] | None,
                  on_chunk: Callable[[memoryview], None] | None = None) -> tuple[Any, int]:
    """Read, hash and write in one pass. A writer thread writes while this thread hashes the next chunk:
    both release the GIL, so the copy costs little more than the hash. The buffers are anonymous
    memory maps, page-aligned as direct I/O requires."""
    digest = hashlib.sha256()
    free: queue.Queue[mmap.mmap] = queue.Queue()
    for _ in range(BUFFERS):
        free.put(mmap.mmap(-1, CHUNK))
    full: queue.Queue[tuple[mmap.mmap, int] | None] = queue.Queue()
    failure: list[BaseException] = []

    def writer() -> None:
        unsynced = 0
        direct = _direct_io(fd, True)
        try:
            while (item := full.get()) is not None:
                buf, n = item
                with memoryview(buf) as whole, whole[:n] as view:
                    direct = _write_all(fd, view, direct)
                free.put(buf)
                unsynced += n
                if not direct and unsynced >= SYNC_EVERY:
                    os.fdatasync(fd) if hasattr(os, "fdatasync") else os.fsync(fd)
                    unsynced = 0
            os.fsync(fd)  # the file's size and anything written without direct I/O, on disk before the rename
        except BaseException as exc:  # reported to the reading thread
            failure.append(exc)
            while full.get() is not None:
                pass

    thread = threading.Thread(target=writer, name="evidence-store-writer", daemon=True)
    thread.start()
    written = 0
    try:
        with open_source(source) as src:
            while not failure:
                buf = free.get()
                n = src.readinto(buf)
                if not n:
                    free.put(buf)
                    break
                try:
                    with memoryview(buf) as whole, whole[:n] as view:
                        digest.update(view)
                        if on_chunk is not None:
                            on_chunk(view)
                except BaseException:
                    free.put(buf)
                    raise
                full.put((buf, n))
                written += n
                if cancelled is not None and cancelled():
                    raise Cancelled("The import was cancelled.")
    finally:
        full.put(None)
        thread.join()
        os.close(fd)
    if failure:
        raise StoreError(f"The file could not be written to the evidence store ({failure[0]}).") from failure[0]
    return digest, written




MACHINE_FILE = "file_store.json"  # in the data folder: this machine's own path to a shared evidence folder


def machine_evidence_root(data_dir: Path) -> Path | None:
    """The shared evidence folder as mounted on this machine (``asb store folder``), or None."""
    import json

    try:
        configured = json.loads((Path(data_dir) / MACHINE_FILE).read_text(encoding="utf-8")).get("evidence_root")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(configured).expanduser() if isinstance(configured, str) and configured else None


def set_machine_evidence_root(data_dir: Path, root: Path | None) -> None:
    """Set (or with None, clear) this machine's path to the shared evidence folder."""
    import json

    path = Path(data_dir) / MACHINE_FILE
    if root is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"evidence_root": str(root)}), encoding="utf-8")

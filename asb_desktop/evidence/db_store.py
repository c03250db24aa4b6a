"""The team file store: stored files kept in PostgreSQL itself (issue 15), so a second machine opens,
verifies and exports the first machine's files through the database connection alone.

Same interface as the folder store (evidence/store.py): a file is staged and hashed in one pass into
this machine's ``.incoming`` folder as before, then ``commit`` streams it into ``stored_blob_chunks``
in 1 MiB chunks, hashing again as it writes, inside one transaction that also writes its
``stored_blobs`` row; the transaction is rolled back unless the bytes written hash to the name. So a row
in ``stored_blobs`` always means every chunk is there, and a crash leaves nothing.

Reading is one chunk at a time (one query per chunk), so memory stays at a chunk whatever the size.
Callers that need a path (previews, playback, bundles) get a read-only copy in this machine's cache
folder, written from the database and checked against its hash before it is put under its name;
the cache is never the record and may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..storage.files import fsync_dir
from ..storage.orm_files import CHUNK_SIZE, StoredBlob, StoredBlobChunk
from .store import INCOMING, EvidenceStore, Staged, StoredFile, StoreEntry, StoreError

BLOBS = cast(Table, StoredBlob.__table__)
CHUNKS = cast(Table, StoredBlobChunk.__table__)


def _unreachable(exc: BaseException) -> StoreError:
    return StoreError(f"The team file store in the database could not be reached ({getattr(exc, 'orig', None) or exc}). "
                      "Check the connection to the database and try again.")


class DatabaseStore(EvidenceStore):
    """Stored files in the database; ``cache_root`` is this machine's folder for staging and for the
    read-only copies handed to code that needs a path."""

    def __init__(self, engine: Engine, cache_root: Path) -> None:
        super().__init__(cache_root)
        self.engine = engine

    is_database = True

    def describe(self) -> str:
        return "the database (team file store)"

    def remove(self, shas: set[str]) -> int:
        """Delete these stored files from the database (their chunks go with them) and this machine's
        copies (retention). Another machine's copy is removed the next time it asks for the file, since a
        copy is handed out only while the database still holds the file."""
        for sha in shas:
            self.cached(sha).unlink(missing_ok=True)
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(CHUNKS).where(CHUNKS.c.sha256.in_(sorted(shas))))
                return int(conn.execute(delete(BLOBS).where(BLOBS.c.sha256.in_(sorted(shas)))).rowcount or 0)
        except SQLAlchemyError as exc:
            raise _unreachable(exc) from exc

    # ------------------------------------------------------------------ writing
    def has(self, sha256: str) -> bool:
        self.cached(sha256)  # checks the name
        try:
            with self.engine.connect() as conn:
                return conn.scalar(select(BLOBS.c.sha256).where(BLOBS.c.sha256 == sha256)) is not None
        except SQLAlchemyError as exc:
            raise _unreachable(exc) from exc

    def commit_staged(self, staged: Staged) -> StoredFile:
        try:
            added = self.put_file(staged.path, staged.sha256, staged.size)
            target = self.cached(staged.sha256)
            if target.is_file():
                staged.discard()
            else:  # keep this machine's copy as its cache: no need to read it back from the database
                target.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(staged.path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
                os.replace(staged.path, target)
            return StoredFile(staged.sha256, staged.size, target, not added)
        except BaseException:
            staged.discard()
            raise

    def put_file(self, path: Path, sha256: str, size: int,
                 on_chunk: Callable[[int], None] | None = None) -> bool:
        """Stream ``path`` into the database in 1 MiB chunks, hashing as it writes; committed only when
        the bytes hash to ``sha256``. False when those bytes were already stored (nothing written)."""
        if self.has(sha256):
            return False
        digest, written = hashlib.sha256(), 0
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(BLOBS).values(sha256=sha256, size=size,
                                                  created_at=datetime.now(UTC).replace(tzinfo=None)))
                with open(path, "rb") as fh:
                    n = 0
                    while chunk := fh.read(CHUNK_SIZE):
                        digest.update(chunk)
                        conn.execute(insert(CHUNKS).values(sha256=sha256, n=n, data=chunk))
                        written += len(chunk)
                        n += 1
                        if on_chunk is not None:
                            on_chunk(len(chunk))
                if digest.hexdigest() != sha256 or written != size:
                    raise StoreError(f"The file {path.name} changed while it was being stored (its SHA-256 is "
                                     "no longer the one it was added with), so nothing was stored. Add it again.")
        except IntegrityError:  # another machine stored the same bytes at the same moment
            if self.has(sha256):
                return False
            raise StoreError("The file could not be stored in the database. Try again.") from None
        except SQLAlchemyError as exc:
            raise _unreachable(exc) from exc
        except OSError as exc:
            raise StoreError(f"The file {path.name} could not be read ({exc.strerror or exc}).") from None
        return True

    # ------------------------------------------------------------------ reading
    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The stored bytes, one chunk (one query) at a time, in order; stops at the first gap."""
        try:
            with self.engine.connect() as conn:
                n = 0
                while (data := _chunk(conn, sha256, n)) is not None:
                    yield data
                    n += 1
        except SQLAlchemyError as exc:
            raise _unreachable(exc) from exc

    def open(self, sha256: str) -> IO[bytes]:
        """The stored file as a streaming, read-only file object."""
        if not self.has(sha256):
            raise StoreError(f"There is no stored file {sha256} in the database.")
        return io.BufferedReader(_ChunkReader(self.chunks(sha256)), buffer_size=CHUNK_SIZE)

    def cached(self, sha256: str) -> Path:
        """Where this machine keeps its read-only copy (which may not exist yet)."""
        return super().path_for(sha256)

    def path_for(self, sha256: str) -> Path:
        """A local, read-only copy of the stored file, fetched from the database when not cached and
        checked against its hash. A file the database does not hold (or holds altered) gives a path
        that does not exist, which callers already report as missing."""
        target = self.cached(sha256)
        if not self.has(sha256):  # deleted (retention) or never stored: no copy is handed out
            if target.is_file():
                target.unlink(missing_ok=True)
            return target
        if target.is_file():
            return target
        incoming = self.root / INCOMING
        try:
            incoming.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix="out-", suffix=".partial", dir=incoming)
        except OSError as exc:
            raise StoreError(f"This machine's copy of a stored file cannot be written to {self.root} "
                             f"({exc.strerror}).") from None
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                digest = _write_chunks(self.chunks(sha256), out)
                out.flush()
                os.fsync(out.fileno())
            if digest != sha256:
                tmp.unlink()
                return target
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp, target)
            fsync_dir(target.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target

    def copy_to(self, sha256: str, dest: Path) -> None:
        with open(dest, "wb") as out:
            _write_chunks(self.chunks(sha256), out)

    # ------------------------------------------------------------------ verify
    def walk(self) -> Iterator[StoreEntry]:
        try:
            with self.engine.connect() as conn:
                rows = conn.execution_options(yield_per=1000).execute(
                    select(BLOBS.c.sha256, BLOBS.c.size).order_by(BLOBS.c.sha256))
                for sha, size in rows:
                    yield StoreEntry(sha, Path("database") / sha, size)
        except SQLAlchemyError as exc:
            raise _unreachable(exc) from exc

    def placed(self, entry: StoreEntry) -> bool:
        return True

    def rehash(self, entry: StoreEntry) -> str:
        digest, size = hashlib.sha256(), 0
        for chunk in self.chunks(entry.sha256):
            digest.update(chunk)
            size += len(chunk)
        return digest.hexdigest() if size == entry.size else "size differs"

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(BLOBS)) or 0)


def _chunk(conn: Connection, sha256: str, n: int) -> bytes | None:
    data = conn.scalar(select(CHUNKS.c.data).where(CHUNKS.c.sha256 == sha256, CHUNKS.c.n == n))
    return None if data is None else bytes(data)


def _write_chunks(chunks: Iterator[bytes], out: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest()


class _ChunkReader(io.RawIOBase):
    """A raw, read-only stream over the chunks (wrapped in a BufferedReader by ``open``)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._left:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._left = memoryview(nxt)
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        super().close()

"""The team file store (issue 15, migration 0010s_stored_blobs): stored files kept in the database
itself, so every officer's machine reaches them through the database connection alone.

A file is held once under its SHA-256, as numbered chunks of at most ``CHUNK_SIZE`` bytes, written and
read one chunk at a time (evidence/db_store.py). The tables exist on both backends, so one schema
serves both and a backup restores between them; the app uses them only on PostgreSQL with the
``team_file_store`` setting set to ``database``. They hold no case data: the case exchange format
never carries them, while a backup does (storage/snapshot.py), like any other table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base

CHUNK_SIZE = 1 << 20  # 1 MiB


class StoredBlob(Base):
    """One stored file: its hash, size and when it was stored. Written in the same transaction as its
    last chunk, so a row here means every chunk is present."""

    __tablename__ = "stored_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class StoredBlobChunk(Base):
    """Chunk ``n`` (from 0) of a stored file."""

    __tablename__ = "stored_blob_chunks"
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("stored_blobs.sha256", ondelete="CASCADE"),
                                        primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)

"""The store's copy: every size around the buffer and disk-block boundaries arrives byte for byte under
its SHA-256, read-only, with direct I/O where the file system offers it and buffered writes where not."""

import hashlib
import os
import stat
from pathlib import Path

import pytest

from asb_desktop.evidence import store as store_mod
from asb_desktop.evidence.store import CHUNK, EvidenceStore, StoreError

SIZES = (0, 1, 4095, 4096, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 4096, 2 * CHUNK + 12345)
ROOTS = ["tmp"] + (["shm"] if Path("/dev/shm").is_dir() else [])


@pytest.mark.parametrize("where", ROOTS)
def test_every_size_is_stored_exactly(tmp_path: Path, where: str) -> None:
    root = tmp_path / "store" if where == "tmp" else Path("/dev/shm") / f"asb-test-store-{os.getpid()}"
    try:
        store = EvidenceStore(root)
        for size in SIZES:
            data = os.urandom(size)
            src = tmp_path / f"in-{size}.bin"
            src.write_bytes(data)
            stored = store.put(src)
            assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == size
            assert stored.path.read_bytes() == data
            assert not stat.S_IMODE(stored.path.stat().st_mode) & 0o222  # read-only
            assert store.put(src).already_stored
        assert store.leftovers() == []
    finally:
        if where == "shm":
            import shutil

            shutil.rmtree(root, ignore_errors=True)


def test_a_file_system_refusing_direct_writes_gets_buffered_ones(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real_write = os.write

    def picky_write(fd: int, data: memoryview) -> int:  # refuses every write while direct I/O is on
        import fcntl

        calls.append(len(data))
        if store_mod.DIRECT and fcntl.fcntl(fd, fcntl.F_GETFL) & store_mod.DIRECT:
            raise OSError(22, "Invalid argument")
        return real_write(fd, data)

    monkeypatch.setattr(store_mod.os, "write", picky_write)
    data = os.urandom(2 * CHUNK + 7)
    src = tmp_path / "in.bin"
    src.write_bytes(data)
    stored = EvidenceStore(tmp_path / "store").put(src)
    assert stored.path.read_bytes() == data and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert len(calls) >= 3


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int, data: memoryview) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_mod.os, "write", full_disk)
    src = tmp_path / "in.bin"
    src.write_bytes(os.urandom(CHUNK + 1))
    store = EvidenceStore(tmp_path / "store")
    with pytest.raises(StoreError, match="could not be written"):
        store.put(src)
    assert store.leftovers() == [] and list(store.walk()) == []

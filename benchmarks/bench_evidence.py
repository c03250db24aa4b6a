"""Evidence pipeline speed, each beside a baseline measured in the same run:

(a) storing a 1 GiB file (hash + copy + fsync + rename) vs ``hashlib.file_digest`` on the same file
    (target ratio >= 0.70), with the Python heap (tracemalloc) and RSS growth, which must stay flat;
    also a run with the store on tmpfs (/dev/shm), which shows the pipeline's own overhead without the disk;
(b) one hour of 44.1 kHz WAV analysed (per-second, fast, A-weighted levels) vs just reading it (target < 2 s);
(c) photos thumbnailed on one thread per core vs one thread (the speed-up is bounded by the idle cores:
    the load average is printed beside it);
(d) the intake of a long noise-monitoring WAV (8 kHz mono 16-bit, ``--wav-hours``): bytes read from the
    source against its size, memory growth over the run (the peak resident memory reset just before and
    read just after, so not a difference of two lifetime peaks), against the old order of work (analyse
    the source, then hash and copy it: two reads), each read from disk after dropping the page cache
    where the machine allows it (root only; said when it is not possible).

    .venv/bin/python benchmarks/bench_evidence.py [--gib 1] [--photos 200] [--wav-hours 6] [--only d] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(fn, repeats: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_store(work: Path, gib: float) -> None:
    from asb_desktop.evidence.store import EvidenceStore

    big = work / "big.bin"
    block = os.urandom(1 << 20)
    with open(big, "wb") as fh:
        for _ in range(int(gib * 1024)):
            fh.write(block)
    size = big.stat().st_size

    def digest() -> None:
        with open(big, "rb") as fh:
            hashlib.file_digest(fh, "sha256")

    for label, root in (("disk", work / "store"), ("tmpfs", Path("/dev/shm") / f"asb-bench-{os.getpid()}")):
        if label == "tmpfs" and not Path("/dev/shm").is_dir():
            continue
        base = _best(digest)
        runs = []
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        for _ in range(3):
            shutil.rmtree(root, ignore_errors=True)
            start = time.perf_counter()
            EvidenceStore(root).put(big)
            runs.append(time.perf_counter() - start)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        store = statistics.median(runs)
        print(f"(a) store {size / 2**30:.1f} GiB on {label}: {store:.2f} s ({size / store / 2**20:.0f} MiB/s); "
              f"file_digest {base:.2f} s ({size / base / 2**20:.0f} MiB/s); throughput ratio {base / store:.2f} "
              f"(target >= 0.70); Python heap peak {peak / 2**20:.1f} MiB, RSS growth {rss_growth / 1024:.1f} MiB")
        shutil.rmtree(root, ignore_errors=True)


def bench_audio(work: Path) -> None:
    import numpy as np
    import soundfile as sf

    from asb_desktop.evidence.audio import analyse_levels

    wav = work / "hour.wav"
    rng = np.random.default_rng(1)
    with sf.SoundFile(str(wav), "w", 44100, 1, "PCM_16") as out:
        for minute in range(60):
            out.write((rng.standard_normal(44100 * 60) * (0.05 + 0.002 * minute)).astype(np.float32))

    def read() -> None:
        for _ in sf.blocks(str(wav), blocksize=44100 * 60, dtype="float32"):
            pass

    base = _best(read)
    analysed = _best(lambda: analyse_levels(wav))
    print(f"(b) one hour of 44.1 kHz WAV: analysed in {analysed:.2f} s (target < 2 s); reading it alone {base:.2f} s; "
          f"ratio {analysed / base:.1f}x reading")


def bench_photos(work: Path, count: int) -> None:
    from PIL import Image

    from asb_desktop.evidence.photos import make_thumbnails

    src = work / "photos"
    src.mkdir()
    rng = __import__("numpy").random.default_rng(2)
    for i in range(count):
        pixels = rng.integers(0, 255, (1500, 2000, 3), dtype="uint8")
        Image.fromarray(pixels).save(src / f"p{i:03d}.jpg", quality=85)
    jobs = [(p, work / "thumbs" / f"{p.stem}.png") for p in sorted(src.iterdir())]
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    one = _best(lambda: make_thumbnails(jobs, workers=1), repeats=3)
    every = _best(lambda: make_thumbnails(jobs, workers=cores), repeats=3)
    print(f"(c) {count} photos (2000x1500 JPEG) thumbnailed (medians of 3): one thread {one:.2f} s; {cores} threads "
          f"{every:.2f} s; speed-up {one / every:.2f}x on {cores} cores with load average {load:.1f} "
          f"(about {max(0.0, cores - load):.1f} cores idle)")


def drop_caches() -> str:
    """Empty the page cache so the next read comes from the disk; says whether it could."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3")
    except OSError as exc:
        return f"page cache NOT dropped ({exc.strerror}: needs root), so reads may come from memory"
    return "page cache dropped before each run"


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _io(key: str) -> int:
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class _Recorder:
    """The intake's view of the service, without a database: a store, nothing known, rows not written."""

    def __init__(self, root: Path) -> None:
        from asb_desktop.evidence.store import EvidenceStore

        self._store = EvidenceStore(root)

    def store(self):  # noqa: ANN201
        return self._store

    def known_facts(self, sha256: str, family: str | None) -> None:
        return None

    def record_item(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return args[1], True


def bench_intake(work: Path, hours: float) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "evidence"))
    from media_factory import write_long_wav

    from asb_desktop.evidence import store as store_mod
    from asb_desktop.evidence.audio import analyse_levels
    from asb_desktop.evidence.intake import import_batch
    from asb_desktop.evidence.kinds import Kind
    from asb_desktop.evidence.store import EvidenceStore

    wav = write_long_wav(work / "monitor.wav", int(hours * 3600))
    size = wav.stat().st_size
    counted: list[int] = []
    real_open = store_mod.open_source

    class Counting:
        def __init__(self, raw) -> None:  # noqa: ANN001
            self.raw = raw

        def readinto(self, buf) -> int:  # noqa: ANN001
            n = self.raw.readinto(buf)
            counted.append(n or 0)
            return n

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc: object) -> None:
            self.raw.close()

    store_mod.open_source = lambda p: Counting(real_open(p))  # type: ignore[assignment]
    caches = drop_caches()
    clear = Path("/proc/self/clear_refs")
    results = {}
    for label in ("old order (analyse the source, then hash and copy it)", "intake (one pass, analysis of the stored copy)"):
        root = work / "store"
        shutil.rmtree(root, ignore_errors=True)
        drop_caches()
        counted.clear()
        try:
            clear.write_text("5")  # the peak resident memory starts again from what is in use now
            reset = True
        except OSError:
            reset = False
        rss0, rchar0, disk0 = _status("VmRSS"), _io("rchar"), _io("read_bytes")
        start = time.perf_counter()
        if label.startswith("old"):
            analyse_levels(wav)
            EvidenceStore(root).put(wav)
        else:
            report = import_batch(_Recorder(root), None, [wav], Kind.NOISE, "monitoring_equipment", "", None, None)
            assert report.stored, report.refused
        took = time.perf_counter() - start
        growth = (_status("VmHWM") - rss0) if reset else None
        results[label] = took
        print(f"(d) {hours:g} h of 8 kHz WAV ({size / 2**20:.0f} MiB), {label}: {took:.2f} s; source read through "
              f"the store {sum(counted) / size:.2f}x its size; the process read {(_io('rchar') - rchar0) / size:.2f}x "
              f"the file size in all, {(_io('read_bytes') - disk0) / size:.2f}x "
              f"from the disk; memory growth over the run "
              + (f"{growth / 2**20:.0f} MiB" if growth is not None else "not measurable (no /proc/self/clear_refs)"))
    old, new = results.values()
    print(f"(d) intake {new:.2f} s against the old order {old:.2f} s: ratio {new / old:.2f}; {caches}")
    store_mod.open_source = real_open  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--wav-hours", type=float, default=6.0)
    parser.add_argument("--only", help="run only these parts, e.g. 'cd'")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="asb-bench-evidence-"))
    try:
        only = args.only or "abcd"
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f}")
        if "a" in only:
            bench_store(work, args.gib)
        if "b" in only:
            bench_audio(work)
        if "c" in only:
            bench_photos(work, args.photos)
        if "d" in only:
            bench_intake(work, args.wav_hours)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Evidence pipeline speed, each beside a baseline measured in the same run:

(a) storing a 1 GiB file (hash + copy + fsync + rename) vs ``hashlib.file_digest`` on the same file
    (target ratio >= 0.70), with the Python heap (tracemalloc) and RSS growth, which must stay flat;
    also a run with the store on tmpfs (/dev/shm), which shows the pipeline's own overhead without the disk;
(b) one hour of 44.1 kHz WAV analysed (per-second, fast, A-weighted levels) vs just reading it (target < 2 s);
(c) 200 photos thumbnailed in worker processes on every core vs one core.

    .venv/bin/python benchmarks/bench_evidence.py [--gib 1] [--photos 200] [--keep]
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
    one = _best(lambda: make_thumbnails(jobs, workers=1), repeats=1)
    cores = os.cpu_count() or 1
    every = _best(lambda: make_thumbnails(jobs, workers=cores), repeats=1)
    print(f"(c) {count} photos (2000x1500 JPEG) thumbnailed: one core {one:.2f} s; {cores} cores {every:.2f} s; "
          f"speed-up {one / every:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="asb-bench-evidence-"))
    try:
        bench_store(work, args.gib)
        bench_audio(work)
        bench_photos(work, args.photos)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The packaged program: its size and how fast it starts, beside the source tree in the same run.

    .venv/bin/python benchmarks/bench_package.py            # uses the last build (build/stage), else builds
    .venv/bin/python benchmarks/bench_package.py --build    # build first (installer/linux/build.sh, ~2 min)

Start-up is the time from launch until the window has been shown and the event loop has quit
(``--quit-after 1``) on a database with 200 demo cases, median of N runs after a warm-up; the
baseline is the same command from the source tree (``python -m asb_desktop``). ``asb --help`` is
measured both ways as well. Targets (issue 7): package under 250 MB, packaged start-up under 2 s.
Nothing is asserted: compare ratios between runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / "build" / "stage"


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_symlink()) / 2**20


def _time(cmd: list[str], env: dict[str, str], repeats: int) -> float:
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)  # warm-up (disk cache)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _package() -> tuple[Path, Path]:
    folders = sorted(STAGE.glob("asb-desktop-*")) if STAGE.exists() else []
    if not folders:
        raise SystemExit("bench_package: no build found; run with --build (or ./dev package) first")
    folder = folders[-1]
    return folder, ROOT / "dist" / f"{folder.name}.tar.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="build the package first")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.build:
        subprocess.run(["bash", str(ROOT / "installer" / "linux" / "build.sh")], check=True, cwd=ROOT)
    folder, tarball = _package()

    with tempfile.TemporaryDirectory(prefix="asb-bench-package-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ASB_DATA_DIR": tmp}
        env.pop("ASB_DATABASE_URL", None)
        packaged = [str(folder / "asb-desktop"), "--quit-after", "1", "--no-welcome"]
        source = [sys.executable, "-m", "asb_desktop", "--quit-after", "1", "--no-welcome"]
        subprocess.run(packaged, env=env, check=True, capture_output=True, timeout=300)  # first run: 200 demo cases
        rows = [
            ("window start-up", _time(packaged, env, args.repeats), _time(source, env, args.repeats), 2.0),
            ("asb --help", _time([str(folder / "asb"), "--help"], env, args.repeats),
             _time([sys.executable, "-m", "asb_desktop.cli", "--help"], env, args.repeats), None),
        ]

    print(f"package {folder.name}")
    unpacked, download = _size_mb(folder), _size_mb(tarball) if tarball.exists() else float("nan")
    print(f"  download (tar.gz)  {download:8.1f} MB   target < 250 MB: {'met' if download < 250 else 'MISSED'}")
    print(f"  unpacked           {unpacked:8.1f} MB   (ratio to download {unpacked / download:.2f})")
    internal = folder / "_internal"
    biggest = sorted(((p.name, _size_mb(p)) for p in internal.iterdir() if not p.is_symlink()),
                     key=lambda x: -x[1])[:6]
    print("  largest parts      " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in biggest))
    print(f"{'measurement':<18} {'packaged':>10} {'source':>10} {'ratio':>7}  target")
    for name, frozen, src, target in rows:
        verdict = "" if target is None else f"< {target:.0f} s: {'met' if frozen < target else 'MISSED'}"
        print(f"{name:<18} {frozen:9.3f}s {src:9.3f}s {frozen / src:7.2f}  {verdict}")


if __name__ == "__main__":
    main()

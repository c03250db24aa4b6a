"""Run every benchmark with one command and end with the lines that give their ratios.

Each benchmark runs in a process of its own, one after another (they measure time and memory, so
they must not share the machine with each other), and its whole output is shown as it comes. At the
end a summary repeats, per benchmark, its exit status, its wall time and every line that states a
ratio against its baseline or a target, so a run can be compared with the tables in
``benchmarks/README.md`` without reading the whole log.

    .venv/bin/python benchmarks/run_all.py            # the sizes the README's tables were measured at
    .venv/bin/python benchmarks/run_all.py --quick    # smaller sizes (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/run_all.py --only core,ui
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: name -> (arguments for a full run, arguments for --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "core": ([], ["--quick"]),
    "ui": ([], ["--quick", "--repeats", "3"]),
    "workspace": ([], ["--cases", "2000", "--repeats", "5"]),
    "documents": ([], ["--repeats", "3"]),
    "bundle": ([], ["--repeats", "3", "--photos", "20", "--photo-repeats", "1", "--scans", "6",
                    "--scan-docs", "3"]),
    "evidence": ([], ["--gib", "0.25", "--photos", "20", "--wav-hours", "1"]),
}

#: a line states a ratio when it has "1.5x", "x1.5", "ratio" or a target verdict in it
RATIO = re.compile(r"\d(?:\.\d+)?x\b|\bratio\b|\btarget\b|\bunder\b|\bover\b", re.IGNORECASE)


@dataclass
class Outcome:
    name: str
    status: int = 0
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)


def run(name: str, args: list[str]) -> Outcome:
    """Run one benchmark, echoing its output, and keep the lines that state a ratio."""
    script = HERE / f"bench_{name}.py"
    print(f"\n=== bench_{name} {' '.join(args)}", flush=True)
    outcome = Outcome(name)
    start = time.perf_counter()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env, cwd=HERE.parent) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            print(line, end="", flush=True)
            if RATIO.search(line) and "  |  " not in line:  # bench_core's running lines repeat in its table
                outcome.lines.append(line.rstrip())
    outcome.status = proc.returncode
    outcome.seconds = time.perf_counter() - start
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a quick comparison")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(BENCHMARKS)}")
    opts = parser.parse_args()
    names = [n.strip() for n in opts.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"run_all: no benchmark called {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}",
              file=sys.stderr)
        return 2
    outcomes = [run(n, BENCHMARKS[n][1] if opts.quick else BENCHMARKS[n][0]) for n in names]
    print("\n=== summary (ratios against the baseline measured in the same run)")
    for o in outcomes:
        verdict = "ok" if o.status == 0 else f"exit status {o.status}"
        print(f"\nbench_{o.name}: {verdict}, {o.seconds:.0f} s")
        for line in o.lines:
            print(f"  {line.strip()}")
    return 0 if all(o.status == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())

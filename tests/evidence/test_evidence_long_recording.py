"""A long noise-monitoring recording through the command line, in a process of its own: memory stays
flat (measured as the growth of the peak resident memory over the add), progress is shown, and Ctrl+C
cancels cleanly (exit 130, nothing half-written, the temporary copy removed). Not timed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from media_factory import write_long_wav  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for the memory figures")
ROOT = Path(__file__).parents[2]
REPORT = {"channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
          "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Bell"}}]}

HARNESS = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from asb_desktop.cli import main

    db, data, report, wav, mode = sys.argv[1:6]
    base = ["--db", db, "--data-dir", data]
    assert main([*base, "case", "new", report]) == 0
    if mode == "slow":  # a slow analysis (a busy machine), so the test can press Ctrl+C during it
        from asb_desktop.evidence import levels
        feed = levels.LevelMeter.feed
        def slow(self, block):
            time.sleep(0.1)
            return feed(self, block)
        levels.LevelMeter.feed = slow

    def status(key):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
        return 0

    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the memory in use now
    before = status("VmRSS")
    code = main([*base, "evidence", "add", "ASB-2026-00001", wav, "--progress", "--json"])
    print(json.dumps({"code": code, "before": before, "peak": status("VmHWM")}), file=sys.stderr)
    sys.exit(code)
""")


def run(tmp_path: Path, wav: Path, mode: str) -> subprocess.Popen[str]:
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    script = tmp_path / "harness.py"
    script.write_text(HARNESS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(script), f"sqlite:///{tmp_path / 'asb.sqlite'}",
                             str(tmp_path / "data"), str(report), str(wav), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)


def test_two_hours_of_monitoring_are_added_in_flat_memory_with_progress(tmp_path: Path) -> None:
    wav = write_long_wav(tmp_path / "monitor.wav", 2 * 3600)  # 115 MB at 8 kHz mono 16-bit
    proc = run(tmp_path, wav, "plain")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    figures = json.loads(err.strip().splitlines()[-1])
    growth = figures["peak"] - figures["before"]
    assert growth < 200 * 2**20, f"memory grew by {growth / 2**20:.0f} MB over the add"
    assert growth < wav.stat().st_size  # far less than the file: it was never held whole
    assert "copying 100%" in err and "analysing 100%" in err
    item = json.loads(out[out.index("\n{") + 1:])["stored"][0]  # after the case's own lines
    assert item["meta"]["duration_s"] == 7200.0 and len(item["analysis"]["levels"]["per_second_dbfs"]) == 7200


def test_ctrl_c_during_the_analysis_cancels_cleanly(tmp_path: Path) -> None:
    wav = write_long_wav(tmp_path / "monitor.wav", 40 * 60)
    proc = run(tmp_path, wav, "slow")
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if "analysing" in line:
            proc.send_signal(signal.SIGINT)
            break
    out, err = proc.communicate(timeout=120)
    err = "".join(seen) + err
    assert proc.returncode == 130, err
    assert "Cancelled" in err and "Traceback" not in err
    store = tmp_path / "data" / "evidence"
    assert [p for p in store.rglob("*") if p.is_file()] == []  # no stored file, no temporary copy

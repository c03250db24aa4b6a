"""``asb evidence`` and ``asb diary`` end to end on SQLite and PostgreSQL, including verify catching a change."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from media_factory import tone, write_audio, write_photo, write_video  # noqa: E402

from asb_desktop.cli import main  # noqa: E402
from asb_desktop.evidence.diary_sheet import fill_sheet  # noqa: E402

REPORT = {
    "channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
    "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien-Łukasiewicz",
                                                   "address": "1 High Street", "phone": "01234 567890"}},
                {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
}


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_a_folder_dropped_on_a_case_then_verified(asb, tmp_path: Path) -> None:  # noqa: ANN001
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    assert asb("case", "new", str(report))[0] == 0
    ref = "ASB-2026-00001"
    folder = tmp_path / "from Zoë"
    write_audio(folder / "2026-11-20 23-14-05.wav", tone(3, noise=0.05))
    write_photo(folder / "door.jpg", datetime(2026, 11, 19, 8, 30))
    write_video(folder / "cctv.mp4")
    (folder / "broken.mp3").write_bytes(b"ID3" + os.urandom(100))
    code, out, _ = asb("evidence", "add", ref, str(folder), "--source", "complainant", "--json")
    assert code == 1  # one file refused
    result = json.loads(out)
    assert sorted(i["kind"] for i in result["stored"]) == ["noise", "photo", "video"]
    assert [Path(r["path"]).name for r in result["refused"]] == ["broken.mp3"]
    code, out, _ = asb("evidence", "list", ref, "--json")
    items = json.loads(out)
    noise = next(i for i in items if i["kind"] == "noise")
    assert noise["analysis"]["levels"]["calibrated"] is False
    assert "uncalibrated" in noise["figures"] and "LAeq" in noise["figures"]
    code, out, _ = asb("evidence", "list", ref)
    assert code == 0 and noise["sha256"][:16] in out and "dBFS" in out

    code, out, _ = asb("case", "show", ref, "--json")
    complainant = next(p for p in json.loads(out)["parties"] if p["role"] == "complainant")
    code, out, _ = asb("evidence", "exhibit", ref, noise["uid"], "--witness", complainant["person"]["uid"])
    assert code == 0 and out.startswith("ZÓ1:")
    code, out, _ = asb("evidence", "list", ref)
    assert "ZÓ1" in out

    code, out, _ = asb("evidence", "verify")
    assert code == 0 and "Checked 3 stored files" in out
    stored = tmp_path / "data" / "evidence" / noise["sha256"][:2] / noise["sha256"][2:4] / noise["sha256"]
    os.chmod(stored, 0o644)
    with open(stored, "r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00\x01")
    code, out, _ = asb("evidence", "verify")
    assert code == 1 and f"ALTERED: {noise['sha256']} (2026-11-20 23-14-05.wav)" in out


def test_diary_sheet_out_and_back_in(asb, tmp_path: Path) -> None:  # noqa: ANN001
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    assert asb("case", "new", str(report))[0] == 0
    ref = "ASB-2026-00001"
    code, out, _ = asb("diary", "sheet", ref, "--out", str(tmp_path / "sheet.pdf"))
    assert code == 0 and (tmp_path / "sheet.pdf").is_file()
    bad = fill_sheet(tmp_path / "sheet.pdf", tmp_path / "bad.pdf",
                     {2: {"date": "20/11/2026", "started": "half eleven", "what_happened": "Music"}})
    code, out, err = asb("diary", "import", ref, str(bad))
    assert code == 2 and "row 2, Time started: 'half eleven' is not a time" in err
    good = fill_sheet(tmp_path / "sheet.pdf", tmp_path / "good.pdf",
                      {1: {"date": "20/11/2026", "started": "23:30", "stopped": "00:40", "what_happened": "Music"}})
    code, out, _ = asb("diary", "import", ref, str(good))
    assert code == 0 and "Imported 1 diary entries" in out
    code, out, _ = asb("diary", "add", ref, "--date", "19/11/2026", "--started", "22:00", "--what", "Barking",
                       "--scan", str(write_photo(tmp_path / "scan.png", fmt="PNG")))
    assert code == 0
    code, out, _ = asb("diary", "list", ref, "--json")
    entries = json.loads(out)
    assert [(e["started_at"], e["ended_at"]) for e in entries] == [
        ("2026-11-19T22:00:00", None), ("2026-11-20T23:30:00", "2026-11-21T00:40:00")]
    code, out, err = asb("evidence", "add", ref, str(tmp_path / "sheet.pdf"), "--kind", "sound")
    assert code == 2 and "kind" in err and "noise" in err

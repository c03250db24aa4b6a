"""Noise analysis checked against sox, the A-weighting curve, calibration, level logs, charts, media."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from media_factory import tone, write_audio, write_m4a, write_photo, write_video  # noqa: E402

from asb_desktop.evidence.audio import analyse_levels, figures_line, with_calibration  # noqa: E402
from asb_desktop.evidence.charts import level_chart, waveform  # noqa: E402
from asb_desktop.evidence.examine import Unusable, examine  # noqa: E402
from asb_desktop.evidence.kinds import sanitise_name  # noqa: E402
from asb_desktop.evidence.levels import a_weighting_gain  # noqa: E402
from asb_desktop.evidence.noise_log import LevelLogError, parse_level_log  # noqa: E402
from asb_desktop.evidence.photos import MAX_PIXELS, make_thumbnails, thumbnail  # noqa: E402
from asb_desktop.evidence.timestamps import time_from_name  # noqa: E402
from asb_desktop.evidence.video import keyframe_thumbnails  # noqa: E402


def sox_stats(path: Path) -> tuple[float, float]:
    out = subprocess.run(["sox", str(path), "-n", "stats"], capture_output=True, text=True, check=True).stderr
    rms = float(re.search(r"^RMS lev dB\s+(-?[\d.]+)", out, re.M).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"^Pk lev dB\s+(-?[\d.]+)", out, re.M).group(1))  # type: ignore[union-attr]
    return rms, peak


@pytest.mark.parametrize(("name", "data", "sr", "subtype"), [
    ("tone.wav", tone(5, amp=0.3), 44100, "PCM_16"),
    ("noisy stereo.wav", tone(4, freq=180, amp=0.2, channels=2, noise=0.05), 48000, "PCM_24"),
    ("quiet.flac", tone(3, freq=3000, amp=0.01, noise=0.002), 22050, None),
    ("float.wav", tone(2.5, freq=440, amp=0.7, noise=0.1), 16000, "FLOAT"),
])
def test_rms_and_peak_agree_with_sox(tmp_path: Path, name: str, data: np.ndarray, sr: int, subtype: str | None) -> None:
    path = write_audio(tmp_path / name, data, sr, subtype)
    levels = analyse_levels(path)
    rms, peak = sox_stats(path)
    assert abs(levels["rms_dbfs"] - rms) <= 0.1
    assert abs(levels["peak_dbfs"] - peak) <= 0.1
    assert levels["calibrated"] is False


def test_a_weighting_follows_iec_61672() -> None:
    gains = 20 * np.log10(a_weighting_gain(np.array([31.5, 100.0, 1000.0, 4000.0, 10000.0])))
    assert np.allclose(gains, [-39.4, -19.1, 0.0, 1.0, -2.5], atol=0.15)  # the standard's table, 0.1 dB


def test_a_weighted_levels_of_tones(tmp_path: Path) -> None:
    low = analyse_levels(write_audio(tmp_path / "100.wav", tone(3, freq=100, amp=0.5), subtype="FLOAT"))
    mid = analyse_levels(write_audio(tmp_path / "1k.wav", tone(3, freq=1000, amp=0.5), subtype="FLOAT"))
    assert abs(mid["laeq_dbfs"] - mid["leq_dbfs"]) < 0.2
    assert abs((low["leq_dbfs"] - low["laeq_dbfs"]) - 19.1) < 0.5
    assert len(mid["per_second_dbfs"]) == 3 and abs(mid["leq_dbfs"] - 20 * np.log10(0.5 / np.sqrt(2))) < 0.05


def test_lmax_and_l90_of_a_burst(tmp_path: Path) -> None:
    quiet, loud = tone(9, amp=0.01), tone(1, amp=0.5)
    levels = analyse_levels(write_audio(tmp_path / "burst.wav", np.concatenate([quiet, loud]), subtype="FLOAT"))
    assert abs(levels["lmax_dbfs"] - 20 * np.log10(0.5 / np.sqrt(2))) < 0.1
    assert abs(levels["l90_dbfs"] - 20 * np.log10(0.01 / np.sqrt(2))) < 0.1
    assert levels["per_second_dbfs"][-1] > levels["per_second_dbfs"][0] + 30


def test_calibration_offset_gives_dba_and_says_so(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "a.wav", tone(2, amp=0.3))
    analysis = {"levels": analyse_levels(path)}
    assert "uncalibrated" in figures_line(analysis)
    calibrated = with_calibration(analysis, 94.0)
    lv = calibrated["levels"]
    assert lv["calibrated"] is True and lv["laeq_dba"] == pytest.approx(lv["laeq_dbfs"] + 94.0)
    assert "dB(A)" in figures_line(calibrated) and "calibrated" in figures_line(calibrated)
    assert with_calibration(calibrated, None)["levels"]["calibrated"] is False


def test_phone_m4a_and_noise_app_level_log(tmp_path: Path) -> None:
    rec = write_m4a(tmp_path / "REC_20261120_231405.m4a", tone(2, amp=0.3))
    (tmp_path / "REC_20261120_231405.csv").write_text(
        "Time,LAeq,LAFmax\n23:14:05,41.2,55.0\n23:14:06,43.9,60.1\n", encoding="utf-8")
    found = examine(rec, rec.name)
    assert found.kind == "noise" and found.made_at == datetime(2026, 11, 20, 23, 14, 5)
    assert found.analysis["level_log"]["series"]["LAeq"] == [41.2, 43.9]
    assert 1.9 < found.meta["duration_s"] < 2.2
    with pytest.raises(LevelLogError, match="row 3, LAeq: 'loud' is not a level"):
        parse_level_log("Time,LAeq\n1,40\n2,loud\n")


def test_charts_are_pictures_that_say_uncalibrated(tmp_path: Path) -> None:
    from PIL import Image

    levels = analyse_levels(write_audio(tmp_path / "a.wav", tone(4, amp=0.3, noise=0.05)))
    for draw in (level_chart, waveform):
        png = draw(levels, tmp_path / f"{draw.__name__}.png")
        with Image.open(png) as img:
            assert img.size == (900, 320)
            assert len(img.getcolors(100000) or []) > 3  # more than a blank canvas


def test_photo_thumbnail_is_upright_and_bombs_are_refused(tmp_path: Path) -> None:
    from PIL import Image

    photo = write_photo(tmp_path / "p.jpg", datetime(2026, 11, 19, 8, 30), orientation=6, size=(400, 200))
    with Image.open(thumbnail(photo, tmp_path / "t.png")) as img:
        assert img.height > img.width  # turned by the EXIF orientation
    assert len(make_thumbnails([(photo, tmp_path / f"{i}.png") for i in range(4)], workers=2)) == 4
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12000, MAX_PIXELS // 12000 + 100)).save(bomb)
    with pytest.raises(Unusable, match="decompression bomb"):
        examine(bomb, bomb.name)


def test_video_keyframes(tmp_path: Path) -> None:
    video = write_video(tmp_path / "cctv.mov", seconds=3, creation_time="2026-11-20T23:10:00.000000Z")
    found = examine(video, video.name)
    assert (found.meta["width"], found.meta["height"]) == (160, 120) and found.made_at == datetime(2026, 11, 20, 23, 10)
    assert 2 <= len(keyframe_thumbnails(video, tmp_path / "frames")) <= 6


def test_names_from_recorders() -> None:
    assert time_from_name("2026-11-20 23-14-05.wav") == datetime(2026, 11, 20, 23, 14, 5)
    assert time_from_name("REC_20261120_231405.m4a") == datetime(2026, 11, 20, 23, 14, 5)
    assert time_from_name("VID-20261120-WA0001.mp4") == datetime(2026, 11, 20)
    assert time_from_name("recording.wav") is None
    assert sanitise_name("..\\..\\etc/pass\u202ewd.exe") == "passwd.exe"
    assert sanitise_name("Zoë 李 🎵.wav") == "Zoë 李 🎵.wav"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=0, max_size=4096),
       name=st.sampled_from(["a.wav", "a.mp3", "a.m4a", "a.flac", "a.ogg", "a.jpg", "a.png", "a.mp4", "a.pdf",
                             "a.docx", "a.avi", "a", "a.csv"]),
       prefix=st.sampled_from([b"", b"RIFF\x00\x01\x00\x00WAVEfmt ", b"ID3", b"fLaC", b"OggS", b"%PDF-1.7\n",
                               b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"\x00\x00\x00\x18ftypisom", b"PK\x03\x04"]))
def test_fuzzed_files_are_refused_or_taken_never_crash(tmp_path: Path, data: bytes, name: str, prefix: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(prefix + data)
    try:
        found = examine(path, name)
    except Unusable as exc:
        assert str(exc)
    else:
        assert found.kind.value in {"noise", "video", "photo", "document", "diary", "other"}

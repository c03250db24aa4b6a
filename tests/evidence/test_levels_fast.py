"""The level meter's fast path (blocks copied once into the padded FFT input, the squared spectrum
weighted with one matrix product, PCM-16 read as stored) agrees with the plain method it replaced:
per 125 ms block, the A-weighted energy from the zero-padded spectrum, computed here directly in
float64, and the unweighted levels from the samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from asb_desktop.evidence.audio import analyse_levels
from asb_desktop.evidence.levels import a_weighting_gain, fast_size


def noise_and_tones(seconds: float, sr: int, channels: int) -> np.ndarray:
    rng = np.random.default_rng(11)
    t = np.arange(int(seconds * sr)) / sr
    loudness = 0.3 + 0.25 * np.sin(2 * np.pi * 0.2 * t)  # levels that change from second to second
    mono = (0.05 * rng.standard_normal(len(t)) * loudness + 0.2 * np.sin(2 * np.pi * 50 * t)
            + 0.1 * np.sin(2 * np.pi * 1000 * t) * (t % 3 < 1) + 0.05 * np.sin(2 * np.pi * 6300 * t))
    cols = [mono * (1 - 0.3 * c) + 0.01 * c * rng.standard_normal(len(t)) for c in range(channels)]
    return np.clip(np.stack(cols, axis=1), -1, 1)


def plain_levels(x: np.ndarray, sr: int) -> dict[str, np.ndarray]:
    """Per second: unweighted and A-weighted mean square; per 125 ms block: A-weighted mean square."""
    seconds, c = len(x) // sr, x.shape[1]
    sub = sr // 8
    size = fast_size(sub + sub // 4)
    gain = a_weighting_gain(np.fft.rfftfreq(size, 1 / sr)) ** 2
    per_second, per_second_a, fast_a = [], [], []
    for s in range(seconds):
        second = x[s * sr:(s + 1) * sr]
        per_second.append(np.mean(second**2))
        blocks = []
        for b in range(8):
            block = second[b * sub:(b + 1) * sub]
            energy = 0.0
            for ch in range(c):
                spectrum = np.abs(np.fft.rfft(block[:, ch], n=size)) ** 2
                one_sided = np.full(len(spectrum), 2.0)
                one_sided[0] = 1.0
                one_sided[-1] = 1.0 if size % 2 == 0 else 2.0
                energy += float(np.sum(spectrum * gain * one_sided)) / size
            blocks.append(energy / (sub * c))
        fast_a += blocks
        per_second_a.append(np.mean(blocks))
    return {"per_second": np.array(per_second), "per_second_a": np.array(per_second_a), "fast_a": np.array(fast_a)}


def db(ms: np.ndarray) -> np.ndarray:
    return 10 * np.log10(ms)


@pytest.mark.parametrize(("sr", "channels", "subtype"), [(44100, 1, "PCM_16"), (48000, 2, "PCM_16"),
                                                         (22050, 1, "FLOAT"), (44100, 2, "PCM_24")])
def test_fast_levels_match_the_plain_method(tmp_path: Path, sr: int, channels: int, subtype: str) -> None:
    path = tmp_path / "noise and tones.wav"
    sf.write(str(path), noise_and_tones(12, sr, channels), sr, subtype=subtype)
    x, _ = sf.read(str(path), dtype="float64", always_2d=True)  # the samples as stored
    got = analyse_levels(path)
    want = plain_levels(x, sr)
    assert got["duration_s"] == pytest.approx(12, abs=0.01) and got["channels"] == channels
    assert np.abs(np.array(got["per_second_dbfs"]) - db(want["per_second"])).max() < 0.1
    assert np.abs(np.array(got["per_second_a_dbfs"]) - db(want["per_second_a"])).max() < 0.1
    assert got["lamax_dbfs"] == pytest.approx(db(want["fast_a"].max()), abs=0.1)
    assert got["la90_dbfs"] == pytest.approx(db(np.percentile(want["fast_a"], 10)), abs=0.1)
    assert got["laeq_dbfs"] == pytest.approx(db(want["per_second_a"].mean()), abs=0.1)
    assert got["peak_dbfs"] == pytest.approx(20 * np.log10(np.abs(x).max()), abs=0.01)
    assert got["per_second_a_dbfs"] != got["per_second_dbfs"]  # the weighting really did something


def test_a_part_second_at_the_end_is_measured_too(tmp_path: Path) -> None:
    sr = 8000
    x = noise_and_tones(3.4, sr, 1)
    x[-100] = 0.99  # the loudest sample is in the last, part second
    path = tmp_path / "short.wav"
    sf.write(str(path), x, sr, subtype="FLOAT")
    got = analyse_levels(path)
    stored, _ = sf.read(str(path), dtype="float64", always_2d=True)
    assert len(got["per_second_dbfs"]) == 4
    assert got["peak_dbfs"] == pytest.approx(20 * np.log10(0.99), abs=0.01)
    assert got["per_second_dbfs"][-1] == pytest.approx(float(db(np.mean(stored[3 * sr:] ** 2))), abs=0.1)

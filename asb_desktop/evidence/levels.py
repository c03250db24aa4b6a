"""Sound levels from samples, vectorised with numpy: per second, Leq, Lmax (fast, 125 ms) and L90,
unweighted and A-weighted (IEC 61672 curve applied in the frequency domain, one second at a time).

Levels are dBFS (0 dB = the mean square of a full-scale square wave, as sox reports them). A
calibration offset turns them into dB / dB(A); every result says whether it is calibrated.
"""

from __future__ import annotations

import functools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

FLOOR_DB = -120.0
FAST_BLOCKS = 8  # 125 ms blocks per second: the "fast" time weighting's time constant
ENVELOPE_POINTS = 2000


def a_weighting_gain(freqs: np.ndarray) -> np.ndarray:
    """IEC 61672-1 A-weighting as a linear amplitude gain (0 dB at 1 kHz)."""
    f2 = np.asarray(freqs, dtype=np.float64) ** 2
    ra = (12194.0**2 * f2**2) / ((f2 + 20.6**2) * np.sqrt((f2 + 107.7**2) * (f2 + 737.9**2)) * (f2 + 12194.0**2))
    return ra * 10 ** (2.0 / 20)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="levels")


def fast_size(n: int) -> int:
    """The smallest 2^a * 3^b * 5^c at or above ``n`` (sizes the FFT handles fastest)."""
    best = 1 << max(0, (n - 1).bit_length())
    p3 = 1
    while p3 < best:
        p35 = p3
        while p35 < best:
            size = p35 * (1 << max(0, math.ceil(math.log2(n / p35))))
            best = min(best, size) if size >= n else best
            p35 *= 5
        p3 *= 3
    return best


def db(mean_square: np.ndarray | float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.maximum(10 * np.log10(np.asarray(mean_square, dtype=np.float64)), FLOOR_DB)


@dataclass
class _Acc:
    per_second: list[np.ndarray] = field(default_factory=list)
    per_second_a: list[np.ndarray] = field(default_factory=list)
    fast: list[np.ndarray] = field(default_factory=list)
    fast_a: list[np.ndarray] = field(default_factory=list)
    env_min: list[np.ndarray] = field(default_factory=list)
    env_max: list[np.ndarray] = field(default_factory=list)
    energy: float = 0.0
    energy_a: float = 0.0
    samples: int = 0  # per channel
    peak: float = 0.0


class LevelMeter:
    """Feed blocks of samples (frames x channels, float in -1..1); read ``result()`` at the end."""

    def __init__(self, sample_rate: int, channels: int) -> None:
        if sample_rate < 8 or channels < 1:
            raise ValueError("the recording has no usable sample rate or channels")
        self.sr = int(sample_rate)
        self.channels = int(channels)
        self._gain: dict[int, np.ndarray] = {}
        self._pending = np.zeros((0, self.channels), dtype=np.float32)
        self._acc = _Acc()

    def _weights(self, size: int) -> np.ndarray:
        """Squared A-weighting per rfft bin of a ``size``-point transform, with the one-sided factor of 2
        and 1/size folded in, so that ``sum(|X|^2 * w)`` is the A-weighted energy (Parseval). Each weight
        is given twice, for a bin's real and imaginary parts side by side (a complex64 array seen as
        float32), so the energy is one matrix-vector product over the squared spectrum."""
        if size not in self._gain:
            w = a_weighting_gain(np.fft.rfftfreq(size, 1 / self.sr)) ** 2 * 2 / size
            w[0] /= 2
            if size % 2 == 0:
                w[-1] /= 2
            self._gain[size] = np.repeat(w, 2).astype(np.float32)
        return self._gain[size]

    def feed(self, block: np.ndarray) -> None:
        block = np.asarray(block, dtype=np.float32)
        if block.ndim == 1:
            block = block[:, None]
        if self._pending.size:
            block = np.concatenate([self._pending, block])
        whole = (len(block) // self.sr) * self.sr
        if whole:
            self._seconds(block[:whole].reshape(-1, self.sr, self.channels))
        self._pending = block[whole:].copy()

    def _a_weighted(self, blocks: np.ndarray) -> np.ndarray:
        """A-weighted mean square of each block (channels x blocks x samples, any strides), from its
        zero-padded spectrum: the filter's response runs on into the padding instead of wrapping round.
        The blocks are copied once, straight into the padded array the FFT reads, and split between two
        threads (numpy's FFT and matrix products release the GIL)."""
        c, b, n = blocks.shape
        size = fast_size(n + n // 4)
        weights = self._weights(size)

        def energy(lo: int, hi: int) -> np.ndarray:
            padded = np.zeros((c, hi - lo, size), dtype=np.float32)
            padded[:, :, :n] = blocks[:, lo:hi]
            parts = np.fft.rfft(padded, axis=-1).view(np.float32)  # complex64 as (real, imaginary) pairs
            np.square(parts, out=parts)
            return parts @ weights

        if b >= 64:
            half = b // 2
            total = np.concatenate(list(_pool().map(energy, (0, half), (half, b))), axis=1)
        else:
            total = energy(0, b)
        return total.sum(axis=0, dtype=np.float64) / (n * c)

    def _seconds(self, frames: np.ndarray) -> None:
        """``frames``: (seconds, samples, channels), each second the same length."""
        acc = self._acc
        k, n, c = frames.shape
        x = np.ascontiguousarray(np.moveaxis(frames, 2, 0)) if c > 1 else frames[:, :, 0][None]  # c x k x n
        sub = n // FAST_BLOCKS
        if sub >= 64:
            used = sub * FAST_BLOCKS
            blocks = x[:, :, :used].reshape(c, k * FAST_BLOCKS, sub)  # a view: no copy of the samples
            fast = np.einsum("cbs,cbs->b", blocks, blocks).astype(np.float64) / c  # float32 sums: 1e-5 dB
            rest = np.einsum("cks,cks->k", x[:, :, used:], x[:, :, used:], dtype=np.float64) / c
            acc.fast.append(fast / sub)
            acc.per_second.append((fast.reshape(k, FAST_BLOCKS).sum(axis=1) + rest) / n)
            fast_a = self._a_weighted(blocks)
            acc.fast_a.append(fast_a)
            acc.per_second_a.append(fast_a.reshape(k, FAST_BLOCKS).mean(axis=1))
            mono = blocks[0]
        else:
            acc.per_second.append(np.einsum("cks,cks->k", x, x, dtype=np.float64) / (n * c))
            acc.per_second_a.append(self._a_weighted(x))
            mono = x[0]
        lo, hi = mono.min(axis=1), mono.max(axis=1)
        if c > 1 or sub < 64:  # the envelope of the first channel covers every sample only for mono
            lo_all, hi_all = float(x.min(initial=0.0)), float(x.max(initial=0.0))
        else:
            lo_all, hi_all = min(0.0, float(lo.min(initial=0.0)), float(x[0, :, used:].min(initial=0.0))), \
                max(0.0, float(hi.max(initial=0.0)), float(x[0, :, used:].max(initial=0.0)))
        acc.peak = max(acc.peak, hi_all, -lo_all)
        acc.energy += float(acc.per_second[-1].sum()) * n
        acc.energy_a += float(acc.per_second_a[-1].sum()) * n
        acc.samples += k * n
        acc.env_min.append(lo)
        acc.env_max.append(hi)

    def result(self, calibration_offset: float | None = None) -> dict[str, Any]:
        if len(self._pending):
            tail, self._pending = self._pending, np.zeros((0, self.channels), dtype=np.float32)
            self._seconds(tail[None, :, :])
        acc = self._acc
        if acc.samples == 0:
            raise ValueError("the recording holds no sound samples")
        sec = np.concatenate(acc.per_second)
        sec_a = np.concatenate(acc.per_second_a)
        fast = np.concatenate(acc.fast) if acc.fast else sec
        fast_a = np.concatenate(acc.fast_a) if acc.fast_a else sec_a
        out: dict[str, Any] = {
            "duration_s": round(acc.samples / self.sr, 3),
            "sample_rate": self.sr,
            "channels": self.channels,
            "rms_dbfs": _r(db(acc.energy / acc.samples)),
            "peak_dbfs": _r(20 * math.log10(acc.peak) if acc.peak > 0 else FLOOR_DB),
            "leq_dbfs": _r(db(acc.energy / acc.samples)),
            "lmax_dbfs": _r(db(fast.max())),
            "l90_dbfs": _r(db(np.percentile(fast, 10))),
            "laeq_dbfs": _r(db(acc.energy_a / acc.samples)),
            "lamax_dbfs": _r(db(fast_a.max())),
            "la90_dbfs": _r(db(np.percentile(fast_a, 10))),
            "per_second_dbfs": [round(float(v), 2) for v in db(sec)],
            "per_second_a_dbfs": [round(float(v), 2) for v in db(sec_a)],
            "envelope": _envelope(np.concatenate(acc.env_min), np.concatenate(acc.env_max)),
        }
        return calibrate(out, calibration_offset)


def calibrate(levels: dict[str, Any], offset: float | None) -> dict[str, Any]:
    """Add (or remove) a calibration offset: dBFS + offset = dB(A). Says ``calibrated`` either way."""
    out = {k: v for k, v in levels.items() if not k.endswith("_db") and not k.endswith("_dba")}
    out["calibrated"] = offset is not None
    out["calibration_offset_db"] = offset
    if offset is not None:
        for name in ("leq", "lmax", "l90"):
            out[f"{name}_db"] = _r(levels[f"{name}_dbfs"] + offset)
            out[f"{name.replace('l', 'la', 1)}_dba"] = _r(levels[f"{name.replace('l', 'la', 1)}_dbfs"] + offset)
    return out


def _envelope(lo: np.ndarray, hi: np.ndarray) -> dict[str, list[float]]:
    step = max(1, math.ceil(len(lo) / ENVELOPE_POINTS))
    usable = (len(lo) // step) * step
    mins, maxs = lo[:usable].reshape(-1, step).min(axis=1), hi[:usable].reshape(-1, step).max(axis=1)
    if usable < len(lo):
        mins, maxs = np.append(mins, lo[usable:].min()), np.append(maxs, hi[usable:].max())
    return {"min": [round(float(v), 4) for v in mins], "max": [round(float(v), 4) for v in maxs]}


def _r(value: float | np.ndarray) -> float:
    return round(float(value), 2)

"""Noise recordings: read WAV, FLAC, OGG and MP3 with soundfile and M4A/AAC (or anything soundfile cannot
open) with PyAV, in blocks so memory stays flat; then measure levels (``levels.py``)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .examined import Examined, Unusable
from .levels import LevelMeter, calibrate
from .timestamps import parse_meta_time

BLOCK_SECONDS = 60
SOUNDFILE_EXT = {".wav", ".flac", ".ogg", ".oga", ".mp3"}


class AudioError(Exception):
    """The recording could not be read; ``str()`` says why."""


def _soundfile_blocks(path: Path) -> tuple[int, int, Iterator[np.ndarray], int]:
    import soundfile as sf

    handle = sf.SoundFile(str(path))
    declared = handle.frames
    pcm16 = handle.subtype == "PCM_16"  # read as stored and scaled here: the same floats, a third of the work

    def blocks() -> Iterator[np.ndarray]:
        with handle:
            while True:
                frames = handle.samplerate * BLOCK_SECONDS
                if pcm16:
                    raw = handle.read(frames, dtype="int16", always_2d=True)
                    block = np.multiply(raw, np.float32(1 / 32768), dtype=np.float32)  # libsndfile's scale
                else:
                    block = handle.read(frames, dtype="float32", always_2d=True)
                if not len(block):
                    return
                yield block

    return handle.samplerate, handle.channels, blocks(), declared


def _av_blocks(path: Path) -> tuple[int, int, Iterator[np.ndarray], int]:
    import av

    container = av.open(str(path))
    streams = container.streams.audio
    if not streams:
        container.close()
        raise AudioError("the file holds no sound")
    stream = streams[0]
    rate = stream.codec_context.sample_rate or stream.rate
    channels = stream.codec_context.channels or 1
    layout = "mono" if channels == 1 else "stereo"
    channels = min(channels, 2)
    resampler = av.AudioResampler(format="flt", layout=layout, rate=rate)
    declared = int(float(stream.duration * (stream.time_base or 0)) * rate) if stream.duration else 0

    def blocks() -> Iterator[np.ndarray]:
        with container:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    yield out.to_ndarray().reshape(-1, channels)
            for out in resampler.resample(None):
                yield out.to_ndarray().reshape(-1, channels)

    return rate, channels, blocks(), declared


def open_blocks(path: Path, suffix: str | None = None) -> tuple[int, int, Iterator[np.ndarray], int]:
    """(sample rate, channels, blocks of float32 frames x channels, frames the header declares).
    ``suffix``: the added file's extension, when ``path`` is the stored copy (which has none)."""
    if (suffix if suffix is not None else path.suffix).lower() in SOUNDFILE_EXT:
        try:
            return _soundfile_blocks(path)
        except Exception:  # noqa: BLE001 - e.g. an OGG Opus or an odd WAV codec: PyAV may still read it
            pass
    return _av_blocks(path)


def _check_riff_length(path: Path) -> None:
    """A WAV's header says how long it is; a copy cut short (e.g. an interrupted transfer) is refused."""
    with open(path, "rb") as fh:
        head = fh.read(12)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        declared = int.from_bytes(head[4:8], "little") + 8
        actual = path.stat().st_size
        if declared != 0xFFFFFFFF + 8 and actual < declared:
            raise AudioError(f"the recording is cut short: its header promises {declared:,} bytes but the file "
                             f"has only {actual:,}")


def _read_ahead(blocks: Iterator[np.ndarray], depth: int = 2) -> Iterator[np.ndarray]:
    """The blocks, decoded by a thread up to ``depth`` ahead, so decoding overlaps the measuring (both
    release the GIL); a decoding error is raised here, and stopping early stops the thread."""
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def reader() -> None:
        try:
            for block in blocks:
                while not stop.is_set():
                    try:
                        ready.put(("block", block), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            item: tuple[str, Any] = ("end", None)
        except BaseException as exc:  # noqa: BLE001 - handed to the consuming thread
            item = ("error", exc)
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    thread = threading.Thread(target=reader, name="audio-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join()


def analyse_levels(path: Path, calibration_offset: float | None = None, suffix: str | None = None,
                   progress: Callable[[float], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Levels of a recording, read a block (a minute) at a time: memory stays flat however long it is.
    ``progress(fraction)`` after each block; ``cancelled()`` checked between blocks (raises Cancelled)."""
    from .store import Cancelled

    _check_riff_length(Path(path))
    rate, channels, blocks, declared = open_blocks(Path(path), suffix)
    meter = LevelMeter(rate, channels)
    frames = 0
    for block in _read_ahead(blocks):
        if cancelled is not None and cancelled():
            raise Cancelled("The import was cancelled.")
        meter.feed(block)
        frames += len(block)
        if progress is not None and declared:
            progress(min(1.0, frames / declared))
    if frames == 0:
        raise AudioError("the recording holds no sound samples (empty or cut short)")
    if declared and frames < declared * 0.98 and declared - frames > rate // 10:
        raise AudioError(f"the recording is cut short: its header promises {declared / rate:.1f} s but only "
                         f"{frames / rate:.1f} s are there")
    return meter.result(calibration_offset)


def recording_time(path: Path) -> datetime | None:
    """The recording time from the file's own tags (creation_time, date), if it has them."""
    try:
        import av

        with av.open(str(path)) as container:
            tags = dict(container.metadata)
            for stream in container.streams:
                tags.update({k: v for k, v in stream.metadata.items() if k not in tags})
    except Exception:  # noqa: BLE001 - tags are optional; the levels decide whether the file is usable
        return None
    for key in ("creation_time", "date", "DATE", "ICRD", "origination_date"):
        when = parse_meta_time(tags.get(key))
        if when is not None:
            if key == "origination_date" and tags.get("origination_time"):
                when = parse_meta_time(f"{tags['origination_date']}T{tags['origination_time']}") or when
            return when
    return None


def examine_audio(path: Path, result: Examined, source: Path | None = None,
                  progress: Callable[[float], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> None:
    """Levels and recording time from ``path`` (the stored copy); a level log beside ``source`` (where the
    recording was added from)."""
    source = source or path
    try:
        levels = analyse_levels(path, suffix=source.suffix, progress=progress, cancelled=cancelled)
    except AudioError as exc:
        raise Unusable(str(exc)) from None
    result.analysis["levels"] = levels
    result.meta.update({"duration_s": levels["duration_s"], "sample_rate": levels["sample_rate"],
                        "channels": levels["channels"]})
    made = recording_time(path)
    if made is not None:
        result.made_at = made
        result.meta["made_at_from"] = "metadata"
    elif result.made_at is not None:
        result.meta["made_at_from"] = "file name"
    add_level_log(source, result)


def add_level_log(source: Path, result: Examined) -> None:
    """Read a level log beside the recording into ``result.analysis`` (or say why it could not be)."""
    from .noise_log import LevelLogError

    try:
        log = _level_log_beside(source)
    except LevelLogError as exc:  # the recording is still good evidence; say why its log was not read
        result.analysis["level_log_error"] = str(exc)
    else:
        if log is not None:
            result.analysis["level_log"] = log


def _level_log_beside(path: Path) -> dict[str, Any] | None:
    """A Noise App / noise-monitor CSV of levels next to the recording (same name, .csv)."""
    from .noise_log import read_level_log

    for candidate in (path.with_suffix(".csv"), path.with_suffix(".CSV")):
        if candidate.is_file():
            return read_level_log(candidate)
    return None


def with_calibration(analysis: dict[str, Any], offset: float | None) -> dict[str, Any]:
    out = dict(analysis)
    out["levels"] = calibrate(analysis["levels"], offset)
    return out


def figures_line(analysis: dict[str, Any]) -> str:
    """The headline figures in one line, always saying whether they are calibrated."""
    lv = analysis.get("levels")
    if not lv:
        return ""
    if lv.get("calibrated"):
        return (f"LAeq {lv['laeq_dba']:.1f} dB(A), LAFmax {lv['lamax_dba']:.1f} dB(A), LA90 {lv['la90_dba']:.1f} "
                f"dB(A) (calibrated, offset {lv['calibration_offset_db']:+.1f} dB)")
    return (f"LAeq {lv['laeq_dbfs']:.1f} dBFS, LAFmax {lv['lamax_dbfs']:.1f} dBFS, LA90 {lv['la90_dbfs']:.1f} dBFS "
            "(uncalibrated: relative levels only)")

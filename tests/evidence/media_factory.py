"""Generated evidence files for the tests: recordings in every format, photos with EXIF, video, PDFs, Word."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np


def tone(seconds: float, sr: int = 44100, freq: float = 1000.0, amp: float = 0.5, channels: int = 1,
         noise: float = 0.0, seed: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    x = amp * np.sin(2 * np.pi * freq * t)
    if noise:
        x = x + np.random.default_rng(seed).normal(0, noise, len(t))
    x = np.clip(x, -1, 1)
    if channels > 1:
        x = np.stack([x * (0.5 + 0.5 * c / channels) for c in range(channels)], axis=1)
    return x.astype(np.float32)


def write_audio(path: Path, data: np.ndarray, sr: int = 44100, subtype: str | None = None) -> Path:
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), data, sr, subtype=subtype)
    return path


def write_m4a(path: Path, data: np.ndarray, sr: int = 44100, creation_time: str | None = None) -> Path:
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as out:
        if creation_time:
            out.metadata["creation_time"] = creation_time
        stream = out.add_stream("aac", rate=sr)
        stream.layout = "mono"
        mono = data if data.ndim == 1 else data.mean(axis=1)
        for start in range(0, len(mono), 1024):
            frame = av.AudioFrame.from_ndarray(mono[None, start:start + 1024].astype(np.float32), format="fltp",
                                               layout="mono")
            frame.sample_rate = sr
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def write_video(path: Path, seconds: int = 2, fps: int = 10, size: tuple[int, int] = (160, 120),
                creation_time: str | None = None) -> Path:
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = {".avi": "avi", ".mov": "mov"}.get(path.suffix.lower(), "mp4")
    with av.open(str(path), "w", format=fmt) as out:
        if creation_time:
            out.metadata["creation_time"] = creation_time
        stream = out.add_stream("mpeg4", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.gop_size = fps
        for i in range(seconds * fps):
            img = np.zeros((size[1], size[0], 3), dtype=np.uint8)
            img[:, : (i * 7) % size[0]] = (200, 40, 40)
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def write_photo(path: Path, taken: datetime | None = None, orientation: int = 1, size: tuple[int, int] = (400, 200),
                fmt: str = "JPEG") -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, (30, 120, 200))
    img.paste((250, 250, 0), (0, 0, size[0] // 4, size[1]))  # a yellow band on the left edge
    exif = Image.Exif()
    exif[274] = orientation
    if taken is not None:
        exif[306] = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif.get_ifd(0x8769)[36867] = taken.strftime("%Y:%m:%d %H:%M:%S")
    img.save(path, fmt, exif=exif.tobytes())
    return path


def write_pdf(path: Path, pages: int = 2, password: str | None = None, text: str = "Letter") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        c.drawString(72, 770, f"{text} page {i + 1}")
        c.showPage()
    c.save()
    if password:
        import pikepdf

        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(owner=password, user=password))
    return path


def write_docx(path: Path, text: str = "Statement about the noise") -> Path:
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def write_long_wav(path: Path, seconds: int, sr: int = 8000, block_seconds: int = 600, seed: int = 3) -> Path:
    """A long mono 16-bit WAV (e.g. hours of noise monitoring), written a block at a time: never whole
    in memory. Quiet noise with a louder tone every few minutes, so the levels vary."""
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    with sf.SoundFile(str(path), "w", samplerate=sr, channels=1, subtype="PCM_16") as out:
        done = 0
        while done < seconds:
            n = min(block_seconds, seconds - done) * sr
            block = rng.normal(0, 0.01, n).astype(np.float32)
            t = np.arange(n) / sr
            block += (0.3 * np.sin(2 * np.pi * 440 * t) * ((t // 60) % 5 == 0)).astype(np.float32)
            out.write(block)
            done += n // sr
    return path

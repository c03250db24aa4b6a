"""CCTV and phone video (MP4, MOV, AVI ...) with PyAV: duration, resolution, creation time, keyframe thumbnails."""

from __future__ import annotations

from pathlib import Path

from .examined import Examined, Unusable
from .timestamps import parse_meta_time

KEYFRAMES = 6


def examine_video(path: Path, result: Examined) -> None:
    import av

    with av.open(str(path)) as container:
        if not container.streams.video:
            raise Unusable("the file holds no video picture")
        stream = container.streams.video[0]
        duration = (float(container.duration) / av.time_base if container.duration
                    else float(stream.duration * (stream.time_base or 0)) if stream.duration else 0.0)
        result.meta.update({"duration_s": round(duration, 3), "width": stream.codec_context.width,
                            "height": stream.codec_context.height, "codec": stream.codec_context.name,
                            "frame_rate": round(float(stream.average_rate), 3) if stream.average_rate else None,
                            "has_audio": bool(container.streams.audio)})
        tags = {**dict(stream.metadata), **dict(container.metadata)}
        stream.codec_context.skip_frame = "NONKEY"
        if next(container.decode(stream), None) is None:
            raise Unusable("the video has no picture that can be decoded: it is damaged or cut short")
    when = parse_meta_time(tags.get("creation_time")) or parse_meta_time(tags.get("date"))
    if when is not None:
        result.made_at = when
        result.meta["made_at_from"] = "metadata"
    elif result.made_at is not None:
        result.meta["made_at_from"] = "file name"


def keyframe_thumbnails(path: Path, folder: Path, count: int = KEYFRAMES, size: int = 320) -> list[Path]:
    """Thumbnails of keyframes spread evenly through the video, as PNGs in ``folder``."""
    import av

    from .photos import save_png

    out: list[Path] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        duration = float(container.duration or 0) / av.time_base
        seen: set[int] = set()
        for i in range(count):
            target = duration * i / count
            if i:
                container.seek(int(target / float(stream.time_base or 1)), stream=stream, backward=True)
            frame = next(container.decode(stream), None)
            if frame is None or frame.pts in seen:
                continue
            seen.add(frame.pts if frame.pts is not None else -i)
            img = frame.to_image()
            img.thumbnail((size, size))
            out.append(save_png(img, folder / f"keyframe-{len(out) + 1:02d}.png"))
    return out

"""Photos: EXIF date and orientation, thumbnails turned the right way up, decompression bombs refused.

Many thumbnails are drawn on a few threads (``make_thumbnails``): Pillow lets go of the GIL while it
decodes, shrinks and compresses, so threads use idle cores without the cost of starting processes
(which, with 20 photos on a busy two-core machine, made the process pool slower than one core).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .examined import Examined, Unusable
from .timestamps import parse_meta_time

if TYPE_CHECKING:
    from PIL import Image as PILImage

THUMB_SIZE = 320
MAX_PIXELS = 120_000_000  # ~ a 12,000 x 10,000 picture; larger is refused as a possible decompression bomb
EXIF_IFD, DATE_ORIGINAL, DATE_DIGITISED, DATE_TIME, ORIENTATION, MAKE, MODEL = 0x8769, 36867, 36868, 306, 274, 271, 272


class PictureError(Exception):
    """The picture cannot be used; ``str()`` says why."""


def open_picture(path: Path) -> PILImage.Image:
    """Open a picture, refusing decompression bombs with a clear message (Pillow's own check, made strict)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(path)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PictureError(f"the picture says it is larger than {MAX_PIXELS // 1_000_000} million pixels, so it "
                               "was refused as a possible decompression bomb (a small file that would fill the "
                               "memory); ask for the original photo") from None
        except Image.UnidentifiedImageError:
            raise PictureError("the picture could not be read: it is damaged or not a picture format") from None


def examine_photo(path: Path, result: Examined) -> None:
    try:
        with open_picture(path) as img:
            exif = img.getexif()
            result.meta.update({"width": img.width, "height": img.height, "format": img.format or "",
                                "orientation": int(exif.get(ORIENTATION, 1) or 1)})
            ifd = exif.get_ifd(EXIF_IFD)
            for tag in (DATE_ORIGINAL, DATE_DIGITISED):
                when = parse_meta_time(ifd.get(tag))
                if when:
                    break
            else:
                when = parse_meta_time(exif.get(DATE_TIME))
            camera = " ".join(str(exif.get(t, "")).strip("\x00 ") for t in (MAKE, MODEL)).strip()
            if camera:
                result.meta["camera"] = camera
            img.load()  # decodes every byte: a truncated picture fails here
    except PictureError as exc:
        raise Unusable(str(exc)) from None
    except OSError as exc:
        raise Unusable(f"the picture is damaged or cut short ({exc})") from None
    if when is not None:
        result.made_at = when
        result.meta["made_at_from"] = "EXIF"
    elif result.made_at is not None:
        result.meta["made_at_from"] = "file name"


def thumbnail(src: Path, dest: Path, size: int = THUMB_SIZE) -> Path:
    """A PNG thumbnail, turned by its EXIF orientation, written atomically."""
    from PIL import ImageOps

    with open_picture(src) as img:
        img.draft("RGB", (size * 2, size * 2))
        upright = ImageOps.exif_transpose(img)
        upright.thumbnail((size, size))
        if upright.mode not in ("RGB", "RGBA", "L"):
            upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
        return save_png(upright, dest)


def save_png(img: PILImage.Image, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    img.save(tmp, "PNG")
    os.replace(tmp, dest)
    return dest


def _thumbnail_job(job: tuple[str, str, int]) -> str:
    return str(thumbnail(Path(job[0]), Path(job[1]), job[2]))


def make_thumbnails(jobs: Iterable[tuple[Path, Path]], workers: int | None = None, size: int = THUMB_SIZE) -> list[Path]:
    """Thumbnail many pictures on ``workers`` threads (default: one per core); 1 means on this thread."""
    items = [(str(s), str(d), size) for s, d in jobs]
    workers = min(workers or os.cpu_count() or 1, len(items))
    if workers <= 1:
        return [Path(_thumbnail_job(j)) for j in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="thumbnails") as pool:
        return [Path(p) for p in pool.map(_thumbnail_job, items)]

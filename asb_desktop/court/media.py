"""Audio and video exhibits: a front sheet for the bundle and an export folder for the disc.

The court gets the media on a disc or memory stick; the bundle holds one front sheet per item
(what it is, when and by whom recorded, duration, levels, SHA-256) and the folder holds the files
with a manifest of their hashes, checked again after copying.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from ..domain.publicity import BANNER
from .render import h1, h2, p, table, write_document


@dataclass(frozen=True)
class MediaExhibit:
    mark: str
    title: str
    kind: str  # audio | video
    path: Path
    sha256: str
    recorded_at: datetime | None
    recorded_by: str
    duration_seconds: float | None
    levels: str  # e.g. "LAeq 62 dB(A), LAFmax 81 dB(A)" or "relative levels only (uncalibrated): ..."
    witness: str = ""
    statement: str = ""
    original_name: str = ""  # the file's name when it was brought in (the store keeps it under its hash)

    @property
    def disc_name(self) -> str:
        """The file's name on the disc: its mark, then the name it came in with (extension kept)."""
        name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", Path(self.original_name).name) or self.path.name
        return f"{self.mark} - {name}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "not known"
    s = round(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d} ({seconds:.1f} seconds)"


def front_sheet(item: MediaExhibit, dest: Path, case_reference: str) -> Path:
    """One A4 page: the exhibit's mark and the facts the court needs about the recording."""
    rows = [("Item", "Detail"), ("Exhibit", item.mark), ("What it is", item.title),
            ("Kind", "Audio recording" if item.kind == "audio" else "Video recording"),
            ("Recorded", f"{item.recorded_at:%d/%m/%Y at %H:%M}" if item.recorded_at else "not known"),
            ("Recorded by", item.recorded_by or "not known"), ("Duration", _duration(item.duration_seconds)),
            ("Levels", item.levels or "not measured"), ("File name on the disc", item.disc_name),
            ("SHA-256", item.sha256)]
    rows.append(("Exhibited by", item.witness or "A witness whose identity is withheld"))
    if item.statement:
        rows.append(("Statement", item.statement))
    return write_document(dest, f"Exhibit {item.mark}", [
        h1(f"Exhibit {item.mark}"), h2(item.title),
        p("This is a front sheet for a media exhibit. The recording itself is on the disc or memory stick "
          "that accompanies this bundle, in the folder named in the manifest."),
        table(rows, (130, 350)),
        p("The SHA-256 value is a fingerprint of the file: any change to the recording, however small, "
          "gives a different value. It can be checked with any SHA-256 tool."),
    ], footer=case_reference)


class MediaError(ValueError):
    """A media exhibit cannot go on the disc as it is (missing, or changed since intake); names the exhibit."""

    def __init__(self, mark: str, problem: str) -> None:
        super().__init__(f"Exhibit {mark}: {problem}")
        self.mark = mark
        self.problem = problem


def _changed(item: MediaExhibit, got: str) -> MediaError:
    return MediaError(item.mark, f"the stored recording no longer matches the SHA-256 recorded at intake "
                      f"({item.sha256}; it now hashes to {got}). It may have been changed or damaged, so nothing "
                      "was exported. Run 'asb evidence verify' and restore it from a backup.")


def export_media(items: Sequence[MediaExhibit], dest: Path, case_reference: str, banner: str = "") -> Path:
    """Copy the media into ``dest`` with a manifest (text and JSON). Every file is checked against its
    recorded SHA-256 before anything is copied, and each copy again after; a missing or changed file
    refuses the export (``MediaError``) and removes whatever this export had copied. ``banner``: the
    procedure 17 REPORTING RESTRICTIONS line, written first in both manifests when the case has any."""
    for item in items:
        if not item.path.is_file():
            raise MediaError(item.mark, "the stored recording is missing, so nothing was exported. Run "
                             "'asb evidence verify' and restore it from a backup.")
        got = sha256_of(item.path)
        if got != item.sha256:
            raise _changed(item, got)
    dest.mkdir(parents=True, exist_ok=True)
    records = []
    written: list[Path] = []
    try:
        for item in items:
            name = item.disc_name
            target = dest / name
            written.append(target)
            shutil.copyfile(item.path, target)
            copied = sha256_of(target)
            if copied != item.sha256:
                raise _changed(item, copied)
            record = asdict(item) | {"file": name, "path": None, "size_bytes": target.stat().st_size}
            record["recorded_at"] = item.recorded_at.isoformat() if item.recorded_at else None
            records.append(record)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    lines = ([banner, ""] if banner else []) + [f"Media exhibits for case {case_reference}", "", "SHA-256  file", ""]
    lines += [f"{r['sha256']}  {r['file']}" for r in records]
    (dest / "MANIFEST.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    head = {"reporting_restrictions": banner} if banner else {}
    (dest / "manifest.json").write_text(json.dumps(head | {"case": case_reference, "items": records}, indent=2,
                                                   ensure_ascii=False), encoding="utf-8")
    return dest / "MANIFEST.txt"


def manifest_banner(manifest: Path) -> str:
    """The REPORTING RESTRICTIONS line a media manifest starts with ("" when the case has none)."""
    first = manifest.read_text(encoding="utf-8").split("\n", 1)[0]
    return first if first.startswith(BANNER) else ""

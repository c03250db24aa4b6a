"""Evidence intake: each file read once (hash, copy and checks in one pass), the duplicate check before
the analysis, and a cancelled import leaving nothing behind."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))

from case_factory import minimal_case, rich_case  # noqa: E402
from media_factory import tone, write_audio, write_photo  # noqa: E402

from asb_desktop.evidence import audio, photos, store  # noqa: E402
from asb_desktop.services.evidence.evidence import EvidenceService  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402

REF, OTHER = "ASB-2026-00007", "ASB-2026-00008"


@pytest.fixture
def svc(ctx: Context) -> EvidenceService:
    rich_case(ctx, REF)
    minimal_case(ctx, OTHER)
    return EvidenceService(ctx)


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Path]:
    """Replace ``module.name`` by a wrapper recording the path each call analyses."""
    calls: list[Path] = []
    real = getattr(module, name)

    def wrapper(path: Path, *args: Any, **kwargs: Any) -> Any:
        calls.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_a_recording_added_twice_is_analysed_once(svc: EvidenceService, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch, audio, "analyse_levels")
    rec = write_audio(tmp_path / "in" / "night.wav", tone(3, noise=0.05))
    again = tmp_path / "elsewhere" / "2026-11-20 23-14-05.wav"
    again.parent.mkdir()
    again.write_bytes(rec.read_bytes())
    first = svc.add_files(REF, [rec]).stored[0]
    assert len(calls) == 1
    assert svc.add_files(REF, [again]).already_held  # the same case: held, not analysed
    svc.set_calibration(first.uid, 94.0)  # an officer's figure on the first case: not carried over
    other = svc.add_files(OTHER, [again]).stored[0]
    assert len(calls) == 1
    assert other.uid != first.uid
    assert other.analysis["levels"]["laeq_dbfs"] == first.analysis["levels"]["laeq_dbfs"]
    assert other.analysis["levels"]["calibrated"] is False and "laeq_dba" not in other.analysis["levels"]
    assert other.meta["duration_s"] == first.meta["duration_s"] == 3.0
    assert other.made_at is not None and other.meta["made_at_from"] == "file name"  # its own name, not the first's
    assert list(svc.store().root.joinpath(".incoming").iterdir()) == []


def test_a_photo_added_to_a_second_case_is_not_opened_again(svc: EvidenceService, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch, photos, "open_picture")
    pic = write_photo(tmp_path / "door.jpg")
    first = svc.add_files(REF, [pic]).stored[0]
    second = svc.add_files(OTHER, [pic]).stored[0]
    assert len(calls) == 1
    assert (second.meta["width"], second.meta["height"]) == (first.meta["width"], first.meta["height"])


class CountingReader:
    def __init__(self, raw: Any, tally: list[int]) -> None:
        self.raw, self.tally = raw, tally

    def readinto(self, buf: Any) -> int:
        n = self.raw.readinto(buf)
        self.tally.append(n or 0)
        return n

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.tally.append(len(data))
        return data

    def __enter__(self) -> CountingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()


@pytest.mark.parametrize("kind", ["wav", "jpeg"])
def test_each_added_file_is_read_once(svc: EvidenceService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      kind: str) -> None:
    source = (write_audio(tmp_path / "in" / "rec.wav", tone(5, noise=0.1)) if kind == "wav"
              else write_photo(tmp_path / "in" / "door.jpg", size=(1600, 1200)))
    tally: list[int] = []
    real_open = store.open_source
    monkeypatch.setattr(store, "open_source", lambda p: CountingReader(real_open(p), tally))
    opened: list[str] = []
    watching = [str(source)]

    def hook(event: str, args: tuple[Any, ...]) -> None:  # every open of the source from Python
        if watching and event == "open" and args and str(args[0]) == watching[0]:
            opened.append(event)

    sys.addaudithook(hook)
    analysed = counting(monkeypatch, audio if kind == "wav" else photos,
                        "analyse_levels" if kind == "wav" else "open_picture")
    try:
        item = svc.add_files(REF, [source]).stored[0]
    finally:
        watching.clear()
    assert sum(tally) == source.stat().st_size == item.size
    assert len(opened) == 1  # the one pass; the analysis read the stored copy
    assert analysed and all(svc.store().root in p.parents for p in analysed)
    assert (item.meta.get("duration_s") == 5.0) if kind == "wav" else (item.meta["width"] == 1600)


def test_a_cancelled_analysis_leaves_nothing(svc: EvidenceService, tmp_path: Path) -> None:
    rec = write_audio(tmp_path / "in" / "long.wav", tone(200, sr=8000, noise=0.05), sr=8000)
    steps: list[tuple[str, float]] = []
    report = svc.add_files(REF, [rec], step=lambda what, f: steps.append((what, f)),
                           cancelled=lambda: any(what == "analysing" for what, _ in steps))
    assert report.cancelled and not report.stored
    assert ("copying", 1.0) in steps and steps[-1][0] == "analysing" and steps[-1][1] < 1
    assert list(svc.store().walk()) == [] and svc.store().leftovers() == []
    assert svc.list_items(REF) == []

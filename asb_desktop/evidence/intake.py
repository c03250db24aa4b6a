"""Batch import. Each file is read once: hashed and copied into the store's incoming folder in one pass,
its first bytes checked on the way. Then, by its hash, the duplicate check: bytes already examined are
not analysed again (only what depends on the name and folder is worked out afresh); new bytes are
analysed from the stored copy. Only then is the copy renamed to its hash and the row written.

A bad file is refused with its reason and the batch carries on, its copy removed; cancelling stops
between files or between blocks of one (copy or analysis), and what was half-done is removed, never
half-stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from .examine import Unusable, analyse, apply_facts, check, expand
from .kinds import HEAD_BYTES, Kind, sanitise_name
from .records import AddReport, Refused
from .store import Cancelled, EvidenceStore, StoreError

Progress = Callable[[int, int, str], None]
Step = Callable[[str, float], None]  # (what is being done to the current file: "copying" / "analysing", fraction)


class Recorder(Protocol):
    """What the batch needs of the evidence service (which calls it): the store, what is already known
    of some bytes, and a way to write a row. A protocol, so this package never imports the services."""

    def store(self) -> EvidenceStore: ...

    def known_facts(self, sha256: str, family: str | None) -> dict[str, Any] | None: ...

    def record_item(self, reference: str | None, stored_sha: str, size: int, name: str, kind: Kind,
                    source: str, made_at: datetime | None, description: str, meta: dict[str, Any],
                    analysis: dict[str, Any]) -> tuple[Any, bool]: ...


class _Head:
    """Keeps the first bytes of the file as the chunks go by, and reports the copy's progress."""

    def __init__(self, size: int, step: Step | None) -> None:
        self.head = b""
        self.size = max(size, 1)
        self.seen = 0
        self.step = step

    def __call__(self, chunk: memoryview) -> None:
        if len(self.head) < HEAD_BYTES:
            self.head += bytes(chunk[:HEAD_BYTES - len(self.head)])
        self.seen += len(chunk)
        if self.step is not None:
            self.step("copying", min(1.0, self.seen / self.size))


def import_batch(service: Recorder, reference: str | None, paths: list[Path], kind: Kind | None,
                 source: str, description: str, progress: Progress | None,
                 cancelled: Callable[[], bool] | None, step: Step | None = None) -> AddReport:
    report = AddReport()
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            report.refused.append(Refused(str(path), "there is no such file or folder"))
        else:
            files.extend(expand([path]))
    store = service.store()
    total = len(files)
    for done, path in enumerate(files):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        name = sanitise_name(path.name)
        if progress is not None:
            progress(done, total, name)
        try:
            size = path.stat().st_size
            if size == 0:
                raise Unusable("the file is empty (0 bytes); ask for the original again")
            head = _Head(size, step)
            staged = store.stage(path, cancelled, head)
        except Unusable as exc:
            report.refused.append(Refused(str(path), str(exc)))
            continue
        except Cancelled:
            report.cancelled = True
            break
        except StoreError as exc:
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            report.refused.append(Refused(str(path), str(exc)))
            continue
        except OSError as exc:
            report.refused.append(Refused(str(path), f"the file could not be read ({exc.strerror or exc})"))
            continue
        try:
            found = check(head.head, staged.size, name, kind)
            facts = service.known_facts(staged.sha256, found.family)
            if facts is not None:
                apply_facts(found, facts, path)
            else:
                analyse(staged.path, found, path,
                        None if step is None else (lambda f: step("analysing", f)), cancelled)
            stored = staged.commit()
        except Unusable as exc:
            staged.discard()
            report.refused.append(Refused(str(path), str(exc)))
            continue
        except Cancelled:
            staged.discard()
            report.cancelled = True
            break
        except StoreError as exc:
            staged.discard()
            report.refused.append(Refused(str(path), str(exc)))
            continue
        except BaseException:
            staged.discard()
            raise
        found.meta.setdefault("imported_from", path.name)
        info, new = service.record_item(reference, stored.sha256, stored.size, name, found.kind, source,
                                        found.made_at, description, found.meta, found.analysis)
        (report.stored if new else report.already_held).append(info)
    if progress is not None:
        progress(total if not report.cancelled else len(report.stored) + len(report.already_held), total, "")
    return report

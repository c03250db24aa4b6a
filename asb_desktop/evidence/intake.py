"""Batch import: examine each file, copy it into the store, then write its row. A bad file is refused
with its reason and the batch carries on; cancelling stops between (or during) files, never half-way
through storing one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from .examine import Unusable, examine, expand
from .kinds import Kind, sanitise_name
from .records import AddReport, Refused
from .store import EvidenceStore, StoreError

Progress = Callable[[int, int, str], None]


class Recorder(Protocol):
    """What the batch needs of the evidence service (which calls it): the store and a way to write a row.
    A protocol, so this package never imports the services above it."""

    def store(self) -> EvidenceStore: ...

    def record_item(self, reference: str | None, stored_sha: str, size: int, name: str, kind: Kind,
                    source: str, made_at: datetime | None, description: str, meta: dict[str, Any],
                    analysis: dict[str, Any]) -> tuple[Any, bool]: ...


def import_batch(service: Recorder, reference: str | None, paths: list[Path], kind: Kind | None,
                 source: str, description: str, progress: Progress | None,
                 cancelled: Callable[[], bool] | None) -> AddReport:
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
            found = examine(path, name, kind)
            stored = store.put(path, cancelled)
        except Unusable as exc:
            report.refused.append(Refused(str(path), str(exc)))
            continue
        except StoreError as exc:
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            report.refused.append(Refused(str(path), str(exc)))
            continue
        except OSError as exc:
            report.refused.append(Refused(str(path), f"the file could not be read ({exc.strerror or exc})"))
            continue
        found.meta.setdefault("imported_from", path.name)
        info, new = service.record_item(reference, stored.sha256, stored.size, name, found.kind, source,
                                        found.made_at, description, found.meta, found.analysis)
        (report.stored if new else report.already_held).append(info)
    if progress is not None:
        progress(total if not report.cancelled else len(report.stored) + len(report.already_held), total, "")
    return report

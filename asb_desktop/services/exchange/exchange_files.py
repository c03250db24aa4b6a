"""The stored files of a case file: the zip (``case.json`` plus ``files/<sha256>``), every file checked
against its SHA-256 before anything is written, and put in place without ever leaving a half-written
file under a real name (the evidence store's own ``put``; elsewhere a ``.partial`` file renamed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ...evidence.store import EvidenceStore, StoreError, is_sha256
from ..kernel.errors import ASBError, ValidationError
from .exchange_format import ExchangeValidationError
from .exchange_v2 import FileRef

log = logging.getLogger("asb.exchange")

CASE_JSON = "case.json"
FILES = "files/"
CHUNK = 1 << 20
# The largest case.json read (uncompressed). A real case is a few megabytes; this leaves room for a
# long-running case while refusing a small zip that expands to hundreds of megabytes in memory.
MAX_CASE_JSON = 64 * 1024 * 1024
# What reading a damaged or unusual zip member can raise.
ZIP_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, struct.error,
                   NotImplementedError, RuntimeError, ValueError)


def _too_big(size: int) -> str:
    return (f"is {size / 1048576:.1f} MB, larger than the {MAX_CASE_JSON // 1048576} MB a case file may be; "
            "nothing was imported")


def _copy_hashing(src: IO[bytes], dst: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := src.read(CHUNK):
        digest.update(chunk)
        dst.write(chunk)
    return digest.hexdigest()


def _hash(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def is_zip_name(path: Path | str) -> bool:
    return str(path).lower().endswith(".zip")


def write_zip(out: Path, data: dict[str, Any], files: dict[str, Path]) -> None:
    """``case.json`` and each file under ``files/<sha256>``, each hashed as it is copied: a stored file
    that no longer matches its hash stops the export. Written to ``.partial``, renamed when complete."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:  # media is compressed already
            zf.writestr(CASE_JSON, json.dumps(data, ensure_ascii=False, indent=2), compress_type=zipfile.ZIP_DEFLATED)
            for sha, src in sorted(files.items()):
                try:
                    with open(src, "rb") as fh, zf.open(FILES + sha, "w", force_zip64=True) as dst:
                        got = _copy_hashing(fh, dst)
                except FileNotFoundError:
                    raise ASBError(f"The stored file {src} (SHA-256 {sha}) is missing, so the case was not "
                                   "exported. Run 'asb evidence verify' and restore it from a backup.") from None
                if got != sha:
                    raise ASBError(f"The stored file {src} no longer matches its SHA-256 {sha}, so the case was "
                                   "not exported. Run 'asb evidence verify'.")
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_json(out: Path, data: dict[str, Any]) -> None:
    """JSON only: the stored files are referred to by SHA-256, not carried."""
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def read_json(path: Path) -> Any:
    try:
        size = os.path.getsize(path)
        if size > MAX_CASE_JSON:
            raise ValidationError(str(path), _too_big(size))
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        raise ValidationError(str(path), f"cannot be read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(str(path), f"is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                              f"{exc.msg})") from None
    except UnicodeDecodeError:
        raise ValidationError(str(path), "is not a UTF-8 text file") from None
    except RecursionError:
        raise ValidationError(str(path), "is nested too deeply to be a case file") from None
    except ValueError as exc:  # e.g. a number too long to read
        raise ValidationError(str(path), f"is not usable JSON ({exc})") from None


class CaseZip:
    """An opened case zip: its ``case.json`` and the files it carries (``members``: sha256 → entry)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.zf = zipfile.ZipFile(self.path)
        except ZIP_READ_ERRORS as exc:
            raise ValidationError(str(path), f"is not a readable zip file ({exc})") from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        problems: list[tuple[str, str]] = []
        names = set()
        for info in self.zf.infolist():
            name = info.filename
            if name in names:
                problems.append((name, "is in the zip twice"))
            names.add(name)
            if name == CASE_JSON or (info.is_dir() and name == FILES):
                continue
            if name.startswith(FILES) and is_sha256(name[len(FILES):]) and not info.is_dir():
                self.members[name[len(FILES):]] = info
            else:
                problems.append((name, f"is not part of a case file zip (only {CASE_JSON} and files/<sha256>)"))
        if CASE_JSON not in names:
            problems.insert(0, (CASE_JSON, "is missing from the zip"))
        elif self.zf.getinfo(CASE_JSON).file_size > MAX_CASE_JSON:
            problems.insert(0, (CASE_JSON, _too_big(self.zf.getinfo(CASE_JSON).file_size)))
        if problems:
            self.zf.close()
            raise ExchangeValidationError(problems)

    def data(self) -> Any:
        try:
            # read at most the cap (plus one byte) whatever the directory claims, so a lying zip is caught too
            with self.zf.open(CASE_JSON) as fh:
                raw = fh.read(MAX_CASE_JSON + 1)
            if len(raw) > MAX_CASE_JSON:
                raise ValidationError(CASE_JSON, _too_big(len(raw)))
            return json.loads(raw.decode("utf-8"))
        except json.JSONDecodeError as exc:
            raise ValidationError(CASE_JSON, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                                  f"{exc.msg})") from None
        except UnicodeDecodeError:
            raise ValidationError(CASE_JSON, "is not UTF-8 text") from None
        except RecursionError:
            raise ValidationError(CASE_JSON, "is nested too deeply to be a case file") from None
        except ValueError as exc:  # e.g. a number too long to read
            raise ValidationError(CASE_JSON, f"is not usable JSON ({exc})") from None
        except ZIP_READ_ERRORS as exc:
            raise ValidationError(CASE_JSON, f"cannot be read from the zip ({exc})") from None

    def stage(self, refs: Iterable[FileRef], folder: Path) -> dict[str, Path]:
        """Copy out every carried file, hashing it; any unreferenced or altered file refuses the lot."""
        wanted = {r.sha256 for r in refs}
        problems = [(FILES + sha, "is not referred to by case.json") for sha in self.members if sha not in wanted]
        staged: dict[str, Path] = {}
        for sha, info in self.members.items():
            if sha not in wanted:
                continue
            target = folder / sha
            try:
                with self.zf.open(info) as src, open(target, "wb") as dst:
                    got = _copy_hashing(src, dst)
            except ZIP_READ_ERRORS as exc:
                problems.append((FILES + sha, f"cannot be read from the zip ({exc})"))
                continue
            if got != sha:
                problems.append((FILES + sha, f"does not match its SHA-256 (its contents hash to {got}): it was "
                                 "changed or damaged after the export, so nothing was imported"))
            staged[sha] = target
        if problems:
            raise ExchangeValidationError(problems)
        return staged

    def close(self) -> None:
        self.zf.close()


@dataclass
class FilePlan:
    """Where each referenced file comes from: ``copy`` (sha256 → a checked file to copy in), what is
    already in place, and what is missing (with the field that needs it)."""

    copy: dict[str, Path] = field(default_factory=dict)
    in_place: set[str] = field(default_factory=set)
    missing: list[FileRef] = field(default_factory=list)


def plan_files(refs: list[FileRef], staged: dict[str, Path], store: EvidenceStore, data_dir: Path,
               local: dict[str, Path]) -> tuple[FilePlan, list[tuple[str, str]]]:
    """Decide, before any write, where every file comes from: the zip, this store, or another copy
    already in this data folder (``local``: sha256 → path, checked here). Returns the plan and the
    problems (a different file already where one must go)."""
    plan = FilePlan()
    problems: list[tuple[str, str]] = []
    checked: dict[Path, str] = {}

    def hash_of(path: Path) -> str:
        if path not in checked:
            checked[path] = _hash(path)
        return checked[path]

    for ref in refs:
        if ref.place is None:
            if store.has(ref.sha256):
                plan.in_place.add(ref.sha256)
            elif ref.sha256 in staged:
                plan.copy[ref.sha256] = staged[ref.sha256]
            else:
                plan.missing.append(ref)
            continue
        target = data_dir / ref.place
        if target.is_file():
            if hash_of(target) != ref.sha256:
                problems.append((ref.field, f"a different file is already at {ref.place} in this data folder; "
                                 "move it away (or import as a new case) and import again"))
            else:
                plan.in_place.add(ref.sha256)
            continue
        source = staged.get(ref.sha256)
        if source is None and store.is_database and store.has(ref.sha256):
            plan.in_place.add(ref.sha256)  # in the team file store: fetched into place when first read
            continue
        if source is None and ref.sha256 in local and local[ref.sha256].is_file() \
                and hash_of(local[ref.sha256]) == ref.sha256:
            source = local[ref.sha256]
        if source is None:
            plan.missing.append(ref)
        else:
            plan.copy[ref.sha256] = source
    return plan, problems


class Placer:
    """Puts checked files in place; ``undo`` removes every file it added (after a failed import), and
    every file it put into the team file store that the store did not hold before, so a refused import
    leaves no stored blob behind. ``keep`` is told of every generated file in place (path, SHA-256): the
    team file store takes a copy, and ``keep`` says whether those bytes were new to it."""

    def __init__(self, store: EvidenceStore, data_dir: Path, keep: Callable[[Path, str], bool] | None = None,
                 named: Callable[[set[str]], set[str]] | None = None) -> None:
        self.store = store
        self.data_dir = data_dir
        self.keep = keep
        self.named = named  # which of these files a saved row names
        self.named_before: set[str] = set()
        self.added: list[Path] = []
        self.new_blobs: set[str] = set()  # SHA-256 of the files new to the team file store

    def place(self, refs: list[FileRef], plan: FilePlan) -> int:
        if self.named is not None and self.store.is_database:  # files saved rows named before the import
            self.named_before |= self.named({ref.sha256 for ref in refs})
        try:
            return self._place(refs, plan)
        except OSError as exc:
            raise ASBError(f"The case's files could not be written ({exc}); nothing was imported.") from None

    def _place(self, refs: list[FileRef], plan: FilePlan) -> int:
        for ref in refs:
            source = plan.copy.get(ref.sha256)
            if source is None:
                continue
            if ref.place is None:
                try:
                    stored = self.store.put(source)
                except StoreError as exc:
                    raise ASBError(f"{ref.name}: {exc}") from None
                if stored.sha256 != ref.sha256:  # the source changed since it was checked
                    raise ASBError(f"{ref.name} changed while it was being imported; nothing was imported.")
                if not stored.already_stored:
                    self.added.append(stored.path)
                    if self.store.is_database:
                        self.new_blobs.add(stored.sha256)
                continue
            target = self.data_dir / ref.place
            if target.is_file():
                self._kept(target, ref.sha256)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            try:
                with open(source, "rb") as src, open(partial, "wb") as dst:
                    got = _copy_hashing(src, dst)
                    dst.flush()
                    os.fsync(dst.fileno())
                if got != ref.sha256:
                    raise ASBError(f"{ref.name} changed while it was being imported; nothing was imported.")
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            self.added.append(target)
            self._kept(target, ref.sha256)
        return len(self.added)

    def _kept(self, target: Path, sha256: str) -> None:
        if self.keep is not None and self.keep(target, sha256):
            self.new_blobs.add(sha256)

    def undo(self) -> None:
        for path in reversed(self.added):
            path.unlink(missing_ok=True)
        self.added.clear()
        if self.new_blobs and self.store.is_database:
            try:  # a file another machine saved a row naming while this import ran stays
                named_since = (self.named(self.new_blobs) - self.named_before) if self.named else set()
                self.store.remove(self.new_blobs - named_since)
            except Exception as exc:  # noqa: BLE001 - the import's own error is the one to report
                log.warning("A refused import's files could not be taken out of the team file store: %s", exc)
            self.new_blobs.clear()


def staging_folder(data_dir: Path) -> Path:
    """A private folder on the same disk as the data folder, for files taken out of a zip."""
    import tempfile

    data_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".case-import-", dir=data_dir))


def remove_folder(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)

"""The data folder's layout: which folders hold the files the app generates.

``documents/<reference>/`` holds letters, statements and assessments (services/documents/document_store.py);
``court/<reference>/`` holds notice packs, bundle files and issued bundles (services/court/notices.py, services/court/bundles.py).
The evidence store is elsewhere (``evidence/`` or the organisation's evidence folder). Backups
(storage/snapshot.py) keep every folder named here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .orm_court import BundleFile, BundleVersion, Notice
from .orm_documents import GeneratedDocument

DOCUMENTS = "documents"
COURT = "court"
GENERATED: tuple[str, ...] = (DOCUMENTS, COURT)
# ``cache/<what>/``: derived files, never backed up, safe to delete - the team store's local copies
# ("store"), thumbnails and charts of evidence ("evidence"), OCR'd bundle pages ("ocr").
CACHES = ("store", "evidence", "ocr")


def cache_dir(data_dir: Path, what: str) -> Path:
    if what not in CACHES:
        raise ValueError(f"no cache called {what!r}")
    return data_dir / "cache" / what


def generated_files(s: Session, data_dir: Path) -> list[tuple[str, Path, str]]:
    """Every file the app generated and keeps in the data folder: (what it is, where, SHA-256).
    Documents, notice packs, bundle files and issued bundles."""
    out: list[tuple[str, Path, str]] = []
    for title, path, sha in s.execute(select(GeneratedDocument.title, GeneratedDocument.path,
                                             GeneratedDocument.sha256).order_by(GeneratedDocument.id)):
        out.append((title, data_dir / path, sha))
    for title, path, sha in s.execute(select(BundleFile.title, BundleFile.stored_path, BundleFile.sha256)
                                      .order_by(BundleFile.id)):
        out.append((title, data_dir / path, sha))
    for hearing, version, path, sha in s.execute(select(BundleVersion.hearing, BundleVersion.version,
                                                        BundleVersion.stored_path, BundleVersion.sha256)
                                                 .order_by(BundleVersion.id)):
        out.append((f"{hearing} bundle, version {version}", data_dir / path, sha))
    for folder, files in s.execute(select(Notice.folder, Notice.files).order_by(Notice.id)):
        for f in files or []:
            if isinstance(f, dict) and isinstance(f.get("sha256"), str) and isinstance(f.get("file"), str):
                out.append((str(f.get("title") or f["file"]), data_dir / folder / f["file"], f["sha256"]))
    return out

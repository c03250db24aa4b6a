"""What every document service shares: the organisation's letterhead and the register of generated
files (data_dir/documents, with SHA-256). Their read model and the identities a document must not
contain are in kernel/case_documents.py."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...documents.model import Letterhead
from ...storage.orm import Case
from ...storage.orm_documents import GeneratedDocument
from ..kernel.context import Context
from ..kernel.file_stores import keep_generated


def letterhead(ctx: Context, s: Session) -> Letterhead:
    logo = str(ctx.setting(s, "organisation_logo") or "")
    return Letterhead(name=str(ctx.setting(s, "organisation_name") or ""),
                      address=str(ctx.setting(s, "organisation_address") or ""),
                      logo_path=logo if logo and Path(logo).is_file() else None)


def store(ctx: Context, s: Session, case: Case, kind: str, title: str, fmt: str, data: bytes,
          recipient_role: str | None = None, recipient_person_id: int | None = None,
          source: str = "") -> GeneratedDocument:
    """Write the file under data_dir/documents/<reference>/ and register it with its SHA-256 (and, with the
    team file store in use, put it there too, so another machine opens it)."""
    version = (s.scalar(select(func.count(GeneratedDocument.id)).where(
        GeneratedDocument.case_id == case.id, GeneratedDocument.kind == kind,
        GeneratedDocument.format == fmt)) or 0) + 1
    relative = Path("documents") / case.reference / f"{kind}-{version}.{fmt}"
    target = ctx.data_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    sha256 = hashlib.sha256(data).hexdigest()
    keep_generated(ctx, target, sha256)
    row = GeneratedDocument(case_id=case.id, kind=kind, title=title, version=version, format=fmt,
                            path=relative.as_posix(), sha256=sha256,
                            recipient_role=recipient_role, recipient_person_id=recipient_person_id,
                            source=source, created_at=ctx.now(), created_by_id=ctx.actor.id)
    s.add(row)
    s.flush()
    ctx.audit(s, "export", "document", row.id, case.reference, f"{title} generated ({fmt.upper()})",
              sha256=row.sha256, path=row.path)
    return row

"""Version 2 of the case file: checks across evidence, statements, documents, notices and bundles,
and the stored files a file refers to by SHA-256, each with the place the importer puts it.

Where a file goes in the data folder follows from the importing case's reference and the record
(the same rule the services use when they first write it), so no path is ever read from a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

Fail = Callable[[str, str], None]

# Values that must not repeat within a section (the database's unique constraints, checked first so
# the message names the field).
UNIQUE: dict[str, tuple[tuple[str, ...], ...]] = {
    "evidence_items": (("sha256",),),
    "evidence_links": (("evidence_uid",),),
    "exhibits": (("mark",), ("evidence_uid",), ("person_uid", "number")),
    "statements": (("witness_key", "number"),),
    "statement_versions": (("statement_uid", "version"),),
    "generated_documents": (("kind", "version", "format"),),
    "notices": (("number",),),
    "bundle_versions": (("hearing", "version"),),
}


def check_v2(fail: Fail, doc: dict[str, Any]) -> None:
    """The version 2 rules that span records (run once every record is valid on its own)."""
    for section, keysets in UNIQUE.items():
        for keys in keysets:
            seen: dict[tuple[Any, ...], int] = {}
            for i, row in enumerate(doc[section]):
                value = tuple(row.get(k) for k in keys)
                if value in seen:
                    fail(f"{section}[{i}].{keys[-1]}", f"{' and '.join(keys)} repeat those of {section}[{seen[value]}]; "
                         "each must be different")
                seen.setdefault(value, i)
    for i, st in enumerate(doc["statements"]):
        allowed = {f"person:{st['person_uid']}" if st.get("person_uid") else "",
                   f"user:{st['user']}" if st.get("user") else ""} - {""}
        if st["witness_key"] not in allowed:
            fail(f"statements[{i}].witness_key", "must be 'person:' and the statement's person_uid, or 'user:' and "
                 f"its user (one of: {', '.join(sorted(allowed)) or 'none, as both are null'})")
    documents = {d["sha256"] for d in doc["generated_documents"]}
    items = {e["uid"] for e in doc["evidence_items"]}
    for i, v in enumerate(doc["statement_versions"]):
        if v.get("pdf_sha256") and v["pdf_sha256"] not in documents:
            fail(f"statement_versions[{i}].pdf_sha256", "is not the SHA-256 of any of generated_documents in this "
                 "file (the signed PDF must be listed there)")
        if v.get("wet_scan_evidence_uid") and v["wet_scan_evidence_uid"] not in items:
            fail(f"statement_versions[{i}].wet_scan_evidence_uid", "is not in evidence_items in this file")


@dataclass(frozen=True)
class FileRef:
    """A stored file the case refers to. ``place`` is None for the evidence store, else a path under
    the data folder (with '/' separators)."""

    sha256: str
    field: str  # the field that names it, e.g. "evidence_items[0].sha256"
    name: str  # what it is, for messages
    place: str | None


def document_path(reference: str, kind: str, version: int, fmt: str) -> str:
    return f"documents/{reference}/{kind}-{version}.{fmt}"


def notice_folder(reference: str, number: int, notice_type: str) -> str:
    return str(PurePath("court", reference, "notices", f"{number:02d}-{notice_type}"))


def bundle_file_path(reference: str, sha256: str) -> str:
    return str(PurePath("court", reference, "files", f"{sha256}.pdf"))


def bundle_version_path(reference: str, hearing: str, version: int, sha256: str) -> str:
    return str(PurePath("court", reference, "bundles", f"{hearing}-v{version}-{sha256[:12]}.pdf"))


def file_references(doc: dict[str, Any], reference: str) -> list[FileRef]:
    """Every stored file of a checked document, in document order, placed for case ``reference``."""
    out = [FileRef(e["sha256"], f"evidence_items[{i}].sha256", e["original_name"], None)
           for i, e in enumerate(doc["evidence_items"])]
    out += [FileRef(d["sha256"], f"generated_documents[{i}].sha256", d["title"],
                    document_path(reference, d["kind"], d.get("version", 1), d["format"]))
            for i, d in enumerate(doc["generated_documents"])]
    for i, n in enumerate(doc["notices"]):
        folder = notice_folder(reference, n["number"], n["notice_type"])
        out += [FileRef(f["sha256"], f"notices[{i}].files[{j}].sha256", f"{f['title']}: {n['title']}",
                        PurePath(folder, f["file"]).as_posix()) for j, f in enumerate(n.get("files", []))]
    out += [FileRef(b["sha256"], f"bundle_files[{i}].sha256", b["title"], PurePath(bundle_file_path(
        reference, b["sha256"])).as_posix()) for i, b in enumerate(doc["bundle_files"])]
    out += [FileRef(b["sha256"], f"bundle_versions[{i}].sha256", f"bundle ({b['hearing']}) version {b['version']}",
                    PurePath(bundle_version_path(reference, b["hearing"], b["version"], b["sha256"])).as_posix())
            for i, b in enumerate(doc["bundle_versions"])]
    return out

"""Court bundles for a case: gather the documents, preflight, build or append, check for withheld
identities, and keep every issued version with its SHA-256.

Documents come from the case itself (notice packs, the chronology), from the evidence store
(exhibits, diary entries, recordings) and the statements when those services are present, and
from external files the officer adds (claim form, orders), Word files converted by LibreOffice.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ...court import preflight as pre
from ...court.bundle import (
    CHRONOLOGY,
    BuildReport,
    BundleError,
    BundleSection,
    Progress,
    append_to_bundle,
    build_bundle,
    recompress_images,
    row_id,
)
from ...court.media import sha256_of as sha256_file
from ...court.sections import HEARINGS, load_layout
from ...court.withheld import hit_phrases, search_pdf
from ...domain.bundle_checks import check_bundle
from ...domain.identity_rules import withheld_identity_check
from ...domain.publicity import restriction_banner
from ...storage.layout import cache_dir
from ...storage.orm_court import BundleFile, BundleVersion
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.court_facts import case_folder, withheld_people
from ..kernel.errors import ASBError, NotFound, RuleBlocked, ValidationError
from ..kernel.export_gate import export_check as publicity_export_check
from ..kernel.export_gate import reporting_restrictions
from ..kernel.file_stores import generated_file, keep_generated
from .bundle_sources import bundle_facts, gather_documents

WORD = {".doc", ".docx", ".odt", ".rtf"}


@dataclass(frozen=True)
class BundleFileInfo:
    uid: str
    title: str
    section: str
    pages: int
    sha256: str


@dataclass(frozen=True, slots=True)
class IssuedBundle:
    """One issued version of a case's bundle (``BundleService.versions``): the stored PDF and its hash."""
    hearing: str
    version: int
    pages: int
    sha256: str
    path: Path
    issued_at: datetime


@dataclass
class BundleBuild:
    version: int
    hearing: str
    path: Path
    stored_path: Path
    sha256: str
    pages: int
    entries: list[dict[str, Any]]
    sections: list[tuple[str, int, int]]
    ocr_pages: list[int] = field(default_factory=list)
    untexted_pages: list[int] = field(default_factory=list)
    downsampled: int = 0
    warnings: list[str] = field(default_factory=list)
    parts: list[Path] = field(default_factory=list)
    appended: bool = False
    recompressed: int = 0  # images recompressed on request (``build(recompress=...)``)


def to_pdf(src: Path, work: Path) -> Path:
    """A PDF of ``src``: PDFs as they are, Word and OpenDocument files through LibreOffice."""
    suffix = src.suffix.lower()
    if suffix == ".pdf":
        return src
    if suffix not in WORD:
        raise ValidationError(str(src), "is not a PDF or a Word/OpenDocument file (.pdf, .docx, .doc, .odt, .rtf)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ValidationError(str(src), "is a Word file, and LibreOffice is not installed to convert it: save it "
                              "as PDF and add the PDF")
    profile = work / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(work), str(src)], capture_output=True, text=True, timeout=300)
    out = work / (src.stem + ".pdf")
    if done.returncode != 0 or not out.is_file():
        raise ValidationError(str(src), f"could not be converted to PDF by LibreOffice ({done.stderr.strip()[:200]})")
    return out


def _stops_first(issues: list[pre.Issue]) -> list[pre.Issue]:
    return [i for i in issues if i.severity == "stop"] + [i for i in issues if i.severity != "stop"]


class BundleService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, reference: str, files: list[Path], section: str = "", title: str = "",
            doc_date: date | None = None) -> list[BundleFileInfo]:
        """Store external documents (claim form, orders ...) for the case's bundles. All or nothing."""
        from pikepdf import PasswordError, Pdf, PdfError

        if not files:
            raise ValidationError("files", "give at least one file to add")
        staged: list[tuple[Path, Path, str, int]] = []
        with tempfile.TemporaryDirectory() as tmp:
            for src in files:
                src = Path(src)
                if not src.is_file():
                    raise ValidationError(str(src), "no such file")
                pdf_path = to_pdf(src, Path(tmp))
                try:
                    with Pdf.open(pdf_path) as pdf:
                        pages = len(pdf.pages)
                except PasswordError:
                    raise ValidationError(str(src), "is password-protected: ask for an unprotected copy") from None
                except PdfError as exc:
                    raise ValidationError(str(src), f"is not a readable PDF ({exc})") from None
                if pages == 0:
                    raise ValidationError(str(src), "has no pages")
                staged.append((src, pdf_path, sha256_file(pdf_path), pages))
            with self.ctx.session() as s:
                case = open_case(self.ctx, s, reference, edit=True)
                folder = case_folder(self.ctx, case.reference, "files")
                out = []
                for src, pdf_path, sha, pages in staged:
                    target = folder / f"{sha}.pdf"
                    if not target.exists():
                        shutil.copyfile(pdf_path, target)
                    keep_generated(self.ctx, target, sha)
                    row = BundleFile(case_id=case.id, title=title if title and len(staged) == 1 else src.stem,
                                     section=section.strip(), original_name=src.name,
                                     stored_path=str(target.relative_to(self.ctx.data_dir)), sha256=sha, pages=pages,
                                     doc_date=doc_date, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
                    s.add(row)
                    s.flush()
                    changed(self.ctx, s, case, f"Added {src.name} to the bundle documents", "bundle_file", row.id)
                    out.append(BundleFileInfo(row.uid, row.title, row.section, pages, sha))
                return out

    def layout(self, reference: str, hearing: str, work: Path) -> tuple[str, list[BundleSection], Any, list[str]]:
        """The default sections with the case's documents in them, the chronology rows, and notes on
        anything left out (e.g. the statement of a withheld witness)."""
        return self._layout(reference, hearing, work)[:4]  # type: ignore[return-value]

    def _layout(self, reference: str, hearing: str, work: Path,
                ) -> tuple[str, list[BundleSection], Any, list[str], dict[str, str]]:
        """``layout`` and each exhibit file's SHA-256 as it is now (item uid -> hash)."""
        if hearing not in HEARINGS:
            raise ValidationError("hearing", f"'{hearing}' is not one of: {', '.join(HEARINGS)}")
        rules = load_layout(hearing)
        hashes: dict[str, str] = {}
        docs, rows, notes = gather_documents(self.ctx, reference, work, hashes)
        sections = [BundleSection(r.title) for r in rules.sections]
        by_title = {s.title: s for s in sections}
        for doc, wanted_section in docs:
            target = by_title.get(wanted_section) if wanted_section else None
            (target or by_title[rules.section_for(doc.kind)]).documents.append(doc)
        return rules.title, [s for s in sections if s.documents], rows, notes, hashes

    def hearing_checks(self, reference: str, hearing: str, sections: list[BundleSection],
                       hashes: dict[str, str] | None = None) -> list[pre.Issue]:
        """What this hearing's bundle needs and lacks, unexhibited evidence, and any exhibit changed since
        intake (a stop): the rule is ``domain.bundle_checks.check_bundle``; this gathers its facts."""
        facts = bundle_facts(self.ctx, reference, hearing, [d for s in sections for d in s.documents], hashes or {})
        return check_bundle(facts)

    def preflight(self, reference: str, hearing: str, sections: list[BundleSection] | None = None,
                  email_limit: int | None = None, split: bool = False,
                  recompress: int | None = None) -> list[pre.Issue]:
        """Problems with the default layout, or with ``sections`` (the app's edited order) when given.
        ``email_limit``: bytes; by default the organisation's court e-mail limit setting."""
        email_limit = self.email_limit(email_limit)
        if hearing not in HEARINGS:
            raise ValidationError("hearing", f"'{hearing}' is not one of: {', '.join(HEARINGS)}")
        if sections is not None:
            with self.ctx.session() as s:
                open_case(self.ctx, s, reference, edit=True)
            return _stops_first(self.hearing_checks(reference, hearing, sections)
                                + pre.preflight([d for s in sections for d in s.documents], email_limit, split,
                                                recompress))
        with tempfile.TemporaryDirectory() as tmp:
            _, sections, _, notes, hashes = self._layout(reference, hearing, Path(tmp))
            issues = self.hearing_checks(reference, hearing, sections, hashes) \
                + pre.preflight([d for s in sections for d in s.documents], email_limit, split, recompress)
        return _stops_first(issues) + [pre.Issue("warn", "the bundle", n) for n in notes]

    def email_limit(self, given: int | None = None) -> int:
        """The court's e-mail limit in bytes: ``given``, else the organisation setting (default 36 MB)."""
        if given is not None:
            return given
        from ..kernel.org_settings import OrgSettingsService

        try:
            mb = float(OrgSettingsService(self.ctx).get().court_email_limit_mb)
        except ValueError:
            return pre.EMAIL_LIMIT
        return int(mb * 1024 * 1024) if mb > 0 else pre.EMAIL_LIMIT

    @property
    def ocr_cache(self) -> Path:
        """Where OCR'd pages are kept between builds (in the data folder, so a rebuild OCRs nothing)."""
        return cache_dir(self.ctx.data_dir, "ocr")

    def versions(self, reference: str, hearing: str | None = None) -> list[IssuedBundle]:
        """The issued versions of the case's bundle (for one hearing, if named), by hearing then version."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            stmt = select(BundleVersion).where(BundleVersion.case_id == case.id)
            if hearing:
                stmt = stmt.where(BundleVersion.hearing == hearing)
            return [IssuedBundle(v.hearing, v.version, v.pages, v.sha256, self.ctx.data_dir / v.stored_path,
                                 v.created_at) for v in s.scalars(stmt.order_by(BundleVersion.hearing, BundleVersion.version))]

    def build(self, reference: str, hearing: str, out: Path, *, fresh: bool = False, split: bool = False,
              index_json: Path | None = None, sections: list[BundleSection] | None = None,
              ocr: bool = True, email_limit: int | None = None, progress: Progress | None = None,
              recompress: int | None = None) -> BundleBuild:
        """Build (or, when a version exists, append the new documents to) the bundle; stop on any
        withheld identity in the result. ``sections`` replaces the default layout (the app's reordering);
        ``progress`` hears of each document opened and may raise to cancel (nothing is then issued).
        ``recompress``: a JPEG quality; every image is re-encoded at it, at no more than 150 dpi, to make
        the bundle smaller (the officer's choice when it is over the court's e-mail limit)."""
        out = Path(out)
        email_limit = self.email_limit(email_limit)
        if recompress is not None and (problem := pre.recompress_problem(recompress)):
            raise ValidationError("--recompress", problem)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            title, default_sections, rows, notes, hashes = self._layout(reference, hearing, work)
            sections = sections if sections is not None else default_sections
            docs = [d for s in sections for d in s.documents]
            checks = self.hearing_checks(reference, hearing, sections, hashes)
            changed = next((i for i in checks if i.severity == "stop" and i.document.startswith("Exhibit ")), None)
            if changed is not None:  # named plainly, as bad input is (exit 2)
                raise ValidationError(changed.document, changed.problem)
            issues = _stops_first(checks + pre.preflight(docs, email_limit, split, recompress))
            stops = [str(i) for i in issues if i.severity == "stop"]
            if stops:
                raise RuleBlocked(["The bundle was not built:"] + stops)
            with self.ctx.session() as s:
                case = open_case(self.ctx, s, reference, edit=True)
                people = withheld_people(case)
                prior = s.scalar(select(BundleVersion).where(BundleVersion.case_id == case.id,
                                                             BundleVersion.hearing == hearing)
                                 .order_by(BundleVersion.version.desc()).limit(1))
                prior_info = None if prior is None else (
                    prior.version, generated_file(self.ctx, prior.stored_path, prior.sha256), list(prior.entries))
                full_title = f"{title}: case {case.reference}"
                banner = restriction_banner(reporting_restrictions(s, case))  # procedure 17
            version = prior_info[0] + 1 if prior_info else 1
            built = work / "bundle.pdf"
            try:
                if prior_info is None or fresh:
                    report = build_bundle(full_title, sections, built, work / "build", chronology=rows, ocr=ocr,
                                          progress=progress, ocr_cache=self.ocr_cache)
                    entries = [asdict(e) for e in report.entries]
                else:
                    seen = {e["key"] for e in prior_info[2]}
                    additions = [d for d in docs if d.key not in seen and d.kind != CHRONOLOGY]
                    seen_rows = {r for e in prior_info[2] for r in e.get("rows", ())}
                    new_rows = [r for r in rows if row_id(r) not in seen_rows] \
                        if any(d.kind == CHRONOLOGY for d in docs) else []
                    if not additions and not new_rows:
                        raise RuleBlocked([f"Version {prior_info[0]} of this bundle already holds every document "
                                           "and chronology entry. Add documents first, or build a new bundle with "
                                           "--fresh."])
                    known = {e["key"]: e.get("evidence_page") or e["first_page"] for e in prior_info[2]}
                    report = append_to_bundle(prior_info[1], full_title, additions, built, work / "build", version,
                                              chronology=new_rows, known_pages=known, ocr=ocr, progress=progress,
                                              ocr_cache=self.ocr_cache)
                    entries = prior_info[2] + [asdict(e) for e in report.entries]
            except BundleError as exc:
                raise RuleBlocked([str(exc)]) from None
            recompressed = recompress_images(built, recompress, pre.RECOMPRESS_DPI) if recompress is not None else 0
            hits = search_pdf(built, people)
            where = {p: e["title"] for e in entries for p in range(e["first_page"], e["last_page"] + 1)}
            check = withheld_identity_check("The export was stopped: the bundle contains ", hit_phrases(hits, where),
                                            ". Remove that document or produce a version without the identity, "
                                            "then build the bundle again.")
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            result = self._issue(reference, hearing, version, built, out, report, entries,
                                 fresh or prior_info is None, issues, notes, split, email_limit, index_json)
            if recompress is not None:
                result.recompressed = recompressed
                result.warnings.append(f"{recompressed} image{'s' if recompressed != 1 else ''} recompressed as JPEG "
                                       f"at quality {recompress} and no more than {pre.RECOMPRESS_DPI} dpi, as "
                                       f"asked: the bundle is {result.stored_path.stat().st_size / 1048576:.1f} MB.")
            if banner:  # first, so it is the line nobody misses
                result.warnings.insert(0, banner)
            return result

    def _issue(self, reference: str, hearing: str, version: int, built: Path, out: Path, report: BuildReport,
               entries: list[dict[str, Any]], whole: bool, issues: list[pre.Issue], notes: list[str], split: bool,
               email_limit: int, index_json: Path | None) -> BundleBuild:
        sha = sha256_file(built)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            stored = case_folder(self.ctx, case.reference, "bundles") / f"{hearing}-v{version}-{sha[:12]}.pdf"
            kept = stored.with_name(stored.name + ".partial")  # renamed when whole: a kill never leaves half a bundle
            shutil.copyfile(built, kept)
            os.replace(kept, stored)
            keep_generated(self.ctx, stored, sha)
            untexted = report.untexted_pages
            if not whole:
                previous = s.scalar(select(BundleVersion.untexted_pages).where(
                    BundleVersion.case_id == case.id, BundleVersion.hearing == hearing,
                    BundleVersion.version == version - 1))
                untexted = list(previous or []) + untexted
            row = BundleVersion(case_id=case.id, hearing=hearing, version=version,
                                stored_path=str(stored.relative_to(self.ctx.data_dir)), sha256=sha,
                                pages=report.pages, size_bytes=stored.stat().st_size, entries=entries,
                                untexted_pages=untexted, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"Court bundle ({hearing}) version {version} issued: {report.pages} pages",
                       "bundle", row.id)
            self.ctx.audit(s, "export", "bundle", row.id, case.reference, f"Bundle version {version} written to {out}",
                           sha256=sha)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        shutil.copyfile(stored, partial)
        os.replace(partial, out)
        warnings = [str(i) for i in issues] + notes
        if untexted:
            warnings.append(f"Pages still without text after OCR: {', '.join(map(str, untexted))}. Check them and "
                            "replace with a better copy if they hold words.")
        result = BundleBuild(version, hearing, out, stored, sha, report.pages, entries, report.sections,
                             report.ocr_pages, untexted, report.downsampled, warnings, appended=not whole)
        if split and stored.stat().st_size > email_limit:
            result.parts = pre.split_pdf(out, [e["first_page"] for e in entries], email_limit, out.parent,
                                         [(e["number"], e["title"], e["first_page"], e["last_page"]) for e in entries],
                                         f"{reference} {hearing} bundle, version {version}")
        if index_json is not None:
            index_json.write_text(json.dumps({"case": reference, "hearing": hearing, "version": version,
                                              "sha256": sha, "pages": report.pages, "documents": entries,
                                              "untexted_pages": untexted}, indent=2, ensure_ascii=False),
                                  encoding="utf-8")
        return result

    def export_media(self, reference: str, dest: Path) -> Path:
        """The disc / memory-stick folder: every audio and video exhibit with a manifest of hashes.

        Procedure 17: like the case-file export, refused while court reporting restrictions stand unless a
        manager recorded an override (``services.publicity.export_check``, the refusal audited); an allowed
        export carries the REPORTING RESTRICTIONS line first in both manifests and in its audit entry."""
        from .bundle_sources import media_exhibits

        with self.ctx.session() as s:
            banner = publicity_export_check(s, open_case(self.ctx, s, reference, edit=True), self.ctx.actor)
        items = media_exhibits(self.ctx, reference)
        if not items:
            raise NotFound(f"Case {reference} has no audio or video exhibits to export.")
        from ...court.media import MediaError, export_media

        try:
            manifest = export_media(items, Path(dest), reference, banner)
        except MediaError as exc:
            raise ValidationError(f"Exhibit {exc.mark}", exc.problem) from None
        except OSError as exc:
            raise ASBError(f"The media could not be written to {dest} ({exc.strerror}); nothing was exported.") \
                from None
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            self.ctx.audit(s, "export", "media", case.id, case.reference, f"Media exhibits exported to {dest}"
                           + (f" - {banner}" if banner else ""), marks=[i.mark for i in items])
        return manifest

"""Where a bundle's documents come from: notice packs, external files, statements, exhibits (with
front sheets for audio and video), the documents area's generated letters and assessments
(Appendix 1 and 2), and the chronology rows (incidents, diary entries, recordings).

Each document gets a stable ``key`` so a later build can tell which documents are new and append
only those. Statements of withheld witnesses are left out (and said so): their names would stop
the export anyway.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..court.bundle import CHRONOLOGY, BundleDocument, ChronologyRow
from ..court.media import MediaExhibit, front_sheet
from ..court.render import write_document
from ..court.withheld import WithheldPerson, redact
from ..storage.orm import User
from ..storage.orm_court import BundleFile, Notice
from ..storage.orm_documents import GeneratedDocument
from .context import Context
from .court import incidents_of, withheld_people
from .errors import ValidationError

if TYPE_CHECKING:
    from .evidence import EvidenceService

NOTICE_KINDS = {"Notice": "notice", "Schedule of incidents": "notice", "Certificate of service": "notice",
                "Covering letter": "letter", "Appendix 2 summary": "assessment"}
MEDIA_KINDS = {"noise": "audio", "video": "video"}

Placed = tuple[BundleDocument, str]  # the document and the section it was added to ("" = by kind)


def _case_data(ctx: Context, reference: str) -> tuple[list[Placed], list[ChronologyRow], list[WithheldPerson]]:
    from .queries import QueryService

    docs: list[Placed] = [(BundleDocument("Chronology (schedule of incidents)", None, kind=CHRONOLOGY,
                                          key=CHRONOLOGY), "")]
    rows: list[ChronologyRow] = []
    with ctx.session() as s:
        case = QueryService(ctx).viewable(s, reference)
        people = withheld_people(case)
        notices = list(s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.number)))
        schedule_key = ""
        for n in notices:
            for f in n.files:
                key = f"notice:{n.number}:{f['file']}"
                if f["title"] == "Schedule of incidents" and not schedule_key:
                    schedule_key = key
                title = f"{f['title']}: {n.title}" if f["title"] != "Notice" else f"{n.title} (notice {n.number})"
                docs.append((BundleDocument(title, ctx.data_dir / n.folder / f["file"], f"{n.created_at:%d/%m/%Y}",
                                            key, NOTICE_KINDS.get(f["title"], "notice")), ""))
        for b in s.scalars(select(BundleFile).where(BundleFile.case_id == case.id).order_by(BundleFile.id)):
            docs.append((BundleDocument(b.title, ctx.data_dir / b.stored_path,
                                        f"{b.doc_date:%d/%m/%Y}" if b.doc_date else "", f"file:{b.uid}",
                                        "external"), b.section))
        for i in incidents_of(s, case, people):
            rows.append(ChronologyRow(i.started_at, "Incident report", i.description or "Incident", schedule_key,
                                      i.ended_at))
        s.expire_all()
        ctx.audit(s, "view", "bundle", case.id, case.reference, "Gathered the documents for a court bundle")
    return docs, rows, people


def _evidence(ctx: Context, reference: str, work: Path,
              people: list[WithheldPerson]) -> tuple[list[Placed], list[ChronologyRow]]:
    try:
        from .evidence import EvidenceService
    except ImportError:  # the evidence store is not part of this build
        return [], []
    svc = EvidenceService(ctx)
    docs: list[Placed] = []
    rows: list[ChronologyRow] = []
    items = {i.uid: i for i in svc.list_items(reference)}
    media = {m.mark: m for m in media_exhibits(ctx, reference)}
    for x in svc.exhibits(reference):
        key = f"evidence:{x.evidence_id}"
        when = f"{x.made_at:%d/%m/%Y}" if x.made_at else ""
        title = f"Exhibit {x.mark}: {x.description}"
        if x.mark in media:
            _check_hash(x.mark, media[x.mark].path, media[x.mark].sha256)
            path = front_sheet(media[x.mark], work / f"front-{x.mark}.pdf", reference)
            docs.append((BundleDocument(title + " (front sheet; the recording is on the disc)", path, when, key,
                                        "media", x.mark), ""))
        elif x.original_name.lower().endswith(".pdf"):
            stored = _checked_file(svc, items, x.evidence_id, x.mark)
            docs.append((BundleDocument(title, stored, when, key, "exhibit", x.mark), ""))
        elif x.kind == "photo":
            stored = _checked_file(svc, items, x.evidence_id, x.mark)
            docs.append((BundleDocument(title, _photo_page(stored, work / f"photo-{x.mark}.pdf", title), when, key,
                                        "exhibit", x.mark), ""))
        else:
            sheet = write_document(work / f"sheet-{x.mark}.pdf", title, [], footer=reference)
            docs.append((BundleDocument(title + " (supplied separately)", sheet, when, key, "exhibit", x.mark), ""))
    for uid, item in items.items():
        if item.kind in MEDIA_KINDS and item.made_at:
            label, said = "Noise recording" if item.kind == "noise" else "Video", item.description or item.original_name
            what = said[:1].upper() + said[1:] if label.casefold() in said.casefold() else f"{label}: {said}"
            rows.append(ChronologyRow(item.made_at, "Recording", what, f"evidence:{uid}"))
    for d in svc.diary_entries(reference):
        text = redact(d.what_happened, people)
        key = f"evidence:{d.evidence_id}" if d.evidence_id else f"{DIARY_OF}{d.person_name}"
        rows.append(ChronologyRow(d.started_at, "Diary entry", text, key, d.ended_at))
    return docs, rows


def _check_hash(mark: str, path: Path, sha256: str) -> None:
    """Refuse an exhibit whose stored file no longer matches the SHA-256 recorded at intake."""
    from ..court.media import sha256_of

    got = sha256_of(path)
    if got != sha256:
        raise ValidationError(f"Exhibit {mark}", f"its stored file no longer matches the SHA-256 recorded at "
                              f"intake ({sha256}; it now hashes to {got}). It may have been changed or damaged, "
                              "so it was not put in the bundle. Run 'asb evidence verify' and restore it from "
                              "a backup.")


def _checked_file(svc: EvidenceService, items: dict[str, Any], uid: str, mark: str) -> Path:
    path = svc.open_file(uid, "Included in a court bundle")
    _check_hash(mark, path, items[uid].sha256 if uid in items else svc.item(uid).sha256)
    return path


def _photo_page(src: Path, dest: Path, title: str) -> Path:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from ..court.render import A4_H, A4_W, MARGIN, fonts

    c = Canvas(str(dest), pagesize=(A4_W, A4_H))
    c.setFont(fonts()[1], 12)
    c.drawString(MARGIN, A4_H - MARGIN, title[:90])
    img = ImageReader(str(src))
    w, h = img.getSize()
    scale = min((A4_W - 2 * MARGIN) / w, (A4_H - 3 * MARGIN) / h)
    c.drawImage(img, MARGIN, A4_H - 1.5 * MARGIN - h * scale, w * scale, h * scale)
    c.showPage()
    c.save()
    return dest


def _statements(ctx: Context, reference: str, work: Path,
                people: list[WithheldPerson]) -> tuple[list[Placed], list[str], dict[str, str]]:
    """The final and signed statements, a statement made in the witness's own language as its English
    translation followed by the original; also each witness's latest one (name -> document key)."""
    try:
        from .statement_signing import StatementService
    except ImportError:  # statements are not part of this build
        return [], [], {}
    svc = StatementService(ctx)
    docs: list[Placed] = []
    notes: list[str] = []
    latest: dict[str, str] = {}
    folded = {n.casefold() for p in people for n in p.names}
    for st in svc.list(reference):
        if st.status not in ("final", "signed"):
            continue
        if st.witness.casefold() in folded or any(n in st.witness.casefold() for n in folded if len(n) > 3):
            notes.append(f"Statement {st.number} was left out: its witness is withheld.")
            continue
        path = work / f"statement-{st.uid}-v{st.version}.pdf"  # several witnesses each have a 1st statement
        try:
            path.write_bytes(svc.render(reference, st.number, "pdf", witness=st.witness_ref))
        except ValidationError as exc:  # a statement in another language not yet fully translated
            notes.append(f"Statement {st.number} of {st.witness} was left out: {exc.problem}.")
            continue
        made = f"{date.fromisoformat(st.made_date):%d/%m/%Y}" if st.made_date else ""
        title = f"Witness statement of {st.witness} ({st.number})"
        docs.append((BundleDocument(title + (": English translation" if st.language else ""), path, made,
                                    f"statement:{st.uid}:{st.version}", "statement", signed=st.status == "signed",
                                    refers_to=tuple(st.marks)), ""))
        latest[st.witness] = docs[-1][0].key
        if st.language:  # PD 32 23.2: the foreign-language original is filed with its translation
            original = work / f"statement-{st.uid}-v{st.version}-original.pdf"
            original.write_bytes(svc.render(reference, st.number, "pdf", witness=st.witness_ref, part="original"))
            docs.append((BundleDocument(f"Witness statement of {st.witness} ({st.number}): original in {st.language}",
                                        original, made, f"statement-original:{st.uid}:{st.version}", "statement",
                                        signed=st.status == "signed"), ""))
    return docs, notes, latest


DIARY_OF = "diary-of:"  # a diary row's key until it is matched to its writer's statement
GENERATED_KINDS = {"risk_assessment": "assessment", "peia": "assessment"}  # letter_* are letters


def _generated(ctx: Context, reference: str) -> tuple[list[Placed], list[str]]:
    """Letters and assessments from the documents area, as stored (PDF). Assessments: the latest
    version only; letters: every one sent. Signed statements come through ``_statements``; a letter
    to a withheld or anonymous person is left out (its address would stop the export)."""
    from .documents import DocumentService
    from .queries import QueryService

    infos = DocumentService(ctx).generated(reference)
    with ctx.session() as s:
        case = QueryService(ctx).viewable(s, reference)
        hidden = {p.person_id for p in case.parties if p.person_id is not None and (p.anonymous or p.withheld)}
        to_hidden = set(s.scalars(select(GeneratedDocument.uid).where(
            GeneratedDocument.case_id == case.id, GeneratedDocument.recipient_person_id.in_(hidden)))) \
            if hidden else set()
    docs: list[Placed] = []
    notes: list[str] = []
    latest: dict[str, Placed] = {}
    pdf_kinds = {i.kind for i in infos if i.format == "pdf"}
    for info in infos:
        kind = GENERATED_KINDS.get(info.kind) or ("letter" if info.kind.startswith("letter_") else "")
        if not kind:
            continue
        if info.format != "pdf":
            if info.kind not in pdf_kinds:
                notes.append(f"{info.title} was generated as a Word file only: generate it as PDF to include it.")
                pdf_kinds.add(info.kind)
            continue
        if info.uid in to_hidden:
            notes.append(f"{info.title} of {info.created_at:%d/%m/%Y} was left out: it is addressed to a withheld "
                         "person.")
            continue
        doc = BundleDocument(info.title, info.path, f"{info.created_at:%d/%m/%Y}", f"document:{info.uid}", kind)
        if kind == "assessment":
            latest[info.kind] = (doc, "")
        else:
            docs.append((doc, ""))
    return list(latest.values()) + docs, notes


def gather_documents(ctx: Context, reference: str, work: Path) -> tuple[list[Placed], list[ChronologyRow], list[str]]:
    docs, rows, people = _case_data(ctx, reference)
    statements, notes, latest = _statements(ctx, reference, work, people)
    evidence, more_rows = _evidence(ctx, reference, work, people)
    generated, more_notes = _generated(ctx, reference)
    return docs + statements + evidence + generated, rows + _to_statements(more_rows, latest), notes + more_notes


def _to_statements(rows: list[ChronologyRow], latest: dict[str, str]) -> list[ChronologyRow]:
    """A diary entry keyed in without a scanned sheet points at its writer's latest statement, which
    covers it (none in the bundle: no page)."""
    return [replace(r, key=latest.get(r.key.removeprefix(DIARY_OF), "")) if r.key.startswith(DIARY_OF) else r
            for r in rows]


def media_exhibits(ctx: Context, reference: str) -> list[MediaExhibit]:
    """Audio and video exhibits with what their front sheets and the disc manifest need."""
    try:
        from .evidence import EvidenceService
    except ImportError:
        return []
    svc = EvidenceService(ctx)
    items = {i.uid: i for i in svc.list_items(reference)}
    with ctx.session() as s:
        users = {u.full_name for u in s.scalars(select(User))}
    out = []
    for x in svc.exhibits(reference):
        item = items.get(x.evidence_id)
        if item is None or item.kind not in MEDIA_KINDS:
            continue
        by = item.added_by if item.source == "officer" and item.added_by in users else item.source.replace("_", " ")
        path = svc.open_file(item.uid, "Prepared for the court (front sheet and disc)")
        out.append(MediaExhibit(x.mark, x.description, MEDIA_KINDS[item.kind], path,
                                item.sha256, item.made_at, by, item.meta.get("duration_s"), item.figures,
                                "" if x.withheld else x.person_name, original_name=item.original_name))
    return out

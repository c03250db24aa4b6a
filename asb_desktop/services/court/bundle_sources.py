"""Where a bundle's documents come from: notice packs, external files, statements, exhibits (with
front sheets for audio and video), the documents area's generated letters and assessments
(Appendix 1 and 2), and the chronology rows (incidents, diary entries, recordings).

Each document gets a stable ``key`` so a later build can tell which documents are new and append
only those. Statements of withheld witnesses are left out (and said so): their names would stop
the export anyway.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from ...court.bundle import ANY, CHRONOLOGY, BundleDocument, ChronologyRow
from ...court.exhibits import (
    NO_STATEMENT,
    WITHHELD_WITNESS,
    ExhibitSheet,
    exhibit_front_sheet,
    with_front_sheet,
)
from ...court.media import MediaExhibit, front_sheet, sha256_of
from ...court.notice_types import load_notice_types
from ...court.withheld import WithheldPerson, pdf_pages_text, redact
from ...documents.wording import fmt_date, fmt_time
from ...domain.bundle_checks import (
    CLAIM_FORM,
    ORDER,
    BundleFacts,
    DocumentFact,
    EvidenceFact,
    NoticeFact,
    under_18_on,
)
from ...domain.enums import PartyRole
from ...domain.identity_rules import identity_withheld
from ...domain.notice_rules import made_notice_defects
from ...storage.orm import User
from ...storage.orm_court import BundleFile, Notice
from ...storage.orm_documents import GeneratedDocument
from ..kernel.case_documents import generated_documents
from ..kernel.case_evidence import case_exhibits, case_items, open_file
from ..kernel.case_file import open_case
from ..kernel.case_reads import diary_entries
from ..kernel.context import Context
from ..kernel.court_facts import incidents_of, withheld_people
from ..kernel.errors import ValidationError
from ..kernel.file_stores import evidence_store, generated_file
from ..kernel.statement_reads import case_statements, render_latest

NOTICE_KINDS = {"Notice": "notice", "Schedule of incidents": "notice", "Certificate of service": "notice",
                "Covering letter": "letter", "Appendix 2 summary": "assessment"}
MEDIA_KINDS = {"noise": "audio", "video": "video"}
EXHIBIT_KINDS = {"photo": "Photograph", "document": "Document", "diary": "Diary sheet", "other": "Other item"}
WITHHELD_STATEMENT = "The statement of a witness whose identity is withheld"

def as_statement_says(when: datetime) -> str:
    """A moment as a statement words it ("20 November 2026 at 22:05"): the anchor that finds the paragraph."""
    return f"{fmt_date(when)} at {fmt_time(when)}"


Placed = tuple[BundleDocument, str]  # the document and the section it was added to ("" = by kind)


def _case_data(ctx: Context, reference: str) -> tuple[list[Placed], list[ChronologyRow], list[WithheldPerson]]:

    docs: list[Placed] = [(BundleDocument("Chronology (schedule of incidents)", None, kind=CHRONOLOGY,
                                          key=CHRONOLOGY), "")]
    rows: list[ChronologyRow] = []
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        people = withheld_people(case)
        notices = list(s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.number)))
        for n in notices:
            for f in n.files:
                key = f"notice:{n.number}:{f['file']}"
                title = f"{f['title']}: {n.title}" if f["title"] != "Notice" else f"{n.title} (notice {n.number})"
                docs.append((BundleDocument(title, generated_file(ctx, Path(n.folder) / f["file"], f["sha256"]), f"{n.created_at:%d/%m/%Y}",
                                            key, NOTICE_KINDS.get(f["title"], "notice")), ""))
        for b in s.scalars(select(BundleFile).where(BundleFile.case_id == case.id).order_by(BundleFile.id)):
            docs.append((BundleDocument(b.title, generated_file(ctx, b.stored_path, b.sha256),
                                        f"{b.doc_date:%d/%m/%Y}" if b.doc_date else "", f"file:{b.uid}",
                                        "external"), b.section))
        for i in incidents_of(s, case, people):  # evidenced by the statement paragraph telling of it
            rows.append(ChronologyRow(i.started_at, "Incident report", i.description or "Incident",
                                      f"{ANY}statement", i.ended_at, anchor=as_statement_says(i.started_at)))
        s.expire_all()
        ctx.audit(s, "view", "bundle", case.id, case.reference, "Gathered the documents for a court bundle")
    return docs, rows, people


def _evidence(ctx: Context, reference: str, work: Path, people: list[WithheldPerson], hashes: dict[str, str],
              statements: dict[str, str]) -> tuple[list[Placed], list[ChronologyRow]]:
    """The exhibits, each opening on its front sheet (mark, witness, the statement that refers to it:
    ``statements``, mark -> title, and SHA-256), each file hashed again into ``hashes`` (item uid -> SHA-256
    now: the bundle check stops the build on one that changed, see domain/bundle_checks.py); and the
    recording and diary rows of the chronology."""
    docs: list[Placed] = []
    rows: list[ChronologyRow] = []
    items = {i.uid: i for i in case_items(ctx, reference)}
    media = {m.mark: m for m in media_exhibits(ctx, reference)}
    for x in case_exhibits(ctx, reference):
        key = f"evidence:{x.evidence_id}"
        when = f"{x.made_at:%d/%m/%Y}" if x.made_at else ""
        title = f"Exhibit {x.mark}: {x.description}"
        statement = statements.get(x.mark) or (WITHHELD_STATEMENT if x.withheld else NO_STATEMENT)
        if x.mark in media:
            hashes[x.evidence_id] = sha256_of(media[x.mark].path)
            path = front_sheet(replace(media[x.mark], statement=statement), work / f"front-{x.mark}.pdf", reference)
            docs.append((BundleDocument(title + " (front sheet; the recording is on the disc)", path, when, key,
                                        "media", x.mark), ""))
            continue
        sheet = exhibit_front_sheet(ExhibitSheet(
            x.mark, x.description, EXHIBIT_KINDS.get(x.kind, x.kind.replace("_", " ").capitalize()),
            WITHHELD_WITNESS if x.withheld else x.person_name, statement, x.sha256, x.made_at, x.original_name),
            work / f"front-{x.mark}.pdf", reference)
        if x.original_name.lower().endswith(".pdf") or x.kind == "photo":
            stored = open_file(ctx, x.evidence_id, "Included in a court bundle")
            hashes[x.evidence_id] = got = sha256_of(stored)
            if got != (items[x.evidence_id].sha256 if x.evidence_id in items else x.sha256):
                docs.append((BundleDocument(title, sheet, when, key, "exhibit", x.mark), ""))  # never built
                continue
            if not x.original_name.lower().endswith(".pdf"):
                stored = _photo_page(stored, work / f"photo-{x.mark}.pdf", title)
            whole = with_front_sheet(sheet, stored, work / f"exhibit-{x.mark}.pdf")
            docs.append((BundleDocument(title, whole, when, key, "exhibit", x.mark, lead_pages=1), ""))
        else:
            docs.append((BundleDocument(title + " (supplied separately)", sheet, when, key, "exhibit", x.mark), ""))
    for uid, item in items.items():
        if item.kind in MEDIA_KINDS and item.made_at:
            label, said = "Noise recording" if item.kind == "noise" else "Video", item.description or item.original_name
            what = said[:1].upper() + said[1:] if label.casefold() in said.casefold() else f"{label}: {said}"
            rows.append(ChronologyRow(item.made_at, "Recording", what, f"evidence:{uid}"))
    with ctx.session() as s:
        diary = diary_entries(s, open_case(ctx, s, reference))
    for d in diary:
        text = redact(d.what_happened, people)
        key = f"evidence:{d.evidence_id}" if d.evidence_id else f"{DIARY_OF}{d.person_name}"
        rows.append(ChronologyRow(d.started_at, "Diary entry", text, key, d.ended_at,
                                  anchor=as_statement_says(d.started_at)))
    return docs, rows


SIGNING_COPY = re.compile(r"-statement-\d+-v\d+-(?:as-read|signed|signing-record)\.(?:pdf|json)$")


def _signing_copy(name: str, meta: dict[str, object]) -> bool:
    """The copies signing a statement keeps (the PDF read, the signed PDF, the signing record)."""
    return "statement_version" in meta or "signing_record" in meta or bool(SIGNING_COPY.search(name))


def bundle_facts(ctx: Context, reference: str, hearing: str, docs: list[BundleDocument],
                 hashes: dict[str, str]) -> BundleFacts:
    """What the bundle check needs: the case's notices (served? in the bundle, with the certificate?),
    the documents the officer added (an order's first pages read for its penal notice), and every
    evidence item (exhibited? in the bundle? an exhibit's file as it is now: from ``hashes`` when the
    documents were just gathered, else hashed here)."""

    keys = {d.key for d in docs}
    paths = {d.key: d.path for d in docs}
    notices: list[NoticeFact] = []
    documents: list[DocumentFact] = []
    types = {t.id: t for t in load_notice_types()}
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        for n in s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.number)):
            by_title = {f["title"]: f"notice:{n.number}:{f['file']}" for f in n.files}
            nt = types.get(n.notice_type)
            defects = made_notice_defects(bool(nt and nt.for_term(n.fixed_term).give_up_date), n.give_up_on)
            notices.append(NoticeFact(n.number, n.title, n.served_at is not None,
                                      by_title.get("Notice", "") in keys,
                                      by_title.get("Certificate of service", "") in keys, tuple(defects)))
        for b in s.scalars(select(BundleFile).where(BundleFile.case_id == case.id).order_by(BundleFile.id)):
            key = f"file:{b.uid}"
            path = paths.get(key)
            text = ""
            read = (hearing == "committal" and ORDER.search(b.title)) or (hearing == "injunction"
                                                                          and CLAIM_FORM.search(b.title))
            if read and path is not None and path.is_file():
                text = " ".join(pdf_pages_text(path)[:2])
            documents.append(DocumentFact(b.title, key in keys, text))
        under_18 = under_18_on([p.person.date_of_birth for p in case.parties
                                if p.role == PartyRole.ALLEGED_PERPETRATOR.value and p.person is not None],
                               ctx.now().date())
    evidence: list[EvidenceFact] = []
    for item in case_items(ctx, reference):
        if _signing_copy(item.original_name, item.meta):
            continue  # a statement's own signing copies: the statement is in the bundle as a statement
        key = f"evidence:{item.uid}"
        stored = hashes.get(item.uid)
        if stored is None and key in keys and item.exhibit_marks:
            path = evidence_store(ctx).path_for(item.sha256)
            stored = sha256_of(path) if path.is_file() else None
        made = f", {item.made_at:%d/%m/%Y}" if item.made_at else ""
        label = f"{item.kind} '{item.description or item.original_name}' ({item.original_name}{made})"
        evidence.append(EvidenceFact(label, item.exhibit_marks, key in keys, item.sha256, stored))
    return BundleFacts(hearing, notices, documents, evidence, statements=sum(d.kind == "statement" for d in docs),
                       respondent_under_18=under_18)



def _photo_page(src: Path, dest: Path, title: str) -> Path:
    """The photograph on its own A4 page: its own JPEG bytes when small enough (court/photos.py)."""
    from ...court.photos import PhotoError, photo_page

    try:
        photo_page(src, dest, title)
    except PhotoError as exc:
        raise ValidationError(title, f"cannot go into the bundle: {exc} Export it as JPEG or PNG and add it "
                              "again") from None
    return dest


def _statements(ctx: Context, reference: str, work: Path,
                people: list[WithheldPerson]) -> tuple[list[Placed], list[str], dict[str, str]]:
    """The final and signed statements, a statement made in the witness's own language as its English
    translation followed by the original; also each witness's latest one (name -> document key)."""
    docs: list[Placed] = []
    notes: list[str] = []
    latest: dict[str, str] = {}
    folded = {n.casefold() for p in people for n in p.names}
    for st in case_statements(ctx, reference):
        if st.status not in ("final", "signed"):
            continue
        if st.witness.casefold() in folded or any(n in st.witness.casefold() for n in folded if len(n) > 3):
            notes.append(f"Statement {st.number} was left out: its witness is withheld.")
            continue
        path = work / f"statement-{st.uid}-v{st.version}.pdf"  # several witnesses each have a 1st statement
        try:
            path.write_bytes(render_latest(ctx, reference, st.uid, "pdf"))
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
            original.write_bytes(render_latest(ctx, reference, st.uid, "pdf", part="original"))
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
    infos = generated_documents(ctx, reference)
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        hidden = {p.person_id for p in case.parties
                  if p.person_id is not None and identity_withheld(p.anonymous, p.withheld)}
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
        doc = BundleDocument(info.title, generated_file(ctx, info.path, info.sha256), f"{info.created_at:%d/%m/%Y}", f"document:{info.uid}", kind)
        if kind == "assessment":
            latest[info.kind] = (doc, "")
        else:
            docs.append((doc, ""))
    return list(latest.values()) + docs, notes


def gather_documents(ctx: Context, reference: str, work: Path, hashes: dict[str, str] | None = None,
                     ) -> tuple[list[Placed], list[ChronologyRow], list[str]]:
    """Every document for the bundle, the chronology rows and notes on anything left out; ``hashes`` gets
    each exhibit file's SHA-256 as it is now (item uid -> hash), for the bundle check."""
    docs, rows, people = _case_data(ctx, reference)
    statements, notes, latest = _statements(ctx, reference, work, people)
    referring = {m: d.title for d, _ in reversed(statements) for m in d.refers_to}  # the first statement wins
    evidence, more_rows = _evidence(ctx, reference, work, people, {} if hashes is None else hashes, referring)
    generated, more_notes = _generated(ctx, reference)
    return docs + statements + evidence + generated, rows + _to_statements(more_rows, latest), notes + more_notes


def _to_statements(rows: list[ChronologyRow], latest: dict[str, str]) -> list[ChronologyRow]:
    """A diary entry keyed in without a scanned sheet points at its writer's latest statement, which
    covers it (none in the bundle: no page)."""
    return [replace(r, key=latest.get(r.key.removeprefix(DIARY_OF), "")) if r.key.startswith(DIARY_OF) else r
            for r in rows]


def media_exhibits(ctx: Context, reference: str) -> list[MediaExhibit]:
    """Audio and video exhibits with what their front sheets and the disc manifest need."""
    items = {i.uid: i for i in case_items(ctx, reference)}
    with ctx.session() as s:
        users = {u.full_name for u in s.scalars(select(User))}
    out = []
    for x in case_exhibits(ctx, reference):
        item = items.get(x.evidence_id)
        if item is None or item.kind not in MEDIA_KINDS:
            continue
        by = item.added_by if item.source == "officer" and item.added_by in users else item.source.replace("_", " ")
        path = open_file(ctx, item.uid, "Prepared for the court (front sheet and disc)")
        out.append(MediaExhibit(x.mark, x.description, MEDIA_KINDS[item.kind], path,
                                item.sha256, item.made_at, by, item.meta.get("duration_s"), item.figures,
                                "" if x.withheld else x.person_name, original_name=item.original_name))
    return out

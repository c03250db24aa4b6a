"""The electronic court bundle: one PDF, index first, paginated from 1, linked and bookmarked.

Follows the judiciary's general guidance on electronic bundles (DOMAIN.md section 5): numbers from
the very first page so printed and viewer numbers agree, every page A4 portrait (landscape originals
turned to read with a clockwise quarter turn) with its number stamped in a footer band inside the
page, every index entry a link to its document, a bookmark per section and document with its page
numbers, opening at 100%, images at no more than 300 dpi, OCR for pages
without text (those still without text are reported). Later additions are appended and paginated
on, so every existing page number stays valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

from pikepdf import Array, Dictionary, Job, Name, OutlineItem, PasswordError, Pdf, PdfError

from ..domain.incident_times import incident_span
from . import textlayer
from .render import Listing, RowBox, listing_pages, write_listing
from .stamp import stamp_pages

CHRONOLOGY = "chronology"
Progress = Callable[[int, int], None]  # (documents done, documents in all); may raise to cancel


class BundleError(ValueError):
    """A document cannot go into the bundle; the message names it and says what to do."""


@dataclass(frozen=True)
class BundleDocument:
    """One document in a bundle. ``path`` None with kind "chronology" means: draw it from the rows."""

    title: str
    path: Path | None
    date: str = ""
    key: str = ""  # what chronology rows point at, e.g. "exhibit:AB1"
    kind: str = "document"  # statement | exhibit | media | notice | chronology | order | letter | document
    mark: str = ""  # exhibit mark
    signed: bool | None = None  # statements: signed by the witness?
    refers_to: tuple[str, ...] = ()  # exhibit marks a statement refers to
    lead_pages: int = 0  # pages before the evidence itself (an exhibit's front sheet)


@dataclass
class BundleSection:
    title: str
    documents: list[BundleDocument] = field(default_factory=list)


@dataclass(frozen=True)
class ChronologyRow:
    """One row of the chronology. Its page is that of the evidence itself: the document ``key`` (or, for
    ``any:<kind>``, the first document of that kind whose text holds ``anchor``), past the document's front
    sheet (``lead_pages``), on the first page whose text holds ``anchor`` (e.g. "20 November 2026 at 22:05",
    as a statement words it) when one does."""

    when: datetime
    source: str
    text: str
    key: str = ""  # the document (BundleDocument.key) that evidences it, or "any:<kind>"
    ended: datetime | None = None  # an incident that ran on: shown as start to end
    anchor: str = ""  # words on the evidence's own page, to find it within the document


@dataclass(frozen=True)
class Entry:
    """Where a document landed: bundle page numbers (1-based, as stamped)."""

    number: str
    section: str
    title: str
    first_page: int
    last_page: int
    date: str = ""
    key: str = ""
    kind: str = "document"
    version: int = 1
    rows: tuple[str, ...] = ()  # a chronology: the ids (``row_id``) of the rows it holds
    evidence_page: int = 0  # the first page of the evidence itself, past its front sheet (0: not recorded)


@dataclass
class BuildReport:
    path: Path
    pages: int
    index_pages: int
    entries: list[Entry]
    sections: list[tuple[str, int, int]]  # title, first page, last page
    ocr_pages: list[int] = field(default_factory=list)  # bundle pages given a text layer
    untexted_pages: list[int] = field(default_factory=list)  # bundle pages still without text
    downsampled: int = 0


@dataclass
class _Source:
    doc: BundleDocument
    pdf: Pdf | None
    pages: int
    ocr: list[int]  # 0-based pages of this document that were OCR'd
    untexted: list[int]  # 0-based pages still without text
    keep: list[Pdf] = field(default_factory=list)  # the OCR'd pages' files, open until the bundle is saved

    def close(self) -> None:
        for pdf in [self.pdf, *self.keep]:
            if pdf is not None:
                pdf.close()


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"S{i + 1}"


_INHERITED = (Name.MediaBox, Name.CropBox, Name.Resources, Name.Rotate)


LAZY_FROM_BYTES = 128 * 1024  # smaller files: their streams are copied into memory on opening (Pdf.open)


def open_lazily(path: Path) -> Pdf:
    """``path`` opened so that pages appended from it to another PDF bring their streams (a photo's
    JPEG bytes) only when that PDF is saved, read from ``path`` then: keep it open until the save.
    ``Pdf.open`` has qpdf copy every stream into memory at once (``setImmediateCopyFrom``), which made a
    bundle's peak memory grow with its photos; qpdf's own job interface opens without it. As
    ``Pdf.open`` does, attributes a page inherits from the page tree are put on the page itself, and
    warnings are kept (``get_warnings``) rather than printed; errors are the same (PasswordError,
    PdfError, FileNotFoundError). A file under ``LAZY_FROM_BYTES`` is opened with ``Pdf.open``: its streams are
    small, and the job interface costs about five times as much a file (0.4 ms), which on a bundle of 200
    typed documents was a quarter of the build (benchmarks/README.md)."""
    if path.stat().st_size < LAZY_FROM_BYTES:
        return Pdf.open(path)
    pdf = Job(["qpdf", "--no-warn", str(path), "--", "unused.pdf"]).create_pdf()
    for page in pdf.pages:
        obj = page.obj
        for key in _INHERITED:
            node = obj.get(Name.Parent)
            while key not in obj and isinstance(node, Dictionary):
                if key in node:
                    obj[key] = node[key]
                node = node.get(Name.Parent)
    return pdf


def open_source(doc: BundleDocument) -> _Source:
    """The document opened, with its pages that have no text (not yet OCR'd)."""
    if doc.path is None:
        raise BundleError(f"'{doc.title}' has no file.")
    if not doc.path.is_file():
        raise BundleError(f"'{doc.title}': the file {doc.path} is missing. Add it again or remove it.")
    try:
        pdf = open_lazily(doc.path)
    except PasswordError:
        raise BundleError(f"'{doc.title}' is a password-protected PDF. Ask for an unprotected copy.") from None
    except PdfError as exc:
        raise BundleError(f"'{doc.title}' is not a readable PDF ({exc}).") from None
    if len(pdf.pages) == 0:
        raise BundleError(f"'{doc.title}' has no pages.")
    return _Source(doc, pdf, len(pdf.pages), [], textlayer.pages_without_text(pdf))


def _cache_name(s: _Source) -> str:
    """The OCR cache's name for a document's pages without text: their fingerprints and the OCR settings."""
    import hashlib

    assert s.pdf is not None
    pages = "".join(textlayer.page_fingerprint(s.pdf.pages[p]) for p in s.untexted)
    return f"{hashlib.sha256(pages.encode()).hexdigest()}-{textlayer.ocr_settings_key()}.pdf"


def _graft(s: _Source, ocrd: Pdf, first: int = 0, keep: bool = True) -> None:
    """Put the OCR'd pages (``ocrd`` from page ``first`` on, in order) in place of the pages without text;
    ``keep``: ``ocrd`` is closed with this document."""
    assert s.pdf is not None
    for k, p in enumerate(s.untexted):
        s.pdf.pages[p] = ocrd.pages[first + k]
    if keep:
        s.keep.append(ocrd)
    still = textlayer.pages_without_text(s.pdf)
    s.ocr = [p for p in s.untexted if p not in still]
    s.untexted = still


def _save_atomically(pdf: Pdf, dest: Path) -> None:
    import os
    import threading

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        pdf.save(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def recompress_images(path: Path, quality: int, max_dpi: int) -> int:
    """Re-encode the built bundle's images as JPEG at ``quality`` and no more than ``max_dpi`` (the officer's
    choice, to fit the court's e-mail limit); pages, links and bookmarks are untouched. Returns how many."""
    with Pdf.open(path) as pdf:
        changed = textlayer.downsample_images(pdf, max_dpi, quality)
        if changed:
            _save_atomically(pdf, path.with_name(path.stem + "-recompressed.pdf"))
    if changed:
        path.with_name(path.stem + "-recompressed.pdf").replace(path)
    return changed


def _ocr_all(pending: list[_Source], work_dir: Path, cache_dir: Path | None, check: textlayer.Check | None) -> None:
    """OCR the pages without text of every document in ``pending``: each document's OCR'd pages come from
    ``cache_dir`` when they were OCR'd before with the same settings; the rest go to ONE ocrmypdf run on a
    PDF of just those pages, ``--jobs`` one per core, and are kept in the cache for the next build."""
    names = {id(s): _cache_name(s) for s in pending} if cache_dir is not None else {}
    todo: list[_Source] = []
    for s in pending:
        cached = cache_dir / names[id(s)] if cache_dir is not None else None
        if cached is not None and cached.is_file():
            try:
                ocrd = open_lazily(cached)
            except PdfError:
                ocrd = None  # a damaged cache file is OCR'd again and replaced
            if ocrd is not None and len(ocrd.pages) == len(s.untexted):
                _graft(s, ocrd)
                continue
            if ocrd is not None:
                ocrd.close()
        todo.append(s)
    if not todo:
        return
    combined = Pdf.new()
    for s in todo:
        assert s.pdf is not None
        combined.pages.extend(s.pdf.pages[p] for p in s.untexted)
    src, dest = work_dir / "ocr-in.pdf", work_dir / "ocr-out.pdf"
    combined.save(src)
    combined.close()
    if not textlayer.ocr_pdf(src, dest, jobs=textlayer.ocr_jobs(), check=check):
        return  # OCR not possible here: the pages are reported as still without text
    ocrd_all = open_lazily(dest)
    todo[0].keep.append(ocrd_all)  # closed with the first document
    if len(ocrd_all.pages) != sum(len(s.untexted) for s in todo):
        return  # not the pages sent: nothing is put back, the pages are reported as still without text
    first = 0
    for s in todo:
        n = len(s.untexted)
        if cache_dir is not None:
            part = Pdf.new()
            part.pages.extend(ocrd_all.pages[first:first + n])
            _save_atomically(part, cache_dir / names[id(s)])
            part.close()
        _graft(s, ocrd_all, first, keep=False)
        first += n


def _open_all(docs: Sequence[BundleDocument], sources: list[_Source | None], work_dir: Path, ocr: bool,
              progress: Progress | None, cache_dir: Path | None = None) -> None:
    """Open every document into ``sources`` (None: a chronology drawn from its rows), then OCR the
    pages that need it, all documents in one go. ``progress`` hears of each document opened and is
    called while OCR runs (it may raise to cancel)."""
    for i, d in enumerate(docs):
        if progress is not None:
            progress(i, len(docs))
        sources.append(None if d.kind == CHRONOLOGY and d.path is None else open_source(d))
    pending = [s for s in sources if s is not None and s.untexted] if ocr else []
    if pending:
        last = len(docs) - 1
        _ocr_all(pending, work_dir, cache_dir, (lambda: progress(last, len(docs))) if progress else None)


def _index_listing(title: str, sections: Sequence[BundleSection], numbers: dict[int, str],
                   pages: dict[int, tuple[int, int]], section_pages: list[tuple[int, int]]) -> Listing:
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    n = 0
    for s_i, section in enumerate(sections):
        a, b = section_pages[s_i]
        bold.add(len(rows))
        rows.append((_letter(s_i), section.title, "", _span(a, b)))
        for doc in section.documents:
            first, last = pages[n]
            rows.append((numbers[n], doc.title, doc.date, _span(first, last)))
            n += 1
    return Listing(title, ("Tab", "Document", "Date", "Pages"), (0.08, 0.6, 0.14, 0.18), tuple(rows),
                   frozenset(bold), "Page numbers are those stamped at the bottom right of each page; they "
                   "match the page numbers of the PDF viewer. Each entry links to its document.")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


PageOf = Callable[[str, str], int | None]  # (key, anchor) -> bundle page of the evidence itself
ANY = "any:"


def _page_texts(path: Path) -> list[str]:
    """Each page's text (poppler's pdftotext), whitespace folded and case-folded, for finding anchors."""
    import subprocess

    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=600)
    if done.returncode != 0:
        return []
    return [" ".join(t.split()).casefold() for t in done.stdout.decode("utf-8", errors="replace").split("\f")]


class _Within:
    """Where in each document a row's evidence is: 0-based page past the front sheet, or None when the
    anchor is not in it. Page texts are read once per document, only for documents rows are anchored in."""

    def __init__(self, docs: Sequence[BundleDocument], sources: Sequence[_Source | None]) -> None:
        self.docs, self.sources = docs, sources
        self.texts: dict[int, list[str]] = {}
        self.found: dict[tuple[int, str], int | None] = {}

    def lead(self, i: int) -> int:
        s = self.sources[i]
        return 0 if s is None else max(0, min(self.docs[i].lead_pages, s.pages - 1))

    def find(self, i: int, anchor: str) -> int | None:
        """The first page at or past the front sheet holding ``anchor``; None if none does."""
        got = self.found.get((i, anchor), -1)
        if got != -1:
            return got
        s, path = self.sources[i], self.docs[i].path
        result = None
        if s is not None and path is not None:
            if i not in self.texts:
                self.texts[i] = _page_texts(path)
            needle = " ".join(anchor.split()).casefold()
            texts = self.texts[i]
            result = next((p for p in range(self.lead(i), min(s.pages, len(texts))) if needle in texts[p]), None)
        self.found[(i, anchor)] = result
        return result

    def page(self, i: int, anchor: str) -> int:
        found = self.find(i, anchor) if anchor else None
        return self.lead(i) if found is None else found


def _resolver(docs: Sequence[BundleDocument], within: _Within, first_page: Callable[[int], int],
              known: dict[str, int] | None = None) -> PageOf:
    """``page_of(key, anchor)`` for the layout whose document ``i`` starts on bundle page ``first_page(i)``."""
    keys = {d.key: i for i, d in enumerate(docs) if d.key}

    def page_of(key: str, anchor: str = "") -> int | None:
        if key.startswith(ANY):
            kind = key.removeprefix(ANY)
            for i, d in enumerate(docs):
                if d.kind == kind and anchor:
                    found = within.find(i, anchor)
                    if found is not None:
                        return first_page(i) + found
            return None
        if key in keys:
            return first_page(keys[key]) + within.page(keys[key], anchor)
        return (known or {}).get(key)

    return page_of


def chronology_listing(rows: Sequence[ChronologyRow], page_of: PageOf,
                       title: str = "Chronology (schedule of incidents)") -> Listing:
    """The schedule of incidents: each row with the bundle page of the evidence itself."""
    out = []
    for r in sorted(rows, key=lambda r: r.when):
        page = page_of(r.key, r.anchor) if r.key else None
        out.append((incident_span(r.when, r.ended), r.source, r.text, str(page) if page else "—"))
    return Listing(title, ("Date and time", "Source", "What happened", "Page"),
                   (0.17, 0.17, 0.54, 0.12), tuple(out), frozenset(),
                   "Incidents, diary entries and recordings in date order. \"Page\" is the bundle page where the "
                   "evidence for each row is found.")


Link = tuple[int, tuple[float, float, float, float], int]  # page index, rectangle, target page index


def add_links(pdf: Pdf, links: Sequence[Link]) -> None:
    """Link annotations (GoTo, no border), each page's added in one go: a bundle has hundreds."""
    pages = list(pdf.pages)  # indexing pdf.pages walks the page tree each time
    by_page: dict[int, list[Link]] = {}
    for link in links:
        by_page.setdefault(link[0], []).append(link)
    for page_index, page_links in by_page.items():
        page = pages[page_index].obj
        annots = [pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(rect)), Border=Array([0, 0, 0]),
            A=Dictionary(S=Name.GoTo, D=Array([pages[target].obj, Name.XYZ, None, None, None]))))
            for _, rect, target in page_links]
        if "/Annots" in page:
            page.Annots.extend(annots)
        else:
            page.Annots = pdf.make_indirect(Array(annots))


def _finish(pdf: Pdf, title: str) -> None:
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.XYZ, None, None, 1])
    pdf.Root.PageMode = Name.UseOutlines
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Producer"] = "ASB Desktop"


class _Layout:
    """Page numbers of every document given the page counts of the index and the chronology."""

    def __init__(self, sections: Sequence[BundleSection], counts: list[int], start: int) -> None:
        self.pages: dict[int, tuple[int, int]] = {}
        self.section_pages: list[tuple[int, int]] = []
        page, n = start, 0
        for section in sections:
            first = page
            for _ in section.documents:
                self.pages[n] = (page, page + counts[n] - 1)
                page += counts[n]
                n += 1
            self.section_pages.append((first, max(first, page - 1)))
        self.end = page - 1


def build_bundle(title: str, sections: Sequence[BundleSection], out: Path, work_dir: Path, *,
                 chronology: Sequence[ChronologyRow] = (), ocr: bool = True,
                 progress: Progress | None = None, ocr_cache: Path | None = None) -> BuildReport:
    """Build the whole bundle into ``out``, reporting each document opened (and OCR'd) to ``progress``.
    ``ocr_cache``: a folder keeping each document's OCR'd pages, so a rebuild OCRs nothing again."""
    work_dir.mkdir(parents=True, exist_ok=True)
    docs = [d for s in sections for d in s.documents]
    if not docs:
        raise BundleError("The bundle has no documents. Add at least one.")
    numbers: dict[int, str] = {}
    n = 0
    for s_i, section in enumerate(sections):
        for d_i, _ in enumerate(section.documents, 1):
            numbers[n] = f"{_letter(s_i)}{d_i}"
            n += 1
    sources: list[_Source | None] = []
    try:
        _open_all(docs, sources, work_dir, ocr, progress, ocr_cache)
        within = _Within(docs, sources)
        counts = [s.pages if s else 1 for s in sources]
        index_pages = 1
        for _attempt in range(4):  # page counts of the index and the chronology depend on each other's numbers
            layout = _Layout(sections, counts, index_pages + 1)
            page_of = _resolver(docs, within, lambda i, layout=layout: layout.pages[i][0])  # type: ignore[misc]
            new_counts = [s.pages if s else listing_pages(chronology_listing(chronology, page_of))
                          for s in sources]
            index = _index_listing(title, sections, numbers, layout.pages, layout.section_pages)
            new_index = listing_pages(index)
            if new_counts == counts and new_index == index_pages:
                break
            counts, index_pages = new_counts, new_index
        index_bytes, index_boxes = write_listing(index)
        chron_data = {i: write_listing(chronology_listing(chronology, page_of))
                      for i, s in enumerate(sources) if s is None}
        pdf = Pdf.new()
        pdf.pages.extend(Pdf.open(BytesIO(index_bytes)).pages)
        report = BuildReport(out, 0, index_pages, [], [])
        for i, s in enumerate(sources):
            if s is None:
                pdf.pages.extend(Pdf.open(BytesIO(chron_data[i][0])).pages)
            else:
                assert s.pdf is not None
                pdf.pages.extend(s.pdf.pages)
                first = layout.pages[i][0]
                report.ocr_pages += [first + p for p in s.ocr]
                report.untexted_pages += [first + p for p in s.untexted]
        report.downsampled = textlayer.downsample_images(pdf)
        ours = set(range(index_pages)) | {p - 1 for i, s in enumerate(sources) if s is None
                                          for p in range(layout.pages[i][0], layout.pages[i][1] + 1)}
        stamp_pages(pdf, 0, 1, ours)
        entries = []
        n = 0
        for section in sections:
            for doc in section.documents:
                first, last = layout.pages[n]
                rows = tuple(row_id(r) for r in chronology) if sources[n] is None else ()
                entries.append(Entry(numbers[n], section.title, doc.title, first, last, doc.date, doc.key, doc.kind,
                                     1, rows, first + within.lead(n)))
                n += 1
        report.entries = entries
        report.sections = [(s.title, a, b) for s, (a, b) in zip(sections, layout.section_pages, strict=True)]
        links = _index_links(index_boxes, sections, entries, layout)
        for i, (_, boxes) in chron_data.items():
            links += _chronology_links(layout.pages[i][0], boxes, chronology, page_of)
        add_links(pdf, links)
        with pdf.open_outline() as outline:
            outline.root.extend(_outline(pdf, report, index_pages))
        _finish(pdf, title)
        report.pages = len(pdf.pages)
        pdf.save(out)
        return report
    finally:
        for s in sources:
            if s is not None:
                s.close()


def _index_links(boxes: list[RowBox], sections: Sequence[BundleSection], entries: list[Entry],
                 layout: _Layout) -> list[Link]:
    links: list[Link] = []
    row = 0
    n = 0
    for s_i, section in enumerate(sections):
        box = boxes[row]
        links.append((box.page, box.rect, layout.section_pages[s_i][0] - 1))
        row += 1
        for _ in section.documents:
            box = boxes[row]
            links.append((box.page, box.rect, entries[n].first_page - 1))
            row += 1
            n += 1
    return links


def _chronology_links(first_page: int, boxes: list[RowBox], rows: Sequence[ChronologyRow],
                      page_of: PageOf) -> list[Link]:
    links: list[Link] = []
    for box, r in zip(boxes, sorted(rows, key=lambda r: r.when), strict=True):
        target = page_of(r.key, r.anchor) if r.key else None
        if target:
            links.append((first_page - 1 + box.page, box.rect, target - 1))
    return links


def _pages_label(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


class _Bookmarks:
    """Outline items whose destinations keep the reader's zoom (as the index links do), made from a
    page list read once: a bundle has hundreds of bookmarks."""

    def __init__(self, pdf: Pdf) -> None:
        self.pages = [page.obj for page in pdf.pages]

    def item(self, title: str, first: int, last: int) -> OutlineItem:
        """A bookmark to bundle pages ``first``-``last`` (1-based), its title ending with them."""
        dest = Array([self.pages[first - 1], Name.XYZ, None, None, None])
        return OutlineItem(f"{title} ({_pages_label(first, last)})", dest)


def _outline(pdf: Pdf, report: BuildReport, index_pages: int) -> list[OutlineItem]:
    marks = _Bookmarks(pdf)
    items = [marks.item("Index", 1, index_pages)]
    for title, first, last in report.sections:
        section = marks.item(title, first, last)
        for e in report.entries:
            if e.section == title and first <= e.first_page <= last:
                section.children.append(marks.item(f"{e.number} {e.title}", e.first_page, e.last_page))
        items.append(section)
    return items


def row_id(row: ChronologyRow) -> str:
    """A chronology row's identity across versions (so a later version adds only new rows)."""
    import hashlib

    return hashlib.sha256(f"{row.when:%Y-%m-%dT%H:%M}|{row.source}|{row.text}".encode()).hexdigest()[:16]


def append_to_bundle(existing: Path, title: str, additions: Sequence[BundleDocument], out: Path, work_dir: Path,
                     version: int, *, chronology: Sequence[ChronologyRow] = (),
                     known_pages: dict[str, int] | None = None, ocr: bool = True,
                     progress: Progress | None = None, ocr_cache: Path | None = None) -> BuildReport:
    """A new version: ``existing`` unchanged, then a supplementary index and the additions, numbered on.

    ``chronology`` holds the rows no earlier version has: they become a chronology addendum, first
    among the additions, each row pointing at its evidence, old (``known_pages``: key -> first page)
    or new."""
    docs = list(additions)
    if chronology:
        docs.insert(0, BundleDocument(f"Chronology addendum: entries added in version {version}", None,
                                      kind=CHRONOLOGY, key=f"{CHRONOLOGY}:v{version}"))
    if not docs:
        raise BundleError("There is nothing new to add to the bundle.")
    work_dir.mkdir(parents=True, exist_ok=True)
    chron_title = f"Chronology addendum (version {version})"
    sources: list[_Source | None] = []
    pdf = Pdf.open(existing)
    try:
        _open_all(docs, sources, work_dir, ocr, progress, ocr_cache)
        start = len(pdf.pages)
        section = BundleSection(f"Additions in version {version}", docs)
        numbers = {i: f"V{version}.{i + 1}" for i in range(len(docs))}
        within = _Within(docs, sources)
        counts = [s.pages if s else 1 for s in sources]
        supp_pages = 1
        for _attempt in range(4):
            layout = _Layout([section], counts, start + supp_pages + 1)
            page_of = _resolver(docs, within, lambda i, layout=layout: layout.pages[i][0],  # type: ignore[misc]
                                known_pages)
            supp = _index_listing(f"{title}: supplementary index (version {version})", [section], numbers,
                                  layout.pages, layout.section_pages)
            new_counts = [s.pages if s else listing_pages(chronology_listing(chronology, page_of, chron_title))
                          for s in sources]
            count = listing_pages(supp)
            if count == supp_pages and new_counts == counts:
                break
            supp_pages, counts = count, new_counts
        data, boxes = write_listing(supp)
        chron = write_listing(chronology_listing(chronology, page_of, chron_title)) if chronology else None
        pdf.pages.extend(Pdf.open(BytesIO(data)).pages)
        report = BuildReport(out, 0, supp_pages, [], [])
        for i, (d, s) in enumerate(zip(docs, sources, strict=True)):
            first, last = layout.pages[i]
            if s is None:
                assert chron is not None
                pdf.pages.extend(Pdf.open(BytesIO(chron[0])).pages)
            else:
                assert s.pdf is not None
                pdf.pages.extend(s.pdf.pages)
                report.ocr_pages += [first + p for p in s.ocr]
                report.untexted_pages += [first + p for p in s.untexted]
            rows = tuple(row_id(r) for r in chronology) if s is None else ()
            report.entries.append(Entry(numbers[i], section.title, d.title, first, last, d.date, d.key, d.kind,
                                        version, rows, first + within.lead(i)))
        report.downsampled = textlayer.downsample_images(pdf)  # earlier pages are already at 300 dpi or less
        ours = set(range(start, start + supp_pages)) | {p - 1 for i, s in enumerate(sources) if s is None
                                                        for p in range(layout.pages[i][0], layout.pages[i][1] + 1)}
        stamp_pages(pdf, start, start + 1, ours)
        links: list[Link] = []
        for row, box in enumerate(boxes):
            target = layout.section_pages[0][0] if row == 0 else report.entries[row - 1].first_page
            links.append((start + box.page, box.rect, target - 1))
        if chron is not None:
            links += _chronology_links(layout.pages[0][0], chron[1], chronology, page_of)
        add_links(pdf, links)
        supp_first = start + 1
        report.sections = [(section.title, supp_first, layout.end)]
        with pdf.open_outline() as outline:
            marks = _Bookmarks(pdf)
            item = marks.item(section.title, supp_first, layout.end)
            item.children.append(marks.item("Supplementary index", supp_first, start + supp_pages))
            for e in report.entries:
                item.children.append(marks.item(f"{e.number} {e.title}", e.first_page, e.last_page))
            outline.root.append(item)
        _finish(pdf, title)
        report.pages = len(pdf.pages)
        pdf.save(out)
        return report
    finally:
        pdf.close()
        for s in sources:
            if s is not None:
                s.close()

"""The court bundle page: hearing type and its default sections (editable), the case's documents
dragged into order, external files added, checks shown before building, the build off the GUI
thread with progress and cancel, each issued version listed and previewed, and the media folder."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QSpinBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...court.sections import HEARINGS
from ...services.casework.case_view import CaseDetail
from ...services.court.bundles import IssuedBundle
from ...services.kernel.errors import RuleBlocked
from ..documents.saving import when_fetched
from ..widgets.fields import message_label, named
from ..widgets.messages import show_error, show_message
from ..widgets.record_table_model import Column, RecordTableModel, short_time
from ..workers import JobControl, Refresh, run_with_progress
from ..workspace.base import button, refresh_failed, selected, table_view
from .bundle_model import BundleTreeModel, merge_layout
from .jobs import folder_or_ask, run_call

if TYPE_CHECKING:
    from ...court.bundle import BundleDocument, BundleSection
    from ...court.preflight import Issue
    from ..workspace.host import WorkspaceHost

    Layout = tuple[str, list[BundleSection], Any, list[str]]  # BundleService.layout: title, sections, rows, notes

VERSIONS = [Column("Hearing", lambda r: r.hearing.capitalize()), Column("Version", lambda r: str(r.version)),
            Column("Pages", lambda r: str(r.pages)), Column("Issued", lambda r: short_time(r.issued_at)),
            Column("SHA-256", lambda r: r.sha256[:16] + "…")]


class BundlePage(QWidget):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__()
        self.ws = ws
        self.dialog: QWidget | None = None
        self.last_build: Any = None
        self.refreshing = Refresh(self)
        self._work = tempfile.TemporaryDirectory(prefix="asb-bundle-")  # statements and front sheets drawn here
        self.notes: list[str] = []
        self.left_out_docs: dict[str, BundleDocument] = {}
        self.loaded_hearing = ""
        self.hearing = named(QComboBox(), "Hearing type")
        for h in HEARINGS:
            self.hearing.addItem(h.capitalize(), h)
        self.hearing.currentIndexChanged.connect(lambda _i: self.reset_layout())
        self.model = BundleTreeModel()
        self.tree = named(QTreeView(), "Bundle sections and documents",
                          "Drag documents into order, within or between sections; drag sections to reorder them")
        self.tree.setModel(self.model)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed |
                                  QAbstractItemView.EditTrigger.DoubleClicked)
        for signal in (self.model.modelReset, self.model.rowsMoved, self.model.rowsInserted):
            signal.connect(lambda *_a: self._expand())
        self.left_out = named(QListWidget(), "Documents left out of this bundle")
        self.checks = named(QListWidget(), "Checks before building")
        self.checks.setWordWrap(True)
        self.split = named(QCheckBox("Split into parts under the court's e-mail limit (36 MB)"), "Split the bundle")
        self.recompress = named(QCheckBox("Recompress images at JPEG quality"), "Recompress the bundle's images")
        self.recompress.setToolTip("Every image re-encoded as JPEG at this quality and at most 150 dpi: a smaller "
                                   "bundle, photographs a little less sharp")
        self.quality = named(QSpinBox(), "JPEG quality for recompressed images")
        self.quality.setRange(10, 95)
        self.quality.setValue(60)
        self.versions = RecordTableModel(VERSIONS)
        self.versions_view = table_view(
            "Issued versions of the bundle", self.versions,
            "No bundle issued yet. Build the bundle to issue version 1.")
        self.versions_view.doubleClicked.connect(lambda _i: self.preview_selected())
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(message_label("Hearing", "Hearing type:"))
        top.addWidget(self.hearing)
        top.addWidget(button("Reset to the default sections", self.reset_layout, "Reset to the default sections"))
        top.addStretch(1)
        layout.addLayout(top)
        edit = QHBoxLayout()
        for text, slot in (("Add section…", self.add_section), ("Rename section", self.rename_section),
                           ("Move up", lambda: self.move(-1)), ("Move down", lambda: self.move(1)),
                           ("Leave out", self.leave_out), ("Add file…", self.add_file)):
            edit.addWidget(button(text, slot))
        edit.addStretch(1)
        layout.addLayout(edit)
        split = QSplitter()
        split.addWidget(self.tree)
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(message_label("Left out", "<b>Left out of this bundle</b>", rich=True))
        col.addWidget(self.left_out, 1)
        col.addWidget(button("Put back", self.put_back))
        col.addWidget(message_label("Checks", "<b>Checks before building</b>", rich=True))
        col.addWidget(self.checks, 2)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        layout.addWidget(split, 3)
        build = QHBoxLayout()
        for text, slot in (("Check the bundle", self.run_checks), ("Build bundle…", self.build),
                           ("Preview", self.preview_selected), ("Export media for disc…", self.export_media)):
            build.addWidget(button(text, slot, primary="bundle" if text == "Build bundle…" else ""))
        build.addStretch(1)
        layout.addLayout(build)
        size = QHBoxLayout()  # the size options on a row of their own, so the page fits a 1280-pixel window
        size.addWidget(self.split)
        size.addWidget(self.recompress)
        size.addWidget(self.quality)
        size.addStretch(1)
        layout.addLayout(size)
        layout.addWidget(self.versions_view, 1)

    def _expand(self) -> None:
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    @property
    def work(self) -> Path:
        return Path(self._work.name)

    def chosen_hearing(self) -> str:
        return str(self.hearing.currentData())

    # ------------------------------------------------------------------ loading
    @property
    def busy(self) -> bool:
        return self.refreshing.busy

    def load(self, _detail: CaseDetail) -> None:
        self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self.loaded_hearing:
            self.reset_layout()

    def refresh(self) -> None:
        """Fetch off the GUI thread the issued versions and, once the page has been shown (statements are
        drawn for it), the documents; then show them, new documents added to the officer's order."""
        bundles, reference, work = self.ws.services.bundles, self.ws.reference, self.work  # no widget in the job
        hearing = self.loaded_hearing

        def fetch() -> tuple[list[IssuedBundle], Layout | None]:
            return bundles.versions(reference), bundles.layout(reference, hearing, work) if hearing else None

        def fill(fetched: tuple[list[IssuedBundle], Layout | None]) -> None:
            versions, layout = fetched
            self.versions.set_records(versions)
            self.versions_view.resizeColumnsToContents()
            if layout is not None and hearing == self.loaded_hearing:  # not if the hearing changed meanwhile
                self._merge(layout)

        self.refreshing.start(fetch, fill, self._refresh_failed)

    def _refresh_failed(self, exc: BaseException) -> None:
        refresh_failed(self.ws, self, exc)

    def _layout(self) -> Layout | None:
        ok, layout = self.ws.call(self.ws.services.bundles.layout, self.ws.reference, self.chosen_hearing(),
                                  self.work)
        return layout if ok else None

    def reset_layout(self) -> None:
        """The hearing type's default sections with every document of the case in them."""
        layout = self._layout()
        if layout is None:
            return
        _title, sections, _rows, self.notes = layout
        self.loaded_hearing = self.chosen_hearing()
        self.left_out_docs.clear()
        self.left_out.clear()
        self.model.set_sections(sections)
        self.run_checks()

    def _merge(self, layout: Layout) -> None:
        """New documents of the case added to the officer's order, which is kept."""
        _title, fresh, _rows, self.notes = layout
        self.model.set_sections(merge_layout(self.model.sections, set(self.left_out_docs), fresh))

    # ------------------------------------------------------------------ editing
    def current(self) -> tuple[int, int | None] | None:
        index = self.tree.currentIndex()
        return self.model.where(index.siblingAtColumn(0)) if index.isValid() else None

    def add_section(self, title: str | None = None) -> None:
        if title is None:
            title, ok = QInputDialog.getText(self, "Add section", "Title of the new section:")
            if not ok:
                return
        if not title.strip() or title.strip() in {s.title for s in self.model.sections}:
            show_message(self, "Give the section a title no other section has.")
            return
        at = self.current()
        row = self.model.add_section(title, None if at is None else at[0] + 1)
        self.tree.setCurrentIndex(self.model.index(row, 0))

    def rename_section(self) -> None:
        at = self.current()
        if at is None or at[1] is not None:
            show_message(self, "Choose a section (not a document) to rename.")
            return
        self.tree.edit(self.model.index(at[0], 0))

    def move(self, step: int) -> None:
        """Move the chosen section or document up or down (between sections at the ends)."""
        at = self.current()
        if at is None:
            return
        s, d = at
        if d is None:
            to = s + step
            if 0 <= to < len(self.model.sections):
                self.model.move_section(s, to + (1 if step > 0 else 0))
                self.tree.setCurrentIndex(self.model.index(to, 0))
            return
        count = len(self.model.sections[s].documents)
        if 0 <= d + step < count:
            self.model.move_document(s, d, s, d + step + (1 if step > 0 else 0))
            to_s, to_d = s, d + step
        elif 0 <= s + step < len(self.model.sections):
            to_s = s + step
            to_d = 0 if step > 0 else len(self.model.sections[to_s].documents)
            self.model.move_document(s, d, to_s, to_d)
        else:
            return
        self.tree.setCurrentIndex(self.model.index(to_d, 0, self.model.index(to_s, 0)))

    def leave_out(self) -> None:
        at = self.current()
        if at is None:
            return
        s, d = at
        docs = self.model.remove_section(s) if d is None else [self.model.remove_document(s, d)]
        for doc in docs:
            self.left_out_docs[doc.key] = doc
            self.left_out.addItem(doc.title)
        self.run_checks()

    def put_back(self) -> None:
        row = self.left_out.currentRow()
        if row < 0 or not self.model.sections:
            return
        key = list(self.left_out_docs)[row]
        doc = self.left_out_docs.pop(key)
        self.left_out.takeItem(row)
        at = self.current()
        self.model.add_document(at[0] if at else len(self.model.sections) - 1, doc)
        self.run_checks()

    def add_file(self, files: list[Path] | None = None) -> None:
        """External PDFs or Word files (Word converted by LibreOffice), into the chosen section."""
        if files is None:
            names, _filter = QFileDialog.getOpenFileNames(self, "Add documents to the bundle", "",
                                                          "PDF or Word (*.pdf *.docx *.doc *.odt *.rtf)")
            if not names:
                return
            files = [Path(n) for n in names]
        at = self.current()
        section = self.model.sections[at[0]].title if at and self.model.sections else ""
        svc, ref = self.ws.services, self.ws.reference

        def done(_added: Any) -> None:
            layout = self._layout()
            if layout is not None:
                self._merge(layout)
            self.run_checks()

        run_call(self, "Adding the documents…", lambda: svc.bundles.add(ref, files, section=section), done)

    def sections(self) -> list[BundleSection]:
        """A copy of the non-empty sections (the build reads it on another thread)."""
        from ...court.bundle import BundleSection

        return [BundleSection(s.title, list(s.documents)) for s in self.model.sections if s.documents]

    # ------------------------------------------------------------------ checks and build
    def run_checks(self) -> list[Issue]:
        ok, issues = self.ws.call(self.ws.services.bundles.preflight, self.ws.reference, self.chosen_hearing(),
                                  self.sections(), split=self.split.isChecked(), recompress=self.quality_chosen())
        issues = issues if ok else []
        self.checks.clear()
        for i in issues:
            self.checks.addItem(f"{'Must fix' if i.severity == 'stop' else 'Check'}: {i.document}: {i.problem}")
        for note in self.notes:
            self.checks.addItem(f"Note: {note}")
        if any("e-mail limit" in i.problem for i in issues):
            self.split.setChecked(True)
            self.checks.addItem("Offer: the bundle will be split into parts under the limit (untick 'Split' to "
                                "send it whole by the court's document upload), or tick 'Recompress images' to "
                                "make it smaller.")
        if not issues and not self.notes:
            self.checks.addItem("No problems found.")
        return issues

    def quality_chosen(self) -> int | None:
        """The JPEG quality to recompress images at, when the officer ticked it."""
        return self.quality.value() if self.recompress.isChecked() else None

    def build(self, out: Path | None = None) -> None:
        issues = self.run_checks()
        stops = [f"{i.document}: {i.problem}" for i in issues if i.severity == "stop"]
        if stops:
            show_error(self, RuleBlocked(["The bundle cannot be built until these are fixed:"] + stops))
            return
        if not self.sections():
            show_message(self, "The bundle has no documents. Put some back or add files.")
            return
        if out is None:
            name, _f = QFileDialog.getSaveFileName(self, "Save the court bundle as",
                                                   f"{self.ws.reference}-{self.chosen_hearing()}-bundle.pdf",
                                                   "PDF (*.pdf)")
            if not name:
                return
            out = Path(name)
        svc, ref, hearing, sections, split = (self.ws.services, self.ws.reference, self.chosen_hearing(),
                                              self.sections(), self.split.isChecked())
        quality = self.quality_chosen()

        def work(control: JobControl) -> Any:
            return svc.bundles.build(ref, hearing, out, sections=sections, split=split, progress=control.progress,
                                     recompress=quality)

        run_with_progress(self, "Building the court bundle…", work, self._built)

    def _built(self, result: Any) -> None:
        self.last_build = result
        self.refresh()
        parts = f"\n\nSplit into {len(result.parts)} parts in {result.path.parent}." if result.parts else ""
        more = "\n\n" + "\n".join(f"• {w}" for w in result.warnings) if result.warnings else ""
        show_message(self, f"Version {result.version} of the bundle ({result.pages} pages"
                     f"{', added to the last version' if result.appended else ''}) was saved as {result.path}."
                     f"{parts}{more}", "Bundle built")
        self.preview(result.stored_path, result.version)

    # ------------------------------------------------------------------ preview and media
    def preview(self, path: Path, version: int) -> None:
        from .pdf_preview import PreviewDialog

        self.dialog = PreviewDialog(self, path, f"Court bundle {self.ws.reference}, version {version}")
        self.dialog.show()

    def preview_selected(self) -> None:
        record = selected(self.versions_view)
        if record is None and self.versions.rowCount():
            record = self.versions.record(self.versions.rowCount() - 1)
        if record is None:
            show_message(self, "No version of the bundle has been built yet.")
            return
        version = record.version  # a version issued on another machine is fetched from the team file store
        when_fetched(self, self.ws.services.ctx, record.path, record.sha256, lambda path: self.preview(path, version))

    def export_media(self, folder: Path | None = None) -> None:
        folder = folder_or_ask(self, folder, "Folder for the disc or memory stick")
        if folder is None:
            return
        svc, ref, out = self.ws.services, self.ws.reference, folder
        run_call(self, "Copying the recordings…", lambda: svc.bundles.export_media(ref, out),
                 lambda manifest: show_message(self, _media_banner(manifest) +
                                               f"The recordings and their manifest of SHA-256 hashes are in "
                                               f"{out} (see {Path(manifest).name}).", "Media exported"))


def _media_banner(manifest: Path) -> str:
    """Procedure 17: the REPORTING RESTRICTIONS line first in the message, when the case has any."""
    from ...court.media import manifest_banner

    banner = manifest_banner(Path(manifest))
    return f"{banner}\n\n" if banner else ""

"""Documents of one case: witness statements per witness with their versions (draft, final, signed and
locked), the statement's tools (edit, preflight, compare, witness review, review requests, the review pack
to read at home and its import, signing, saving), Appendix 1, Appendix 2, letters, and every document generated for the case."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from ...services.casework.case_view import CaseDetail
from ...services.documents.documents import GeneratedInfo
from ...services.documents.statements import StatementInfo
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label
from ..widgets.messages import error_text
from ..widgets.record_table_model import Column, RecordTableModel, label, short_time
from ..workers import Refresh
from ..workspace.base import WorkspaceTab, button, selected, table_view
from ..workspace.changes import Changes
from . import saving

if TYPE_CHECKING:
    from ..review.review_window import WitnessReviewWindow
    from ..workspace.host import WorkspaceHost


def status_text(info: StatementInfo) -> str:
    if info.status == "signed":
        return f"Signed — locked (SHA-256 {(info.pdf_sha256 or '')[:12]}…)"
    return {"final": "Final — ready to sign"}.get(info.status, "Draft")


STATEMENTS = [Column("Witness", lambda r: r["info"].witness), Column("Role", lambda r: label(r["info"].witness_role)),
              Column("Statement", lambda r: str(r["info"].number)),
              Column("Version", lambda r: f"{r['info'].version} of {len(r['info'].versions)}"),
              Column("Status", lambda r: status_text(r["info"])),
              Column("Witness requests", lambda r: f"{r['open']} open" if r["open"] else "None open")]
GENERATED = [Column("Made", lambda r: f"{r['created_at']:%d/%m/%Y %H:%M}"), Column("Document", lambda r: r["title"]),
             Column("Format", lambda r: r["format"].upper()), Column("Version", lambda r: str(r["version"])),
             Column("By", lambda r: r["created_by"]), Column("SHA-256", lambda r: r["sha256"])]


LOCKED_ACTIONS = ("Preflight and make final", "Print for wet signature", "Attach the wet-signed scan",
                  "Review pack for the witness", "Import returned review pack")


class DocumentsTab(WorkspaceTab):
    shows = Changes.DOCUMENTS | Changes.RISK | Changes.PARTIES | Changes.INTERVIEWS
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__(ws)
        self.review_window: WitnessReviewWindow | None = None
        self.refreshing = Refresh(self)
        self._select: str | None = None  # the statement to choose once the refresh running now is shown
        self.model = RecordTableModel(STATEMENTS, warn=lambda r: r["open"] > 0)
        self.table = table_view(
            "Witness statements", self.model,
            "No witness statements yet. Draft statement… starts one for a person on the case.")
        self.detail = message_label("The selected statement")
        self.support_warning = message_label("Witness support before the hearing")
        self.status = message_label("What happened")
        grid = QGridLayout()
        actions = [("Draft statement…", self.draft), ("Edit paragraphs…", self.edit_paragraphs),
                   ("Preflight and make final…", self.preflight), ("Compare versions…", self.compare),
                   ("Witness review (full screen)…", self.review), ("Witness requests…", self.requests),
                   ("Print for wet signature…", self.print_for_signature),
                   ("Attach the wet-signed scan…", self.attach_scan),
                   ("Save statement as PDF or DOCX…", self.save_statement),
                   ("Review pack for the witness…", self.review_pack),
                   ("Import returned review pack…", self.import_review_pack),
                   ("Language and capacity…", self.language), ("File original and translation", self.file_translation),
                   ("Witness support for court…", self.witness_support)]
        self.action_buttons = {text.rstrip("…"): button(text, slot, primary="statement" if text == "Draft statement…"
                                                        else "") for text, slot in actions}
        for i, b in enumerate(self.action_buttons.values()):
            grid.addWidget(b, i // 3, i % 3)
        statements = QGroupBox("Witness statements")
        column = QVBoxLayout(statements)
        column.addWidget(self.table, 1)
        column.addWidget(self.detail)
        column.addWidget(self.support_warning)
        column.addLayout(grid)

        self.generated_model = RecordTableModel(GENERATED)
        self.generated = table_view("Documents generated for this case", self.generated_model)
        others = QGroupBox("Appendices, letters and generated documents")
        bar = QHBoxLayout()
        for text, slot in (("Save Appendix 1 (risk assessment)…", self.appendix1),
                           ("Appendix 2 (proportionality and equality)…", self.appendix2),
                           ("Letters…", self.letters), ("Open the selected document", self.open_generated)):
            bar.addWidget(button(text, slot))
        bar.addStretch(1)
        self.appendix1_label = message_label("Appendix 1: the latest full risk assessment")
        other_column = QVBoxLayout(others)
        other_column.addLayout(bar)
        other_column.addWidget(self.appendix1_label)
        other_column.addWidget(self.generated, 1)
        splitter = QSplitter()
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(statements)
        splitter.addWidget(others)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())

    # ---------------------------------------------------------------- loading
    def load(self, detail: CaseDetail) -> None:
        full = [r for r in detail.risk_assessments if r.kind == "full"]
        self.appendix1_label.setText(
            f"Appendix 1: the latest full risk assessment, {short_time(full[-1].created_at)}, scored "
            f"{full[-1].score} ({label(full[-1].band).lower()} risk)." if full else
            "Appendix 1: no full risk assessment yet; complete it on the Risk tab first.")
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.refreshing.busy

    def refresh(self, select_uid: str | None = None) -> None:
        """Fetch the statements (with their requests, signing records and review packs), the witness support
        warnings and the generated documents off the GUI thread, then show them; ``select_uid`` (or else
        the statement chosen now) is chosen again."""
        self._select = select_uid or self._select
        svc, reference = self.ws.services, self.ws.reference  # the job touches no widget

        def fetch() -> tuple[list[dict[str, Any]], list[str], list[GeneratedInfo]]:
            rows = []
            for info in svc.statements.list(reference):
                requests = svc.signing.review_requests(reference, info.number, witness=info.witness_ref)
                record = (svc.signing.signing_record(reference, info.number, witness=info.witness_ref).lines()
                          if info.status == "signed" else [])
                rows.append({"uid": info.uid, "info": info, "record": record,
                             "open": sum(1 for r in requests if r.resolved_at is None),
                             "packs": svc.review_packs.history(reference, info.number, witness=info.witness_ref)})
            return rows, svc.witness_support.warnings(reference), svc.documents.generated(reference)

        self.refreshing.start(fetch, self._fill, self._refresh_failed)

    def _fill(self, fetched: tuple[list[dict[str, Any]], list[str], list[GeneratedInfo]]) -> None:
        rows, warnings, docs = fetched
        keep = self._select or (self.current_record() or {}).get("uid")
        self._select = None
        self.model.set_records(rows)
        self.table.resizeColumnsToContents()
        index = next((i for i, r in enumerate(rows) if r["uid"] == keep), len(rows) - 1)
        if rows:
            self.table.selectRow(index)
        self.support_warning.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.support_warning.setVisible(bool(warnings))
        self.generated_model.set_records([vars(d) for d in reversed(docs)])
        self.generated.resizeColumnsToContents()
        self._show_selected()

    def _refresh_failed(self, exc: BaseException) -> None:
        self._select = None
        self.refresh_failed(exc)

    def current_record(self) -> dict[str, Any] | None:
        return selected(self.table)

    def current(self) -> StatementInfo | None:
        row = self.current_record()
        return row["info"] if row else None

    def select(self, witness: str, number: int = 1) -> None:
        for i in range(self.model.rowCount()):
            info = self.model.record(i)["info"]
            if witness in (info.witness, info.witness_ref) and info.number == number:
                self.table.selectRow(i)
                return
        raise LookupError(f"no statement {number} of {witness}")

    def _show_selected(self) -> None:
        info = self.current()
        locked = info is not None and info.status == "signed"
        for name in LOCKED_ACTIONS:  # nothing changes a signed statement (and the service refuses anyway)
            self.action_buttons[name].setEnabled(not locked)
        self.action_buttons["Edit paragraphs"].setToolTip(
            "The statement is signed: a change becomes the witness's next statement." if locked else "")
        translated = info is not None and bool(info.language)
        self.action_buttons["File original and translation"].setEnabled(translated)
        self.action_buttons["File original and translation"].setToolTip(
            "" if translated else "Only for a statement made in the witness's own language (Language and capacity…).")
        if info is None:
            self.detail.setText("No statement yet: draft one from the case.")
            return
        text = (f"Statement {info.number} of {info.witness}: version {info.version} of {len(info.versions)}; "
                f"{status_text(info).split(' (')[0].lower()}. Exhibits: {', '.join(info.marks) or 'none'}.")
        if info.language:
            text += f" Made in {info.language}, with an English translation."
        if info.interpreter:
            text += f" Interpreter: {info.interpreter.get('name', '')} ({info.interpreter.get('language', '')})."
        row = self.current_record() or {}
        if info.status == "signed":
            text += f" Signed {info.signed_at:%d/%m/%Y %H:%M}; SHA-256 {info.pdf_sha256}."
            if row["record"]:
                text += "\nSigning record:\n" + "\n".join(row["record"])
        elif info.open_requests:
            text += (f" {len(info.open_requests)} change(s) the witness asked for still open: resolve each "
                     "(Witness requests…) before the statement is made final or signed.")
        packs = row["packs"]
        returned = [p for p in packs if p.kind == "returned"]
        if returned:
            last = returned[-1]
            text += (f" Review pack for version {last.version} returned {last.at:%d/%m/%Y}: "
                     + ("reviewed, no changes requested." if last.no_changes else "changes requested."))
        elif packs:
            text += f" Review pack for version {packs[-1].version} sent {packs[-1].at:%d/%m/%Y}; not returned yet."
        self.detail.setText(text)

    def _need(self) -> StatementInfo | None:
        info = self.current()
        if info is None:
            self.status.setText("Pick a statement first (or draft one).")
        return info

    # --------------------------------------------------------------- actions
    def draft(self) -> QWidget:
        from .draft_dialog import DraftDialog

        return self.show_dialog(DraftDialog(self))

    def drafted(self, info: StatementInfo) -> None:
        self.refresh(info.uid)
        self.status.setText(f"Statement {info.number} of {info.witness} drafted (version 1). Edit it, then run "
                            "the preflight.")

    def edit_paragraphs(self, then: Callable[[], None] | None = None) -> QWidget | None:
        from .paragraph_editor import ParagraphEditor

        info = self._need()
        if info is None:
            return None

        def save(paragraphs: list[dict[str, Any]], note: str) -> bool:
            new = self.ws.services.statements.edit(self.ws.reference, info.number, paragraphs, note=note,
                                                   witness=info.witness_ref)
            self.refresh(new.uid)
            self.status.setText(f"Saved as statement {new.number} version {new.version}."
                                + (" The signed statement was not changed: this is the witness's next statement."
                                   if new.number != info.number else ""))
            if then is not None:
                then()
            return True

        return self.show_dialog(ParagraphEditor(self, info, save))

    def language(self) -> QWidget | None:
        from .language_dialog import LanguageDialog

        info = self._need()
        return self.show_dialog(LanguageDialog(self, info)) if info else None

    def file_translation(self) -> bool:
        info = self._need()
        if info is None:
            return False
        ok, files = self.ws.call(self.ws.services.statements.file_translation, self.ws.reference, info.number,
                                 info.witness_ref)
        if ok:
            self.refresh(info.uid)
            self.status.setText(f"Filed the original in {info.language} and the English translation "
                                f"({len(files)} files).")
        return bool(ok)

    def witness_support(self) -> QWidget | None:
        from .witness_support_dialog import WitnessSupportDialog

        info = self._need()
        return self.show_dialog(WitnessSupportDialog(self, info.witness_ref, info.witness)) if info else None

    def preflight(self) -> QWidget | None:
        from .preflight_panel import PreflightDialog

        info = self._need()
        return self.show_dialog(PreflightDialog(self, info)) if info else None

    def compare(self) -> QWidget | None:
        from .diff_view import DiffDialog

        info = self._need()
        return self.show_dialog(DiffDialog(self, self.ws.services, self.ws.reference, info)) if info else None

    def requests(self) -> QWidget | None:
        from .review_requests import ReviewRequestsDialog

        info = self._need()
        return self.show_dialog(ReviewRequestsDialog(self, info)) if info else None

    def review(self) -> QWidget | None:
        """Before handing over: the officer sets a PIN (or will use their password) and says who is present."""
        from .review_setup import ReviewSetupDialog

        info = self._need()
        if info is None:
            return None
        services = self.ws.services

        def start(pin: str | None, present: list[str]) -> str | None:
            window = self.start_review(pin, present)
            return None if window is not None else self.status.text()

        return self.show_dialog(ReviewSetupDialog(self, services.signing.review_secret(),
                                                  services.ctx.actor.full_name, start))

    def start_review(self, pin: str | None, present: list[str] | None = None,
                     speech_engines: list[str] | None = None) -> WitnessReviewWindow | None:
        """The witness review window: its own full-screen top-level window with only the statement."""
        from ..review.review_window import WitnessReviewWindow

        info = self._need()
        if info is None:
            return None
        try:
            window = WitnessReviewWindow(self.ws.services, self.ws.reference, info.number, info.witness_ref,
                                         speech_engines, pin=pin, present=present)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return None
        window.changed.connect(lambda: self.refresh(info.uid))
        window.closed.connect(lambda: self.refresh(info.uid))
        self.review_window = window
        window.showFullScreen()
        return window

    def save_statement(self, title: str = "") -> bool:
        info = self._need()
        if info is None:
            return False
        ws = self.ws
        return saving.save_document(
            self, title or f"Statement {info.number} of {info.witness}",
            f"{ws.reference}-statement-{info.number}-{info.witness_ref[:8]}.pdf",
            lambda fmt: ws.services.statements.render(ws.reference, info.number, fmt, witness=info.witness_ref),
            lambda path: self.saved(path))

    def saved(self, path: Path) -> None:
        self.status.setText(f"Saved to {path}")
        self.refresh()

    def print_for_signature(self) -> bool:
        info = self._need()
        if info is not None and info.status != "final":
            self.status.setText("Make the statement final (preflight) before printing it for a wet signature.")
            return False
        return self.save_statement("the final statement to print for a wet signature")

    def attach_scan(self) -> bool:
        info = self._need()
        if info is None:
            return False
        path = saving.ask_open_path(self, "The scan of the signed statement",
                                    "Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
        if path is None:
            return False
        present = saving.ask_names(self, "Who was present", "Officers present when the witness signed "
                                   "(names, separated by commas):", self.ws.services.ctx.actor.full_name)
        if not present:
            self.status.setText("Say who was present when the witness signed, for the signing record.")
            return False
        ws = self.ws
        try:
            stored = ws.services.evidence.add_files(ws.reference, [path], description=(
                f"Wet-signed statement {info.number} of {info.witness}"))
            uid = stored.stored[0].uid
            signed = ws.services.signing.sign(ws.reference, info.number, wet_scan_evidence=uid,
                                                 witness=info.witness_ref, present=present)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        self.refresh(info.uid)
        self.status.setText(f"Statement {signed.number} signed (wet signature, scan attached): locked, "
                            f"SHA-256 {signed.sha256}.")
        return True

    def review_pack(self) -> bool:
        """Review at home: a fillable PDF of the latest version for the officer to e-mail or print."""
        info = self._need()
        if info is None:
            return False
        ws = self.ws
        path = saving.ask_path(self, "Review pack for the witness",
                               f"{ws.reference}-statement-{info.number}-review-pack.pdf")
        if path is None:
            return False
        path = path.with_suffix(".pdf")
        try:
            pack = ws.services.review_packs.review_pack(ws.reference, info.number, witness=info.witness_ref)
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(pack.data)
            os.replace(partial, path)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        except OSError as exc:
            self.status.setText(f"The review pack could not be saved to {path}: {exc.strerror or exc}.")
            return False
        self.refresh(info.uid)
        self.status.setText(f"Review pack for statement {pack.number} version {pack.version} saved to {path}. "
                            "E-mail or print it for the witness; when it comes back, use Import returned review "
                            "pack…")
        return True

    def import_review_pack(self) -> bool:
        """The returned pack: each comment becomes a change request; an empty pack is recorded as reviewed."""
        info = self._need()
        if info is None:
            return False
        path = saving.ask_open_path(self, "The returned review pack", "PDF document (*.pdf)")
        if path is None:
            return False
        ws = self.ws
        try:
            done = ws.services.review_packs.import_review_pack(ws.reference, info.number, path,
                                                               witness=info.witness_ref)
        except ASBError as exc:
            self.status.setText(error_text(exc))
            return False
        self.refresh(info.uid)
        self.status.setText(done.summary)
        return True

    def appendix1(self) -> bool:
        ws = self.ws
        return saving.save_document(self, "Appendix 1 (risk assessment)", f"{ws.reference}-appendix-1.pdf",
                                    lambda fmt: ws.services.documents.risk_assessment(ws.reference, fmt).data,
                                    self.saved)

    def appendix2(self) -> QWidget:
        from .appendix2_form import PeiaDialog

        return self.show_dialog(PeiaDialog(self))

    def letters(self) -> QWidget:
        from .letters_dialog import LettersDialog

        return self.show_dialog(LettersDialog(self))

    def open_generated(self) -> bool:
        row = selected(self.generated)
        if row is None:
            self.status.setText("Pick a generated document first.")
            return False
        saving.when_fetched(self, self.ws.services.ctx, row["path"], row["sha256"], saving.open_file)
        return True

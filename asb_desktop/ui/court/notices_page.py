"""Notices: the types offered for the case's tenancy on the service date (and why the others are
not), what still stops a pack, manager approval, the pack written off the GUI thread, and service
with its deemed date, earliest proceedings date and lapse date."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ...court.dates import ServiceMethod
from ...court.notice_types import Offered
from ...domain.enums import Role
from ...services.casework.case_view import CaseDetail
from ...services.court.notices import NoticeInfo
from ...services.kernel.errors import RuleBlocked
from ..widgets.fields import message_label, named
from ..widgets.messages import show_error, show_message
from ..widgets.record_table_model import Column, RecordTableModel
from ..workers import Refresh
from ..workspace.base import button, refresh_failed, selected, table_view
from ..workspace.changes import Changes
from .jobs import folder_or_ask, run_call
from .notice_dialogs import ApprovalDialog, ParticularsDialog, ServiceDialog
from .tenancy_terms_dialog import TenancyTermsDialog

if TYPE_CHECKING:
    from ...services.casework.tenancy_terms import TenancyRead
    from ..workspace.host import WorkspaceHost


@dataclass(frozen=True)
class NoticesView:
    """What the notices page shows, fetched off the GUI thread."""

    on: date  # the date of service the types were chosen for
    offer: Offered
    chosen: str | None  # the type chosen (kept if still offered, else the first offered)
    blockers: list[str]  # what still stops a pack of the chosen type
    notices: list[NoticeInfo]


def day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


NOTICES = [Column("No.", lambda r: str(r["number"])), Column("Notice", lambda r: r["title"]),
           Column("Made", lambda r: day(r["generated_at"])),
           Column("Served", lambda r: (f"{r['served_at']:%d/%m/%Y %H:%M} "
                                       f"({ServiceMethod(r['served_method']).label.lower()}, {r['served_by']})")
                  if r["served_at"] else "not yet served"),
           Column("Deemed served", lambda r: day(r["deemed_served_on"])),
           Column("Proceedings from", lambda r: day(r["earliest_proceedings_on"])),
           Column("Lapses", lambda r: day(r["lapses_on"]) or ("does not lapse" if r["served_at"] else ""))]


class NoticesPage(QWidget):
    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__()
        self.ws = ws
        self.dialog: QWidget | None = None
        self.last_pack: Any = None
        self.refreshing = Refresh(self)
        svc = ws.services
        self.on_date = named(QDateEdit(QDate(svc.ctx.now().date())), "Date of service",
                             "The notice types offered depend on the tenancy and the law on this date")
        self.on_date.setDisplayFormat("dd/MM/yyyy")
        self.on_date.setCalendarPopup(True)
        self.on_date.dateChanged.connect(lambda _d: self.refresh())
        self.tenancy = message_label("Tenancy the notice types are chosen for")
        # the tenancy the notices rely on today, with its terms (the dates a notice names come from them)
        self.relied_on: TenancyRead | None = None
        self.terms_refreshing = Refresh(self)
        self.terms = message_label("Tenancy the notices rely on", "…")
        self.may_change_terms = any(svc.ctx.actor.has(r) for r in (Role.OFFICER, Role.TEAM_LEADER, Role.MANAGER))
        self.terms_button = button("Change tenancy terms…", self.change_terms)
        self.terms_button.setEnabled(False)
        self.offered = named(QListWidget(), "Notice types offered")
        self.offered.setWordWrap(True)  # long statutory names read whole, not behind a scroll bar
        self.offered.currentItemChanged.connect(lambda *_a: self.show_missing())
        self.not_offered = named(QListWidget(), "Notice types not offered, and why")
        self.not_offered.setWordWrap(True)
        self.missing = message_label("What is still needed for the chosen notice type", rich=True)
        self.model = RecordTableModel(NOTICES)
        self.table = table_view(
            "Notices made on this case", self.model,
            "No notices made yet. Choose a type above; Make notice pack… writes it once nothing stops it.")
        self.approve_button = button("&Approve…", self.approve, "Record manager approval")
        self.may_approve = svc.ctx.actor.has(Role.MANAGER) or svc.ctx.actor.has(Role.TEAM_LEADER)
        self.approve_button.setEnabled(self.may_approve)
        self.approve_button.setToolTip("Record a manager's or team leader's approval to serve the chosen notice type"
                                       if self.may_approve else
                                       "Only a manager or team leader records approval to serve a notice.")
        bar = QHBoxLayout()
        for b in (button("Make notice pack…", self.make_pack, primary="notice"), self.approve_button,
                  button("Record service…", self.record_service)):
            bar.addWidget(b)
        bar.addStretch(1)
        form = QFormLayout()
        form.addRow("Date of service", self.on_date)
        form.addRow("Tenancy type", self.tenancy)
        terms_row = QHBoxLayout()
        terms_row.addWidget(self.terms, 1)
        terms_row.addWidget(self.terms_button)
        form.addRow("Tenancy today", terms_row)
        lists = QSplitter()
        for title, widget in (("Offered", self.offered), ("Not offered, and why", self.not_offered)):
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(message_label(title, f"<b>{title}</b>", rich=True))
            col.addWidget(widget)
            lists.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(lists, 2)
        layout.addWidget(self.missing)
        layout.addLayout(bar)
        layout.addWidget(self.table, 2)

    # ------------------------------------------------------------------ loading
    @property
    def busy(self) -> bool:
        return self.refreshing.busy or self.terms_refreshing.busy

    def load(self, _detail: CaseDetail) -> None:
        self.refresh()
        self.refresh_terms()

    def refresh_terms(self) -> None:
        """Fetch off the GUI thread the tenancy the notices rely on today, then show its terms in one line."""
        terms, reference = self.ws.services.tenancy_terms, self.ws.reference

        def fetch() -> TenancyRead | None:
            return next((t for t in terms.tenancies(reference) if t.relied_on), None)

        self.terms_refreshing.start(fetch, self._fill_terms, self._refresh_failed)

    def _fill_terms(self, tenancy: TenancyRead | None) -> None:
        self.relied_on = tenancy
        if tenancy is None:
            self.terms.setText("None is recorded for the alleged perpetrator or the property.")
        else:
            summary = tenancy.summary
            self.terms.setText(f"{summary[:1].upper()}{summary[1:]} ({tenancy.tenant}); the dates a notice names "
                               "are worked out from its rent period and start date.")
        self.terms_button.setEnabled(tenancy is not None and self.may_change_terms)
        self.terms_button.setToolTip(
            "Correct the rent period or start date the notices' dates are worked out from" if self.may_change_terms
            else "Only an officer, team leader or manager can change a tenancy's terms.")

    def change_terms(self) -> None:
        if self.relied_on is None:
            show_message(self, "No tenancy is recorded for this case: record one with 'asb tenancy add'.")
            return
        self.dialog = TenancyTermsDialog(self, self.ws.services, self.relied_on, self._terms_saved)
        self.dialog.open()

    def _terms_saved(self, _saved: TenancyRead | None) -> None:
        """Saved (or refused as changed by someone else): show the terms as they are now, and the notice
        types and what still stops a pack, which may rest on them."""
        self.refresh_terms()
        self.refresh()

    def chosen_date(self) -> date:
        return self.on_date.date().toPython()  # type: ignore[return-value]

    def refresh(self) -> None:
        """Fetch off the GUI thread the notice types for the chosen date, what still stops the chosen
        (or first offered) type, and the notices made; then show them."""
        notices, reference = self.ws.services.notices, self.ws.reference  # the job touches no widget
        on, wanted = self.chosen_date(), self.chosen_type()

        def fetch() -> NoticesView:
            offer = notices.types(reference, on)
            ids = [t.id for t in offered_sorted(offer.offered)]
            kind = wanted if wanted in ids else (ids[0] if ids else None)
            return NoticesView(on, offer, kind, notices.blockers(reference, kind) if kind else [],
                               notices.list(reference))

        self.refreshing.start(fetch, self._fill, self._refresh_failed)

    def _fill(self, view: NoticesView) -> None:
        offer = view.offer
        kind = (offer.tenancy_type or "not recorded").replace("_", " ")
        self.tenancy.setText(f"{kind[:1].upper()}{kind[1:]} on {view.on:%d/%m/%Y}.")
        self.offered.blockSignals(True)  # the blockers of the chosen type came with the types
        self.offered.clear()
        for t in offered_sorted(offer.offered):
            item = QListWidgetItem(f"{t.title} ({t.legal_basis})")
            item.setData(256, t.id)
            item.setData(257, bool(t.give_up_date))  # the notice specifies the date sought for giving up possession
            self.offered.addItem(item)
            if t.id == view.chosen:
                self.offered.setCurrentItem(item)
        self.offered.blockSignals(False)
        self.not_offered.clear()
        for r in offer.not_offered:
            self.not_offered.addItem(f"{r.title}: {'; '.join(r.reasons)}")
        self.show_missing(view.blockers)
        self.model.set_records([asdict(n) for n in view.notices])
        self.table.resizeColumnsToContents()

    def _refresh_failed(self, exc: BaseException) -> None:
        refresh_failed(self.ws, self, exc)

    def chosen_type(self) -> str | None:
        item = self.offered.currentItem()
        return item.data(256) if item is not None else None

    def blockers(self) -> list[str]:
        kind = self.chosen_type()
        if kind is None:
            return ["No notice type is offered for this case on this date."]
        ok, reasons = self.ws.call(self.ws.services.notices.blockers, self.ws.reference, kind)
        return reasons if ok else ["The case could not be checked."]

    def show_missing(self, reasons: list[str] | None = None) -> None:
        """What still stops the chosen type: ``reasons`` as fetched, or asked for now (the officer chose a type)."""
        if reasons is None:
            reasons = self.blockers() if self.chosen_type() else []
        waiting = any(r.startswith("No manager approval is recorded") for r in reasons)
        self.approve_button.setDefault(waiting and self.may_approve)  # the one thing this user can do next
        if reasons:
            items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
            self.missing.setText(f"<p><b>The pack cannot be made yet.</b> Still needed:</p><ul>{items}</ul>")
        else:
            self.missing.setText("<p><b>Ready:</b> the pack can be made.</p>" if self.chosen_type() else "")

    # ------------------------------------------------------------------ actions
    def make_pack(self, folder: Path | None = None, particulars: str | None = None,
                  editor: ParticularsDialog | None = None) -> bool:
        """Refused with the plain list of what is missing. From the button (no folder, no particulars) it
        first shows the particulars drafted from the incidents to edit; then it asks for a folder and
        writes the pack there off the GUI thread. The particulars dialog closes only once the pack is
        made, so a refusal (a withheld name typed in) loses nothing."""
        kind = self.chosen_type()
        reasons = self.blockers()
        if reasons:
            show_error(self, RuleBlocked(["The notice pack cannot be made yet:"] + reasons))
            return False
        if folder is None and particulars is None:
            self.dialog = ParticularsDialog(self, self.ws, str(kind), self.offered.currentItem().text(),
                                            lambda text, editor: self.make_pack(particulars=text, editor=editor),
                                            give_up=bool(self.offered.currentItem().data(257)))
            self.dialog.open()
            return False
        folder = folder_or_ask(self, folder, "Folder for the notice pack")
        if folder is None:
            return False
        svc, ref, out = self.ws.services, self.ws.reference, folder
        chosen = editor.choices() if editor is not None else {}
        if editor is not None:
            editor.set_busy(True)  # one pack at a time; the text stays as typed if it is refused

        def end() -> None:
            if editor is not None and isValid(editor):
                editor.set_busy(False)

        def done(info: Any) -> None:
            self.last_pack = info
            if editor is not None and isValid(editor):
                editor.close()
            names = "\n".join(f"• {f['title']} ({f['file']})" for f in info.files)
            note = f"\n\n{info.note}" if info.note else ""
            show_message(self, f"Notice pack {info.number} ({info.title}) was written to {folder}:\n\n{names}{note}",
                         "Notice pack made")
            self.ws.reload(Changes.COURT | Changes.DOCUMENTS | Changes.TASKS)

        parent = editor if editor is not None and isValid(editor) else self  # a refusal shows over the editor
        run_call(parent, "Making the notice pack…",
                 lambda: svc.notices.pack(ref, str(kind), out, particulars=particulars, **chosen), done, end)
        return False  # the particulars dialog stays open until the pack is made

    def selected_notice(self) -> dict[str, Any] | None:
        record = selected(self.table)
        if record is None and self.model.rowCount() == 1:
            record = self.model.record(0)
        return record

    def approve(self) -> None:
        kind = self.chosen_type()
        if kind is None:
            show_message(self, "Choose a notice type that is offered for this case first.")
            return
        self.dialog = ApprovalDialog(self, self.ws, kind, self.offered.currentItem().text(), self.refresh)
        self.dialog.open()

    def record_service(self) -> None:
        notice = self.selected_notice()
        if notice is None:
            show_message(self, "Choose the notice that was served in the list first.")
            return
        self.dialog = ServiceDialog(self, self.ws, notice)
        self.dialog.open()


def offered_sorted(types: list[Any]) -> list[Any]:
    return sorted(types, key=lambda t: (t.kind != "notice", t.title))

"""The "Notices and bundle" tab in the real main window, offscreen, on a demo-like case whose legal
gate is open (non-legal remedy tried, 14.1 exception, Appendix 2 signed off), SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtPdf import QPdfBookmarkModel
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.workspace import settled

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm import User
from asb_desktop.storage.orm_court import Notice
from asb_desktop.ui.court.court_tab import CourtTab
from asb_desktop.ui.main_window import MainWindow
from asb_desktop.ui.workers import RUNNER


@pytest.fixture(autouse=True)
def inline_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RUNNER, "synchronous", True)


def manager(ctx: Context) -> Services:
    with ctx.session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        actor = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    return Services(Context(ctx.engine, actor, ctx.data_dir, clock=ctx.clock))


def court_tab(qtbot: QtBot, ctx: Context, as_manager: bool = False) -> tuple[MainWindow, CourtTab]:
    ref = rich_case(ctx)
    window = MainWindow(manager(ctx) if as_manager else Services(ctx))
    qtbot.addWidget(window)
    window.show()
    ws = window.case_tabs.open_case(ref)
    assert ws is not None
    tab = ws.page("Notices and bundle")
    assert isinstance(tab, CourtTab)
    settled(qtbot, ws)  # the tab fetches its notices and bundle versions off the GUI thread
    return window, tab


def messages(window: MainWindow) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def dismiss(window: MainWindow) -> None:
    for box in window.findChildren(QMessageBox):
        box.close()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_notice_types_pack_refused_then_made_and_service_dates(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    window, tab = court_tab(qtbot, ctx)
    page = tab.notices
    page.on_date.setDate(QDate(2026, 12, 1))
    settled(qtbot, page.ws)  # the types for that date are fetched off the GUI thread
    offered = {page.offered.item(i).data(256) for i in range(page.offered.count())}
    assert "s83_ground2" in offered and "s8_ground14" not in offered
    reasons = [page.not_offered.item(i).text() for i in range(page.not_offered.count())]
    assert any("Ground 7A" in r and "it applies to assured" in r and "not secure" in r for r in reasons), reasons
    assert "Secure on" in page.tenancy.text()
    row = next(i for i in range(page.offered.count()) if page.offered.item(i).data(256) == "s83_ground2")
    page.offered.setCurrentRow(row)
    assert "No manager approval is recorded" in page.missing.text()
    assert not page.approve_button.isEnabled()  # the officer cannot approve their own notice
    page.make_pack(tmp_path / "pack")
    assert any("cannot be made yet" in m and "No manager approval" in m for m in messages(window))
    assert not (tmp_path / "pack").exists()
    dismiss(window)

    manager(ctx).notices.approve(tab.ws.reference, "s83_ground2", "Proportionate")
    tab.ws.reload()
    settled(qtbot, tab.ws)
    assert "Ready" in page.missing.text()
    page.make_pack(tmp_path / "pack")
    qtbot.waitUntil(lambda: page.last_pack is not None)
    assert sorted(p.name for p in (tmp_path / "pack").iterdir())[0] == "01-notice.pdf"
    assert any("Notice pack 1" in m for m in messages(window))
    dismiss(window)
    settled(qtbot, tab.ws)
    assert page.model.rowCount() == 1 and page.model.data(page.model.index(0, 3)) == "not yet served"

    page.record_service()
    dialog = page.dialog
    dialog.method.setCurrentIndex(dialog.method.findData("first_class_post"))
    dialog.at.setDateTime(QDateTime(datetime(2026, 11, 20, 10, 0)))  # a Friday
    assert "Monday 23/11/2026" in dialog.dates.text() and "the second day after, Sun 22/11/2026" in dialog.dates.text()
    # twelve months after the date sought for giving up possession (the pack's default: posted Mon 23/11, deemed
    # Wed 25/11, four weeks on is 23/12/2026), not after service (s83(3)(b) Housing Act 1985)
    assert "The notice lapses: <b>23/12/2027 (twelve months after the date sought for giving up possession, " \
        "23/12/2026)</b>" in dialog.dates.text()
    dialog.by.setText("Sam Server")
    dialog.ok_button.click()
    settled(qtbot, tab.ws)
    assert [page.model.data(page.model.index(0, c)) for c in (4, 5, 6)] == ["23/11/2026", "23/11/2026", "23/12/2027"]
    assert "Sam Server" in page.model.data(page.model.index(0, 3))


def test_bundle_built_from_the_page_reordered_previewed_and_stopped_by_a_withheld_name(
        qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    window, tab = court_tab(qtbot, ctx)
    svc = Services(ctx)
    letter = svc.documents.letter(tab.ws.reference, "warning_letter", "pdf").document
    svc.documents.risk_assessment(tab.ws.reference, "pdf")
    page = tab.bundle
    tab.pages.setCurrentWidget(page)  # shown: the default sections are laid out
    page.hearing.setCurrentIndex(page.hearing.findData("injunction"))
    model = page.model
    titles = [s.title for s in model.sections]
    assert titles[0] == "Chronology" and "Notices, assessments and correspondence" in titles
    last = titles.index("Notices, assessments and correspondence")
    docs = model.sections[last].documents
    assert {d.kind for d in docs} == {"assessment", "letter"}

    # drag the warning letter to the top of the first section: the drop moves it
    src = model.index([d.key for d in docs].index(f"document:{letter.uid}"), 0, model.index(last, 0))
    mime = model.mimeData([src])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, model.index(0, 0))
    assert model.sections[0].documents[0].key == f"document:{letter.uid}"
    assert model.sections[0].documents[1].title == "Chronology (schedule of incidents)"
    assert page.checks.count() >= 1

    out = tmp_path / "bundle.pdf"
    page.build(out)
    qtbot.waitUntil(lambda: page.last_build is not None, timeout=60000)
    built = page.last_build
    assert out.is_file() and built.entries[0]["key"] == f"document:{letter.uid}" and built.entries[0]["number"] == "A1"
    assert {e["kind"] for e in built.entries} >= {"letter", "assessment", "chronology"}
    assert "We have received reports of anti-social behaviour" in pdf_text(out)
    settled(qtbot, page.ws)  # the issued versions are listed again off the GUI thread
    assert page.versions.rowCount() == 1
    dismiss(window)

    preview = page.dialog.preview
    bookmarks = preview.bookmarks
    assert bookmarks.rowCount() >= 3
    first_section = bookmarks.index(1, 0)
    letter_mark = bookmarks.index(0, 0, first_section)
    assert "Warning letter" in letter_mark.data(int(QPdfBookmarkModel.Role.Title))
    other = bookmarks.index(bookmarks.rowCount() - 1, 0)
    preview.go_to(other)
    assert preview.current_page() == other.data(int(QPdfBookmarkModel.Role.Page)) + 1 > 1
    preview.go_to(letter_mark)
    assert preview.current_page() == built.entries[0]["first_page"]
    # previewing the issued version again: held here, so shown at once; once gone, said plainly
    page.dialog.close()
    first = page.dialog
    page.preview_selected()
    assert page.dialog is not first and page.dialog.isVisible()
    page.dialog.close()
    issued = ctx.data_dir / page.versions.record(0).path
    issued.rename(issued.with_name("aside.pdf"))
    page.preview_selected()  # looked for in the team file store off the GUI thread: in neither place
    qtbot.waitUntil(lambda: any(b.windowTitle() == "File missing" for b in window.findChildren(QMessageBox)),
                    timeout=15000)
    dismiss(window)
    issued.with_name("aside.pdf").rename(issued)

    # a file carrying the withheld witness's phone number stops the export and says where
    from reportlab.pdfgen.canvas import Canvas

    leak = tmp_path / "Officer note.pdf"
    c = Canvas(str(leak))
    c.drawString(72, 700, "Call the witness on 020 7946 0000")
    c.save()
    page.tree.setCurrentIndex(model.index(0, 0))
    page.add_file([leak])  # into the chosen section
    qtbot.waitUntil(lambda: any(d.title == "Officer note" for d in model.sections[0].documents))
    page.last_build = None
    page.build(tmp_path / "bundle2.pdf")
    qtbot.waitUntil(lambda: any("withheld witness (1) on page" in m for m in messages(window)))
    assert any("(Officer note)" in m for m in messages(window))
    assert page.last_build is None and not (tmp_path / "bundle2.pdf").exists()
    assert page.versions.rowCount() == 1
    dismiss(window)
    page.export_media(tmp_path / "disc")  # this case has no recordings: said plainly, nothing written
    qtbot.waitUntil(lambda: any("has no audio or video exhibits" in m for m in messages(window)))
    assert not (tmp_path / "disc").exists()


def test_tree_model_drops_sections_and_documents_and_a_reload_keeps_the_order(qtbot: QtBot) -> None:
    from asb_desktop.court.bundle import BundleDocument, BundleSection
    from asb_desktop.ui.court.bundle_model import BundleTreeModel, merge_layout

    def doc(key: str) -> BundleDocument:
        return BundleDocument(key.upper(), Path(f"/x/{key}.pdf"), key=key)

    model = BundleTreeModel()
    model.set_sections([BundleSection("One", [doc("a"), doc("b")]), BundleSection("Two", [doc("c")])])
    move = Qt.DropAction.MoveAction
    model.dropMimeData(model.mimeData([model.index(1, 0)]), move, 0, 0, model.index(-1, -1))  # section Two first
    assert [s.title for s in model.sections] == ["Two", "One"]
    a = model.index(0, 0, model.index(1, 0))
    model.dropMimeData(model.mimeData([a]), move, -1, 0, model.index(0, 0, model.index(0, 0)))  # onto "c"
    assert [[d.key for d in s.documents] for s in model.sections] == [["c", "a"], ["b"]]
    assert model.setData(model.index(1, 0), "Renamed") and model.sections[1].title == "Renamed"
    assert not model.setData(model.index(1, 0), "Two")  # titles stay unique
    fresh = [BundleSection("One", [doc("a"), doc("b"), doc("new"), doc("e")]), BundleSection("Three", [doc("d")])]
    merged = merge_layout(model.sections, {"e"}, fresh)  # "c" gone from the case, "e" left out by the officer
    assert [(s.title, [d.key for d in s.documents]) for s in merged] == [
        ("Two", ["a"]), ("Renamed", ["b"]), ("One", ["new"]), ("Three", ["d"])]


def test_particulars_editor_drafted_redrafted_refused_then_used_in_the_notice(
        qtbot: QtBot, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit
    from shiboken6 import isValid

    from asb_desktop.ui.court import notices_page
    from asb_desktop.ui.court.notice_dialogs import ParticularsDialog

    window, tab = court_tab(qtbot, ctx)
    page = tab.notices
    manager(ctx).notices.approve(tab.ws.reference, "s83_ground2", "Proportionate")
    tab.ws.reload()
    settled(qtbot, tab.ws)
    page.offered.setCurrentRow(next(i for i in range(page.offered.count())
                                    if page.offered.item(i).data(256) == "s83_ground2"))
    monkeypatch.setattr(notices_page, "folder_or_ask", lambda _parent, _given, _title: tmp_path / "pack")
    qtbot.mouseClick(next(b for b in page.findChildren(QAbstractButton) if b.text() == "Make notice pack…"),
                     Qt.MouseButton.LeftButton)
    editor = page.dialog
    assert isinstance(editor, ParticularsDialog) and editor.isVisible()
    qtbot.waitUntil(lambda: not editor.busy and editor.signer.count() > 0)  # drafted off the GUI thread
    signers = Services(ctx).notices.signatories(tab.ws.reference, "s83_ground2")
    assert [editor.signer.itemData(i) for i in range(editor.signer.count())] == [x.username for x in signers]
    # the computer's default account may not sign: the approving manager is suggested, and shown as such
    assert editor.signer.currentText() == "Siobhán Ní Bhriain (manager) (suggested)"
    assert "root" not in [x.username for x in signers]
    editor.method.setCurrentIndex(editor.method.findData("by_hand"))
    # s83(3)(a)(ii): the date sought for giving up possession, by default four weeks after deemed service
    assert editor.give_up_default is not None and editor.give_up is not None
    assert editor.give_up_default.isChecked() and not editor.give_up.isEnabled()
    assert "give_up_on" not in editor.choices()
    editor.give_up_default.setChecked(False)
    assert editor.give_up.isEnabled() and editor.give_up.accessibleName() == "Date sought for giving up possession"
    editor.give_up.setDate(QDate(2027, 2, 1))
    assert editor.choices()["give_up_on"] == date(2027, 2, 1)
    drafted = editor.text.toPlainText()
    assert drafted == Services(ctx).notices.draft_particulars(tab.ws.reference, "s83_ground2")
    assert drafted.startswith("1. On 18/11/2026 at 14:05") and "3. On 20/11/2026 at 23:30" in drafted
    controls = [editor.text, *editor.findChildren(QAbstractButton)]
    assert {c.accessibleName() for c in controls} >= {"Particulars of the grounds", "Make pack…", "Cancel",
                                                      "Redraft the particulars from the incidents"}
    assert all(c.accessibleName() for c in controls + editor.findChildren(QPlainTextEdit))

    editor.text.setPlainText("   \n\n  ")
    editor.ok_button.click()
    qtbot.waitUntil(lambda: any("particulars: are empty" in m for m in messages(window)))
    assert editor.isVisible() and page.last_pack is None and not (tmp_path / "pack").exists()
    dismiss(window)

    typed = drafted + "\n\n4. 李小龍 saw it from the landing."  # the rich case's withheld witness
    editor.text.setPlainText(typed)
    editor.ok_button.click()  # refused: the withheld name typed back in; the text is kept
    qtbot.waitUntil(lambda: any("withheld witness (1)" in m for m in messages(window)))
    assert not any("小龍" in m for m in messages(window))
    assert editor.isVisible() and editor.text.toPlainText() == typed and editor.ok_button.isEnabled()
    assert page.last_pack is None and not (tmp_path / "pack").exists()
    dismiss(window)

    editor.text.setPlainText("My own words.")
    qtbot.mouseClick(editor.redraft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.busy)
    assert editor.text.toPlainText() == drafted
    editor.text.undo()  # a redraft can be taken back
    assert editor.text.toPlainText() == "My own words."

    editor.text.setPlainText("1. On 20/11/2026 the tenant played music until 3am.\n\n2. A neighbour could not sleep.")
    editor.ok_button.click()
    qtbot.waitUntil(lambda: page.last_pack is not None)
    assert not isValid(editor) or not editor.isVisible()
    notice = " ".join(pdf_text(tmp_path / "pack" / "01-notice.pdf").split())
    assert "1. On 20/11/2026 the tenant played music until 3am. 2. A neighbour could not sleep." in notice
    assert "Name: Siobhán Ní Bhriain (manager), for and on behalf of" in notice
    assert "to give up possession of the dwelling-house: 1 February 2027." in notice
    assert "This notice ceases to be in force on 1 February 2028" in notice
    assert page.last_pack.signed_by == "Siobhán Ní Bhriain (manager)"
    with ctx.session() as s:  # served as chosen in the dialog: the dates in the notice follow from it
        assert s.scalar(select(Notice.planned_method).where(Notice.number == 1)) == "by_hand"
    assert any("Notice pack 1" in m for m in messages(window))
    dismiss(window)


def test_a_manager_approves_a_notice_with_a_button(qtbot: QtBot, ctx: Context) -> None:
    """Issue 20: no one types a command to approve a notice; the reason it waits is on the page."""
    page = court_tab(qtbot, ctx, as_manager=True)[1].notices
    page.on_date.setDate(QDate(2026, 12, 1))
    settled(qtbot, page.ws)  # the types for that date are fetched off the GUI thread
    page.offered.setCurrentRow(next(i for i in range(page.offered.count())
                                    if page.offered.item(i).data(256) == "s83_ground2"))
    assert "waiting for a manager or team leader to approve it" in page.missing.text()
    assert page.approve_button.isEnabled() and page.approve_button.isDefault()
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    page.dialog.reason.setPlainText("Proportionate: injunction breached twice")
    page.dialog.ok_button.click()
    settled(qtbot, page.ws)
    assert "Ready" in page.missing.text() and not page.approve_button.isDefault()


def test_the_tenancy_the_notices_rely_on_is_shown_and_its_terms_corrected(qtbot: QtBot, ctx: Context) -> None:
    from test_pages import unnamed_controls

    from asb_desktop.storage.orm import Tenancy
    from asb_desktop.ui.court.tenancy_terms_dialog import TenancyTermsDialog

    window, tab = court_tab(qtbot, ctx)
    page = tab.notices
    assert page.terms.text().startswith("Secure, rent period not recorded, from 7 April 2025")
    assert page.terms_button.isEnabled() and page.terms_button.accessibleName() == "Change tenancy terms"
    page.terms_button.click()
    dialog = page.dialog
    assert isinstance(dialog, TenancyTermsDialog) and unnamed_controls(dialog) == []
    assert dialog.rent_period.currentData() is None and dialog.start.date() == QDate(2025, 4, 7)
    dialog.rent_period.setCurrentIndex(dialog.rent_period.findData("weekly"))
    dialog.start.setDate(QDate(2025, 4, 14))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "weekly rent" in page.terms.text())
    settled(qtbot, tab.ws)
    assert page.terms.text().startswith("Secure, weekly rent, from 14 April 2025")
    with ctx.session() as s:
        assert [(t.rent_period, t.start_date, t.version) for t in s.scalars(select(Tenancy))
                if t.end_date is None] == [("weekly", date(2025, 4, 14), 2)]

    # someone else changes it meanwhile: the save is refused, nothing is written, the line shows theirs
    page.terms_button.click()
    dialog = page.dialog
    manager(ctx).tenancy_terms.set_tenancy_terms(page.relied_on.uid, rent_period="monthly", version=2)
    dialog.rent_period.setCurrentIndex(dialog.rent_period.findData("fortnightly"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: any("changed by someone else" in m for m in messages(window)))
    qtbot.waitUntil(lambda: "monthly rent" in page.terms.text())
    dismiss(window)
    settled(qtbot, tab.ws)

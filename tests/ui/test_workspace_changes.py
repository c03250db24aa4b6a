"""An edit says what it changed; the workspace re-reads the case off the GUI thread and refreshes only
the tabs that show those parts (the header and the Summary always); the tabs that need more than the case
fetch it off the GUI thread too. Offscreen, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from support.workspace import settled
from test_workspace import open_ws

from asb_desktop.services import Services
from asb_desktop.services.casework.queries import QueryService
from asb_desktop.services.court.bundles import BundleService
from asb_desktop.services.court.notices import NoticeService
from asb_desktop.services.documents.documents import DocumentService
from asb_desktop.services.documents.statements import StatementService
from asb_desktop.services.documents.witness_support import WitnessSupportService
from asb_desktop.services.evidence.diary import DiaryService
from asb_desktop.services.evidence.evidence import EvidenceService
from asb_desktop.services.kernel.context import Context
from asb_desktop.ui.workspace.changes import Changes
from asb_desktop.ui.workspace.workspace import CaseWorkspace


def count_loads(ws: CaseWorkspace) -> Counter[str]:
    """How many times each tab (and the header) was refreshed from now on."""
    loads: Counter[str] = Counter()

    def counted(title: str, load: Callable[..., None]) -> Callable[..., None]:
        def load_and_count(*args: Any) -> None:
            loads[title] += 1
            load(*args)
        return load_and_count

    for title, page in ws.pages.items():
        page.load = counted(title, page.load)  # type: ignore[method-assign]
    ws.header.show_case = counted("header", ws.header.show_case)  # type: ignore[method-assign]
    return loads


def test_a_task_edit_refreshes_the_tasks_tab_and_not_the_people_tab(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    tab = ws.page("Tasks and contacts")
    loads = count_loads(ws)
    tab.tasks.selectRow(0)
    tab.complete_task()
    assert ws.busy and loads == Counter()  # the read has only started: nothing refreshed on the GUI thread yet
    settled(qtbot, ws)
    assert all(t.done_at for t in ws.detail.tasks)
    assert tab.tasks_model.record(0).done_at is not None  # the edit shows as soon as the read is shown
    assert loads == Counter({"header": 1, "Summary": 1, "Tasks and contacts": 1})
    ws.undo_stack.undo()
    settled(qtbot, ws)
    assert tab.tasks_model.record(0).done_at is None
    assert loads["Tasks and contacts"] == 2 and loads["People"] == loads["Evidence"] == loads["Court"] == 0


def test_a_party_edit_refreshes_the_people_tab_and_not_the_tasks_tab(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    people = ws.page("People")
    loads = count_loads(ws)
    people.table.selectRow(0)  # the complainant
    people.withhold()
    settled(qtbot, ws)
    assert "now withheld" in people.status.text()
    assert loads["People"] == 1 and loads["Summary"] == 1 and loads["header"] == 1
    assert loads["Tasks and contacts"] == loads["Risk"] == loads["Incidents"] == 0


def test_reload_case_refreshes_every_tab(qtbot: QtBot, ctx: Context) -> None:
    window, ws = open_ws(qtbot, ctx)
    loads = count_loads(ws)
    ws.reload()  # F5, or after a conflict: someone else may have changed anything
    settled(qtbot, ws)
    assert loads == Counter({title: 1 for title in [*ws.pages, "header"]})


def test_the_case_is_re_read_off_the_gui_thread(qtbot: QtBot, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    window, ws = open_ws(qtbot, ctx)
    gui = QCoreApplication.instance().thread()
    threads: list[QThread] = []
    read = QueryService.case_detail

    def case_detail(self: QueryService, reference: str) -> Any:
        threads.append(QThread.currentThread())
        return read(self, reference)

    monkeypatch.setattr(QueryService, "case_detail", case_detail)
    ws.execute(ws.edits.add_note("Spoke to the complainant.", "general", ctx.now(), False, False))
    settled(qtbot, ws)
    assert threads and all(t is not gui for t in threads)
    assert [n.text for n in ws.detail.notes] == ["Spoke to the complainant."]
    timeline = ws.pages["Summary"].model
    assert any(timeline.data(timeline.index(r, 2)) == "Spoke to the complainant."
               for r in range(timeline.rowCount()))


def test_reloads_asked_for_during_a_read_are_merged_into_one_more(qtbot: QtBot, ctx: Context,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window, ws = open_ws(qtbot, ctx)
    release, reads = threading.Event(), []
    read = QueryService.case_detail

    def slow_case_detail(self: QueryService, reference: str) -> Any:
        reads.append(reference)
        assert release.wait(5)
        return read(self, reference)

    monkeypatch.setattr(QueryService, "case_detail", slow_case_detail)
    loads = count_loads(ws)
    ws.reload(Changes.TASKS)
    qtbot.waitUntil(lambda: len(reads) == 1)
    ws.reload(Changes.PARTIES)
    ws.reload(Changes.RISK)
    QCoreApplication.processEvents()  # the window still answers while the case is read
    assert ws.busy and len(reads) == 1 and loads == Counter()
    release.set()
    settled(qtbot, ws)
    assert len(reads) == 2  # one read for the two asked for while the first ran
    assert loads["Tasks and contacts"] == 1 and loads["People"] == 1 and loads["Risk"] == 1
    assert loads["Summary"] == loads["header"] == 2 and loads["Incidents"] == 0


# The reads the Evidence, Documents and "Notices and bundle" tabs make beyond the case itself.
TAB_READS = [(EvidenceService, "list_items"), (DiaryService, "entries"), (StatementService, "list"),
             (DocumentService, "generated"), (WitnessSupportService, "warnings"), (NoticeService, "types"),
             (NoticeService, "list"), (BundleService, "versions")]


def test_the_evidence_documents_and_court_tabs_fetch_off_the_gui_thread(
        qtbot: QtBot, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, ws = open_ws(qtbot, ctx)
    settled(qtbot, ws)
    Services(ctx).risk.assess(ws.reference, {"targeted": True, "repeat": True, "violence": True, "fear": True})
    calls: list[tuple[str, bool]] = []  # (service method, called on the GUI thread)

    def spied(cls: type, name: str) -> Callable[..., Any]:
        method = getattr(cls, name)

        def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append((f"{cls.__name__}.{name}", threading.current_thread() is threading.main_thread()))
            return method(self, *args, **kwargs)
        return spy

    for cls, name in TAB_READS:
        monkeypatch.setattr(cls, name, spied(cls, name))
    photo = tmp_path / "door.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(photo))
    evidence, documents = ws.pages["Evidence"], ws.pages["Documents"]
    assert evidence.model.rowCount() == 0 and documents.generated_model.rowCount() == 0
    ok, _ = ws.change(Changes.EVIDENCE, ws.services.evidence.add_files, ws.reference, [photo])
    assert ok
    ok, _ = ws.change(Changes.DOCUMENTS, ws.services.documents.risk_assessment, ws.reference, "pdf")
    assert ok
    assert not any(on_gui for _name, on_gui in calls)  # nothing fetched on the GUI thread yet, nor later
    settled(qtbot, ws)
    assert {name for name, _on_gui in calls} == {f"{cls.__name__}.{name}" for cls, name in TAB_READS}
    assert not any(on_gui for _name, on_gui in calls), [name for name, on_gui in calls if on_gui]
    assert evidence.model.rowCount() == 1 and evidence.model.item(0).original_name == "door.png"
    assert evidence.status.text() == "1 items (0 recordings)."
    assert documents.generated_model.rowCount() == 1
    assert "Appendix 1" in documents.generated_model.record(0)["title"]
    assert ws.pages["Notices and bundle"].notices.offered.count() > 0

"""File > File store… (issue 15): which store is in use and where, moving the files into the team
database with progress and Cancel (resumable), refused on SQLite, and this machine's shared folder;
administrators only, enforced by the service."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).parents[1] / "evidence"))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))

from case_factory import minimal_case  # noqa: E402
from media_factory import write_pdf  # noqa: E402

from asb_desktop.domain.enums import Role  # noqa: E402
from asb_desktop.evidence.db_store import DatabaseStore  # noqa: E402
from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.admin.file_store import FileStoreService, Progress  # noqa: E402
from asb_desktop.services.admin.users import sign_in  # noqa: E402
from asb_desktop.services.evidence.evidence import EvidenceService  # noqa: E402
from asb_desktop.services.kernel.context import Actor, Context  # noqa: E402
from asb_desktop.services.kernel.errors import PermissionDenied  # noqa: E402
from asb_desktop.ui.dialogs import file_store_dialog  # noqa: E402
from asb_desktop.ui.dialogs.file_store_dialog import FileStoreDialog  # noqa: E402
from asb_desktop.ui.main_window import MainWindow  # noqa: E402
from asb_desktop.ui.workers import RUNNER  # noqa: E402

REF = "ASB-2026-00007"


def _with_files(ctx: Context, tmp_path: Path, n: int) -> None:
    minimal_case(ctx, REF)
    stored = EvidenceService(ctx).add_files(REF, [write_pdf(tmp_path / f"f{i}.pdf", text=f"File {i}")
                                                  for i in range(n)]).stored
    assert len(stored) == n


def test_the_dialog_shows_the_store_and_refuses_the_move_on_sqlite(qtbot: QtBot, ctx: Context) -> None:
    window = MainWindow(Services(ctx))
    qtbot.addWidget(window)
    assert window.file_store_action.text() == "File &store…"
    dialog = FileStoreDialog(Services(ctx), window)
    qtbot.addWidget(dialog)
    assert dialog.in_use.text() == f"Stored files are kept in {ctx.data_dir / 'evidence'}."
    assert dialog.where.text() == f"Folder store: {ctx.data_dir / 'evidence'}"
    if ctx.engine.dialect.name == "sqlite":
        assert not dialog.move_button.isEnabled()
        assert "single-user SQLite database" in dialog.move_button.toolTip()
        assert "single-user SQLite database" in dialog.move_result.text()
    else:
        assert dialog.move_button.isEnabled() and not dialog.move_button.toolTip()


def test_this_machines_shared_folder_is_set_with_a_picker(qtbot: QtBot, ctx: Context, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "mounted share"
    share.mkdir()
    dialog = FileStoreDialog(Services(ctx))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(file_store_dialog.QFileDialog, "getExistingDirectory", lambda *_a: str(share))
    dialog.browse()
    dialog.save_folder_button.click()
    assert dialog.folder_result.text() == f"On this machine the evidence folder is {share}."
    assert FileStoreService(ctx).status().machine_folder == share
    if ctx.engine.dialect.name == "sqlite":
        assert dialog.in_use.text() == f"Stored files are kept in {share}."
    dialog.folder.setText(str(tmp_path / "not mounted"))
    dialog.save_folder_button.click()
    assert "is not a folder on this machine" in dialog.folder_result.text()
    assert FileStoreService(ctx).status().machine_folder == share  # unchanged


def test_an_officer_is_refused_by_the_service(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    service = FileStoreService(Context(ctx.engine, Actor(ctx.actor.id, "officer1", "Olu Officer", "OO",
                                                         frozenset({Role.OFFICER})), ctx.data_dir, clock=ctx.clock))
    with pytest.raises(PermissionDenied):
        service.migrate_to_database()
    with pytest.raises(PermissionDenied):
        service.set_machine_folder(str(tmp_path))
    assert service.status().machine_folder is None and not service.status().database
    window = MainWindow(Services(service.ctx))  # the menu has no File store item for them
    qtbot.addWidget(window)
    assert not hasattr(window, "file_store_action")


@pytest.mark.postgres
def test_the_move_shows_progress_can_be_cancelled_and_carries_on(qtbot: QtBot, pg_schema_url: str,
                                                                tmp_path: Path) -> None:
    from asb_desktop.storage.db import make_engine, upgrade

    engine = make_engine(pg_schema_url)
    upgrade(engine)
    ctx = Context(engine, sign_in(engine), tmp_path / "data")
    _with_files(ctx, tmp_path, 3)
    dialog = FileStoreDialog(Services(ctx))
    qtbot.addWidget(dialog)
    assert dialog.move_button.isEnabled()

    # the first run is cancelled once its first file is in: it stops after the file being copied
    first_in, go_on = threading.Event(), threading.Event()
    original = FileStoreService.migrate_to_database

    def held(self: FileStoreService, progress: Progress | None = None) -> object:
        def step(done: int, total: int, sha: str, what: str) -> None:
            assert progress is not None
            progress(done, total, sha, what)
            if done == 1:
                first_in.set()
                go_on.wait(30)
        return original(self, step)

    FileStoreService.migrate_to_database = held  # type: ignore[method-assign]
    try:
        dialog.move_button.click()
        assert not dialog.move_button.isEnabled() and dialog.cancel_button.isEnabled()
        assert first_in.wait(30)
        qtbot.waitUntil(lambda: dialog.progress.value() == 1, timeout=10000)
        assert dialog.progress.maximum() == 3
        dialog.cancel_button.click()
        go_on.set()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    finally:
        FileStoreService.migrate_to_database = original  # type: ignore[method-assign]
    assert dialog.move_result.text().startswith("Stopped.")
    assert not FileStoreService(ctx).status().database  # not switched
    kept = DatabaseStore(engine, tmp_path / "cache")
    shas = [i.sha256 for i in EvidenceService(ctx).list_items(REF)]
    assert 1 <= sum(kept.has(s) for s in shas) < 3

    # started again, it carries on and switches
    dialog.move_button.click()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert "already there" in dialog.move_result.text(), dialog.move_result.text()
    assert "Stored files are now kept in the database." in dialog.move_result.text()
    assert dialog.progress.value() == dialog.progress.maximum() == 3
    assert dialog.in_use.text() == "Stored files are kept in the database (team file store)."
    assert dialog.where.text().startswith("This machine's cache of opened files: ")
    b = Context(engine, sign_in(engine), tmp_path / "machine B")  # another machine verifies them all
    report = EvidenceService(b).verify()
    assert report.ok and report.checked == 3 and not report.missing, report
    RUNNER.wait()
    engine.dispose()


@pytest.mark.postgres
def test_a_document_made_on_another_machine_is_fetched_off_the_gui_thread_then_opened(
        qtbot: QtBot, pg_schema_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from case_factory import rich_case

    from asb_desktop.storage.db import make_engine, upgrade
    from asb_desktop.storage.orm import Setting
    from asb_desktop.ui.documents import documents_page, saving
    from asb_desktop.ui.documents.documents_page import DocumentsPage

    engine = make_engine(pg_schema_url)
    upgrade(engine)
    a = Context(engine, sign_in(engine), tmp_path / "A")
    rich_case(a, REF)
    with a.session() as s:
        s.merge(Setting(key="team_file_store", value={"v": "database"}))
    letter = Services(a).documents.letter(REF, "warning_letter", "pdf").document
    b = Context(engine, sign_in(engine), tmp_path / "B")
    page = DocumentsPage(Services(b))
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(0)
    fetched_on: list[bool] = []
    real = saving.generated_file

    def fetch(*args: object) -> Path:
        fetched_on.append(threading.current_thread() is threading.main_thread())
        return real(*args)  # type: ignore[arg-type]

    opened: list[Path] = []
    monkeypatch.setattr(saving, "generated_file", fetch)
    monkeypatch.setattr(documents_page, "open_file", lambda path: opened.append(path) or True)
    assert page.open_document()
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert fetched_on == [False]  # fetched on a worker thread, opened afterwards on the GUI thread
    assert opened[0].read_bytes() == letter.path.read_bytes() and opened[0].is_relative_to(b.data_dir)
    assert page.open_document() and len(opened) == 2 and fetched_on == [False]  # now held here: opened at once
    RUNNER.wait()
    engine.dispose()

"""The Evidence tab, the diary entries and the evidence inbox in the real main window, offscreen, on real
files made here (WAV with soundfile, PNG with Pillow, PDF with reportlab), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).parents[1] / "evidence"))

from media_factory import tone, write_audio, write_pdf, write_photo  # noqa: E402
from support.workspace import settled
from test_workspace import messages, open_ws, window_with  # noqa: E402

from asb_desktop.evidence.diary_sheet import fill_sheet  # noqa: E402
from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.ui.evidence.evidence_tab import EvidenceTab  # noqa: E402
from asb_desktop.ui.evidence.inbox_page import InboxPage  # noqa: E402
from asb_desktop.ui.evidence.scan_dialog import ScanEntryDialog  # noqa: E402
from asb_desktop.ui.evidence.verify_dialog import VerifyDialog  # noqa: E402

WAIT = 20000


@pytest.fixture(autouse=True)
def drained_pool() -> Iterator[None]:
    """Thumbnail jobs still running when a test ends must not spill into the next test."""
    yield
    QThreadPool.globalInstance().waitForDone(30000)


def evidence_tab(ws) -> EvidenceTab:  # noqa: ANN001
    tab = ws.page("Evidence")
    assert isinstance(tab, EvidenceTab)
    return tab


def recordings(folder: Path, n: int, seconds: float = 2.0) -> list[Path]:
    return [write_audio(folder / f"2026-11-{10 + i % 15:02d} 23-{i % 60:02d}-00.wav",
                        tone(seconds, freq=200.0 + 37 * i, amp=0.2 + 0.01 * (i % 50))) for i in range(n)]


def import_and_wait(qtbot: QtBot, tab: EvidenceTab, paths: list[Path]):  # noqa: ANN201
    dialog = tab.add_paths(paths)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    settled(qtbot, tab.ws)  # the case is re-read with the new items
    return dialog


def test_dropped_folder_is_hashed_previewed_and_analysed(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    window, ws = open_ws(qtbot, ctx)
    folder = tmp_path / "from Zoë"
    write_audio(folder / "2026-11-20 23-14-05.wav", tone(3.0, amp=0.25, noise=0.05))
    write_photo(folder / "door.png", fmt="PNG")
    write_pdf(folder / "letter.pdf", text="Letter from the neighbour")
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.pdf").write_bytes(b"this is not a PDF at all")
    tab = evidence_tab(ws)
    dialog = import_and_wait(qtbot, tab, [folder])  # what dropping the folder calls
    lines = dialog.result_lines()
    assert lines[0] == "Stored: 3. Already held here (the same file was added here before): 0. Refused: 2."
    assert "Refused  empty.wav: the file is empty (0 bytes); ask for the original again" in lines
    assert any(line.startswith("Refused  notes.pdf: the name ends .pdf but the contents are not") for line in lines)
    assert any(line.startswith("Stored  2026-11-20 23-14-05.wav (noise): LAeq") and "dBFS" in line for line in lines)
    model = tab.model
    assert sorted(model.item(r).original_name for r in range(model.rowCount())) == [
        "2026-11-20 23-14-05.wav", "door.png", "letter.pdf"]
    qtbot.waitUntil(lambda: all(model.has_picture(i.uid) for i in model.items) or bool(model.failed), timeout=WAIT)
    assert model.failed == {}
    summary = ws.pages["Summary"].model
    texts = [summary.record(r).text for r in range(summary.rowCount())]
    assert "Evidence added: door.png (photo)" in texts and "Evidence added: letter.pdf (document)" in texts

    wav = next(i for i in model.items if i.kind == "noise")
    tab.choose(wav.uid)
    pane = tab.detail
    assert pane.info is not None and pane.info.uid == wav.uid
    assert "dBFS" in pane.figures.text() and "uncalibrated: relative levels only" in pane.figures.text()
    qtbot.waitUntil(lambda: pane.picture_names() == ["levels", "wave"], timeout=WAIT)
    assert f"SHA-256: {wav.sha256}" in pane.metadata.text() and "Made: 20/11/2026 23:14:05" in pane.metadata.text()
    pane.calibration.setValue(94.5)
    pane.apply_calibration()
    assert "dB(A)" in pane.figures.text() and "(calibrated, offset +94.5 dB)" in pane.figures.text()
    pane.description.setText("Bass through the bedroom wall")
    pane.save_description()
    names = [pane.witness.itemText(i) for i in range(pane.witness.count())]
    assert "Dean Marsh (alleged perpetrator)" not in names
    pane.witness.setCurrentIndex(names.index("Zoë Ó'Brien (complainant)"))
    pane.assign_exhibit()
    settled(qtbot, ws)  # the grid lists the item again, off the GUI thread
    custody = [pane.custody_model.record(r)["detail"] for r in range(pane.custody_model.rowCount())]
    assert "Calibration offset set to +94.5 dB (levels now calibrated dB(A))" in custody
    assert "Description changed from '' to 'Bass through the bedroom wall'" in custody
    assert any(d.startswith("Marked exhibit ") and d.endswith("1") for d in custody)
    item = Services(ctx).evidence.item(wav.uid, ws.reference)
    assert item.analysis["levels"]["calibrated"] and item.exhibit_marks and item.description.startswith("Bass")
    assert tab.model.item(tab.model.row_of(wav.uid)).exhibit_marks == item.exhibit_marks

    pane.player.toggle()  # Play: the stored (read-only) file is opened, and that is logged
    stored = Services(ctx).evidence.store().path_for(wav.sha256)
    assert Path(pane.player.player.source().toLocalFile()) == stored
    pane.player.seek(1500)
    qtbot.waitUntil(lambda: pane.player.player.playbackState() != QMediaPlayer.PlaybackState.StoppedState or
                    pane.player.player.error() != QMediaPlayer.Error.NoError, timeout=WAIT)
    pane.player.toggle()
    assert any(r.detail == "Played in the app" for r in Services(ctx).evidence.custody(wav.uid))
    assert messages(window) == []


def test_diary_sheet_out_filled_back_in_and_keyed_in_beside_a_scan(qtbot: QtBot, ctx: Context,
                                                                  tmp_path: Path) -> None:
    window, ws = open_ws(qtbot, ctx)
    panel = evidence_tab(ws).diary
    blank = panel.save_blank_sheet(tmp_path / "sheet.pdf")
    assert blank is not None
    text = subprocess.run(["pdftotext", "-layout", str(blank), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"Case reference: {ws.reference}" in text and "Zoë Ó'Brien" in text
    filled = fill_sheet(blank, tmp_path / "filled.pdf", {
        1: {"date": "20/11/2026", "started": "23:30", "stopped": "01:15", "what_happened": "Bass through the wall",
            "place": "Bedroom", "effect": "Loss of sleep", "severity": "8"},
        2: {"date": "21/11/2026", "started": "19:00", "what_happened": "Shouting on the stairs"}})
    panel.import_sheet(filled)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT)
    first = panel.model.record(0)
    assert (first["what_happened"], first["place"], first["severity"]) == ("Bass through the wall", "Bedroom", 8)
    assert panel.note.text() == "Imported 2 diary entries from filled.pdf."
    summary = ws.pages["Summary"].model
    qtbot.waitUntil(lambda: any(summary.record(r).text.startswith("Diary to 01:15: Bass through the wall")
                                for r in range(summary.rowCount())), timeout=WAIT)

    scan = write_photo(tmp_path / "scan.png", fmt="PNG")
    dialog = panel.key_in_beside(scan)
    assert isinstance(dialog, ScanEntryDialog)
    dialog.edits["date"].setText("22/11/2026")
    dialog.edits["started"].setText("25:00")
    dialog.what.setPlainText("Dog barking")
    assert not dialog.add_entry()  # a wrong time is named and nothing is saved
    assert any("Time started: '25:00' is not a time" in m for m in
               [b.text() for b in dialog.findChildren(QMessageBox)])
    assert panel.model.rowCount() == 2
    dialog.edits["started"].setText("22:00")
    assert dialog.add_entry()
    dialog.edits["started"].setText("23:10")
    dialog.what.setPlainText("Door slamming")
    assert dialog.add_entry()
    settled(qtbot, ws)  # the case is re-read and the diary entries listed again, off the GUI thread
    assert panel.model.rowCount() == 4
    from_scan = [panel.model.record(r) for r in range(4) if panel.model.record(r)["what_happened"] in
                 ("Dog barking", "Door slamming")]
    assert len({r["evidence_id"] for r in from_scan}) == 1 and from_scan[0]["evidence_id"]
    assert Services(ctx).evidence.item(from_scan[0]["evidence_id"]).original_name == "scan.png"


def test_cancel_stops_the_import_and_keeps_what_was_stored(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    _window, ws = open_ws(qtbot, ctx)
    files = recordings(tmp_path / "many", 40, seconds=4.0)
    tab = evidence_tab(ws)
    dialog = tab.add_paths(files)
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    report = dialog.report
    assert report is not None and report.cancelled and len(report.stored) < len(files)
    assert dialog.result_lines()[0].startswith("Import cancelled.")
    settled(qtbot, ws)
    assert len(Services(ctx).evidence.list_items(ws.reference)) == len(report.stored) == tab.model.rowCount()
    assert Services(ctx).evidence.verify().ok  # nothing half-stored


def test_the_event_loop_keeps_turning_during_a_large_import(qtbot: QtBot, ctx: Context, tmp_path: Path) -> None:
    _window, ws = open_ws(qtbot, ctx)
    files = recordings(tmp_path / "many", 40, seconds=3.0)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    tab = evidence_tab(ws)
    dialog = tab.add_paths(files)
    at_start = len(ticks)
    assert dialog.report is None  # add_paths returned while the import runs
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60000)
    settled(qtbot, ws)
    timer.stop()
    assert len(ticks) - at_start >= 5, "the GUI thread was blocked during the import"
    assert len(dialog.report.stored) == 40 and tab.model.rowCount() == 40


def test_inbox_lists_unlinked_items_links_them_and_verifies_the_store(qtbot: QtBot, ctx: Context,
                                                                     tmp_path: Path) -> None:
    window, ws = open_ws(qtbot, ctx)
    svc = Services(ctx).evidence
    wav = write_audio(tmp_path / "noise-app.wav", tone(2.0, amp=0.3))
    report = svc.add_files(None, [wav], source="noise_app")
    assert len(report.stored) == 1
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.nav.setCurrentRow(labels.index("Evidence inbox"))
    page = window.stack.currentWidget()
    assert isinstance(page, InboxPage)
    assert page.model.rowCount() == 1 and page.model.record(0)["original_name"] == "noise-app.wav"
    assert "uncalibrated" in page.model.record(0)["figures"]
    page.table.selectRow(0)
    assert page.detail.info is not None and page.detail.info.uid == report.stored[0].uid
    page.case_ref.setText(ws.reference.lower())
    assert page.link_selected()
    assert page.model.rowCount() == 0 and "The inbox is empty" in page.status.text()
    assert [i.original_name for i in svc.list_items(ws.reference)] == ["noise-app.wav"]
    ws.reload()
    settled(qtbot, ws)
    assert evidence_tab(ws).model.rowCount() == 1

    dialog = page.verify_store()
    assert isinstance(dialog, VerifyDialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert dialog.report.ok and "nothing has changed" in dialog.text.toPlainText()
    stored = svc.store().path_for(report.stored[0].sha256)
    os.chmod(stored, stat.S_IWUSR | stat.S_IRUSR)
    with open(stored, "r+b") as fh:
        fh.seek(100)
        fh.write(np.arange(8, dtype=np.uint8).tobytes())
    dialog = page.verify_store()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert f"ALTERED (the file no longer matches its SHA-256): {report.stored[0].sha256} (noise-app.wav)" \
        in dialog.text.toPlainText()
    assert "Problems found" in dialog.status.text()


def test_an_empty_inbox_says_so_and_linking_needs_a_choice(qtbot: QtBot, ctx: Context) -> None:
    window = window_with(qtbot, ctx)
    page = InboxPage(Services(ctx))
    qtbot.addWidget(page)
    page.refresh()
    assert page.status.text() == "The inbox is empty: every stored item is on a case."
    assert not page.link_selected() and page.status.text().startswith("Choose an item")
    assert messages(window) == []


def test_calibration_offset_is_checked_logged_and_removable(ctx: Context, tmp_path: Path) -> None:
    from asb_desktop.services.kernel.errors import ValidationError

    svc = Services(ctx).evidence
    [wav] = svc.add_files(None, [write_audio(tmp_path / "r.wav", tone(2.0, amp=0.3))]).stored
    [pdf] = svc.add_files(None, [write_pdf(tmp_path / "l.pdf")]).stored
    with pytest.raises(ValidationError, match="not a noise recording"):
        svc.set_calibration(pdf.uid, 90.0)
    with pytest.raises(ValidationError, match="between 0 and 200 dB"):
        svc.set_calibration(wav.uid, 350.0)
    charts = svc.previews(wav.uid)
    assert [p.name for p in charts] == ["levels.png", "wave.png"]
    on = svc.set_calibration(wav.uid, 90.0)
    levels = on.analysis["levels"]
    assert levels["calibrated"] and levels["laeq_dba"] == round(levels["laeq_dbfs"] + 90.0, 2)
    assert not charts[0].exists()  # drawn again with the calibrated label when next asked
    assert svc.previews(wav.uid)[0].exists()
    off = svc.set_calibration(wav.uid, None)
    assert not off.analysis["levels"]["calibrated"] and "uncalibrated" in off.figures
    details = [c.detail for c in svc.custody(wav.uid)]
    assert "Calibration offset set to +90.0 dB (levels now calibrated dB(A))" in details
    assert "Calibration offset removed (levels are uncalibrated dBFS)" in details
    assert details.count("Previews made from the stored file (2)") == 2


def test_a_long_recording_shows_its_analysis_and_cancels_between_blocks(qtbot: QtBot, ctx: Context, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from media_factory import write_long_wav

    from asb_desktop.evidence import levels

    feed = levels.LevelMeter.feed

    def slow(self: levels.LevelMeter, block: np.ndarray) -> None:  # a busy machine: a block takes a while
        time.sleep(0.05)
        feed(self, block)

    monkeypatch.setattr(levels.LevelMeter, "feed", slow)
    wav = write_long_wav(tmp_path / "week" / "monitor.wav", 60 * 60)
    _window, ws = open_ws(qtbot, ctx)
    tab = evidence_tab(ws)
    dialog = tab.add_paths([wav])
    steps: list[tuple[int, int]] = []
    dialog.job.signals.progress.connect(lambda d, t: steps.append((d, t)))  # JobControl.progress
    qtbot.waitUntil(lambda: "Analysing" in dialog.status.text(), timeout=WAIT)
    assert 0 < dialog.bar.value() < dialog.bar.maximum()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert dialog.report is not None and dialog.report.cancelled and not dialog.report.stored
    assert steps and all(t == 1000 for _, t in steps)
    evidence = Services(ctx).evidence
    assert evidence.list_items(ws.reference) == [] and evidence.store().leftovers() == []
    assert list(evidence.store().walk()) == []

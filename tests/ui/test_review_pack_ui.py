"""The Documents tab's review pack buttons, offscreen over a real database: the pack is saved where the
officer chose, and the returned pack (filled as a PDF reader would) becomes the witness's change
requests; a file that is not a pack is refused in the status line with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_ui_helpers import (
    DocCase,
    case_fixture,  # noqa: F401 - fixture
    clean_statement,
    open_documents,
    private_settings,  # noqa: F401 - fixture
)
from pytestqt.qtbot import QtBot
from support.workspace import settled

from asb_desktop.documents.review_pack import fill_pack
from asb_desktop.ui.documents import saving


def test_review_pack_buttons(qtbot: QtBot, case: DocCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = clean_statement(case)
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    assert "Review pack for the witness" in tab.action_buttons
    out = tmp_path / "pack"  # no suffix: saved as a PDF all the same
    monkeypatch.setattr(saving, "ask_path", lambda *_a: out)
    tab.action_buttons["Review pack for the witness"].click()
    pack = out.with_suffix(".pdf")
    assert pack.read_bytes().startswith(b"%PDF") and "Review pack for statement 1 version 2" in tab.status.text()
    settled(qtbot, ws)  # the tab lists the documents again off the GUI thread
    assert any(tab.generated_model.record(i)["kind"] == "review_pack"
               for i in range(tab.generated_model.rowCount()))

    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"not a pdf")
    monkeypatch.setattr(saving, "ask_open_path", lambda *_a: garbage)
    tab.action_buttons["Import returned review pack"].click()
    assert "not a PDF" in tab.status.text() and case.svc.signing.review_requests(case.reference, n) == []

    filled = fill_pack(pack, tmp_path / "filled.pdf", {2: "I moved in on 7 April 2025."})
    monkeypatch.setattr(saving, "ask_open_path", lambda *_a: filled)
    tab.action_buttons["Import returned review pack"].click()
    assert "1 change request(s) recorded" in tab.status.text()
    [request] = case.svc.signing.open_requests(case.reference, n)
    assert request.paragraph == 2 and request.request == "I moved in on 7 April 2025."
    settled(qtbot, ws)
    assert tab.model.data(tab.model.index(0, 5)) == "1 open"


def test_an_empty_pack_shows_reviewed_on_the_statement(qtbot: QtBot, case: DocCase, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    n = clean_statement(case)
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(case.svc.review_packs.review_pack(case.reference, n).data)
    _window, ws, tab = open_documents(qtbot, case.svc, case.reference)
    assert "Review pack for version 2 sent 23/11/2026; not returned yet" in tab.detail.text()
    monkeypatch.setattr(saving, "ask_open_path", lambda *_a: pack)
    tab.action_buttons["Import returned review pack"].click()
    assert "reviewed, no changes requested" in tab.status.text()
    settled(qtbot, ws)
    assert "returned 23/11/2026: reviewed, no changes requested" in tab.detail.text()
    case.svc.signing.finalise(case.reference, n)
    case.svc.signing.sign(case.reference, n, wet_scan_evidence=case.exhibit_uid)
    tab.refresh()
    settled(qtbot, ws)
    for name in ("Review pack for the witness", "Import returned review pack"):
        assert not tab.action_buttons[name].isEnabled(), name

"""Shared by the Documents tab and witness review tests: a demo-like case (tests/documents/doc_helpers)
open in the real main window, offscreen, with private QSettings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from pytestqt.qtbot import QtBot
from support.workspace import settled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))

from doc_helpers import CLAIM, COURT, ZOE, DocCase, make_case, pdf_text  # noqa: E402

from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.ui.documents.documents_tab import DocumentsTab  # noqa: E402
from asb_desktop.ui.main_window import MainWindow  # noqa: E402
from asb_desktop.ui.workspace.workspace import CaseWorkspace  # noqa: E402


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> None:
    """QSettings (the review text size) go to a fresh temporary folder, never the user's preferences."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()


@pytest.fixture(name="case")
def case_fixture(ctx: Context, tmp_path: Path) -> Iterator[DocCase]:
    yield make_case(ctx, tmp_path)
    QThreadPool.globalInstance().waitForDone(30000)  # a tab's last refresh ends before the database goes


def open_documents(qtbot: QtBot, svc: Services, reference: str) -> tuple[MainWindow, CaseWorkspace, DocumentsTab]:
    window = MainWindow(svc)
    qtbot.addWidget(window)
    window.show()
    ws = window.case_tabs.open_case(reference)
    assert ws is not None
    tab = ws.page("Documents")
    assert isinstance(tab, DocumentsTab)
    settled(qtbot, ws)  # the tabs fetch their data off the GUI thread
    return window, ws, tab


def person_uid(ws: CaseWorkspace, full_name: str) -> str:
    return next(p.person.uid for p in ws.detail.parties
                if p.person and f"{p.person.first_names} {p.person.surname}" == full_name)


def clean_statement(case: DocCase) -> int:
    """A drafted statement of the complainant with the draft's gap filled in (preflight clear)."""
    svc, ref = case.svc.statements, case.reference
    info = svc.draft(ref, ZOE, evidence=[case.exhibit_uid], court=COURT, claim_number=CLAIM)
    paragraphs = [t.replace("[say what happened]", "I heard a loud bang on my door") for _, t in info.paragraphs]
    svc.edit(ref, info.number, paragraphs, note="gap filled")
    assert case.svc.signing.check(ref, info.number) == []
    return info.number


__all__ = ["CLAIM", "COURT", "ZOE", "DocCase", "case_fixture", "clean_statement", "open_documents", "pdf_text",
           "person_uid", "private_settings"]

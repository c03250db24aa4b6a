"""Today shows the open subject access requests (issue 22) to team leaders and above, under their own
heading; a request is not a case, so activating it opens nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from test_pages import log, svc  # noqa: F401 - the fixture

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.ui.pages.today_page import TodayPage


def test_an_open_request_is_listed_and_opens_no_case(qtbot: QtBot, ctx: Context, svc: Services,  # noqa: F811
                                                     tmp_path: Path) -> None:
    ref = log(svc, "Marsh")
    uid = next(p.person.uid for p in svc.queries.case_detail(ref).parties if p.person)
    done = svc.sar.export(uid, tmp_path / "sar")
    page = TodayPage(svc)
    qtbot.addWidget(page)
    page.reload()
    assert "Subject access requests (one month to answer) (1)" in _groups(page)
    assert page.select(done.request.reference)
    opened: list[str] = []
    page.open_requested.connect(opened.append)
    page.open_selected()
    assert opened == []
    assert page.done_button.isEnabled() and not page.open_button.isEnabled()
    page.complete_task()  # Mark done: the disclosure was sent
    assert not any(g.startswith("Subject access") for g in _groups(page))
    assert svc.sar.requests(open_only=False)[0].answered_at is not None


def test_a_sar_is_answered_from_the_people_page(qtbot: QtBot, svc: Services, tmp_path: Path) -> None:  # noqa: F811
    from asb_desktop.ui.pages.person_page import PersonPage
    from asb_desktop.ui.workers import RUNNER

    log(svc, "Marsh")
    page = PersonPage(svc)
    qtbot.addWidget(page)
    page.search.setText("Marsh")
    page.find()
    page.results.setCurrentCell(0, 0)
    assert page.sar.isEnabled()
    RUNNER.synchronous = True
    try:
        page.subject_access(tmp_path / "out")
        qtbot.waitUntil(lambda: page.last_sar is not None)
    finally:
        RUNNER.synchronous = False
    assert page.last_sar.pdf.is_file() and page.last_sar.request.reference.startswith("SAR-")


def _groups(page: TodayPage) -> list[str]:
    items = (page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount()))
    return [item.text(0) for item in items if item is not None]

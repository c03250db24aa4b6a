"""Run by test_scaling.py in a fresh process (Qt reads QT_SCALE_FACTOR only at start-up): opens the
main window on demo data, visits every page, a case workspace with each of its tabs and every
step of the new report wizard, and prints what each needs (minimum size, logical pixels) as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


def need(widget: QWidget) -> list[int]:
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return [hint.width(), hint.height()]


def main() -> None:
    app = QApplication(sys.argv[:1])
    from asb_desktop.demo.generate import generate
    from asb_desktop.services import open_services
    from asb_desktop.storage.db import make_engine, upgrade
    from asb_desktop.ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'asb.sqlite'}")
    upgrade(engine)
    generate(engine, 30, seed=2, today=date(2026, 11, 23))
    services = open_services(engine, folder)
    window = MainWindow(services)
    window.show()
    out: dict[str, object] = {"device_pixel_ratio": window.devicePixelRatio()}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        app.processEvents()
        out[f"page: {window.nav.item(row).text()}"] = need(window.stack.currentWidget())
    reference = services.queries.list_cases(limit=1)[0].reference
    workspace = window.case_tabs.open_case(reference)
    assert workspace is not None
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        app.processEvents()
        out[f"case tab: {workspace.tabs.tabText(index)}"] = need(workspace.tabs.currentWidget())
    out["main window"] = need(window)
    window.new_report()
    wizard = window.wizard
    for page_id in wizard.pageIds():
        out[f"wizard: {wizard.page(page_id).title() or page_id}"] = need(wizard.page(page_id))
    out["wizard"] = need(wizard)
    grab = window.grab()
    out["grab"] = [grab.width(), grab.height(), window.width(), window.height()]
    print(json.dumps(out))
    window.close()
    wizard.close()


if __name__ == "__main__":
    main()

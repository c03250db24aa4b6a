"""Case workspace speed on a demo database: opening a case in a tab, and an undoable edit.

Each is printed beside a baseline measured in the same run: the bare service call the widget makes
(``queries.case_detail`` for opening; ``activity.add_note`` for an edit), so the ratio is the cost
of the widgets (eight tabs, their models, the undo command and the reload) on top of the service.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_workspace.py [--cases 10000] [--repeats 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from asb_desktop.services import Services, demo
    from asb_desktop.services.context import Context
    from asb_desktop.services.users import sign_in
    from asb_desktop.storage.db import make_engine, upgrade
    from asb_desktop.ui.workspace.case_tabs import CaseTabs

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="asb_bench_ws_"))
    engine = make_engine(f"sqlite:///{folder / 'asb.sqlite'}")
    upgrade(engine)
    now = datetime(2026, 11, 23, 10, 0)
    demo.generate(engine, args.cases, today=date(2026, 11, 23))
    services = Services(Context(engine, sign_in(engine, now=now), folder, clock=lambda: now))
    refs = [r.reference for r in services.queries.list_cases(status="open", limit=args.repeats + 2)]
    tabs = CaseTabs(services)

    detail_ms = median_ms(lambda: services.queries.case_detail(refs[0]), args.repeats)
    it = iter(refs * 2)

    def open_tab() -> None:
        tabs.open_case(next(it))
        tabs.close_tab()
        app.processEvents()

    open_ms = median_ms(open_tab, args.repeats)
    ws = tabs.open_case(refs[0])
    assert ws is not None
    note_ms = median_ms(lambda: services.activity.add_note(refs[0], "Spoke to the complainant."), args.repeats)
    edit_ms = median_ms(lambda: ws.execute(ws.edits.add_note("Spoke to the complainant.", "general", now, False,
                                                             False)), args.repeats)
    undo_ms = median_ms(lambda: (ws.undo_stack.undo(), ws.undo_stack.redo()), args.repeats)
    print(f"{args.cases} cases, median of {args.repeats}")
    print(f"open a case in a tab      {open_ms:7.1f} ms   baseline case_detail {detail_ms:6.1f} ms   "
          f"ratio {open_ms / detail_ms:4.1f}x")
    print(f"add a note (undoable)     {edit_ms:7.1f} ms   baseline add_note    {note_ms:6.1f} ms   "
          f"ratio {edit_ms / note_ms:4.1f}x")
    print(f"undo + redo of that note  {undo_ms:7.1f} ms   ratio to add_note {undo_ms / note_ms:4.1f}x")
    engine.dispose()


if __name__ == "__main__":
    main()

"""Saving a document the officer asked for: a save dialog, then the rendering and writing off the GUI
thread (``run_with_progress``), then a line saying where it went. Opening a generated file another
machine made: fetched from the team file store off the GUI thread first (``when_fetched``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from ...services.kernel.context import Context
from ...services.kernel.file_stores import generated_file
from ..widgets.messages import show_message
from ..workers import JobControl, run_with_progress

FILTERS = "PDF document (*.pdf);;Word document (*.docx)"


def ask_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """The save dialog (tests replace this function)."""
    name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, FILTERS)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".pdf", ".docx"):
        path = path.with_suffix(".docx" if "docx" in chosen else ".pdf")
    return path


def save_document(parent: QWidget | None, title: str, suggested: str, make: Callable[[str], bytes],
                  on_saved: Callable[[Path], None]) -> bool:
    """Ask where, then ``make(fmt)`` ("pdf" or "docx", from the file name) and write it in the background."""
    path = ask_path(parent, title, suggested)
    if path is None:
        return False
    fmt = path.suffix.lower().lstrip(".")

    def work(control: JobControl) -> Path:
        control.progress(0, 2)
        data = make(fmt)
        control.progress(1, 2)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        os.replace(partial, path)
        control.progress(2, 2)
        return path

    run_with_progress(parent, f"Saving {title}…", work, on_saved)
    return True


def when_fetched(parent: QWidget, ctx: Context, path: str | Path, sha256: str, then: Callable[[Path], object],
                 missing: Callable[[Path], object] | None = None) -> None:
    """``then(local path)`` once the generated file at ``path`` (under the data folder) is on this machine.
    One this machine holds is handed over at once; one another machine made is fetched from the team file
    store (kernel ``generated_file``, checked against ``sha256``) off the GUI thread behind a progress
    dialog with Cancel, so a large bundle never freezes the window. A file in neither place goes to
    ``missing`` (by default a plain message); a refused fetch is shown as its plain message."""
    local = ctx.data_dir / path
    if local.is_file():
        then(local)
        return

    def work(control: JobControl) -> Path:
        control.progress(0, 1)
        return generated_file(ctx, path, sha256)

    def fetched(got: Path) -> None:
        if got.is_file():
            then(got)
        elif missing is not None:
            missing(got)
        else:
            show_message(parent, f"The file {got.name} is neither in this data folder nor in the team file store. "
                         "Run 'asb evidence verify', and restore it from a backup.", "File missing")

    run_with_progress(parent, f"Fetching {local.name} from the team file store…", work, fetched)


def open_file(path: Path) -> bool:
    """Open a saved document in the program the computer uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> Path | None:
    """The open-file dialog (tests replace this function)."""
    name, _chosen = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(name) if name else None


def ask_names(parent: QWidget | None, title: str, label: str, suggested: str) -> list[str] | None:
    """Names separated by commas (e.g. the officers present at a signing); None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, text=suggested)
    return [n.strip() for n in text.split(",") if n.strip()] if ok else None

"""Small helpers the notices and bundle pages share: a folder chosen (or given, in tests) and one
service call run off the GUI thread behind the usual progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from ..workers import JobControl, run_with_progress


def folder_or_ask(parent: QWidget, given: Path | None, title: str) -> Path | None:
    if given is not None:
        return given
    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None


def run_call(parent: QWidget, label: str, call: Callable[[], Any], on_done: Callable[[Any], None],
             on_end: Callable[[], None] | None = None) -> None:
    """``call()`` off the GUI thread; ``on_end`` runs however it ends (done, refused or cancelled)."""
    def work(control: JobControl) -> Any:
        control.progress(0, 1)  # shows the dialog's busy state; raises if already cancelled
        return call()

    run_with_progress(parent, label, work, on_done, on_end=on_end)

"""Key in diary entries beside a scanned sheet: the scan on the left, one entry's boxes on the right.
The scan is stored as diary evidence with the first entry; every entry points to it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named, text_area
from ..widgets.messages import show_error
from ..workspace.base import button

FIELDS = [("date", "Date", "e.g. 21/11/2026"), ("started", "Time started", "e.g. 23:15"),
          ("stopped", "Time stopped", "may be after midnight"), ("place", "Room or place affected", ""),
          ("effect", "Effect (e.g. loss of sleep)", ""), ("severity", "Severity 1-10", ""),
          ("who_involved", "Who was involved", ""), ("witnesses", "Witnesses", "")]


def scan_pixmap(scan: Path, folder: Path) -> QPixmap:
    """The scan as a picture: an image with its EXIF orientation applied, or a PDF's first page."""
    if scan.suffix.lower() == ".pdf":
        from ...evidence.documents import first_page_png

        try:
            scan = first_page_png(scan, folder / "scan.png", width=900)
        except Exception:  # noqa: BLE001 - a damaged PDF: the officer still sees that there is no picture
            return QPixmap()
    reader = QImageReader(str(scan))
    reader.setAutoTransform(True)
    return QPixmap.fromImage(reader.read())


class ScanEntryDialog(QDialog):
    def __init__(self, parent: QWidget, services: Services, reference: str, scan: Path,
                 on_added: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Diary entries from {scan.name}")
        named(self, "Key in diary entries beside the scan")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.services, self.reference, self.scan, self.on_added = services, reference, scan, on_added
        self.scan_uid: str | None = None
        self.added = 0
        self._tmp = tempfile.TemporaryDirectory(prefix="asb-scan-")
        picture = named(QLabel(), f"Scanned sheet {scan.name}")
        pixmap = scan_pixmap(scan, Path(self._tmp.name))
        if pixmap.isNull():
            picture.setText(f"{scan.name} cannot be shown as a picture; open it beside this window.")
        else:
            picture.setPixmap(pixmap.scaledToWidth(min(700, pixmap.width()), Qt.TransformationMode.SmoothTransformation))
        scroll = QScrollArea()
        scroll.setWidget(picture)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in FIELDS[:3]:
            self.edits[key] = self._edit(label, hint, form)
        self.what = text_area("What happened and its source", "", 4)
        form.addRow("What happened and its source", self.what)
        for key, label, hint in FIELDS[3:]:
            self.edits[key] = self._edit(label, hint, form)
        self.status = message_label("Entries added", "Type one entry from the sheet, then Add entry; repeat.")
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(button("Add entry", self.add_entry))
        right.addWidget(self.status)
        right.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        right.addWidget(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 3)
        layout.addLayout(right, 2)
        self.resize(1100, 700)
        self.finished.connect(lambda _r: self._tmp.cleanup())

    @staticmethod
    def _edit(label: str, hint: str, form: QFormLayout) -> QLineEdit:
        edit = named(QLineEdit(), label)
        edit.setPlaceholderText(hint)
        form.addRow(label, edit)
        return edit

    def row(self) -> dict[str, str]:
        return {**{k: e.text() for k, e in self.edits.items()}, "what_happened": self.what.toPlainText()}

    def add_entry(self) -> bool:
        """Check and save the entry typed in; a wrong box is named and nothing is saved."""
        diary = self.services.diary
        try:
            first = self.scan_uid is None
            [uid] = diary.add_entries(self.reference, [self.row()], scan=self.scan if first else None,
                                      evidence_id=self.scan_uid)
            if first:  # the scan is stored now: the next entries point to the same item
                self.scan_uid = next(e.evidence_id for e in diary.entries(self.reference) if e.uid == uid)
        except ASBError as exc:
            show_error(self, exc)
            return False
        self.added += 1
        self.status.setText(f"{self.added} entries added from {self.scan.name}.")
        for key in ("started", "stopped", "place", "effect", "severity", "who_involved", "witnesses"):
            self.edits[key].clear()
        self.what.clear()
        self.on_added()
        return True


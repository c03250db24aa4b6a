"""One evidence item in full: previews (picture, video keyframes, PDF first page, or a recording's level
chart and waveform), the player, the level figures (always saying whether calibrated), the calibration
offset, the metadata, the description, the exhibit mark and the chain of custody."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...evidence.records import EvidenceInfo
from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import message_label, named
from ..widgets.messages import show_error
from ..widgets.record_table_model import Column, RecordTableModel
from ..workers import RUNNER, JobControl, JobRunner
from ..workspace.base import button, table_view

PREVIEW_WIDTH = 520
MAX_PICTURES = 4
CUSTODY = [Column("When", lambda r: r["at"]), Column("Who", lambda r: r["who"]),
           Column("Action", lambda r: r["action"]), Column("Case", lambda r: r["case"]),
           Column("What", lambda r: r["detail"])]
SKIP_META = {"detected"}


def figures_text(info: EvidenceInfo) -> str:
    """The level figures, or a plain word on why a recording has none; empty for other kinds."""
    if info.kind != "noise":
        return ""
    return info.figures or "No levels were measured for this recording."


def metadata_lines(info: EvidenceInfo) -> list[str]:
    made = f"{info.made_at:%d/%m/%Y %H:%M:%S}" if info.made_at else "not known"
    origin = info.meta.get("made_at_from")
    lines = [f"File: {info.original_name}", f"Kind: {info.kind}" + (f", from {info.source}" if info.source else ""),
             f"Made: {made}" + (f" (from the {origin})" if origin else ""),
             f"Added by {info.added_by or 'unknown'} on {info.added_at:%d/%m/%Y %H:%M}",
             f"Size: {info.size:,} bytes", f"SHA-256: {info.sha256}",
             f"Cases: {', '.join(info.cases) or 'none (in the evidence inbox)'}"]
    if info.exhibit_marks:
        lines.append(f"Exhibit mark: {', '.join(info.exhibit_marks)}")
    for key, value in sorted(info.meta.items()):
        if key not in SKIP_META and key != "made_at_from" and not isinstance(value, dict | list):
            lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
    if info.analysis.get("level_log"):
        lines.append("A level log (CSV) came with the recording and was read as its level series.")
    if info.analysis.get("level_log_error"):
        lines.append(f"The level log beside the recording could not be read: {info.analysis['level_log_error']}")
    return lines


class DetailPane(QScrollArea):
    changed = Signal(str)  # the uid of an item whose description, calibration or mark changed

    def __init__(self, services: Services, reference: str | None, runner: JobRunner | None = None) -> None:
        super().__init__()
        from .audio_player import AudioPlayer

        named(self, "Evidence item details")
        self.services = services
        self.reference = reference
        self.runner = runner or RUNNER
        self.info: EvidenceInfo | None = None
        body = QWidget()
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.title = message_label("Item title", "Choose an item to see it here.")
        self.figures = message_label("Level figures")
        self.pictures_box = QVBoxLayout()
        self.pictures: list[QLabel] = []
        self.preview_note = message_label("Preview")
        self.player = AudioPlayer()
        self.calibration = named(QDoubleSpinBox(), "Calibration offset in dB",
                                 "dB added to the dBFS levels to give dB(A), from the calibrator's reading")
        self.calibration.setRange(0.0, 200.0)
        self.calibration.setDecimals(1)
        self.calibration.setSuffix(" dB")
        named(self.calibration.findChild(QLineEdit), "Calibration offset in dB")  # its inner text box, for readers
        self.calibration_row = QWidget()
        row = QHBoxLayout(self.calibration_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Calibration offset"))
        row.addWidget(self.calibration)
        row.addWidget(button("Set calibration", self.apply_calibration))
        row.addWidget(button("Remove calibration", lambda: self.set_calibration(None)))
        row.addStretch(1)
        self.metadata = message_label("Metadata")
        self.description = named(QLineEdit(), "Description of the item")
        self.witness = named(QComboBox(), "Witness producing the item")
        form = QFormLayout()
        desc_row = QHBoxLayout()
        desc_row.addWidget(self.description, 1)
        desc_row.addWidget(button("Save description", self.save_description))
        form.addRow("Description", desc_row)
        self.exhibit_row = QWidget()
        ex = QHBoxLayout(self.exhibit_row)
        ex.setContentsMargins(0, 0, 0, 0)
        ex.addWidget(self.witness, 1)
        ex.addWidget(button("Assign exhibit mark", self.assign_exhibit))
        form.addRow("Exhibit of", self.exhibit_row)
        self.custody_model = RecordTableModel(CUSTODY)
        self.custody = table_view("Chain of custody", self.custody_model)
        self.custody.setMinimumHeight(160)
        layout = QVBoxLayout(body)
        for w in (self.title, self.figures):
            layout.addWidget(w)
        layout.addLayout(self.pictures_box)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.player)
        layout.addWidget(self.calibration_row)
        layout.addLayout(form)
        layout.addWidget(self.metadata)
        layout.addWidget(named(QLabel("Chain of custody"), "Chain of custody heading"))
        layout.addWidget(self.custody)
        layout.addStretch(1)
        self.show_item(None)
        if reference is None:
            self.exhibit_row.setEnabled(False)

    # ------------------------------------------------------------------ showing
    def set_witnesses(self, witnesses: list[tuple[str, int]]) -> None:
        """People on the case who can produce an exhibit: (name as shown, person id)."""
        self.witness.clear()
        for name, person_id in witnesses:
            self.witness.addItem(name, person_id)

    def show_item(self, uid: str | None) -> None:
        self.player.stop()
        self._clear_pictures()
        if uid is None:
            self.info = None
            self.title.setText("Choose an item to see it here.")
            for w in (self.figures, self.metadata, self.preview_note):
                w.setText("")
            self.player.set_recording(None)
            self.player.hide()
            self.calibration_row.hide()
            self.custody_model.set_records([])
            return
        ok = self._call(lambda: self._load(uid))
        if ok:
            self._start_previews(uid)

    def _load(self, uid: str) -> None:
        info = self.services.evidence.item(uid, self.reference)  # logged as viewed
        self.info = info
        self.title.setText(f"{info.original_name} — {info.kind}")
        self.figures.setText(figures_text(info))
        self.metadata.setText("\n".join(metadata_lines(info)))
        self.description.setText(info.description)
        noise = info.kind == "noise" and bool(info.analysis.get("levels"))
        self.player.setVisible(noise)
        self.calibration_row.setVisible(noise)
        if noise:
            levels = info.analysis["levels"]
            self.calibration.setValue(levels.get("calibration_offset_db") or 0.0)
            evidence = self.services.evidence
            self.player.set_recording(lambda: evidence.open_file(uid, "Played in the app"), levels["duration_s"])
        else:
            self.player.set_recording(None)
        self._load_custody(uid)

    def _load_custody(self, uid: str) -> None:
        rows = self.services.evidence.custody(uid)
        self.custody_model.set_records([{"at": f"{r.at:%d/%m/%Y %H:%M}", "who": r.username, "action": r.action,
                                         "case": r.case_reference or "", "detail": r.detail} for r in rows])
        self.custody.resizeColumnsToContents()

    def _clear_pictures(self) -> None:
        for label in self.pictures:
            self.pictures_box.removeWidget(label)
            label.deleteLater()
        self.pictures = []

    def _start_previews(self, uid: str) -> None:
        self.preview_note.setText("Making the preview…")
        evidence = self.services.evidence

        def work(_control: JobControl) -> list[Path]:
            return evidence.previews(uid)

        def failed(exc: BaseException) -> None:
            if self.info is not None and self.info.uid == uid:
                self.preview_note.setText(str(exc) if isinstance(exc, ASBError) else "No preview could be made.")

        self.runner.start(self, work, on_done=lambda paths: self._show_pictures(uid, paths), on_error=failed)

    def _show_pictures(self, uid: str, paths: list[Path]) -> None:
        if self.info is None or self.info.uid != uid:
            return  # another item was chosen meanwhile
        self._clear_pictures()
        for path in paths[:MAX_PICTURES]:
            pixmap = QPixmap(str(path))
            if pixmap.isNull():
                continue
            label = named(QLabel(), f"Preview: {path.stem}")
            label.setPixmap(pixmap.scaledToWidth(min(PREVIEW_WIDTH, pixmap.width()),
                                                 Qt.TransformationMode.SmoothTransformation))
            self.pictures.append(label)
            self.pictures_box.addWidget(label)
        note = "" if self.pictures else "No preview for this kind of file."
        if len(paths) > MAX_PICTURES:
            note = f"{len(paths)} pictures; the first {MAX_PICTURES} are shown."
        self.preview_note.setText(note)

    def picture_names(self) -> list[str]:
        return [label.accessibleName().removeprefix("Preview: ") for label in self.pictures]

    # ------------------------------------------------------------------ changes (all logged)
    def _call(self, fn: Callable[[], Any]) -> bool:
        try:
            fn()
        except ASBError as exc:
            show_error(self, exc)
            return False
        return True

    def _changed(self) -> None:
        assert self.info is not None
        uid = self.info.uid
        self.show_item(uid)
        self.changed.emit(uid)

    def save_description(self) -> None:
        if self.info is not None and self._call(lambda: self.services.evidence.set_description(
                self.info.uid, self.description.text())):  # type: ignore[union-attr]
            self._changed()

    def apply_calibration(self) -> None:
        self.set_calibration(self.calibration.value())

    def set_calibration(self, offset: float | None) -> None:
        if self.info is not None and self._call(lambda: self.services.evidence.set_calibration(
                self.info.uid, offset)):  # type: ignore[union-attr]
            self._changed()

    def assign_exhibit(self) -> None:
        if self.info is None or self.reference is None or self.witness.currentIndex() < 0:
            return
        person = self.witness.currentData()
        if self._call(lambda: self.services.evidence.assign_exhibit(self.reference, self.info.uid,  # type: ignore
                                                                    person)):
            self._changed()

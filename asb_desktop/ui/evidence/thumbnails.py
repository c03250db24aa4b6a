"""The grid of evidence thumbnails: a small list model whose pictures are made lazily off the GUI thread.

The view asks for an item's icon only when it is on screen; the first ask starts a background job
(``EvidenceService.previews``, which makes and caches the PNGs) and shows the kind's standard icon
until the picture arrives. The worker reads the PNG into a ``QImage``; the ``QPixmap`` is made on the
GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView, QStyle

from ...evidence.records import EvidenceInfo
from ...services import Services
from ...services.kernel.errors import ASBError
from ..widgets.fields import named
from ..workers import RUNNER, JobControl, JobRunner

THUMB = 112
Index = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole + 1
KIND_ICONS = {"noise": QStyle.StandardPixmap.SP_MediaVolume, "video": QStyle.StandardPixmap.SP_MediaPlay,
              "photo": QStyle.StandardPixmap.SP_DirIcon, "diary": QStyle.StandardPixmap.SP_FileDialogDetailedView,
              "document": QStyle.StandardPixmap.SP_FileIcon}


def icon_picture(paths: list[Path], kind: str) -> Path | None:
    """Which preview stands for the item in the grid: a recording's waveform, else the first picture."""
    if kind == "noise":
        return next((p for p in paths if p.name == "wave.png"), paths[0] if paths else None)
    return paths[0] if paths else None


def load_scaled(path: Path, size: int = THUMB) -> QImage:
    """Read a PNG and scale it to fit ``size`` (safe on a worker thread: QImage, not QPixmap)."""
    image = QImage(str(path))
    if image.isNull():
        return image
    return image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def caption(info: EvidenceInfo) -> str:
    marks = f" [{', '.join(info.exhibit_marks)}]" if info.exhibit_marks else ""
    return f"{info.original_name}{marks}"


def tooltip(info: EvidenceInfo) -> str:
    made = f"made {info.made_at:%d/%m/%Y %H:%M}" if info.made_at else "when made not known"
    lines = [info.original_name, f"{info.kind.capitalize()}, {made}, {info.size:,} bytes"]
    if info.description:
        lines.append(info.description)
    if info.figures:
        lines.append(info.figures)
    return "\n".join(lines)


class EvidenceGridModel(QAbstractListModel):
    def __init__(self, services: Services, runner: JobRunner | None = None) -> None:
        super().__init__()
        self.services = services
        self.runner = runner or RUNNER
        self.items: list[EvidenceInfo] = []
        self._pictures: dict[str, QPixmap] = {}
        self._asked: set[str] = set()
        self.failed: dict[str, str] = {}  # uid -> why there is no preview

    def set_items(self, items: list[EvidenceInfo]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> EvidenceInfo:
        return self.items[row]

    def row_of(self, uid: str) -> int:
        return next((i for i, info in enumerate(self.items) if info.uid == uid), -1)

    def has_picture(self, uid: str) -> bool:
        return uid in self._pictures

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        info = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return caption(info)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(info)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{info.kind} evidence: {caption(info)}"
        if role == Qt.ItemDataRole.DecorationRole:
            picture = self._pictures.get(info.uid)
            if picture is not None:
                return QIcon(picture)
            self._request(info)
            return QApplication.style().standardIcon(KIND_ICONS.get(info.kind, QStyle.StandardPixmap.SP_FileIcon))
        if role == ItemRole:
            return info
        return None

    # ------------------------------------------------------------------ lazy pictures
    def _request(self, info: EvidenceInfo) -> None:
        if info.uid in self._asked:
            return
        self._asked.add(info.uid)
        evidence = self.services.evidence
        uid, kind = info.uid, info.kind

        def work(_control: JobControl) -> QImage | None:
            picture = icon_picture(evidence.previews(uid), kind)
            return load_scaled(picture) if picture is not None else None

        def failed(exc: BaseException) -> None:
            self.failed[uid] = str(exc) if isinstance(exc, ASBError) else exc.__class__.__name__

        self.runner.start(self, work, on_done=lambda image: self._arrived(uid, image), on_error=failed)

    def _arrived(self, uid: str, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.failed.setdefault(uid, "no preview for this kind of file")
            return
        self._pictures[uid] = QPixmap.fromImage(image)
        row = self.row_of(uid)
        if row >= 0:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    def forget(self, uid: str) -> None:
        """Draw an item's picture again (e.g. after its calibration changed its waveform's label)."""
        self._pictures.pop(uid, None)
        self._asked.discard(uid)
        self.failed.pop(uid, None)


def grid_view(model: EvidenceGridModel, name: str = "Evidence thumbnails") -> QListView:
    view = named(QListView(), name)
    view.setModel(model)
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setIconSize(QSize(THUMB, THUMB))
    view.setGridSize(QSize(THUMB + 32, THUMB + 48))
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.setSpacing(4)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view

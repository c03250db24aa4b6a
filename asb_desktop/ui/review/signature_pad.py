"""A signature pad: draw with a mouse, a pen (tablet events) or a finger (touch events) into a
``QPainterPath``; ``Clear`` starts again; ``png()`` exports the strokes as PNG bytes."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..widgets.fields import named

INK = QColor("#10205a")
PEN_WIDTH = 3.0
MARGIN = 12


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "Signature pad", "Sign here with the mouse, a pen or your finger")
        self.path = QPainterPath()
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(QSize(420, 160))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)

    # ---------------------------------------------------------------- strokes
    def is_empty(self) -> bool:
        return self.path.elementCount() < 2

    def clear(self) -> None:
        self.path = QPainterPath()
        self._drawing = False
        self.update()
        self.changed.emit()

    def begin(self, at: QPointF) -> None:
        self.path.moveTo(at)
        self.path.lineTo(at + QPointF(0.01, 0.01))  # a dot shows even without moving
        self._drawing = True
        self.update()

    def extend(self, at: QPointF) -> None:
        if self._drawing:
            self.path.lineTo(at)
            self.update()

    def end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    # ----------------------------------------------------------------- input
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.extend(event.position())
            self.end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self.begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and event.pressure() > 0:
            self.extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self.end()
        event.accept()  # no synthesised mouse events on top of the pen's

    def event(self, event) -> bool:  # noqa: ANN001 - QEvent; touch arrives here, not in a handler
        kind = event.type()
        if kind in (event.Type.TouchBegin, event.Type.TouchUpdate, event.Type.TouchEnd):
            points = event.points()
            if points:
                at = points[0].position()
                if kind == event.Type.TouchBegin:
                    self.begin(at)
                elif kind == event.Type.TouchUpdate:
                    self.extend(at)
                else:
                    self.extend(at)
                    self.end()
            event.accept()
            return True
        return super().event(event)

    # ---------------------------------------------------------------- output
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QPen(QColor("#999999"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 30
        p.drawLine(MARGIN, baseline, self.width() - MARGIN, baseline)
        if self.is_empty():
            p.drawText(QRectF(0, 0, self.width(), baseline - 6), Qt.AlignmentFlag.AlignCenter, "Sign here")
        p.setPen(self._pen())
        p.drawPath(self.path)
        p.end()

    @staticmethod
    def _pen() -> QPen:
        return QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)

    def png(self) -> bytes:
        """The strokes on a white background, cropped to the signature, as PNG bytes."""
        if self.is_empty():
            raise ValueError("the signature pad is empty")
        box = self.path.boundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        image = QImage(max(1, int(box.width())), max(1, int(box.height())), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(-box.topLeft())
        p.setPen(self._pen())
        p.drawPath(self.path)
        p.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

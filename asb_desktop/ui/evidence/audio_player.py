"""Playback of a noise recording (QtMultimedia): play/pause, a position slider to seek, the time.

The stored file is opened only when Play is first pressed (``open_file`` logs that in the item's
chain of custody); the store's copy is read-only, so playback can never change it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ..widgets.fields import named


def clock(ms: int) -> str:
    s = max(0, ms) // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class AudioPlayer(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "Recording player")
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self.play_button = named(QPushButton("Play"), "Play or pause the recording")
        self.play_button.clicked.connect(self.toggle)
        self.slider = named(QSlider(Qt.Orientation.Horizontal), "Position in the recording")
        self.slider.setRange(0, 0)
        self.slider.sliderMoved.connect(self.seek)
        self.time = named(QLabel("0:00 / 0:00"), "Playing time")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time)
        self.player.durationChanged.connect(self._duration)
        self.player.positionChanged.connect(self._position)
        self.player.playbackStateChanged.connect(self._state)
        self._opener: Callable[[], Path] | None = None
        self._duration_hint = 0

    def set_recording(self, opener: Callable[[], Path] | None, duration_s: float = 0.0) -> None:
        """The recording to play; ``opener`` returns the stored file (called on the first Play)."""
        self.player.stop()
        self.player.setSource(QUrl())
        self._opener = opener
        self._duration_hint = int(duration_s * 1000)
        self.slider.setRange(0, self._duration_hint)
        self.slider.setValue(0)
        self.time.setText(f"0:00 / {clock(self._duration_hint)}")
        self.play_button.setText("Play")
        self.setEnabled(opener is not None)

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
            return
        if self.player.source().isEmpty():
            if self._opener is None:
                return
            path = self._opener()
            self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()

    def seek(self, ms: int) -> None:
        self.player.setPosition(ms)

    def stop(self) -> None:
        self.player.stop()

    def _duration(self, ms: int) -> None:
        self.slider.setRange(0, ms or self._duration_hint)

    def _position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time.setText(f"{clock(ms)} / {clock(self.player.duration() or self._duration_hint)}")

    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        self.play_button.setText("Pause" if state == QMediaPlayer.PlaybackState.PlayingState else "Play")

"""Read-aloud with QtTextToSpeech. The first engine that starts wins (``speechd`` or ``flite``, where
their plugins load); Qt's ``mock`` engine makes no sound, so it is used only when asked for by name
(``ASB_SPEECH_ENGINE=mock``, as the tests do). With no working engine the witness is told so in plain
words (``UNAVAILABLE``), never an engine's name or error: those go to the log for the officer. A statement
made in the witness's own language is read with that language's voice; with none, the witness is told so."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QLocale, QObject, Signal

SILENT = {"mock"}
UNAVAILABLE = "Reading aloud is not available on this computer."
STOPPED = "Reading aloud stopped working on this computer."
log = logging.getLogger(__name__)


def _candidates(preferred: list[str] | None) -> list[str]:
    from PySide6.QtTextToSpeech import QTextToSpeech

    available = list(QTextToSpeech.availableEngines())
    wanted = preferred if preferred is not None else \
        [e for e in os.environ.get("ASB_SPEECH_ENGINE", "").split(",") if e.strip()]
    if wanted:
        return [e for e in wanted if e in available]
    return [e for e in available if e not in SILENT]


class ReadAloud(QObject):
    """Speaks text; ``available`` says whether it can; ``problem`` is the plain words the witness sees
    when not, and ``detail`` the technical reason (engine and error) for the log."""

    speaking_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, engines: list[str] | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.engine_name = ""
        self.problem = UNAVAILABLE
        self.detail = "no speech engine is installed (on Linux: the speech-dispatcher package)"
        if engines:
            self.detail = f"none of the speech engines asked for is installed: {', '.join(engines)}"
        self._tts: QTextToSpeech | None = None
        for name in _candidates(engines):
            tts = QTextToSpeech(name, self)
            if tts.state() != QTextToSpeech.State.Error:
                self._tts, self.engine_name = tts, name
                tts.stateChanged.connect(self._state)
                break
            self.detail = f"the speech engine '{name}' did not start ({tts.errorString() or 'no reason given'})"
            tts.deleteLater()
        if self._tts is None:
            log.warning("read aloud: %s", self.detail)

    @property
    def available(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._tts is not None and self._tts.state() != QTextToSpeech.State.Error

    @property
    def speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking

    def voice_for(self, language: str) -> QLocale | None:
        """The engine's locale (a QLocale) for ``language`` (an English name such as "Polish"), or None
        when it has no voice for it. "" (English, the default voice) always has one."""
        if not language.strip():
            return self._tts.locale() if self._tts is not None else None
        if self._tts is None:
            return None
        wanted = language.strip().casefold()
        for locale in self._tts.availableLocales():
            if QLocale.languageToString(locale.language()).casefold() == wanted:
                return locale
        return None

    def speaks(self, language: str = "") -> bool:
        """Whether the text can be read aloud in ``language`` ("" = the default voice)."""
        return self.available and self.voice_for(language) is not None

    def language_problem(self, language: str) -> str:
        """Plain words for the witness when there is no voice for their language."""
        return f"Reading aloud in {language.strip()} is not available on this computer." if self.available \
            else self.problem

    def say(self, text: str, language: str = "") -> bool:
        """Speak ``text``; in ``language`` (its voice chosen) when given. False when that cannot be done."""
        if not self.available or self._tts is None:
            return False
        if language.strip():
            locale = self.voice_for(language)
            if locale is None:
                log.info("read aloud: the speech engine '%s' has no voice for %s", self.engine_name, language)
                return False
            self._tts.setLocale(locale)
        self._tts.say(text)
        return True

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def _state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Error and self._tts is not None:
            self.problem = STOPPED
            self.detail = f"the speech engine '{self.engine_name}' failed: {self._tts.errorString() or 'no reason'}"
            log.warning("read aloud: %s", self.detail)
        self.speaking_changed.emit(state == QTextToSpeech.State.Speaking)

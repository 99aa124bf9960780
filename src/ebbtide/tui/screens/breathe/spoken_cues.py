"""Breathing cues as words: "in", "hold", "out" in the voice that speaks guided scripts,
instead of or with the tones (setting `breath_voice`). The words are rendered ahead when
the screen opens; until they are ready, or without a voice, the tones play instead, so a
cue is never silently lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

CUE_WORDS = {"inhale": "In.", "hold": "Hold.", "exhale": "Out."}
# A word heard this late would mark the wrong moment: the helper drops it.
WORD_STALE_AFTER = 0.5


class SpokenCues:
    def __init__(self, app: EbbtideApp) -> None:
        self._app = app

    @property
    def _mode(self) -> str:
        return self._app.settings.breath_voice

    def prepare(self) -> None:
        if self._mode != "tones" and self._app.settings.sound:
            self._app.speech.prepare(list(CUE_WORDS.values()))

    def play(self, cue: str, planned: float | None) -> None:
        """The cue for a phase: its word, its tone, or both, as set."""
        spoken = False
        word = CUE_WORDS.get(cue)
        if self._mode != "tones" and word is not None:
            path = self._app.speech.ready(word)
            if path is not None:
                self._app.sound.play_file(path, planned, label=cue,
                                          stale_after=WORD_STALE_AFTER)
                spoken = True
        if self._mode != "words" or not spoken:
            self._app.sound.play(cue, planned)

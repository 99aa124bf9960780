"""Breathing cues as words: "in", "hold", "out" in the voice that speaks guided scripts,
instead of or with the tones (setting `breath_voice`), or the words with the seconds
counted ("in, two, three, four"), to follow a pattern with eyes closed. The words are
rendered ahead when the screen opens; until they are ready, or without a voice, the tones
play instead, so a phase cue is never silently lost (a count is simply not said)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ebbtide.core.practice.pacer import PacerState

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

CUE_WORDS = {"inhale": "In.", "hold": "Hold.", "exhale": "Out."}
# Said on the 2nd, 3rd... second of a phase (the phase's word is its first). A hold longer
# than this is left to the display: counting on to thirty helps nobody relax.
COUNT_WORDS = ("Two.", "Three.", "Four.", "Five.", "Six.", "Seven.", "Eight.", "Nine.",
               "Ten.", "Eleven.", "Twelve.")
# A word heard this late would mark the wrong moment: the helper drops it.
WORD_STALE_AFTER = 0.5
EPSILON = 1e-6


def seconds_to_next_count(state: PacerState) -> float:
    """Seconds until the next whole second into the phase (when the next count is due)."""
    into = state.phase_seconds - state.seconds_left
    return (math.floor(into + EPSILON) + 1) - into


class SpokenCues:
    def __init__(self, app: EbbtideApp) -> None:
        self._app = app
        self._counted = 0  # whole seconds into the phase already counted

    @property
    def _mode(self) -> str:
        return self._app.settings.breath_voice

    @property
    def counting(self) -> bool:
        return self._mode == "counted"

    def prepare(self) -> None:
        if self._mode != "tones" and self._app.settings.sound:
            counts = list(COUNT_WORDS) if self.counting else []
            self._app.speech.prepare([*CUE_WORDS.values(), *counts])

    def play(self, cue: str, planned: float | None) -> None:
        """The cue for a phase: its word, its tone, or both, as set."""
        self._counted = 0
        spoken = False
        word = CUE_WORDS.get(cue)
        if self._mode != "tones" and word is not None:
            spoken = self._say(word, planned, cue)
        if self._mode in ("tones", "both") or not spoken:
            self._app.sound.play(cue, planned)

    def count(self, state: PacerState, now: float) -> None:
        """Say the phase's next whole second if it has come ("two" one second after "in"),
        planned for the moment it came. Paused time does not count (`state` is active time)."""
        if not self.counting or state.finished:
            return
        into = state.phase_seconds - state.seconds_left
        whole = math.floor(into + EPSILON)
        if whole <= self._counted or whole > len(COUNT_WORDS) \
                or whole >= state.phase_seconds - EPSILON:
            return
        self._counted = whole
        self._say(COUNT_WORDS[whole - 1], now - (into - whole), f"count {whole + 1}")

    def _say(self, word: str, planned: float | None, label: str) -> bool:
        path = self._app.speech.ready(word)
        if path is None:
            return False
        self._app.sound.play_file(path, planned, label=label, stale_after=WORD_STALE_AFTER)
        return True

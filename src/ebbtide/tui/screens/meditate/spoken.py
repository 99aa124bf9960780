"""The guided session's voice: each step's words rendered ahead (in another process, see
audio/speech_render.py) and played by the sound helper at the step's planned time.

The first time a script is prepared a progress bar shows how far rendering has got; a step
whose words are not ready yet when it starts is shown, not spoken (and traced as such).
Nothing here can stop a session: no voice, a failed engine or a failed helper leave the
text and the bells."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ebbtide.core import trace
from ebbtide.core.practice.guide import GuideEvent

if TYPE_CHECKING:
    from ebbtide.tui.screens.meditate.session import MeditationScreen


class SpokenSteps:
    def __init__(self, screen: MeditationScreen, texts: list[str]) -> None:
        self._screen = screen
        self._texts = texts
        self.muted = False
        self._row: Horizontal | None = None
        self._bar: ProgressBar | None = None

    @property
    def wanted(self) -> bool:
        """Spoken in this session: the voice is on in settings and not muted here."""
        return self._screen.ebbtide.voice_on and not self.muted

    @property
    def available(self) -> bool:
        """A voice can be heard at all (an engine is there and has not failed)."""
        return self._screen.ebbtide.voice_on and self._screen.ebbtide.speech.available

    def prepare(self) -> None:
        if not self._screen.ebbtide.voice_on:
            return
        done, total = self._screen.ebbtide.speech.prepare(self._texts, self._progress)
        if done < total and self._screen.ebbtide.speech.available:
            self._show(done, total)

    def _progress(self, done: int, total: int) -> None:
        # From the renderer's thread.
        self._screen.app.call_from_thread(self._show, done, total)

    def _show(self, done: int, total: int) -> None:
        if not self._screen.is_attached:  # progress arriving after the session closed
            return
        if self._row is None:
            if done >= total:
                return
            self._bar = ProgressBar(total=total, show_eta=False, id="voice-progress")
            label = Static("Preparing the voice", id="voice-label", markup=False)
            label.styles.width = "auto"
            label.styles.margin = (0, 2, 0, 0)
            self._row = Horizontal(label, self._bar, id="voice-row")
            self._row.styles.height = 1
            self._row.styles.align_horizontal = "center"
            self._screen.mount(self._row, before=self._screen.query_one("KeyBar"))
        assert self._bar is not None
        self._bar.update(total=total, progress=done)
        if done >= total:
            self._row.remove()
            self._row = self._bar = None

    def speak(self, event: GuideEvent) -> None:
        """The words of the step that starts with `event`, at its planned time."""
        if not self.wanted:
            return
        label = f"step {event.step + 1}"
        path = self._screen.ebbtide.speech.ready(event.text)
        if path is None:
            trace.emit("speech", event.planned, name=label, played=None, backend="none",
                       error="not rendered yet")
            return
        # A step's start is a hard boundary: words still running from a short step stop,
        # rather than two voices at once.
        self._screen.ebbtide.sound.hush()
        self._screen.ebbtide.sound.play_file(path, event.planned, label=label)

    def hush(self) -> None:
        if self._screen.ebbtide.voice_on:
            self._screen.ebbtide.sound.hush()

    def toggle(self) -> str:
        """Voice off (hushed at once) or back on from the next step. Returns a notice."""
        self.muted = not self.muted
        if self.muted:
            self.hush()
            return "Voice off for this session."
        return "Voice on from the next step."

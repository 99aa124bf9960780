"""The SOS minute: one minute of cyclic sighing that starts at once (no rating first), with
the crisis lines one key away (`!`). Opened by `ebbtide sos`, `!` on home and the palette.

Under the pacer, the words written for the minute (content/sos/sos-minute.toml) change
every step by the session's own active time, so they pause with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ebbtide.core.errors import ContentError
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.tuned.skip_unchanged import set_text

if TYPE_CHECKING:
    from ebbtide.core.content.sos_words import SosWords
    from ebbtide.tui.app import EbbtideApp

SOS_PATTERN = "cyclic-sighing"
SOS_MINUTES = 1.0
SOS_HINT = "Need help now? Press ! for crisis lines"


class SosScreen(BreathingScreen):
    DEFAULT_CSS = """
    SosScreen #sos-hint { width: 100%; text-align: center; color: $text-muted; }
    SosScreen #sos-words { width: 100%; height: auto; text-align: center; padding: 0 2; }
    SosScreen.-tall #sos-words { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("exclamation_mark", "crisis", "Crisis lines", id="sos.crisis"),
    ]

    _words: SosWords | None = None

    def compose_running(self) -> ComposeResult:
        from ebbtide.core.content.sos_words import load_sos_words

        try:
            self._words = load_sos_words()
        except ContentError as exc:  # the breathing goes on without them
            self.ebbtide.notices.once(str(exc), title="SOS words", timeout=8)
        yield from super().compose_running()
        yield Static("", id="sos-words", markup=False)
        yield Static(SOS_HINT, id="sos-hint", markup=False)

    def running_wake(self) -> float | None:
        wake = super().running_wake()
        state = self.session.state()
        if self._words is None or state is None:
            return wake
        to_words = self._words.seconds_to_next(state.elapsed)
        return to_words if wake is None else min(wake, to_words)

    def draw_running(self) -> None:
        super().draw_running()
        state = self.session.state()
        if self._words is not None and state is not None:
            words = self._words.texts[self._words.step_at(state.elapsed)]
            set_text(self.query_one("#sos-words", Static), words)

    def action_crisis(self) -> None:
        from ebbtide.tui.screens.common.crisis import CrisisScreen

        self.app.push_screen(CrisisScreen())


def open_route(app: EbbtideApp, args: dict[str, object] | None = None) -> None:
    """Start the SOS minute now, from anywhere."""
    from ebbtide.core.practice.session_length import SessionLength

    pattern = app.patterns.find(SOS_PATTERN)
    if pattern is None:
        app.notify(f"The {SOS_PATTERN} pattern is missing from this install.",
                   severity="warning", markup=False)
        return
    app.start_breathing(pattern, SessionLength(minutes=SOS_MINUTES), start_delay=0.0,
                        ask_ratings=False, screen=SosScreen)

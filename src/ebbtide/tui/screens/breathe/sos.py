"""The SOS minute: one minute of cyclic sighing that starts at once (no rating first), with
the crisis lines one key away (`!`). Opened by `ebbtide sos`, `!` on home and the palette."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ebbtide.tui.screens.breathe.session import BreathingScreen

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

SOS_PATTERN = "cyclic-sighing"
SOS_MINUTES = 1.0
SOS_HINT = "Need help now? Press ! for crisis lines"


class SosScreen(BreathingScreen):
    DEFAULT_CSS = """
    SosScreen #sos-hint { width: 100%; text-align: center; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("exclamation_mark", "crisis", "Crisis lines", id="sos.crisis"),
    ]

    def compose_running(self) -> ComposeResult:
        yield from super().compose_running()
        yield Static(SOS_HINT, id="sos-hint", markup=False)

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

"""While home is on screen, import each section's screen module ahead of time, one
section per timer tick, so a section's first open does not wait for Python to load it
(about 30 ms for the journal).

Only the modules: reading a section's CSS early would put its rules into the one global
stylesheet while home is shown, and every restyle on every screen then checks them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.timer import Timer

from ebbtide.tui.routes import section_screen_class

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

ORDER = ("journal", "read", "meditate", "breathe")  # heaviest first
START_AFTER = 0.5  # seconds: after home's first frame and its journal read
BETWEEN = 0.05  # seconds between sections, so a key pressed meanwhile waits little


class SectionWarmer:
    """Imports the sections not yet loaded, one per tick and only while home is in
    front; home asks again each time it comes back."""

    def __init__(self, app: EbbtideApp, sections: Iterable[str] = ORDER) -> None:
        self.app = app
        self.pending = list(sections)
        self._timer: Timer | None = None

    def schedule(self, delay: float = START_AFTER) -> None:
        if self.pending and self._timer is None:
            self._timer = self.app.set_timer(delay, self._next_section, name="warm-up")

    def _home_in_front(self) -> bool:
        stack = self.app.screen_stack  # empty while the app is closing
        return self.app.current_mode == "home" and bool(stack) and stack[-1].id == "home"

    def _next_section(self) -> None:
        self._timer = None
        if not self._home_in_front():
            return  # the user has moved on; home schedules the rest when it is back
        section_screen_class(self.pending.pop(0))
        self.schedule(BETWEEN)

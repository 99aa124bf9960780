"""What keeps a practice screen calm when something else happens (issue 15), apart from
`flow.FlowScreen`'s stages and clock:

- `CoverPause`: covered (a check-in, help, another section), a running session pauses
  rather than going on out of sight; back in front after a dialog it goes on by itself,
  after a screen it waits for space; a countdown starts again.
- `SessionNote`: guidance for before the session sits in the question and countdown
  screens, never as a notice over the pacer or the first cue; a session that starts at once
  gives it as a notice after the first breath or step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen
from textual.widgets import Static

from ebbtide.tui.widgets.safe_text import multi_line

if TYPE_CHECKING:
    from ebbtide.tui.screens.common.flow import FlowScreen

NOTE_SELECTOR = ".session-note"


class CoverPause:
    def __init__(self) -> None:
        self._paused_when_covered = False
        self._by_dialog = False

    def covered(self, screen: FlowScreen) -> None:
        flow = screen.flow
        self._by_dialog = isinstance(screen.app.screen, ModalScreen)
        if flow.stage == "countdown":
            screen.stop_waking()
        elif flow.stage == "running" and not flow.paused:
            flow.pause()
            self._paused_when_covered = True
            screen.tick()

    def uncovered(self, screen: FlowScreen) -> None:
        flow = screen.flow
        if self._paused_when_covered and self._by_dialog and flow.paused:
            flow.resume()
        self._paused_when_covered = False
        flow.restart_countdown()
        screen.tick()


class SessionNote:
    def __init__(self) -> None:
        self._after_first = ""
        self._events_seen = 0

    def show(self, screen: FlowScreen, note: str) -> None:
        for shown in screen.query(NOTE_SELECTOR).results(Static):
            shown.update(multi_line(note, limit=None))
            shown.display = bool(note)
        self._after_first = note if note and screen.flow.stage == "running" else ""
        self._events_seen = 0

    def event_seen(self, screen: FlowScreen) -> None:
        """A run event (a phase or step start): the second one means the first is over."""
        self._events_seen += 1
        if self._after_first and self._events_seen == 2:
            screen.notify(self._after_first, title="Before the next one", timeout=10)
            self._after_first = ""

"""Sessions left behind in another section: a finished one is cleared when its section is
opened again (it starts clean), a live one is named on home so nobody forgets it.

A session screen pauses itself when something covers it (`FlowScreen.on_screen_suspend`),
so "live" here means one that was counting down or running when it was left, now waiting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ebbtide.tui.screens.common.flow import FlowScreen
from ebbtide.tui.widgets.safe_text import one_line

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

LIVE_STAGES = ("countdown", "running")
SECTION_KEYS = {"breathe": "1", "meditate": "2"}


def _stack(app: EbbtideApp, mode: str) -> list[Screen[object]]:
    # Textual keeps each mode's screens here; it has no public view of another mode's stack.
    return list(app._screen_stacks.get(mode, []))


def _sessions(app: EbbtideApp, mode: str) -> list[FlowScreen]:
    return [screen for screen in _stack(app, mode)
            if isinstance(screen, FlowScreen) and screen.has_flow]


def is_live(screen: FlowScreen) -> bool:
    return screen.flow.stage in LIVE_STAGES


def has_stale_session(app: EbbtideApp, mode: str) -> bool:
    """True when `mode` holds a session that is over (or never began) and none still live:
    opening that section again should start clean."""
    sessions = _sessions(app, mode)
    return bool(sessions) and not any(is_live(screen) for screen in sessions)


def start_clean(app: EbbtideApp) -> None:
    """Close the current section's finished session and whatever was opened over it, back
    to the screen it was started from (each session is saved as its screen closes)."""
    stack = app.screen_stack
    first = next((index for index, screen in enumerate(stack)
                  if isinstance(screen, FlowScreen)), len(stack))
    for _ in range(len(stack) - max(first, 1)):
        app.pop_screen()


def live_session_line(app: EbbtideApp) -> str | None:
    """For home: a session still waiting in another section, and the key back to it."""
    for mode, key in SECTION_KEYS.items():
        for screen in _sessions(app, mode):
            if is_live(screen):
                return (f"A session is paused ({one_line(screen.session_title, 40)}): "
                        f"press {key} to go back to it")
    return None

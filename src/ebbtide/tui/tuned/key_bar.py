"""The keys line at the bottom of every screen, in place of Textual's Footer.

Why: Footer builds a widget per key and restyles each one whenever the keys change, on
every screen switch and at start-up. Measured (`python -m benchmarks startup_instructions`,
callgrind, up to home's first frame at 100x32): 1077 M instructions with KeyBar, 1513 M with
Footer in its place (+40 %; the ratio against the bare app would go from 1.22 to 1.73).

This draws the same line as one widget: the screen's shown bindings (one per action),
dimmed when disabled, with the command palette key on the right. Clicking a key presses it.
Relies on: `Screen.bindings_updated_signal`, `Screen.active_bindings`,
`App.get_key_display`, `App.COMMAND_PALETTE_BINDING` (tests/tui/test_tuned.py)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

GAP = "  "


class KeyBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--disabled {
        color: $text-disabled;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._items: list[tuple[str, str, bool]] = []  # key, display, enabled
        self._palette: tuple[str, str] | None = None
        self._hit_boxes: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._collect()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._collect()

    def _collect(self) -> None:
        items: list[tuple[str, str, bool]] = []
        seen_actions: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        palette: tuple[str, str] | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, self.app.get_key_display(binding))
                continue
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            display = f"{self.app.get_key_display(binding)} {binding.description}"
            items.append((binding.key, display, active.enabled))
        if items != self._items or palette != self._palette:
            self._items = items
            self._palette = palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        off_style = self.get_component_rich_style("key-bar--disabled")
        width = self.size.width
        right = f"{self._palette[1]} palette " if self._palette else ""
        room = max(0, width - len(right) - 1)
        line = Text(" ", no_wrap=True, overflow="crop")
        boxes: list[tuple[int, int, str]] = []
        for key, display, enabled in self._items:
            key_part, _, description = display.partition(" ")
            start = len(line)
            if start + len(display) > room:
                break  # only whole entries; F1 help lists every key
            line.append(key_part, off_style if not enabled else key_style)
            line.append(" " + description, off_style if not enabled else text_style)
            boxes.append((start, len(line), key))
            line.append(GAP)
        line.truncate(room)
        if right and self._palette is not None:
            line.pad_right(width - len(line) - len(right))
            start = len(line)
            key_display, _, rest = right.partition(" ")
            line.append(key_display, key_style)
            line.append(" " + rest, text_style)
            boxes.append((start, len(line), self._palette[0]))
        self._hit_boxes = boxes
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._hit_boxes:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return

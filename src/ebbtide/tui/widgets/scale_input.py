"""A small number scale (1–10, 0–10, 1–5) picked with number keys or arrows.

Type a digit to pick it ("1" then "0" reaches 10), left/right step, Backspace clears.
The scale is drawn on one line and squeezes itself into narrow terminals."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ScaleInput(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "step(-1)", "Less", show=False),
        Binding("right,plus,equals_sign", "step(1)", "More", show=False),
        Binding("home", "edge(-1)", "Lowest", show=False),
        Binding("end", "edge(1)", "Highest", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    value: reactive[int | None] = reactive[int | None](None)

    class Changed(Message):
        def __init__(self, scale: ScaleInput, value: int | None) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

        @property
        def control(self) -> ScaleInput:
            return self.scale

    def __init__(self, low: int, high: int, value: int | None = None, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.low = low
        self.high = high
        self.set_reactive(ScaleInput.value, value)
        self._last_digit: int | None = None

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def _cells(self) -> int:
        """Characters per number: roomy when there is space, tight when there is not."""
        count = self.high - self.low + 1
        width = max(self.size.width, 1)
        for cell in (4, 3):
            if cell * count <= width:
                return cell
        return 2

    def render(self) -> Text:
        cell = self._cells()
        text = Text(no_wrap=True, overflow="crop")
        for number in range(self.low, self.high + 1):
            label = str(number).center(cell - 1 if cell > 2 else 2)
            if number == self.value:
                text.append(label, style="bold reverse")
            else:
                text.append(label, style="dim" if self.value is not None else "")
            if cell > 2 and number < self.high:
                text.append(" ")
        return text

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isdigit():
            self._last_digit = None
            return
        event.stop()
        event.prevent_default()
        digit = int(character)
        if self.high >= 10 and digit == 0 and self._last_digit == 1:
            self.value = 10
            self._last_digit = None
            return
        self._last_digit = digit
        if self.low <= digit <= self.high:
            self.value = digit
        else:
            self.app.bell()

    def action_step(self, delta: int) -> None:
        if self.value is None:
            self.value = (self.low + self.high + 1) // 2
        else:
            self.value = max(self.low, min(self.high, self.value + delta))

    def action_edge(self, direction: int) -> None:
        self.value = self.high if direction > 0 else self.low

    def action_clear(self) -> None:
        self.value = None

    def on_click(self, event: events.Click) -> None:
        cell = self._cells()
        index = event.x // cell
        if 0 <= index <= self.high - self.low:
            self.value = self.low + index

"""A 0–10 scale picked with number keys or arrows: "How anxious do you feel right now?"."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LOW, HIGH = 0, 10


class RatingScale(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,down,minus", "step(-1)", "Less", show=False),
        Binding("right,up,plus,equals_sign", "step(1)", "More", show=False),
        Binding("home", "set(0)", "0", show=False),
        Binding("end", "set(10)", "10", show=False),
        Binding("enter", "choose", "Save rating", id="rating.choose"),
    ]

    value: reactive[int | None] = reactive[int | None](None)

    class Chosen(Message):
        def __init__(self, scale: RatingScale, value: int) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

    def __init__(self, value: int | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(RatingScale.value, value)
        self._last_digit: int | None = None

    def render(self) -> Text:
        compact = self._compact()
        text = Text(justify="center")
        for number in range(LOW, HIGH + 1):
            label = f"{number}" if compact else f" {number} "
            if number == self.value:
                text.append(label if compact else f"[{number}]", style="bold reverse")
            else:
                text.append(label, style="dim" if self.value is not None else "")
            if number < HIGH:
                text.append(" ")
        return text

    def _compact(self) -> bool:
        """Narrow terminals (40 columns) drop the padding so 10 still fits."""
        return 0 < self.size.width < self._line_width(compact=False)

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is not None and character.isdigit():
            digit = int(character)
            # Typing "1" then "0" reaches 10; every other digit picks itself.
            self.value = 10 if digit == 0 and self._last_digit == 1 else digit
            self._last_digit = digit if self.value != 10 else None
            event.stop()
        else:
            self._last_digit = None

    def action_step(self, delta: int) -> None:
        if self.value is None:
            self.value = 5
        else:
            self.value = max(LOW, min(HIGH, self.value + delta))

    def action_set(self, value: int) -> None:
        self.value = value

    def action_choose(self) -> None:
        if self.value is not None:
            self.post_message(self.Chosen(self, self.value))
        else:
            self.notify("Pick a number from 0 to 10 first, or press n to skip.",
                        severity="warning")

    def on_click(self, event: events.Click) -> None:
        x = event.x
        compact = self._compact()
        offset = (self.size.width - self._line_width(compact=compact)) // 2
        position = x - offset
        cursor = 0
        for number in range(LOW, HIGH + 1):
            cell = len(f"{number}" if compact else f" {number} ") + 1
            if cursor <= position < cursor + cell:
                self.value = number
                return
            cursor += cell

    def _line_width(self, *, compact: bool) -> int:
        labels = (f"{n}" if compact else f" {n} " for n in range(LOW, HIGH + 1))
        return sum(len(label) for label in labels) + HIGH

"""A large, focusable entry on the home screen: key, name and one line of description.

One Static per door (not a container of several) keeps the home screen quick to draw."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static


class Door(Static, can_focus=True):
    class Opened(Message):
        def __init__(self, door: Door) -> None:
            super().__init__()
            self.door = door

    def __init__(self, target: str, key: str, name: str, description: str) -> None:
        label = Text(name, style="bold")
        label.append("\n")
        label.append(description, style="dim")
        super().__init__(label, id=f"door-{target}", classes="door")
        self.target = target
        self.key_hint = key
        self.door_name = name
        self.description = description
        self.border_title = key

    def on_click(self) -> None:
        self.post_message(self.Opened(self))

    def key_enter(self) -> None:
        self.post_message(self.Opened(self))

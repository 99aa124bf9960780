"""A large, focusable entry on the home screen: key, name and one line of description."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static


class Door(Vertical, can_focus=True):
    class Opened(Message):
        def __init__(self, door: Door) -> None:
            super().__init__()
            self.door = door

    def __init__(self, target: str, key: str, name: str, description: str) -> None:
        super().__init__(id=f"door-{target}", classes="door")
        self.target = target
        self.key_hint = key
        self.door_name = name
        self.description = description

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{self.door_name}[/b]", classes="door-name", markup=True)
        yield Static(self.description, classes="door-description", markup=False)

    def on_mount(self) -> None:
        self.border_title = self.key_hint

    def on_click(self) -> None:
        self.post_message(self.Opened(self))

    def key_enter(self) -> None:
        self.post_message(self.Opened(self))

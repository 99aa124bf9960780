"""Shared screen behaviour: Esc goes back, and each screen carries its own help text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.tuned.breakpoints import take_size_classes

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

ResultT = TypeVar("ResultT")


class EbbtideScreen(Screen[ResultT]):
    """A full screen. At the root of a section, Esc returns home."""

    HELP_TEXT: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        take_size_classes(self)  # before the first styling, not at the first resize

    @property
    def ebbtide(self) -> EbbtideApp:
        return ebbtide_app(self)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.ebbtide.leave_section()

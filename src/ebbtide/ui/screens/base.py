"""Shared screen behaviour: Esc goes back, and each screen carries its own help text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from ebbtide.ui.app import EbbtideApp

ResultT = TypeVar("ResultT")


class EbbtideScreen(Screen[ResultT]):
    """A full screen. At the root of a section, Esc returns home."""

    HELP_TEXT: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    @property
    def ebbtide(self) -> EbbtideApp:
        return self.app  # type: ignore[return-value]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.ebbtide.leave_section()

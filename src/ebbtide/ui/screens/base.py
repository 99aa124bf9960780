"""Shared screen behaviour: Esc goes back, and each screen carries its own help text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.types import NoActiveAppError

if TYPE_CHECKING:
    from ebbtide.ui.app import EbbtideApp

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
        self._take_size_classes()

    def _take_size_classes(self) -> None:
        """Start with the breakpoint classes for the terminal's size. Textual adds them at
        the first resize, after mounting, and that restyles every widget a second time."""
        try:
            width, height = self.app.size
        except NoActiveAppError:
            return
        classes: dict[str, bool] = {}
        for breakpoints, dimension in (
            (self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or [], width),
            (self.VERTICAL_BREAKPOINTS or self.app.VERTICAL_BREAKPOINTS or [], height),
        ):
            chosen = None
            for threshold, name in sorted(breakpoints):
                classes[name] = False
                if dimension >= threshold:
                    chosen = name
            if chosen is not None:
                classes[chosen] = True
        self.update_classes(classes, update=False)

    @property
    def ebbtide(self) -> EbbtideApp:
        return self.app  # type: ignore[return-value]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.ebbtide.leave_section()

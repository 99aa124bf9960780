"""Shared screen behaviour: Esc goes back, and each screen carries its own help text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.types import NoActiveAppError

from ebbtide.tui.app_access import ebbtide_app

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
        self._take_size_classes()

    def _take_size_classes(self) -> None:
        """Start with the breakpoint classes for the terminal's size. Textual adds them at
        the first resize, after mounting, and that restyles every widget a second time."""
        try:
            width, height = self.app.size
        except NoActiveAppError:
            return
        app = self.app
        # As Textual chooses them: the screen's own breakpoints, unless it has none set.
        horizontal = (app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None
                      else self.HORIZONTAL_BREAKPOINTS)
        vertical = (app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None
                    else self.VERTICAL_BREAKPOINTS)
        classes: dict[str, bool] = {}
        for breakpoints, dimension in ((horizontal or [], width), (vertical or [], height)):
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
        return ebbtide_app(self)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.ebbtide.leave_section()

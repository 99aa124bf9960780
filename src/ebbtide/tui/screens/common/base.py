"""Shared screen behaviour: Esc goes back, and each screen carries its own help text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.tuned.breakpoints import take_size_classes
from ebbtide.tui.tuned.styled_once import keep_styles_on_first_resume

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

    @on(events.ScreenResume)
    def _styled_once(self, event: events.ScreenResume) -> None:
        keep_styles_on_first_resume(self, event)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.ebbtide.leave_section()


class EbbtideModal(ModalScreen[ResultT]):
    """A dialog over another screen."""

    @on(events.ScreenResume)
    def _styled_once(self, event: events.ScreenResume) -> None:
        keep_styles_on_first_resume(self, event)

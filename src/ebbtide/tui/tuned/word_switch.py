"""A switch that says "on" or "off" in words beside its slider.

Why: Textual's Switch tells on from off only by the slider's colour, which NO_COLOR and some
themes take away (the thumb and the track are the same glyphs). Not a speed measure."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.widgets import Switch

SLIDER_WIDTH = 4  # Switch.get_content_width
WORD_WIDTH = 4  # " off"


class WordSwitch(Switch):
    def render(self) -> RenderableType:
        grid = Table.grid()
        grid.add_column(width=SLIDER_WIDTH, no_wrap=True)
        grid.add_column(width=WORD_WIDTH, no_wrap=True)
        slider = super().render()
        grid.add_row(slider, Text(" on" if self.value else " off"))  # type: ignore[arg-type]
        return grid

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return SLIDER_WIDTH + WORD_WIDTH

"""The breathing shape: a soft disc that grows on the in-breath and shrinks on the out-breath.

Drawn with half-block characters (two pixels per cell, roughly square). Its size moves in
half-pixel steps and it only re-renders when that step changes, so a slow breath costs a
few dozen redraws, not one per frame."""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

MIN_SCALE = 0.3


class PacerShape(Widget):
    step: reactive[int] = reactive(0)

    def _radius_max(self) -> float:
        width, height = self.size
        return max(0.5, min(width / 2, height) - 0.5)

    def _steps(self) -> int:
        """Half-pixel steps between empty and full lungs at the current size."""
        return max(1, round(self._radius_max() * (1 - MIN_SCALE) * 2))

    def set_fill(self, fill: float) -> None:
        self.step = round(max(0.0, min(1.0, fill)) * self._steps())

    def _disc_color(self) -> Color:
        """The colour as styled, a translucent one (the dim night disc) mixed into the
        background behind it, since a terminal cell has no transparency."""
        _, _, background, color = self.colors
        return background.blend(color.with_alpha(1.0), color.a) if color.a < 1 else color

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        if width == 0 or height == 0:
            return Strip.blank(width)
        pixel_rows = height * 2
        radius_max = self._radius_max()
        fill = min(1.0, self.step / self._steps())
        radius = radius_max * (MIN_SCALE + (1 - MIN_SCALE) * fill)
        cx, cy = (width - 1) / 2, (pixel_rows - 1) / 2
        base = self.rich_style  # the theme's background, so the disc sits on the screen
        style = base + Style(color=self._disc_color().rich_color)
        chars = []
        top_dy, bottom_dy = (2 * y) - cy, (2 * y + 1) - cy
        for x in range(width):
            dx = x - cx
            top = math.hypot(dx, top_dy) <= radius
            bottom = math.hypot(dx, bottom_dy) <= radius
            chars.append("█" if top and bottom else "▀" if top else "▄" if bottom else " ")
        return Strip([Segment("".join(chars), style)], width)

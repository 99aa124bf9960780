"""The breathing shape: a soft disc that grows on the in-breath and shrinks on the out-breath.

Drawn with half-block characters (two pixels per cell, roughly square). It only re-renders
when its size changes by a visible step, so a slow breath costs few redraws."""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

STEPS = 48  # distinct sizes between empty and full lungs
MIN_SCALE = 0.3


class PacerShape(Widget):
    step: reactive[int] = reactive(0)

    def set_fill(self, fill: float) -> None:
        self.step = round(max(0.0, min(1.0, fill)) * STEPS)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        if width == 0 or height == 0:
            return Strip.blank(width)
        pixel_rows = height * 2
        radius_max = min(width / 2, pixel_rows / 2) - 0.5
        radius = radius_max * (MIN_SCALE + (1 - MIN_SCALE) * self.step / STEPS)
        cx, cy = (width - 1) / 2, (pixel_rows - 1) / 2
        style = Style(color=self.styles.color.rich_color)
        chars = []
        top_dy, bottom_dy = (2 * y) - cy, (2 * y + 1) - cy
        for x in range(width):
            dx = x - cx
            top = math.hypot(dx, top_dy) <= radius
            bottom = math.hypot(dx, bottom_dy) <= radius
            chars.append("█" if top and bottom else "▀" if top else "▄" if bottom else " ")
        return Strip([Segment("".join(chars), style)], width)

"""A checkbox whose state shows without colour (NO_COLOR, high contrast): ✓ or blank.

Why: Textual's Checkbox draws the same "X" ticked or not and tells the two apart only by
colour, which NO_COLOR and some themes take away. Not a speed measure: the one override is
the private `ToggleButton._button` (with `BUTTON_INNER`), so tests/tui/test_tuned.py fails
if either changes or if the stock Checkbox starts showing its state in the glyph itself."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button

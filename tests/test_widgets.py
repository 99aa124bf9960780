"""Small shared widgets, as a person sees them."""

from __future__ import annotations

from textual.app import App, ComposeResult

from ebbtide.ui.widgets.rating import RatingScale
from ebbtide.ui.widgets.tick import Tick


class _Host(App[None]):
    def __init__(self, *widgets: object) -> None:
        super().__init__()
        self._widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self._widgets  # type: ignore[misc]


async def test_rating_scale_fits_forty_columns_and_keys_pick_values() -> None:
    scale = RatingScale()
    app = _Host(scale)
    async with app.run_test(size=(40, 5)) as pilot:
        scale.focus()
        rendered = str(scale.render())
        assert rendered.strip().endswith("10") and len(rendered.strip()) <= 40
        await pilot.press("7")
        assert scale.value == 7
        await pilot.press("1", "0")
        assert scale.value == 10
        await pilot.press("left", "left")
        assert scale.value == 8


async def test_tick_shows_its_state_without_colour() -> None:
    tick = Tick("alcohol", False)
    app = _Host(tick)
    async with app.run_test(size=(40, 3)) as pilot:
        assert "✓" not in str(tick.render())
        tick.focus()
        await pilot.press("space")
        assert tick.value and "✓" in str(tick.render())

"""Small shared widgets, as a person sees them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult

from ebbtide.tui.tuned.tick import Tick
from ebbtide.tui.widgets.rating import RatingScale


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


async def test_key_bar_lists_the_screen_keys_and_clicks_press_them(
        make_app: Callable[..., Any]) -> None:
    from ebbtide.tui.screens.common.help import HelpScreen
    from ebbtide.tui.tuned.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert "s Suggested" in line and "f1 Help" in line and line.rstrip().endswith("palette")
        start = line.index("f1 Help")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_key_bar_keeps_whole_entries_when_narrow(make_app: Callable[..., Any]) -> None:
    from ebbtide.tui.tuned.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(40, 12)):
        line = str(app.screen.query_one(KeyBar).render())
        assert len(line) <= 40 and line.rstrip().endswith("^p palette")
        words = line.split()
        assert "Suggested" in words and "Sett" not in line.replace("Settings", "")

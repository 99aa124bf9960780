"""The pacer at night: from 21:00 to 06:00 (on the app's injected clock) the disc takes a
dim colour mixed from the theme, and there is a night theme for the dark."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from ebbtide.core.clock import ManualClock, is_night
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.themes import theme_names
from ebbtide.tui.widgets.pacer_shape import PacerShape

MakeApp = Callable[..., Any]
ZONE = timezone(timedelta(hours=1))
ROUTE = StartRoute("breathe", {"pattern": "box", "minutes": 1, "start_delay": 0,
                               "skip_ratings": True})


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 21, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(("hour", "minute", "night"), [
    (20, 59, False), (21, 0, True), (23, 30, True), (2, 0, True), (5, 59, True),
    (6, 0, False), (12, 0, False)])
def test_night_runs_from_nine_in_the_evening_to_six_in_the_morning(
        hour: int, minute: int, night: bool) -> None:
    assert is_night(_at(hour, minute)) is night


async def _disc_brightness(make_app: MakeApp, hour: int, theme: str | None = None) -> float:
    app = make_app(route=ROUTE, now=lambda: _at(hour), clock=ManualClock(10.0),
                   overrides=Overrides(theme=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BreathingScreen)
        assert screen.has_class("-night") is is_night(_at(hour))
        color = screen.query_one(PacerShape)._disc_color()
        return float(color.brightness)


async def test_the_disc_is_dimmer_at_night_than_by_day(make_app: MakeApp) -> None:
    day = await _disc_brightness(make_app, 10)
    night = await _disc_brightness(make_app, 22)
    assert night < day * 0.6


async def test_high_contrast_dims_at_night_too(make_app: MakeApp) -> None:
    day = await _disc_brightness(make_app, 10, "high-contrast")
    night = await _disc_brightness(make_app, 23, "high-contrast")
    assert night < day * 0.6


def test_there_is_a_night_theme() -> None:
    assert "ebbtide-night" in theme_names()


async def test_the_night_theme_disc_is_soft_even_by_day(make_app: MakeApp) -> None:
    dusk = await _disc_brightness(make_app, 10)
    night_theme = await _disc_brightness(make_app, 10, "ebbtide-night")
    assert night_theme < dusk * 0.7

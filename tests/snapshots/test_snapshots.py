"""Snapshot tests of the main screens at 80x24 with animation off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from ebbtide.launch import Overrides

SIZE = (80, 24)


def _still(make_app: Callable[..., Any]) -> Any:
    return make_app(overrides=Overrides(reduced_motion=True))


def test_home(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_still(make_app), terminal_size=SIZE)


def test_help_on_home(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_still(make_app), press=["f1"], terminal_size=SIZE)


def test_home_small_terminal(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_still(make_app), terminal_size=(40, 12))


def test_settings(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def open_settings(pilot: Pilot[Any]) -> None:
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(_still(make_app), run_before=open_settings, terminal_size=SIZE)


def _breathing_app(make_app: Callable[..., Any], clock: Any) -> Any:
    from ebbtide.launch import StartRoute

    route = StartRoute("breathe", {"pattern": "box", "cycles": 2, "start_delay": 0,
                                   "skip_ratings": True})
    return make_app(route=route, clock=clock)


def test_breathing_mid_inhale(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    from ebbtide.core.clock import ManualClock

    clock = ManualClock()

    async def halfway_in(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(2.0)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(_breathing_app(make_app, clock), run_before=halfway_in,
                        terminal_size=SIZE)


def test_breathing_summary(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    from ebbtide.core.clock import ManualClock

    clock = ManualClock()

    async def to_the_end(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(40.0)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(_breathing_app(make_app, clock), run_before=to_the_end,
                        terminal_size=SIZE)

"""Snapshots of the meditate section with animation off (reduced motion)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from ebbtide.core.clock import ManualClock
from ebbtide.core.practice.bell_timer import TimerSpec
from ebbtide.launch import Overrides, StartRoute

SIZE = (80, 24)
SMALL = (40, 12)


def _app(make_app: Callable[..., Any], clock: ManualClock, route: StartRoute | None) -> Any:
    return make_app(route=route, clock=clock, overrides=Overrides(reduced_motion=True))


def _guided(make_app: Callable[..., Any], clock: ManualClock) -> Any:
    route = StartRoute("meditate", {"script": "grounding-5-4-3-2-1", "minutes": None,
                                    "skip_ratings": True})
    return _app(make_app, clock, route)


def _mid_step(clock: ManualClock) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(3.0)  # the start delay
        pilot.app.screen.tick()
        clock.advance(35.0)  # 10 s into the second step
        pilot.app.screen.tick()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_guided_session_mid_step(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    clock = ManualClock()
    assert snap_compare(_guided(make_app, clock), run_before=_mid_step(clock),
                        terminal_size=SIZE)


def test_guided_session_small_terminal(snap_compare: Any,
                                       make_app: Callable[..., Any]) -> None:
    clock = ManualClock()
    assert snap_compare(_guided(make_app, clock), run_before=_mid_step(clock),
                        terminal_size=SMALL)


def test_timer_running(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    clock = ManualClock()
    spec = TimerSpec(minutes=20, start_delay=0, every=5, marks=(12.5,))
    route = StartRoute("timer", {"spec": spec, "preset": None, "skip_ratings": True})

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(6 * 60 + 15)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(_app(make_app, clock, route), run_before=run_before,
                        terminal_size=SIZE)


def test_meditate_menu(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_app(make_app, ManualClock(), None), press=["2"], terminal_size=SIZE)


def test_timer_setup(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_app(make_app, ManualClock(), None), press=["2", "t"],
                        terminal_size=SIZE)

"""Snapshots of the Sleep screen: almost black, the words dim, nothing moving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.core.clock import ManualClock
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui import soundscape as tui_soundscape


@pytest.fixture(autouse=True)
def _no_soundscape(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui_soundscape, "make_soundscape", lambda *args: None)


def _sleep_in_the_body_scan(make_app: Callable[..., Any]) -> tuple[Any, Any]:
    clock = ManualClock()
    app = make_app(route=StartRoute("sleep", {"minutes": 30}), clock=clock,
                   overrides=Overrides(reduced_motion=True))

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(200.0)  # 20 s into the body scan
        pilot.app.screen.tick()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_sleep_session(snap_compare: Any, make_app: Callable[..., Any],
                       size: tuple[int, int]) -> None:
    app, run_before = _sleep_in_the_body_scan(make_app)
    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_sleep_setup(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    app = make_app(overrides=Overrides(reduced_motion=True))
    assert snap_compare(app, press=["z"], terminal_size=(80, 24))

"""The SOS minute: one key from home, running at once, crisis lines one key away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Static

from ebbtide.core.clock import ManualClock
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.breathe.sos import SOS_HINT, SosScreen
from ebbtide.tui.screens.common.crisis import CrisisScreen
from tests.conftest import settle_until

MakeApp = Callable[..., Any]


async def test_bang_on_home_starts_the_sos_minute_and_bang_opens_crisis_lines(
        make_app: MakeApp) -> None:
    app = make_app(clock=ManualClock(1000.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        await settle_until(pilot, lambda: isinstance(app.screen, SosScreen), "the SOS screen")
        screen = app.screen
        assert isinstance(screen, SosScreen)
        assert screen.session.stage == "running"  # no rating first, no countdown
        assert screen.pattern.id == "cyclic-sighing"
        assert screen.session.pacer.total_seconds == 60.0
        assert str(screen.query_one("#sos-hint", Static).render()) == SOS_HINT
        await pilot.press("exclamation_mark")
        await settle_until(pilot, lambda: isinstance(app.screen, CrisisScreen),
                           "the crisis dialog")


async def test_ebbtide_sos_route_opens_the_sos_minute(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute(screen="sos", exit_after=True), clock=ManualClock(5.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, SosScreen), "the SOS screen")

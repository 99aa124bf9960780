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
        screen = app.screen
        assert isinstance(screen, SosScreen)
        assert screen.session.stage == "running" and screen.pattern.id == "cyclic-sighing"


async def test_the_minutes_words_change_each_step_and_wait_while_paused(
        make_app: MakeApp) -> None:
    clock = ManualClock(5.0)
    app = make_app(route=StartRoute(screen="sos", exit_after=True), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, SosScreen), "the SOS screen")
        screen = app.screen
        assert isinstance(screen, SosScreen)

        def words() -> str:
            return str(screen.query_one("#sos-words", Static).render())

        async def advance(seconds: float) -> None:
            clock.advance(seconds)
            screen.tick()
            await pilot.pause()

        await advance(0)
        assert words().startswith("You are here. This minute is only for breathing.")
        await advance(9.5)
        assert words().startswith("You are here.")
        wake = screen.running_wake()
        assert wake is not None and wake <= 0.5 + 1e-9  # wakes for the next words
        await pilot.press("space")  # pause: the step does not move on
        await advance(30)
        assert words().startswith("You are here.")
        await pilot.press("space")
        await advance(0.5)
        assert words().startswith("Now a small sip of air on top.")

"""Issue 15, consistent keys: c during a session pauses it and comes back to it (saved or
Esc); Esc from a check-in returns to where it was started; a section opened again after a
finished session starts clean, while a session still going waits, paused, and home says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, OptionList, Static

from ebbtide.core.clock import ManualClock
from ebbtide.tui.screens.breathe.menu import BreatheMenuScreen
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.screens.common.help import HelpScreen
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
from ebbtide.tui.screens.journal.overview import OFFER_KEY
from ebbtide.tui.screens.read.article import ArticleScreen

MakeApp = Callable[..., Any]


def _app(make_app: MakeApp, **kwargs: Any) -> Any:
    app = make_app(**kwargs)
    app.state.set(OFFER_KEY, "skipped")  # the journal's first-run medicine offer
    return app


async def _breathing(pilot: Any, clock: ManualClock) -> BreathingScreen:
    """Box breathing from the menu, past the question and the countdown, now running."""
    app = pilot.app
    await pilot.press("1")
    menu = app.screen
    assert isinstance(menu, BreatheMenuScreen)
    options = menu.query_one("#patterns", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index("box")
    await pilot.pause()
    menu.query_one("#length", Input).value = "2"
    options.focus()
    await pilot.press("enter")
    screen = app.screen
    assert isinstance(screen, BreathingScreen)
    await pilot.press("n")  # no rating
    clock.advance(3)
    screen.tick()
    assert screen.session.stage == "running"
    return screen


async def test_c_in_a_session_pauses_it_and_esc_comes_back_to_it(make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = _app(make_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await _breathing(pilot, clock)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInFormScreen)
        assert session.session.paused
        clock.advance(60)  # a minute spent on the form is not breathing time
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is session and app.current_mode == "breathe"
        assert session.session.paused
        assert "paused" in str(session.query_one("#phase-word", Static).render())
        await pilot.press("space")
        assert not session.session.paused
        assert session.session.state() is not None
        assert session.session.state().session_seconds_left > 100


async def test_a_check_in_saved_during_a_session_returns_to_it(make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = _app(make_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await _breathing(pilot, clock)
        await pilot.press("c", "6", "tab", "3", "ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is session
        assert session.session.paused


async def test_esc_from_a_check_in_started_on_home_returns_home(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CheckInFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_esc_from_a_check_in_started_in_an_article_returns_to_it(
        make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        await pilot.press("c")
        assert isinstance(app.screen, CheckInFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is article


async def test_help_over_a_session_pauses_it_and_closing_help_goes_on(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = _app(make_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await _breathing(pilot, clock)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert session.session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert not session.session.paused


async def test_a_finished_session_is_gone_when_the_section_opens_again(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = _app(make_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await _breathing(pilot, clock)
        await pilot.press("s")  # ends now: the summary asks how anxious
        assert session.session.stage == "summary"
        app.go("home")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, BreatheMenuScreen)
        assert len(app.screen_stack) == 1
        assert not app.open_sessions  # saved and closed


async def test_a_session_left_running_waits_paused_and_home_says_so(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = _app(make_app, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await _breathing(pilot, clock)
        app.go("home")  # the palette can go anywhere mid-session
        await pilot.pause()
        assert session.session.paused
        home = app.screen
        assert isinstance(home, HomeScreen)
        glance = str(home.query_one("#glance", Static).render())
        assert "A session is paused (Box breathing" in glance and "press 1 to go back" in glance
        await pilot.press("1")
        await pilot.pause()
        assert app.screen is session and session.session.paused


async def test_the_check_in_form_does_not_offer_c_check_in_again(make_app: MakeApp) -> None:
    from ebbtide.tui.screens.common.help import key_rows

    app = _app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        _, on_home = key_rows(app.screen)
        assert ("c", "Check in") in on_home
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, CheckInFormScreen)
        _, everywhere = key_rows(form)
        assert all(what != "Check in" for _, what in everywhere)
        await pilot.press("c")
        await pilot.pause()
        assert sum(isinstance(s, CheckInFormScreen) for s in app.screen_stack) == 1

"""Issue 15, calm layout: at 40x12 the welcome's button stays in view and its crisis lines
can be scrolled to with the button focused; at 200x50 forms, notes and home keep a readable
width, centred; switches say on or off in words (NO_COLOR shows no slider colour)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from ebbtide.core.paths import Paths
from ebbtide.tui.app import EbbtideApp
from ebbtide.tui.screens.common.help import HelpScreen
from ebbtide.tui.screens.home.welcome import WelcomeScreen
from ebbtide.tui.screens.journal.overview import OFFER_KEY
from ebbtide.tui.tuned.word_switch import WordSwitch
from tests.conftest import FIXED_NOW, settle_until

MakeApp = Callable[..., Any]
READABLE = 100


def _visible(app: Any, widget: Any) -> bool:
    region = widget.region
    return region.height > 0 and region.bottom <= app.size.height and region.y >= 0


async def test_welcome_at_40x12_keeps_its_button_and_reaches_the_crisis_lines(
        paths: Paths) -> None:
    app = EbbtideApp(paths, now=lambda: FIXED_NOW)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        button = welcome.query_one("#welcome-ok", Button)
        assert _visible(app, button) and app.focused is button
        hint = welcome.query_one("#welcome-hint", Static)
        assert hint.display and "more below" in str(hint.render())
        crisis = welcome.query_one("#welcome-crisis", Static)
        text = welcome.query_one("#welcome-text", VerticalScroll)
        assert not text.region.contains_region(crisis.region)  # below, at first
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        assert "911" in str(crisis.render())
        assert crisis.region.overlaps(text.region)  # scrolled into view
        assert _visible(app, button) and app.focused is button
        await pilot.press("end", *["pagedown"] * 5)
        await pilot.pause()
        assert not hint.display  # nothing more below
        await pilot.press("enter")
        assert not isinstance(app.screen, WelcomeScreen)


async def test_welcome_at_80x24_shows_its_button(paths: Paths) -> None:
    app = EbbtideApp(paths, now=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _visible(app, app.screen.query_one("#welcome-ok", Button))


@pytest.mark.parametrize(("keys", "selector"), [
    ((), "#glance"), ((), "#doors"), (("c",), "#checkin-body"), (("f2",), "#settings-form"),
    (("1",), "#menu-body"), (("4",), "#journal-pages")])
async def test_at_200x50_content_keeps_a_readable_width_centred(
        keys: tuple[str, ...], selector: str, make_app: MakeApp) -> None:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        region = app.screen.query_one(selector).region
        assert 60 <= region.width <= READABLE
        left, right = region.x, 200 - region.right
        assert abs(left - right) <= 2  # centred


async def test_at_80_columns_nothing_is_narrowed(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one("#checkin-body").region.width == 80


async def test_switches_say_on_and_off_in_words(make_app: MakeApp,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        switch = app.screen.query_one("#sound", WordSwitch)
        assert switch.value and "on" in _plain(switch)
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert not switch.value and "off" in _plain(switch)


def _plain(widget: Any) -> str:
    return "".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


async def test_help_scrolled_to_the_end_shows_its_last_line(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        # End as a person presses it: once the help is on screen and laid out (pressed in
        # the same breath as f1, it can reach the help before its body can scroll).
        await settle_until(pilot, lambda: isinstance(app.screen, HelpScreen)
                           and app.screen.query_one("#help-body").max_scroll_y > 0,
                           "the help is laid out")
        await pilot.press("end")
        body = app.screen.query_one("#help-body")
        await settle_until(pilot, lambda: body.scroll_y == body.max_scroll_y,
                           "the help has scrolled to its end")
        hint = app.screen.query_one("#help-hint")
        assert body.region.bottom <= hint.region.y  # the hint covers no line of the body
        assert body.max_scroll_y > 0 and body.scroll_y == body.max_scroll_y


async def test_welcome_end_key_reaches_the_folders(paths: Paths) -> None:
    app = EbbtideApp(paths, now=lambda: FIXED_NOW)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        text = app.screen.query_one("#welcome-text", VerticalScroll)
        folders = app.screen.query_one("#welcome-paths", Static)
        assert text.scroll_y == text.max_scroll_y
        assert text.region.contains_region(folders.region)
        assert not app.screen.query_one("#welcome-foot").region.overlaps(folders.region)

"""Issue 15, findable and consistent: Esc on home asks before quitting, the tools have
visible doors (t on home, k in the journal, g in the reader), the glossary has an A–Z index,
s ends every session at once, h in a session started from the command line says it closes
Ebbtide before it does, and F1 help says when there is more below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from ebbtide.core.clock import ManualClock
from ebbtide.core.practice.bell_timer import TimerSpec
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.flow import FlowScreen
from ebbtide.tui.screens.common.help import HelpScreen
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.read.glossary import GlossaryScreen
from ebbtide.tui.screens.read.glossary_index import GlossaryIndexScreen
from ebbtide.tui.screens.tools.menu import ToolsMenuScreen
from tests.conftest import settle_until

MakeApp = Callable[..., Any]

SESSIONS = {
    "meditate": StartRoute("meditate", {"script": "body-scan-10", "minutes": None,
                                        "skip_ratings": True}, exit_after=True),
    "timer": StartRoute("timer", {"spec": TimerSpec(minutes=10), "preset": None,
                                  "skip_ratings": True}, exit_after=True),
    "breathe": StartRoute("breathe", {"pattern": "box", "minutes": 5, "start_delay": 0,
                                      "skip_ratings": True}, exit_after=True),
}


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


# ------------------------------------------------------------------------------- home


async def test_esc_on_home_asks_and_staying_keeps_the_app(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Quit Ebbtide?"
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running


async def test_esc_then_y_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_quits_home_at_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_on_home_never_says_esc_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = help_screen.keys + help_screen.everywhere
        assert ("esc", "Quit") not in rows and ("q", "Quit") in rows
        assert ("t", "Tools") in rows


# ------------------------------------------------------------------------------ doors


async def choose(pilot: Any, option_id: str) -> None:
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await pilot.pause()


async def test_t_on_home_opens_the_tools_and_the_glossary_index(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, ToolsMenuScreen)
        await choose(pilot, "glossary")
        index = app.screen
        assert isinstance(index, GlossaryIndexScreen)
        titles = [term.term for term in index.shown]
        assert titles == sorted(titles, key=str.casefold) and len(titles) > 10
        await pilot.press(*"half")
        assert [term.term for term in index.shown] == ["Half-life"]
        await pilot.press("enter")
        assert isinstance(app.screen, GlossaryScreen)
        assert app.screen.term.term == "Half-life"
        await pilot.press("escape")
        assert app.screen is index


async def test_the_glossary_filter_says_when_nothing_matches(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await choose(pilot, "glossary")
        await pilot.press(*"zzqx")
        assert text_of(app.screen, "#glossary-count") == "No term holds “zzqx”."
        await pilot.press("enter")  # nothing to show: no dialog, no error
        assert isinstance(app.screen, GlossaryIndexScreen)


@pytest.mark.parametrize(("tool", "screen_name"), [
    ("phq9", "SelfCheckScreen"), ("insights", "InsightsScreen"), ("report", "ReportScreen")])
async def test_k_in_the_journal_opens_each_tool(tool: str, screen_name: str,
                                                make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("k")
        assert isinstance(app.screen, ToolsMenuScreen)
        await choose(pilot, tool)
        await settle_until(pilot, lambda: type(app.screen).__name__ == screen_name,
                           f"the {screen_name} opens")


async def test_g_in_the_reader_opens_the_glossary_index(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("g")
        assert isinstance(app.screen, GlossaryIndexScreen)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ReaderScreen"


# --------------------------------------------------------------------------- sessions


async def running_session(pilot: Any, clock: ManualClock) -> FlowScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FlowScreen)
    if screen.flow.stage == "countdown":
        clock.advance(screen.flow.countdown_left())
        screen.tick()
    assert screen.flow.stage == "running"
    return screen


@pytest.mark.parametrize("kind", SESSIONS)
async def test_s_ends_every_session_at_once_as_partial(kind: str, make_app: MakeApp) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=SESSIONS[kind], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running_session(pilot, clock)
        clock.advance(30.0)
        screen.tick()
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen  # no question first
        assert screen.flow.stage == "summary"
        assert "Saved as a partial session" in text_of(screen, "#summary-text")
        (record,) = app.practice_log.records
        assert not record.completed and record.actual_seconds == pytest.approx(30.0)


@pytest.mark.parametrize("kind", SESSIONS)
async def test_h_after_a_command_line_session_says_it_closes_ebbtide(
        kind: str, make_app: MakeApp) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=SESSIONS[kind], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running_session(pilot, clock)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("h")
        assert isinstance(app.screen, ConfirmScreen)
        assert "closes Ebbtide" in app.screen.question
        await pilot.press("n")
        assert app.screen is screen and app.is_running  # stayed on the summary
        await pilot.press("h", "y")
        await pilot.pause()
    assert app.return_code == 0
    assert len(app.practice_log.records) == 1


async def test_h_after_a_session_started_in_the_app_goes_home_without_asking(
        make_app: MakeApp) -> None:
    clock = ManualClock(500.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        from ebbtide.tui.routes import open_route

        open_route(app, StartRoute("timer", {"spec": TimerSpec(minutes=10), "preset": None,
                                             "skip_ratings": True}))
        await running_session(pilot, clock)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# ------------------------------------------------------------------------------- help


async def test_help_at_80x24_says_there_is_more_and_scrolls_to_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await settle_until(pilot, lambda: "↓ more" in text_of(help_screen, "#help-hint"),
                           "help says there is more below")
        await pilot.press("end")
        await settle_until(pilot, lambda: "↓ more" not in text_of(help_screen, "#help-hint"),
                           "help at its end no longer says more")
        assert "Esc closes help" in text_of(help_screen, "#help-hint")


async def test_help_that_fits_says_only_how_to_close(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert text_of(app.screen, "#help-hint") == "Esc closes help"

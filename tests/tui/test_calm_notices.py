"""Issue 15, calm on screen: guidance is part of the screen before the first cue (never a
notice over the pacer), one problem file gives one notice, said once a run, "press u to
undo" goes once the undo is done, and a sound problem is said once a run."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.widgets import Input, OptionList, Static

from ebbtide.core.clock import ManualClock
from ebbtide.core.journal.store import Journal
from ebbtide.launch import StartRoute
from ebbtide.tui.notices import by_file
from ebbtide.tui.screens.breathe.menu import BreatheMenuScreen
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.screens.journal.day import DayScreen
from ebbtide.tui.screens.journal.overview import OFFER_KEY
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
BROKEN = 'name = ""\nrhythm = 5\n[[phases]]\nkind = "bogus"\nseconds = -1\n'


def _notices(app: Any) -> list[Any]:
    return list(app._notifications)


def _note_shown(screen: Any) -> str:
    return "\n".join(str(note.render()) for note in screen.query(".session-note").results(Static)
                     if note.display and note.parent.display)


async def _start(pilot: Any, pattern_id: str, length: str) -> BreathingScreen:
    await pilot.press("1")
    menu = pilot.app.screen
    assert isinstance(menu, BreatheMenuScreen)
    options = menu.query_one("#patterns", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(pattern_id)
    await pilot.pause()
    menu.query_one("#length", Input).value = length
    options.focus()
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, BreathingScreen)
    return screen


async def test_the_beginner_note_is_in_the_screen_and_no_notice_covers_the_pacer(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, "4-7-8", "8 cycles")
        await pilot.pause()
        assert "New to 4-7-8?" in _note_shown(screen)  # with the question
        await pilot.press("n")
        assert "New to 4-7-8?" in _note_shown(screen)  # and the countdown
        clock.advance(3)
        screen.tick()
        await pilot.pause()
        assert screen.session.stage == "running"
        assert _notices(app) == []  # "Breathe in" and the shape, uncovered


async def test_a_session_that_starts_at_once_gives_the_note_after_the_first_breath(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = make_app(clock=clock, route=StartRoute("breathe", {
        "pattern": "4-7-8", "cycles": 8, "start_delay": 0, "skip_ratings": True}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BreathingScreen) and screen.session.stage == "running"
        assert _notices(app) == []
        clock.advance(4.5)  # the first in-breath is over
        screen.tick()
        await pilot.pause()
        assert [n.message.startswith("New to 4-7-8?") for n in _notices(app)] == [True]


def test_problems_of_one_file_make_one_message() -> None:
    messages = by_file(["/p/a.toml: line 2: unknown key", "/p/a.toml: 'purpose' is missing",
                        "/p/a.toml: line 4: bad kind", "/p/a.toml: line 5: negative",
                        "/p/b.toml: line 1: not TOML"])
    assert messages == [
        "/p/a.toml: 4 problems\n• line 2: unknown key\n• 'purpose' is missing\n"
        "• line 4: bad kind\n… and 1 more",
        "/p/b.toml: line 1: not TOML",
    ]


async def test_a_broken_pattern_file_gives_one_notice_once_a_run(make_app: MakeApp) -> None:
    app = make_app()
    app.paths.patterns_dir.mkdir(parents=True, exist_ok=True)
    (app.paths.patterns_dir / "mine.toml").write_text(BROKEN)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        shown = [n for n in _notices(app) if "mine.toml" in n.message]
        assert len(shown) == 1 and "problems" in shown[0].message
        await pilot.press("escape", "1")  # visiting again says nothing new
        await pilot.pause()
        assert len([n for n in _notices(app) if "mine.toml" in n.message]) == 1
        app.clear_notifications()
        await pilot.press("escape", "1")
        await pilot.pause()
        assert _notices(app) == []


async def test_sound_trouble_is_said_once_a_run(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):  # as the player says it, from its own thread, on each visit
            await asyncio.to_thread(app._sound_notice, "Sound is off: no audio device. "
                                    "Using the terminal bell instead.")
            await pilot.pause()
        assert [n.title for n in _notices(app)] == ["Sound"]


async def test_the_undo_notice_goes_once_the_delete_is_undone(make_app: MakeApp) -> None:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_checkin(mood=6, anxiety=3, at=FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        await pilot.press("d")
        await pilot.pause()
        assert any("Press u to undo" in n.message for n in _notices(app))
        await pilot.press("u")
        await pilot.pause()
        assert not any("Press u to undo" in n.message for n in _notices(app))
        assert any("Brought back" in n.message for n in _notices(app))


async def test_the_first_cue_clears_information_notices_but_keeps_warnings(
        make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.notices.once("Sound is off: no usable audio device was found.", title="Sound")
        app.notify("Something to fix.", title="Settings", severity="warning")
        screen = await _start(pilot, "box", "2")
        await pilot.press("n")
        await pilot.pause()
        assert len(_notices(app)) == 2  # the question and the countdown leave them be
        clock.advance(3)
        screen.tick()
        await pilot.pause()
        assert [n.title for n in _notices(app)] == ["Settings"]


async def test_a_sound_notice_during_a_session_waits_for_its_end(make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, "box", "2")
        await pilot.press("n")
        clock.advance(3)
        screen.tick()
        assert screen.session.stage == "running"
        await asyncio.to_thread(app._sound_notice, "Sound is off: the helper stopped.")
        await pilot.pause()
        assert _notices(app) == []  # nothing over the pacer
        await pilot.press("s")  # the session ends: the summary
        await pilot.pause()
        assert [n.title for n in _notices(app)] == ["Sound"]


async def test_a_settings_file_with_three_problems_gives_one_notice(
        make_app: MakeApp) -> None:
    app_paths = make_app().paths
    app_paths.settings_file.write_text('colour = "blue"\nsize = 3\nvolume = "loud"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        settings = [n for n in _notices(app) if n.title == "Settings"]
        assert len(settings) == 1
        assert "3 problems" in settings[0].message and "colour" in settings[0].message

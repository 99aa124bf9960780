"""Breathing sessions as a person uses them, on an injected clock (no sleeping)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, OptionList, Static

from ebbtide.core.clock import ManualClock
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.cues import SilentCues
from ebbtide.tui.screens.breathe.menu import BreatheMenuScreen
from ebbtide.tui.screens.breathe.session import BreathingScreen
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.widgets.pacer_shape import PacerShape

MakeApp = Callable[..., Any]


class RecordingCues(SilentCues):
    def __init__(self) -> None:
        self.played: list[tuple[str, float | None]] = []

    def play(self, name: str, planned: float | None = None) -> None:
        self.played.append((name, planned))


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _open_pattern(pilot: Any, pattern_id: str, length: str) -> BreathingScreen:
    app = pilot.app
    await pilot.press("1")
    menu = app.screen
    assert isinstance(menu, BreatheMenuScreen)
    options = menu.query_one("#patterns", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(pattern_id)
    await pilot.pause()
    menu.query_one("#length", Input).value = length
    options.focus()
    await pilot.press("enter")
    assert isinstance(app.screen, BreathingScreen)
    return app.screen


async def test_whole_session_pattern_rating_pacer_summary(make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_pattern(pilot, "box", "2 cycles")
        assert screen.session.stage == "rating_before"
        await pilot.press("7", "enter")
        assert screen.session.stage == "countdown"
        assert "Starting in 3" in _text(screen, "#countdown")
        assert cues.played == [("bell", None)]
        clock.advance(3)
        screen.tick()
        assert screen.session.stage == "running"
        assert _text(screen, "#phase-word") == "Breathe in"
        assert _text(screen, "#phase-count") == "4"
        assert "cycle 1 of 2 · 0:32 left" in _text(screen, "#session-status")
        clock.advance(4.5)
        screen.tick()
        assert _text(screen, "#phase-word") == "Hold"
        clock.advance(4)
        screen.tick()
        assert _text(screen, "#phase-word") == "Breathe out"
        clock.advance(30)  # a very late frame: every phase start is still reported
        screen.tick()
        await pilot.pause()
        names = [name for name, _ in cues.played]
        assert names == ["bell", "inhale", "hold", "exhale", "hold", "inhale", "hold",
                         "exhale", "hold", "bell"]
        planned = [t for _, t in cues.played[1:-1]]
        assert planned == [1003.0 + 4 * i for i in range(8)]
        assert screen.session.stage == "summary"
        assert screen.session.awaiting_after_rating
        await pilot.press("3", "enter")
        summary = _text(screen, "#summary-text")
        assert "Well done." in summary
        assert "32 s of 32 s, 2 of 2 cycles" in summary
        assert "Anxiety before 7, after 3 (down 4)" in summary
        [record] = app.practice_log.records
        assert (record.kind, record.content_id, record.completed) == ("breathe", "box", True)
        assert (record.anxiety_before, record.anxiety_after) == (7, 3)
        assert record.actual_seconds == 32
        await pilot.press("h")
        assert app.current_mode == "home"


async def test_pause_freezes_the_pacer(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_pattern(pilot, "extended-exhale", "1")
        await pilot.press("n")  # skip the question
        clock.advance(3)
        screen.tick()
        clock.advance(1)
        screen.tick()
        await pilot.press("space")
        assert "paused" in _text(screen, "#phase-word")
        clock.advance(120)
        screen.tick()
        assert _text(screen, "#phase-count") == "3"
        await pilot.press("space")
        clock.advance(3)
        screen.tick()
        assert _text(screen, "#phase-word") == "Breathe out"


async def test_escape_asks_then_records_a_partial_session(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_pattern(pilot, "box", "5")
        await pilot.press("n")
        clock.advance(3)
        screen.tick()
        clock.advance(10)
        screen.tick()
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep going
        assert screen.session.stage == "running"
        await pilot.press("escape", "y")
        assert screen.session.stage == "summary"
        await pilot.press("n")  # skip the after question
        assert "Stopped early" in _text(screen, "#summary-text")
        [record] = app.practice_log.records
        assert not record.completed and record.actual_seconds == 10


async def test_bad_length_is_explained_and_kept(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        menu = app.screen
        menu.query_one("#length", Input).value = "500"
        await pilot.press("enter")
        assert app.screen is menu
        assert "between 1 and 120" in _text(menu, "#length-error")
        assert menu.query_one("#length", Input).value == "500"


async def test_reduced_motion_hides_the_shape(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(clock=clock, overrides=Overrides(reduced_motion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_pattern(pilot, "box", "1")
        await pilot.press("n")
        clock.advance(3)
        screen.tick()
        assert not screen.query_one(PacerShape).display
        assert _text(screen, "#phase-word") == "Breathe in"


async def test_sound_off_plays_nothing(make_app: MakeApp) -> None:
    clock = ManualClock()
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues, overrides=Overrides(no_sound=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_pattern(pilot, "box", "1 cycle")
        await pilot.press("n")
        clock.advance(3)
        screen.tick()
        clock.advance(20)
        screen.tick()
        assert screen.session.stage == "summary"
        assert cues.played == []


async def test_cli_route_opens_the_session_and_home_exits(make_app: MakeApp) -> None:
    clock = ManualClock()
    route = StartRoute("breathe", {"pattern": "4-7-8", "cycles": 1, "start_delay": 0,
                                   "skip_ratings": True}, exit_after=True)
    app = make_app(route=route, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BreathingScreen)
        assert screen.session.stage == "running"
        clock.advance(19)
        screen.tick()
        await pilot.pause()
        assert screen.session.stage == "summary" and screen.session.saved
        await pilot.press("h", "y")  # h says it closes Ebbtide; y agrees
        await pilot.pause()
    assert app.return_code == 0
    assert len(app.practice_log.records) == 1


async def test_real_sound_player_is_created_lazily_and_follows_settings(
        make_app: MakeApp) -> None:
    from ebbtide.audio.player import SoundPlayer

    app = make_app(sound=None, overrides=Overrides(no_sound=True))
    async with app.run_test(size=(80, 24)):
        assert app._sound is None  # nothing started at launch
        player = app.sound
        assert isinstance(player, SoundPlayer)
        assert "off" in player.status.lower()
        problem = app.apply_settings(app.settings.with_changes(sound=True, volume=20),
                                     save=False)
        assert problem is None
        assert player.volume == 20

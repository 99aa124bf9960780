"""Sleep as a person uses it, on an injected clock: z on home, a length and a sound, a dim
screen that paces the breath and then rests, the soundscape started, paused and faded,
and the session saved like every other when it ends, is ended (s) or stopped (Esc)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from ebbtide.core.clock import ManualClock
from ebbtide.core.paths import Paths
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui import soundscape as tui_soundscape
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.sleep.session import SleepScreen
from ebbtide.tui.screens.sleep.setup import SleepSetupScreen
from tests.tui.test_meditation_screens import RecordingCues

MakeApp = Callable[..., Any]
WIND_DOWN = 630.0  # 3 min of breathing and 7.5 of body scan


class FakeAmbience:
    """What would play: how it was made, and what it was told ("start", "fade 3")."""

    def __init__(self, kind: str, volume: int, seconds: float | None, fade_in: float) -> None:
        self.kind, self.volume, self.seconds, self.fade_in = kind, volume, seconds, fade_in
        self.events: list[str] = []

    def start(self) -> None:
        self.events.append("start")

    def fade_out(self, seconds: float) -> None:
        self.events.append(f"fade {seconds:g}")

    def close(self) -> None:
        self.events.append("close")


@pytest.fixture
def ambiences(monkeypatch: pytest.MonkeyPatch) -> list[FakeAmbience]:
    made: list[FakeAmbience] = []

    def make(kind: str, volume: int, seconds: float | None, fade_in: float, fade_out: float,
             notice: Callable[[str], None]) -> FakeAmbience:
        made.append(FakeAmbience(kind, volume, seconds, fade_in))
        return made[-1]

    monkeypatch.setattr(tui_soundscape, "make_soundscape", make)
    return made


def text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def advance(pilot: Any, clock: ManualClock, screen: SleepScreen, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()


async def open_sleep(pilot: Any, minutes_key: str = "2") -> SleepScreen:
    await pilot.press("z")
    assert isinstance(pilot.app.screen, SleepSetupScreen)
    await pilot.press(minutes_key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SleepScreen)
    return screen


async def test_z_on_home_opens_sleep_and_a_length_starts_a_dim_session_with_sound(
        make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    clock = ManualClock(100.0)
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        setup = app.screen
        assert isinstance(setup, SleepSetupScreen)
        assert text(setup, "#sleep-sound") == "Sound: Ocean waves (c changes it)"
        await pilot.press("c")
        assert text(setup, "#sleep-sound") == "Sound: Off (c changes it)"
        await pilot.press("c", "c", "c")
        assert text(setup, "#sleep-sound") == "Sound: Rain (c changes it)"
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SleepScreen)
        assert screen.flow.stage == "running"  # no question, no countdown at bedtime
        assert screen.has_class("-dim")
        assert screen.plan.sound_minutes == 45
        [sound] = ambiences
        assert (sound.kind, sound.volume, sound.events) == ("rain", 40, ["start"])
        assert sound.seconds == WIND_DOWN + 45 * 60
        assert cues.played == [("bell", 100.0)]  # the opening bell, on plan
        assert text(screen, "#sleep-word") == "Breathe in"
        assert text(screen, "#sleep-text").startswith("Lie down and let yourself settle.")
        assert text(screen, "#sleep-left") == "Sound fades to silence in 56 min"
        await advance(pilot, clock, screen, 4.0)
        assert text(screen, "#sleep-word") == "Breathe out"
        assert screen._next_wake() == pytest.approx(6.0)  # the next breath in
        await advance(pilot, clock, screen, 200.0)
        assert text(screen, "#sleep-word") == "Body scan"
        await advance(pilot, clock, screen, WIND_DOWN - 204.0)
        assert text(screen, "#sleep-word") == "Resting"
        assert text(screen, "#sleep-left") == "Silence in 45 min"
        assert screen._next_wake() == pytest.approx(60.0)  # nothing changes for a minute
        await advance(pilot, clock, screen, 45 * 60)
        assert screen.flow.stage == "summary"
        assert not screen.has_class("-dim")
        assert "Well done. Saved." in text(screen, "#summary-text")
        assert sound.events == ["start", "fade 3"]
        assert cues.played == [("bell", 100.0)]  # no bell at the end to wake anyone
        [record] = app.practice_log.records
        assert (record.kind, record.content_id, record.completed) == ("meditate", "sleep", True)
        assert record.actual_seconds == WIND_DOWN + 45 * 60


@pytest.mark.parametrize("how", ["s", "escape"])
async def test_s_or_esc_ends_and_saves_a_partial_session_and_the_sound_fades(
        make_app: MakeApp, ambiences: list[FakeAmbience], how: str) -> None:
    clock = ManualClock(0.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sleep(pilot)
        await advance(pilot, clock, screen, 90.0)
        await pilot.press(how)
        if how == "escape":
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
        assert screen.flow.stage == "summary"
        assert "Stopped early. Saved as a partial session." in text(screen, "#summary-text")
        [record] = app.practice_log.records
        assert (record.content_id, record.completed, record.actual_seconds) == (
            "sleep", False, 90.0)
        # Esc pauses while it asks, and the sound fades then.
        assert ambiences[0].events == ["start", "fade 3" if how == "s" else "fade 1.5"]


async def test_pausing_fades_the_sound_and_resuming_plays_what_is_left(
        make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    clock = ManualClock(0.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sleep(pilot, "1")
        await advance(pilot, clock, screen, 100.0)
        await pilot.press("space")
        assert ambiences[0].events == ["start", "fade 1.5"]
        assert text(screen, "#sleep-left").startswith("Paused · space resumes")
        clock.advance(500)
        await pilot.press("space")
        assert len(ambiences) == 2
        assert ambiences[1].seconds == WIND_DOWN + 15 * 60 - 100
        assert ambiences[1].fade_in < ambiences[0].fade_in  # back quickly, still gently


async def test_reduced_motion_shows_a_still_line_and_wakes_only_for_steps(
        make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    app = make_app(clock=ManualClock(0.0), overrides=Overrides(reduced_motion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sleep(pilot)
        assert text(screen, "#sleep-word") == "In for four, out for six"
        assert screen._next_wake() == pytest.approx(30.0)  # the first step's end


async def test_with_sound_off_sleep_is_silent_and_says_so(
        welcomed: Paths, make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    welcomed.settings_file.write_text("sound = false\n")
    app = make_app(clock=ManualClock(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        assert text(app.screen, "#sleep-sound") == (
            "Sound is off in settings: the session will be silent.")
        await pilot.press("enter")  # the focused length: 30 minutes
        await pilot.pause()
        assert isinstance(app.screen, SleepScreen) and app.screen.plan.sound_minutes == 30
        assert ambiences == []


async def test_the_soundscape_in_settings_is_sleeps_default(
        welcomed: Paths, make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    welcomed.settings_file.write_text('soundscape = "brown"\nsoundscape_volume = 25\n')
    app = make_app(clock=ManualClock(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sleep(pilot)
        assert [(a.kind, a.volume) for a in ambiences] == [("brown", 25)]


async def test_ebbtide_sleep_with_minutes_opens_straight_into_the_session(
        make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    route = StartRoute("sleep", {"minutes": 60, "sound": "off"}, exit_after=True)
    app = make_app(route=route, clock=ManualClock(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SleepScreen) and screen.plan.sound_minutes == 60
        assert ambiences == []  # asked for no sound
        assert screen.quits_on_home()


@pytest.mark.parametrize("how", ["enter", "click"])
async def test_the_sleep_door_on_home_opens_the_sleep_setup(
        how: str, make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    app = make_app(clock=ManualClock(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        door = app.screen.query_one("#door-sleep")
        assert door.border_title == "z"
        if how == "click":
            await pilot.click("#door-sleep")
        else:
            door.focus()
            await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SleepSetupScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_leaving_sleep_goes_back_home(make_app: MakeApp, ambiences: list[FakeAmbience],
                                            tmp_path: Path) -> None:
    app = make_app(clock=ManualClock(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_soundscape_in_settings_plays_under_other_sessions_too(
        welcomed: Paths, make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    """Here the SOS minute: the sound starts with the breathing, has no set end, and
    fades when the session ends."""
    from ebbtide.tui.screens.breathe.sos import SosScreen
    from tests.conftest import settle_until

    welcomed.settings_file.write_text('soundscape = "pink"\n')
    clock = ManualClock(10.0)
    app = make_app(route=StartRoute(screen="sos"), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, SosScreen), "the SOS screen")
        screen = app.screen
        assert isinstance(screen, SosScreen)
        [sound] = ambiences
        assert (sound.kind, sound.seconds, sound.events) == ("pink", None, ["start"])
        clock.advance(61.0)
        screen.tick()
        await pilot.pause()
        assert screen.session.stage == "summary"
        assert sound.events == ["start", "fade 3"]


async def test_settings_choose_the_soundscape_and_its_volume(make_app: MakeApp) -> None:
    import tomllib

    from textual.widgets import Input, Select

    from ebbtide.tui.screens.common.settings import SettingsScreen

    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        choice = screen.query_one("#soundscape", Select)
        assert choice.value == ""  # off until chosen
        choice.value = "rain"
        volume = screen.query_one("#soundscape_volume", Input)
        volume.value = "101"
        await pilot.press("ctrl+s")
        assert "0 to 100" in str(screen.query_one("#soundscape_volume-error", Static).render())
        volume.value = "25"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    saved = tomllib.loads(app.paths.settings_file.read_text())
    assert (saved["soundscape"], saved["soundscape_volume"]) == ("rain", 25)
    assert (app.settings.soundscape, app.settings.soundscape_volume) == ("rain", 25)


async def test_b_changes_the_background_sound_for_this_session(
        make_app: MakeApp, ambiences: list[FakeAmbience]) -> None:
    """In Sleep after waves comes no sound, then brown; in the SOS minute (nothing chosen
    in settings) b starts brown noise."""
    from ebbtide.tui.screens.breathe.sos import SosScreen
    from tests.conftest import settle_until

    clock = ManualClock(0.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sleep(pilot)
        await pilot.press("b")
        assert ambiences[0].events == ["start", "fade 1.5"]
        assert len(ambiences) == 1  # off now
        assert app._notifications and list(app._notifications)[-1].message == (
            "Background sound: Off")
        await pilot.press("b")
        assert [(a.kind, a.events) for a in ambiences[1:]] == [("brown", ["start"])]
        assert text(screen, "#sleep-left").startswith("Sound fades to silence")
        await pilot.press("s", "h")
        await pilot.press("exclamation_mark")
        await settle_until(pilot, lambda: isinstance(app.screen, SosScreen), "the SOS screen")
        assert len(ambiences) == 2  # nothing chosen in settings
        await pilot.press("b")
        assert ambiences[-1].kind == "brown" and ambiences[-1].seconds is None

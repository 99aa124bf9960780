"""Guided meditations and the bell timer as a person uses them, on an injected clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Checkbox, Digits, Input, OptionList, Select, Static

from ebbtide.core.clock import ManualClock
from ebbtide.core.content.meditations import Script, Source, Step
from ebbtide.core.practice.bell_timer import TimerSpec, load_presets, presets_path
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.cues import SilentCues
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.meditate.menu import TIMER_OPTION, MeditateMenuScreen
from ebbtide.tui.screens.meditate.session import MeditationScreen, start_meditation
from ebbtide.tui.screens.meditate.timer import TimerSetupScreen
from ebbtide.tui.screens.meditate.timer_session import TimerScreen

MakeApp = Callable[..., Any]

SCRIPT = Script(
    id="test-three-steps",
    name="Three steps",
    purpose="A short script for tests.",
    minutes=1,
    source=Source("Test", "https://example.org"),
    steps=(
        Step("Settle and notice the breath.", 20, bell=True),
        Step("Soften the shoulders.", 15),
        Step("Come back to the room.", 25, bell=True),
    ),
)


class RecordingCues(SilentCues):
    def __init__(self) -> None:
        self.played: list[tuple[str, float | None]] = []

    def play(self, name: str, planned: float | None = None) -> None:
        self.played.append((name, planned))


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _start(pilot: Any, script: Script = SCRIPT, **kwargs: Any) -> MeditationScreen:
    await pilot.press("2")
    screen = start_meditation(pilot.app, script, **kwargs)
    await pilot.pause()
    assert pilot.app.screen is screen
    return screen


async def _advance(pilot: Any, clock: ManualClock, screen: Any, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick()
    await pilot.pause()


async def test_short_script_runs_every_step_with_bells_on_plan(make_app: MakeApp) -> None:
    clock = ManualClock(1000.0)
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        assert screen.flow.stage == "rating_before"
        await pilot.press("6", "enter")
        assert screen.flow.stage == "countdown"  # the settings' 3-second start delay
        assert "Starting in 3" in _text(screen, "#countdown")
        await _advance(pilot, clock, screen, 3)
        assert screen.flow.stage == "running"
        assert _text(screen, "#instruction") == "Settle and notice the breath."
        assert _text(screen, "#next-step") == "Next: Soften the shoulders."
        assert _text(screen, "#step-time") == "0:20 left in this step · 1:00 in all"
        assert _text(screen, "#session-status") == "step 1 of 3"
        await _advance(pilot, clock, screen, 20)
        assert _text(screen, "#instruction") == "Soften the shoulders."
        assert _text(screen, "#step-time") == "0:15 left in this step · 0:40 in all"
        await _advance(pilot, clock, screen, 15)
        assert _text(screen, "#instruction") == "Come back to the room."
        assert _text(screen, "#next-step") == ""
        await _advance(pilot, clock, screen, 30)  # a late frame: the end is still on plan
        # the script's two bells and the closing bell, each at its planned time
        assert cues.played == [("bell", 1003.0), ("bell", 1038.0), ("bell", 1063.0)]
        assert screen.flow.awaiting_after_rating
        await pilot.press("2", "enter")
        summary = _text(screen, "#summary-text")
        assert "Well done." in summary
        assert "Three steps: 1 min of 1 min · step 3 of 3" in summary
        assert "Anxiety before 6, after 2 (down 4)" in summary
        [record] = app.practice_log.records
        assert (record.kind, record.content_id, record.completed) == (
            "meditate", "test-three-steps", True)
        assert (record.actual_seconds, record.anxiety_before, record.anxiety_after) == (60, 6, 2)
        await pilot.press("h")
        assert app.current_mode == "home"


async def test_the_screen_wakes_exactly_at_the_next_step(make_app: MakeApp) -> None:
    clock = ManualClock(50.0)
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ask_ratings=False)
        await _advance(pilot, clock, screen, 3)
        await _advance(pilot, clock, screen, 19.6)
        assert abs(screen._next_wake() - 0.4) < 1e-9  # the boundary, not the next second


async def test_previous_and_next_steps(make_app: MakeApp) -> None:
    clock = ManualClock()
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        # before the session, n skips the question (it is not "next step" yet)
        assert screen.active_bindings["n"].binding.action == "skip_rating"
        await pilot.press("n")
        await _advance(pilot, clock, screen, 3)
        assert screen.active_bindings["n"].binding.action == "next_step"
        await _advance(pilot, clock, screen, 5)
        await pilot.press("right")
        assert _text(screen, "#instruction") == "Soften the shoulders."
        assert _text(screen, "#step-time") == "0:15 left in this step · 0:40 in all"
        await pilot.press("n")
        assert _text(screen, "#instruction") == "Come back to the room."
        assert cues.played[-1] == ("bell", 8.0)  # the last step's bell rings when jumped to
        await pilot.press("left")
        await pilot.press("p")
        assert _text(screen, "#instruction") == "Settle and notice the breath."
        assert _text(screen, "#session-status") == "step 1 of 3"
        await pilot.press("n", "n", "n")  # past the last step: the session is over
        assert screen.flow.stage == "summary"
        assert screen.active_bindings["n"].binding.action == "skip_rating"
        await pilot.press("n")
        [record] = app.practice_log.records
        assert record.completed and record.actual_seconds == 5


async def test_pause_holds_the_step_and_shifts_the_bells(make_app: MakeApp) -> None:
    clock = ManualClock(100.0)
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ask_ratings=False)
        await _advance(pilot, clock, screen, 3)
        await _advance(pilot, clock, screen, 10)
        await pilot.press("space")
        assert _text(screen, "#step-time").startswith("Paused")
        assert screen._next_wake() is None  # nothing to wake for while paused
        await _advance(pilot, clock, screen, 300)
        assert _text(screen, "#instruction") == "Settle and notice the breath."
        assert "0:10 left in this step" in _text(screen, "#step-time")
        await pilot.press("space")
        await _advance(pilot, clock, screen, 10 + 15)
        assert cues.played == [("bell", 103.0), ("bell", 103.0 + 35 + 300)]


async def test_escape_asks_then_keeps_a_partial_session(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        await pilot.press("n")
        await _advance(pilot, clock, screen, 3)
        await _advance(pilot, clock, screen, 12.4)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep going
        assert screen.flow.stage == "running" and not screen.flow.paused
        await _advance(pilot, clock, screen, 5)
        await pilot.press("escape", "y")
        assert screen.flow.stage == "summary"
        await pilot.press("n")  # skip the after question
        summary = _text(screen, "#summary-text")
        assert "Stopped early. Saved as a partial session." in summary
        assert "Three steps: 17 s of 1 min · step 1 of 3" in summary
        [record] = app.practice_log.records
        assert not record.completed and abs(record.actual_seconds - 17.4) < 1e-9
        await pilot.press("o")  # another: back to the menu
        assert isinstance(app.screen, MeditateMenuScreen)


async def test_stop_before_it_starts_saves_nothing(make_app: MakeApp) -> None:
    app = make_app(clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        await pilot.press("escape", "y")
        assert screen.flow.stage == "cancelled"
        assert "Nothing was saved" in _text(screen, "#summary-text")
        assert app.practice_log.records == []


async def test_again_starts_the_same_script_afresh(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ask_ratings=False)
        await _advance(pilot, clock, screen, 3)
        await _advance(pilot, clock, screen, 60)
        await pilot.press("a")
        again = app.screen
        assert isinstance(again, MeditationScreen) and again is not screen
        assert again.plan == screen.plan and again.flow.stage == "countdown"


async def test_menu_lists_scripts_and_scales_the_length(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        menu = app.screen
        assert isinstance(menu, MeditateMenuScreen)
        options = menu.query_one("#scripts", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[0] == "grounding-5-4-3-2-1" and ids[-1] == TIMER_OPTION
        assert {"body-scan-10", "body-scan-20", "pmr", "pmr-release-only",
                "loving-kindness", "sleep-wind-down", "breath-awareness"} <= set(ids)
        options.highlighted = ids.index("pmr")
        await pilot.pause()
        details = _text(menu, "#details")
        assert "Progressive muscle relaxation" in details and "Source:" in details
        assert "spasm" in details  # the safety note is shown before starting
        assert menu.query_one("#length", Input).value == "14"
        options.highlighted = 0
        await pilot.pause()
        menu.query_one("#length", Input).value = "2"
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeditationScreen)
        assert screen.run.total_seconds == 120


async def test_menu_explains_a_length_that_cannot_work(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        menu = app.screen
        options = menu.query_one("#scripts", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("body-scan-20")
        await pilot.pause()
        length = menu.query_one("#length", Input)
        length.value = "1"
        await pilot.press("enter")
        assert app.screen is menu
        assert "cannot be shorter than 4 minutes" in _text(menu, "#length-error")
        assert length.value == "1"
        length.value = "lots"
        await pilot.press("enter")
        assert "type the minutes as a number" in _text(menu, "#length-error")


async def test_sound_off_rings_nothing(make_app: MakeApp) -> None:
    clock = ManualClock()
    cues = RecordingCues()
    app = make_app(clock=clock, sound=cues, overrides=Overrides(no_sound=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ask_ratings=False)
        await _advance(pilot, clock, screen, 3)
        await _advance(pilot, clock, screen, 61)
        assert screen.flow.stage == "summary"
        assert cues.played == []


async def test_cli_route_opens_the_script_and_home_quits(make_app: MakeApp) -> None:
    clock = ManualClock()
    cues = RecordingCues()
    route = StartRoute("meditate", {"script": "grounding-5-4-3-2-1", "minutes": 2.0,
                                    "skip_ratings": True}, exit_after=True)
    app = make_app(route=route, clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeditationScreen)
        assert screen.plan.script.id == "grounding-5-4-3-2-1"
        assert screen.run.total_seconds == 120
        assert screen.flow.stage == "countdown"  # no before-question
        await _advance(pilot, clock, screen, 3)
        await _advance(pilot, clock, screen, 125)
        assert screen.flow.stage == "summary" and screen.flow.saved
        assert [name for name, _ in cues.played] == ["bell", "bell", "bell"]
        await pilot.press("h", "y")  # h says it closes Ebbtide; y agrees
        await pilot.pause()
    assert app.return_code == 0
    [record] = app.practice_log.records
    assert record.completed and record.planned_seconds == 120


async def test_cli_route_without_a_script_opens_the_menu(make_app: MakeApp) -> None:
    route = StartRoute("meditate", {"script": None, "minutes": None, "skip_ratings": True},
                       exit_after=True)
    app = make_app(route=route, clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MeditateMenuScreen)
        await pilot.press("enter")  # the first script, without the before-question
        assert isinstance(app.screen, MeditationScreen)
        assert app.screen.flow.stage == "countdown"


# --------------------------------------------------------------------------- bell timer


def _timer_route(spec: TimerSpec, **extra: Any) -> StartRoute:
    return StartRoute("timer", {"spec": spec, "preset": None, "skip_ratings": True, **extra},
                      exit_after=True)


async def test_timer_with_custom_marks_rings_on_plan(make_app: MakeApp) -> None:
    clock = ManualClock(500.0)
    cues = RecordingCues()
    spec = TimerSpec(minutes=1, start_delay=0, marks=(0.25, 0.5))
    app = make_app(route=_timer_route(spec), clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimerScreen)
        assert screen.flow.stage == "running"
        assert cues.played == [("bell", 500.0)]
        assert str(screen.query_one("#timer-digits", Digits).value) == "1:00"
        assert _text(screen, "#timer-next") == "next bell in 0:15 · 1 bell rung"
        assert abs(screen._next_wake() - 1.0) < 1e-9
        await _advance(pilot, clock, screen, 14.5)
        assert abs(screen._next_wake() - 0.5) < 1e-9  # wakes exactly for the bell
        await _advance(pilot, clock, screen, 0.5)
        assert _text(screen, "#timer-next") == "next bell in 0:15 · 2 bells rung"
        await _advance(pilot, clock, screen, 20)
        assert str(screen.query_one("#timer-digits", Digits).value) == "0:25"
        await _advance(pilot, clock, screen, 40)  # late: the end is still on plan
        assert cues.played == [("bell", 500.0), ("bell", 515.0), ("bell", 530.0),
                               ("bell", 560.0)]
        assert screen.flow.stage == "summary"
        assert "Bell timer: 1 min of 1 min · 4 bells" in _text(screen, "#summary-text")
        [record] = app.practice_log.records
        assert (record.kind, record.content_id, record.completed) == ("timer", "timer", True)
        await pilot.press("o")  # another: the setup form, filled with this timer
        setup = app.screen
        assert isinstance(setup, TimerSetupScreen)
        assert setup.query_one("#marks", Input).value == "0.25, 0.5"


async def test_timer_pause_and_start_delay(make_app: MakeApp) -> None:
    clock = ManualClock()
    cues = RecordingCues()
    spec = TimerSpec(minutes=2, start_delay=5, every=1)
    app = make_app(route=_timer_route(spec), clock=clock, sound=cues)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.flow.stage == "countdown"
        assert "Starting in 5" in _text(screen, "#countdown")
        await _advance(pilot, clock, screen, 5)
        await _advance(pilot, clock, screen, 30)
        await pilot.press("space")
        assert _text(screen, "#timer-caption") == "paused · space resumes"
        await _advance(pilot, clock, screen, 60)
        await pilot.press("space")
        await _advance(pilot, clock, screen, 30)
        await _advance(pilot, clock, screen, 60)
        assert cues.played == [("bell", 5.0), ("bell", 125.0), ("bell", 185.0)]


async def test_open_ended_timer_stops_as_a_whole_session(make_app: MakeApp) -> None:
    clock = ManualClock()
    spec = TimerSpec(minutes=None, start_delay=0, every=1)
    app = make_app(route=_timer_route(spec), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#progress").display
        await _advance(pilot, clock, screen, 150)
        assert str(screen.query_one("#timer-digits", Digits).value) == "2:30"
        assert _text(screen, "#timer-caption") == "elapsed"
        assert _text(screen, "#timer-next") == "next bell in 0:30 · 3 bells rung"
        await pilot.press("escape")
        assert "End the timer now?" in str(app.screen.question)
        await pilot.press("y")
        assert "Well done." in _text(screen, "#summary-text")
        assert "2 min 30 s, open-ended · 3 bells" in _text(screen, "#summary-text")
        [record] = app.practice_log.records
        assert record.completed and record.actual_seconds == 150
        await pilot.press("h", "y")  # h says it closes Ebbtide; y agrees
        await pilot.pause()
    assert app.return_code == 0


async def test_timed_timer_stopped_early_is_partial(make_app: MakeApp) -> None:
    clock = ManualClock()
    app = make_app(route=_timer_route(TimerSpec(minutes=10, start_delay=0)), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await _advance(pilot, clock, screen, 90)
        await pilot.press("escape", "y")
        assert "Stopped early" in _text(screen, "#summary-text")
        [record] = app.practice_log.records
        assert not record.completed and record.actual_seconds == 90


async def _open_setup(pilot: Any) -> TimerSetupScreen:
    await pilot.press("2")
    await pilot.press("t")
    screen = pilot.app.screen
    assert isinstance(screen, TimerSetupScreen)
    return screen


async def test_bad_timer_values_are_explained_and_kept(make_app: MakeApp) -> None:
    app = make_app(clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await _open_setup(pilot)
        minutes = setup.query_one("#minutes", Input)
        minutes.value = "500"
        setup.query_one("#marks", Input).value = "5, soon"
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen is setup
        assert "'soon' is not a number of minutes" in _text(setup, "#marks-error")
        setup.query_one("#marks", Input).value = "5, 600"
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen is setup
        assert "Length must be 1–120 minutes" in _text(setup, "#minutes-error")
        assert "Bell mark 600 min is after the longest timer" in _text(setup, "#marks-error")
        assert minutes.value == "500" and app.focused is minutes
        minutes.value = "30"
        setup.query_one("#marks", Input).value = "5, 25"
        await pilot.pause()
        assert not setup.query_one("#minutes-error").display
        assert _text(setup, "#timer-preview") == "Bells at 0:00, 5:00, 25:00, 30:00 (4 bells)."
        await pilot.press("enter")
        assert isinstance(app.screen, TimerScreen)


async def test_open_ended_box_disables_the_length(make_app: MakeApp) -> None:
    app = make_app(clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await _open_setup(pilot)
        setup.query_one("#open-ended", Checkbox).value = True
        await pilot.pause()
        assert setup.query_one("#minutes", Input).disabled
        assert setup.read()[0] == TimerSpec(minutes=None, start_delay=3)


async def test_preset_saved_survives_a_restart_and_can_be_deleted(
        make_app: MakeApp) -> None:
    app = make_app(clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await _open_setup(pilot)
        setup.query_one("#minutes", Input).value = "25"
        setup.query_one("#every", Input).value = "5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        name_input = app.screen.query_one("#preset-name", Input)
        name_input.value = "Evening sit"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is setup
    saved = load_presets(presets_path(app.paths)).presets
    assert saved == {"Evening sit": TimerSpec(minutes=25, start_delay=3, every=5)}

    again = make_app(clock=ManualClock())
    async with again.run_test(size=(80, 24)) as pilot:
        setup = await _open_setup(pilot)
        select = setup.query_one("#preset", Select)
        assert setup.presets == saved
        select.value = "Evening sit"
        await pilot.pause()
        assert setup.query_one("#minutes", Input).value == "25"
        assert setup.query_one("#every", Input).value == "5"
        await pilot.click("#delete-preset")
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert setup.presets == {}
    assert load_presets(presets_path(again.paths)).presets == {}


async def test_timer_route_with_a_preset_shows_its_name(make_app: MakeApp) -> None:
    from ebbtide.core.practice.bell_timer import save_preset

    app = make_app(clock=ManualClock())
    spec = TimerSpec(minutes=15, start_delay=0, every=5)
    save_preset(presets_path(app.paths), "Lunch", spec)
    app.route = _timer_route(spec, preset="Lunch")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimerScreen)
        assert _text(screen, "#session-title") == "Bell timer · Lunch"
        screen.flow.stop()
        screen.tick()
        await pilot.press("o")
        setup = app.screen
        assert isinstance(setup, TimerSetupScreen)
        assert setup.selected_preset() == "Lunch"


async def test_timer_route_with_problems_stops_at_the_form(make_app: MakeApp) -> None:
    app = make_app(route=_timer_route(TimerSpec(minutes=5, marks=(9,))), clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, TimerSetupScreen)
        assert "after the length" in _text(setup, "#marks-error")


async def test_a_guided_session_is_created_once_when_its_screen_opens(
        make_app: Any, monkeypatch: Any) -> None:
    from ebbtide.launch import StartRoute
    from ebbtide.tui.screens.meditate.session import MeditationScreen

    made: list[object] = []
    original = MeditationScreen.make_flow

    def counting(self: MeditationScreen) -> Any:
        flow = original(self)
        made.append(flow)
        return flow

    monkeypatch.setattr(MeditationScreen, "make_flow", counting)
    app = make_app(route=StartRoute("meditate", {"script": "grounding-5-4-3-2-1"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeditationScreen)
        assert len(made) == 1 and app.screen.flow is made[0]

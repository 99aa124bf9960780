"""The Sleep session: wind-down breathing, a body scan, then rest while the soundscape plays
on and fades to silence. The screen is almost black and asks for nothing: the breath word
during the breathing (a fixed line with reduced motion), the step's words, and when the
sound will have faded. It wakes at breath and step boundaries, then once a minute.

The stages, pause, stop, save and summary are `FlowScreen`'s, as in every session: Esc
asks before stopping, s ends at once, and either keeps a partial session. No ratings: a
question is the last thing you want at bedtime."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center
from textual.widgets import Static

from ebbtide.core.practice.guide import GuideEvent, GuideRun
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.session_flow import SessionFlow
from ebbtide.core.practice.sleep import (
    BREATH_IN_SECONDS,
    BREATH_OUT_SECONDS,
    SOUND_FADE_IN_SECONDS,
    SOUND_FADE_OUT_SECONDS,
    sleep_plan,
)
from ebbtide.tui.screens.common.flow import FLOW_BINDINGS, FlowScreen
from ebbtide.tui.soundscape import SessionSound
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.skip_unchanged import set_text
from ebbtide.tui.widgets.safe_text import multi_line

STILL_BREATH = "In for four, out for six"


class SleepScreen(FlowScreen):
    CSS_PATH = styles("shared.tcss", "meditate.tcss", "sleep.tcss")
    SCREEN_CLASSES: ClassVar[str] = "session sleep-session"
    WAKE_NAME: ClassVar[str] = "sleep-wake"
    HELP_TEXT = (
        "Lie down and close your eyes: nothing here needs watching. First slow breaths, in "
        "for four and out for six, then a body scan, then the sound plays on and fades to "
        "silence. b changes the sound, space pauses, s ends now, Esc asks before stopping. "
        "Either way the time so far is saved."
    )
    BINDINGS: ClassVar[list[BindingType]] = [*FLOW_BINDINGS]
    STOP_QUESTION: ClassVar[str] = "Stop now? The time so far is kept as a partial session."

    def __init__(self, minutes: int, sound: str) -> None:
        self.plan = sleep_plan(minutes)
        self.sound_kind = sound
        self._shown_step = -1
        super().__init__("Sleep")
        self.sub_title = "Sleep"

    def make_flow(self) -> SessionFlow[GuideEvent]:
        app = self.ebbtide
        run = GuideRun(self.plan.script, clock=app.clock, wall_clock=app.now)
        return SessionFlow(run, start_delay=0.0, ask_ratings=False, clock=app.clock,
                           log=app.practice_log)

    @property
    def run(self) -> GuideRun:
        run = self.flow.run
        assert isinstance(run, GuideRun)
        return run

    @property
    def soundscape(self) -> SessionSound:
        if self._soundscape is None:
            self._soundscape = SessionSound(self.ebbtide, self.sound_kind,
                                            fade_in=SOUND_FADE_IN_SECONDS,
                                            fade_out=SOUND_FADE_OUT_SECONDS)
        return self._soundscape

    def soundscape_seconds_left(self) -> float | None:
        """To the session's end, so the sound has faded to silence by then."""
        return self.run.state().total_left if self.flow.stage == "running" else None

    def compose_running(self) -> ComposeResult:
        yield Static("", id="sleep-word", markup=False)
        with Center():
            yield Static("", id="sleep-text", markup=False)
        yield Static("", id="sleep-left", markup=False)

    # -- the stages and the sound -------------------------------------------------------

    def stage_entered(self, stage: str) -> None:
        self.set_class(stage == "running", "-dim")

    # -- drawing ------------------------------------------------------------------------

    def on_run_event(self, event: Any) -> None:
        # The opening bell only: no bell at the end to wake anyone up.
        if isinstance(event, GuideEvent) and event.kind == "bell":
            self.bell(event.planned)

    def running_wake(self) -> float | None:
        state = self.run.state()
        waits = [state.step_left, _to_next_minute(state.total_left)]
        if self.plan.breath_word(state.elapsed) is not None and not self.reduced_motion():
            cycle = BREATH_IN_SECONDS + BREATH_OUT_SECONDS
            into = state.elapsed % cycle
            waits.append(BREATH_IN_SECONDS - into if into < BREATH_IN_SECONDS else cycle - into)
        return max(0.001, min(waits))

    def draw_running(self) -> None:
        state = self.run.state()
        plan = self.plan
        word = plan.breath_word(state.elapsed)
        if word is not None and self.reduced_motion():
            word = STILL_BREATH
        set_text(self.query_one("#sleep-word", Static), word or plan.part(state.elapsed))
        if state.step_index != self._shown_step:
            self._shown_step = state.step_index
            self.query_one("#sleep-text", Static).update(multi_line(state.text, limit=None))
        left = _minutes_text(state.total_left)
        line = (f"Silence in {left}" if plan.part(state.elapsed) == "Resting" or not
                self.soundscape.audible else f"Sound fades to silence in {left}")
        if state.paused:
            line = "Paused · space resumes · " + line
        set_text(self.query_one("#sleep-left", Static), line)
        set_text(self.query_one("#session-status", Static), plan.part(state.elapsed))

    def summary_lines(self, record: PracticeRecord) -> list[str]:
        return [f"Sleep: {_minutes_text(record.actual_seconds)} of "
                f"{_minutes_text(record.planned_seconds)}"]

    def again(self) -> FlowScreen:
        return SleepScreen(self.plan.sound_minutes, self.soundscape.kind)

    def quits_on_home(self) -> bool:
        route = self.ebbtide.route
        return route.exit_after and route.screen == "sleep"


def _minutes_text(seconds: float) -> str:
    """Whole minutes, rounded up ("1 min" until the very end): the screen changes once a
    minute at most."""
    return f"{max(1, math.ceil(seconds / 60 - 1e-9))} min"


def _to_next_minute(seconds_left: float) -> float:
    into = seconds_left % 60
    return into if into > 1e-6 else 60.0

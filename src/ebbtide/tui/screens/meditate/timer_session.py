"""The running bell timer.

The timer itself (`core.practice.bell_timer.TimerRun`) computes every bell from active clock
time; this screen wakes exactly at the next bell and once a second for the clocks, and plays
each bell with its planned monotonic time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center
from textual.widgets import Digits, ProgressBar, Static

from ebbtide.core.durations import clock_text, duration_text
from ebbtide.core.practice.bell_timer import TimerEvent, TimerRun, TimerSpec
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.session_flow import SessionFlow
from ebbtide.tui.screens.common.flow import FLOW_BINDINGS, FlowScreen, to_next_whole
from ebbtide.tui.tuned.skip_unchanged import set_text

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp


@dataclass(frozen=True)
class TimerPlan:
    spec: TimerSpec
    preset: str | None
    ask_ratings: bool

    def flow(self, app: EbbtideApp) -> SessionFlow[TimerEvent]:
        run = TimerRun(self.spec, clock=app.clock, wall_clock=app.now)
        return SessionFlow(run, start_delay=self.spec.start_delay,
                           ask_ratings=self.ask_ratings, clock=app.clock, log=app.practice_log)

    @property
    def title(self) -> str:
        return f"Bell timer · {self.preset or self.spec.describe()}"


class TimerScreen(FlowScreen):
    HELP_TEXT = (
        "Sit with the timer. Bells ring where you set them, on time even after a pause. "
        "Space pauses and resumes. Esc asks before stopping; the time you sat is kept."
    )
    BINDINGS: ClassVar[list[BindingType]] = FLOW_BINDINGS
    COUNTDOWN_HINT = "Settle in. The first bell marks the start."

    def __init__(self, plan: TimerPlan) -> None:
        self.plan = plan
        super().__init__(plan.title)
        self.sub_title = "Meditate · Bell timer"

    def make_flow(self) -> SessionFlow[TimerEvent]:
        return self.plan.flow(self.ebbtide)

    @property
    def run(self) -> TimerRun:
        run = self.flow.run
        assert isinstance(run, TimerRun)
        return run

    def compose_running(self) -> ComposeResult:
        with Center():
            yield Digits("", id="timer-digits")
        yield Static("", id="timer-caption", markup=False)
        yield Static("", id="timer-next", markup=False)
        with Center():
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False,
                              id="progress")

    def running_wake(self) -> float | None:
        state = self.run.state()
        elapsed = state.elapsed
        delays = [1.0 - (elapsed - math.floor(elapsed)) or 1.0]
        if state.next_bell_in is not None:
            delays.append(state.next_bell_in)
        if state.remaining is not None:
            delays += [state.remaining, to_next_whole(state.remaining)]
        return max(0.0, min(delays))

    def on_run_event(self, event: Any) -> None:
        if isinstance(event, TimerEvent) and event.kind == "bell":
            self.bell(event.planned)

    def draw_running(self) -> None:
        state = self.run.state()
        open_ended = state.remaining is None
        if state.remaining is None:
            big = clock_text(math.floor(state.elapsed + 1e-9))
            caption = "elapsed"
        else:
            big = clock_text(state.remaining)
            caption = f"left · {clock_text(math.floor(state.elapsed + 1e-9))} so far"
        if state.paused:
            caption = "paused · space resumes"
        self.query_one("#timer-digits", Digits).update(big)
        set_text(self.query_one("#timer-caption", Static), caption)
        rung = f"{state.bells_rung} bell{'s' if state.bells_rung != 1 else ''} rung"
        upcoming = ("no more bells" if state.next_bell_in is None else
                    f"next bell in {clock_text(state.next_bell_in)}")
        set_text(self.query_one("#timer-next", Static), f"{upcoming} · {rung}")
        bar = self.query_one("#progress", ProgressBar)
        bar.display = not open_ended
        if state.progress is not None:
            bar.update(progress=state.progress)
        if self.plan.preset:  # the title names the preset, so say what it does here
            set_text(self.query_one("#session-status", Static), self.plan.spec.describe())

    def stop_question(self) -> str:
        if self.plan.spec.open_ended:
            return "End the timer now? The time you sat is saved."
        return "Stop the timer? The time you sat is kept as a partial session."

    def summary_lines(self, record: PracticeRecord) -> list[str]:
        bells = self.run.state().bells_rung
        rung = f"{bells} bell{'s' if bells != 1 else ''}"
        if self.plan.spec.open_ended:
            return [f"Bell timer: {duration_text(record.actual_seconds)}, open-ended · {rung}"]
        return [f"Bell timer: {duration_text(record.actual_seconds)} of "
                f"{duration_text(record.planned_seconds)} · {rung}"]

    def again(self) -> FlowScreen:
        return TimerScreen(self.plan)


def start_timer(app: EbbtideApp, spec: TimerSpec, *, preset: str | None = None,
                ask_ratings: bool = True) -> TimerScreen:
    """Open the running timer in the meditate section. `spec` must be valid."""
    plan = TimerPlan(spec.validated(), preset, ask_ratings)
    screen = TimerScreen(plan)
    if app.current_mode != "meditate":
        app.switch_mode("meditate")
    app.push_screen(screen)
    return screen

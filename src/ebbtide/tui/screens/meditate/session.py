"""A guided meditation: before-rating, countdown, the steps on the clock, and the summary.

Everything drawn comes from `core.guide` (`SessionFlow` around a `GuideRun`); this screen
only decides when to look again. Like the breathing screen it wakes exactly at the next
step boundary (so bells are on time, each played with its planned monotonic time) and
otherwise once a second, when the clocks it shows change.

The stages, ratings, summary and wake-up plan are `screens/flow.FlowScreen`'s, shared with
the breathing screen and the bell timer (`screens/timer.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.widgets import ProgressBar, Static

from ebbtide.core.content.meditations import Script
from ebbtide.core.durations import clock_text, duration_text
from ebbtide.core.practice.guide import GuideEvent, GuideRun, GuideState
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.session_flow import SessionFlow
from ebbtide.tui.screens.common.flow import FLOW_BINDINGS, FlowScreen, to_next_whole
from ebbtide.tui.screens.meditate.spoken import SpokenSteps
from ebbtide.tui.tuned.skip_unchanged import set_text
from ebbtide.tui.widgets.safe_text import multi_line, one_line

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

FADE_SECONDS = 0.6


@dataclass(frozen=True)
class GuidedPlan:
    """Everything needed to start (and restart) one guided session."""

    script: Script  # already scaled to the chosen length
    start_delay: float
    ask_ratings: bool

    def flow(self, app: EbbtideApp) -> SessionFlow[GuideEvent]:
        run = GuideRun(self.script, clock=app.clock, wall_clock=app.now)
        return SessionFlow(run, start_delay=self.start_delay, ask_ratings=self.ask_ratings,
                           clock=app.clock, log=app.practice_log)


class MeditationScreen(FlowScreen):
    HELP_TEXT = (
        "Read the instruction, then close your eyes if you like: steps move on by "
        "themselves and a soft bell marks the ones that ask for it. Space pauses, left or p "
        "goes back a step, right or n moves on. Esc asks before stopping; a stopped session "
        "is kept as partial with the minutes you actually practised. With a voice installed "
        "each step is spoken as it starts; v turns the voice off or on."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *FLOW_BINDINGS,
        Binding("left,p", "previous_step", "Previous step", id="meditate.previous"),
        Binding("right,n", "next_step", "Next step", id="meditate.next"),
        Binding("v", "toggle_voice", "Voice on/off", id="meditate.voice"),
    ]
    COUNTDOWN_HINT = "Get comfortable. The first instruction appears in a moment."

    def __init__(self, plan: GuidedPlan, *, show_notes: bool = False) -> None:
        self.plan = plan
        self.show_notes = show_notes
        self._shown_step = -1
        self.voice = SpokenSteps(self, [step.text for step in plan.script.steps])
        super().__init__(plan.script.name)
        self.sub_title = f"Meditate · {one_line(plan.script.name)}"

    def make_flow(self) -> SessionFlow[GuideEvent]:
        return self.plan.flow(self.ebbtide)

    @property
    def run(self) -> GuideRun:
        run = self.flow.run
        assert isinstance(run, GuideRun)
        return run

    def compose_running(self) -> ComposeResult:
        with Center():
            yield Static("", id="instruction", markup=False)
        with Center():
            yield Static("", id="next-step", markup=False)
        yield Static("", id="step-time", markup=False)
        with Center():
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False,
                              id="progress")

    def session_note(self) -> str:
        return "\n".join(self.plan.script.notes) if self.show_notes else ""

    def on_mount(self) -> None:
        # FlowScreen.on_mount runs too: Textual calls each class's handler in turn.
        self.voice.prepare()

    def running_wake(self) -> float | None:
        state = self.run.state()
        return min(state.step_left, to_next_whole(state.step_left),
                   to_next_whole(state.total_left))

    def on_run_event(self, event: Any) -> None:
        if not isinstance(event, GuideEvent):
            return
        if event.kind == "bell" or event.kind == "session_end":
            self.bell(event.planned)
        if event.kind == "step_start":
            self.voice.speak(event)

    def draw_running(self) -> None:
        state = self.run.state()
        self._show_step(state)
        left_line = (f"{clock_text(state.step_left)} left in this step · "
                     f"{clock_text(state.total_left)} in all")
        if state.paused:
            left_line = "Paused · space resumes · " + left_line
        set_text(self.query_one("#step-time", Static), left_line)
        self.query_one("#progress", ProgressBar).update(progress=state.progress)
        set_text(self.query_one("#session-status", Static),
                 f"step {state.step_index + 1} of {state.step_count}")

    def _show_step(self, state: GuideState) -> None:
        if state.step_index == self._shown_step:
            return
        self._shown_step = state.step_index
        instruction = self.query_one("#instruction", Static)
        instruction.update(multi_line(state.text, limit=None))
        upcoming = "" if state.next_text is None else f"Next: {one_line(state.next_text, None)}"
        self.query_one("#next-step", Static).update(upcoming)
        if not self.reduced_motion():
            # A short fade-in; nothing moves. With reduced motion the text just appears.
            instruction.styles.text_opacity = 0.0
            instruction.styles.animate("text_opacity", 1.0, duration=FADE_SECONDS)

    def summary_lines(self, record: PracticeRecord) -> list[str]:
        state = self.run.state()
        reached = state.step_count if record.completed else state.step_index + 1
        return [f"{self.plan.script.name}: {duration_text(record.actual_seconds)} of "
                f"{duration_text(record.planned_seconds)} · step {reached} of "
                f"{state.step_count}"]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_voice":
            return self.voice.available and self._flow is not None and \
                self.flow.stage in ("countdown", "running")
        return super().check_action(action, parameters)

    def action_toggle_voice(self) -> None:
        self.notify(self.voice.toggle(), timeout=3, markup=False)

    def action_toggle_pause(self) -> None:
        super().action_toggle_pause()
        if self.flow.paused:
            self.voice.hush()

    def action_stop(self) -> None:
        self.voice.hush()
        super().action_stop()

    def on_unmount(self) -> None:
        self.voice.hush()

    def action_previous_step(self) -> None:
        if self.flow.stage == "running":
            self.voice.hush()
            self.run.previous_step()
            self._shown_step = -1
            self.tick()

    def action_next_step(self) -> None:
        if self.flow.stage == "running":
            self.voice.hush()
            self.run.next_step()
            self._shown_step = -1
            self.tick()

    def again(self) -> FlowScreen:
        return MeditationScreen(self.plan)


def start_meditation(app: EbbtideApp, script: Script, minutes: float | None = None, *,
                     ask_ratings: bool = True, show_notes: bool = False) -> MeditationScreen:
    """Open a guided session of `script` (scaled to `minutes` when given) in the meditate
    section. Raises EbbtideError when the script cannot be that short."""
    scaled = script if minutes is None else script.scaled(minutes)
    plan = GuidedPlan(scaled, start_delay=float(app.settings.start_delay),
                      ask_ratings=ask_ratings)
    screen = MeditationScreen(plan, show_notes=show_notes)
    if app.current_mode != "meditate":
        app.switch_mode("meditate")
    app.push_screen(screen)
    return screen


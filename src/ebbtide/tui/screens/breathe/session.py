"""A breathing session: before-rating, countdown, the pacer, and the summary.

Everything drawn comes from `core.breathing.BreathingSession`; the stages, ratings, summary
and leaving are `screens/flow.FlowScreen`'s. It wakes exactly at the next phase boundary (so
cues are on time) and, with motion on, about 10 times a second while the shape is growing or
shrinking."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.widgets import ProgressBar, Static

from ebbtide.core.content.patterns import Pattern
from ebbtide.core.durations import duration_text
from ebbtide.core.practice.breathing import BreathingSession, phase_cue
from ebbtide.core.practice.pacer import PhaseEvent
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.tui.screens.breathe.spoken_cues import SpokenCues, seconds_to_next_count
from ebbtide.tui.screens.common.flow import FlowScreen, to_next_whole
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.skip_unchanged import set_text
from ebbtide.tui.widgets.pacer_shape import PacerShape
from ebbtide.tui.widgets.safe_text import one_line

FRAME_SECONDS = 1 / 10  # the shape only redraws when its size visibly changes
PROGRESS_STEP = 1 / 200  # finer than the bar can show
MOVING = ("inhale", "top-up", "exhale")


def clock_text(seconds: float) -> str:
    """Minutes and seconds, even past an hour (unlike `core.durations.clock_text`)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


class BreathingScreen(FlowScreen):
    CSS_PATH = styles("shared.tcss")
    SCREEN_CLASSES = "session"
    WAKE_NAME = "breathing-wake"
    HELP_TEXT = (
        "Follow the shape: breathe in as it grows, out as it shrinks, and rest while it is "
        "still. Space pauses, s ends now and shows the summary, Esc asks before stopping. "
        "A stopped session is kept as partial with the time you actually breathed. If you "
        "feel light-headed or dizzy, stop and breathe normally."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause/resume", id="breathe.pause"),
        Binding("s", "skip", "End now", id="breathe.skip"),
        Binding("escape", "stop", "Stop", id="breathe.stop"),
        Binding("n", "skip_rating", "Skip question", id="breathe.skip_rating"),
        Binding("a", "again", "Again", id="breathe.again"),
        Binding("o", "another", "Another", id="breathe.another"),
        Binding("h", "home", "Home", id="breathe.home"),
        Binding("b", "next_soundscape", "Background sound", id="breathe.soundscape",
                show=False),
    ]
    STAGE_ACTIONS: ClassVar[dict[str, set[str]]] = {
        "rating_before": {"skip_rating", "stop"},
        "countdown": {"stop"},
        "running": {"toggle_pause", "skip", "stop"},
        "summary": {"skip_rating", "again", "another", "home"},
        "cancelled": {"another", "home"},
    }
    STOP_QUESTION = "Stop this session? The time you breathed is kept as a partial session."
    COUNTDOWN_HINT = "Get comfortable. Breathe in when the shape starts to grow."

    def __init__(self, pattern: Pattern, new_session: Callable[[], BreathingSession]) -> None:
        """`new_session` is called when the screen is mounted: a session's clock starts when
        it is created, so creating it any earlier would make the first cue late."""
        super().__init__(f"{pattern.name} · {pattern.rhythm}")
        self.pattern = pattern
        self._new_session = new_session
        self.sub_title = f"Breathe · {one_line(pattern.name)}"
        self._started_cue = False
        self._cues = SpokenCues(self.ebbtide)

    @property
    def session(self) -> BreathingSession:
        session = self.flow
        assert isinstance(session, BreathingSession)
        return session

    def make_flow(self) -> BreathingSession:
        if self._cues_on():
            self._cues.prepare()
        return self._new_session()

    def session_note(self) -> str:
        return self.session.beginner_warning or ""

    def compose_running(self) -> ComposeResult:
        yield PacerShape(id="shape")
        yield Static("", id="phase-word", markup=False)
        yield Static("", id="phase-count", markup=False)
        with Center():
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="progress")

    # -- the clock ----------------------------------------------------------------------

    def running_wake(self) -> float | None:
        state = self.session.state()
        if state is None:
            return None
        delays = [state.seconds_left, to_next_whole(state.seconds_left),
                  to_next_whole(state.session_seconds_left)]
        if not self.reduced_motion() and state.kind in MOVING:
            delays.append(FRAME_SECONDS)
        if self._cues.counting and self._cues_on():
            delays.append(seconds_to_next_count(state))
        return min(delays)

    def on_run_event(self, event: Any) -> None:
        if not isinstance(event, PhaseEvent):
            return
        if event.cycle == 1 and event.phase_index == 0 and not self._started_cue \
                and not self._cues_on():
            self.bell(event.planned)
        self._started_cue = True
        if self._cues_on():
            self._cues.play(phase_cue(event.kind), event.planned)

    def _cues_on(self) -> bool:
        settings = self.ebbtide.settings
        return settings.sound and settings.breath_cues

    # -- drawing ------------------------------------------------------------------------

    def stage_entered(self, stage: str) -> None:
        if stage == "countdown" and self.bells_on():
            self.bell(None)
            self._started_cue = True
        elif stage == "summary":
            summary = self.session.summary
            if summary is not None and summary.completed:
                self.bell(None)

    def draw_running(self) -> None:
        state = self.session.state()
        if state is None:
            return
        if self._cues_on() and not self.session.paused:
            self._cues.count(state, self.ebbtide.clock.now())
        shape = self.query_one("#shape", PacerShape)
        if self.reduced_motion():
            shape.display = False
        else:
            shape.display = True
            shape.set_fill(state.fill)
        word = state.word + (" — paused" if self.session.paused else "")
        set_text(self.query_one("#phase-word", Static), word)
        set_text(self.query_one("#phase-count", Static), str(state.count))
        bar = self.query_one("#progress", ProgressBar)
        if abs((bar.progress or 0) - state.session_progress) >= PROGRESS_STEP or state.finished:
            bar.update(progress=state.session_progress)
        set_text(self.query_one("#session-status", Static),
                 f"cycle {state.cycle} of {state.total_cycles} · "
                 f"{clock_text(state.session_seconds_left)} left")

    def summary_lines(self, record: PracticeRecord) -> list[str]:
        summary = self.session.summary
        if summary is None:
            return []
        return [f"{summary.pattern_name}: {duration_text(summary.actual_seconds)} of "
                f"{duration_text(summary.planned_seconds)}, "
                f"{summary.cycles_completed} of {summary.total_cycles} cycles"]

    # -- keys ---------------------------------------------------------------------------

    def action_skip(self) -> None:
        self.session.skip_to_summary()
        self.tick()

    def again(self) -> FlowScreen:
        return BreathingScreen(self.pattern, self.session.again)

    def quits_on_home(self) -> bool:
        return self.ebbtide.route.exit_after

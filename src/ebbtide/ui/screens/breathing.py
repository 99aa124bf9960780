"""A breathing session: before-rating, countdown, the pacer, and the summary.

Everything drawn comes from `core.breathing.BreathingSession`; this screen only decides
when to look again. It wakes exactly at the next phase boundary (so cues are on time) and,
with motion on, about 15 times a second while the shape is growing or shrinking."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, ProgressBar, Static

from ebbtide.core.breathing import BreathingSession
from ebbtide.core.durations import duration_text
from ebbtide.core.pacer import PacerState, PhaseEvent
from ebbtide.core.session_flow import RATING_HINT, RATING_QUESTION
from ebbtide.ui.screens.base import EbbtideScreen
from ebbtide.ui.screens.confirm import ConfirmScreen
from ebbtide.ui.widgets.key_bar import KeyBar
from ebbtide.ui.widgets.pacer_shape import PacerShape
from ebbtide.ui.widgets.quiet import BindingsRefresher, set_text
from ebbtide.ui.widgets.rating import RatingScale

FRAME_SECONDS = 1 / 10  # the shape only redraws when its size visibly changes
PROGRESS_STEP = 1 / 200  # finer than the bar can show
MOVING = ("inhale", "top-up", "exhale")
CUE_FOR_PHASE = {"inhale": "inhale", "top-up": "inhale", "exhale": "exhale",
                 "hold": "hold", "hold-out": "hold"}
STAGE_ACTIONS = {
    "rating_before": {"skip_rating", "stop"},
    "countdown": {"stop"},
    "running": {"toggle_pause", "skip", "stop"},
    "summary": {"skip_rating", "again", "another", "home"},
    "cancelled": {"another", "home"},
}


def clock_text(seconds: float) -> str:
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


class BreathingScreen(EbbtideScreen[None]):
    AUTO_FOCUS = ""  # focus follows the stage (the rating scale, or nothing)
    CSS_PATH = "shared.tcss"
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
    ]

    def __init__(self, new_session: Callable[[], BreathingSession]) -> None:
        """`new_session` is called when the screen is mounted: a session's clock starts
        when it is created, so creating it any earlier would make the first cue late."""
        super().__init__(classes="session")
        self._new_session = new_session
        self.session = new_session()
        self.sub_title = f"Breathe · {self.session.pattern.name}"
        self._wake: Timer | None = None
        self._started_cue = False
        self._shown_stage = ""
        self._refresh_keys = BindingsRefresher()

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        pattern = self.session.pattern
        with Horizontal(id="session-header"):
            yield Static(f"{pattern.name} · {pattern.rhythm}", id="session-title", markup=False)
            yield Static("", id="session-status", markup=False)
        with ContentSwitcher(initial="stage-rating", id="stages"):
            with Vertical(id="stage-rating", classes="stage"):
                yield Static(RATING_QUESTION, classes="question", markup=False)
                yield Static(RATING_HINT, classes="hint", markup=False)
                yield RatingScale(id="rating-before")
                yield Static("Enter saves · n skips", classes="hint", markup=False)
            with Vertical(id="stage-countdown", classes="stage"):
                yield Static("", id="countdown", markup=False)
                yield Static("Get comfortable. Breathe in when the shape starts to grow.",
                             classes="hint", markup=False)
            with Vertical(id="stage-running", classes="stage"):
                yield PacerShape(id="shape")
                yield Static("", id="phase-word", markup=False)
                yield Static("", id="phase-count", markup=False)
                with Center():
                    yield ProgressBar(total=1.0, show_eta=False, show_percentage=False,
                                      id="progress")
            with Vertical(id="stage-summary", classes="stage"):
                yield Static("", id="summary-text", markup=False)
                with Vertical(id="after-rating"):
                    yield Static(RATING_QUESTION, classes="question", markup=False)
                    yield RatingScale(id="rating-after")
                    yield Static("Enter saves · n skips", classes="hint", markup=False)
                with Horizontal(id="summary-buttons"):
                    yield Button("Again (a)", id="again", compact=True)
                    yield Button("Another (o)", id="another", compact=True)
                    yield Button("Home (h)", id="home", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.session = self._new_session()
        warning = self.session.beginner_warning
        if warning:
            self.notify(warning, title="For beginners", timeout=8, markup=False)
        self.tick()

    # -- the clock ----------------------------------------------------------------------

    def tick(self) -> None:
        """Poll the session, play cues for phase starts, redraw, and plan the next wake."""
        events = self.session.poll()
        for event in events:
            self._on_phase(event)
        self._draw()
        self._schedule()

    def _schedule(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        delay = self._next_wake()
        if delay is not None:
            self._wake = self.set_timer(max(delay, 0.001), self.tick, name="breathing-wake")

    def _next_wake(self) -> float | None:
        session = self.session
        if session.stage == "countdown":
            return _to_next_whole(session.countdown_left())
        state = session.state()
        if session.stage != "running" or session.paused or state is None:
            return None
        delays = [state.seconds_left, _to_next_whole(state.seconds_left),
                  _to_next_whole(state.session_seconds_left)]
        if not self._reduced_motion() and state.kind in MOVING:
            delays.append(FRAME_SECONDS)
        return min(delays)

    def _on_phase(self, event: PhaseEvent) -> None:
        if event.cycle == 1 and event.phase_index == 0 and not self._started_cue \
                and self._bells_on() and not self._cues_on():
            self._cue("bell", event.planned)
        self._started_cue = True
        if self._cues_on():
            self._cue(CUE_FOR_PHASE.get(event.kind, "hold"), event.planned)

    def _cue(self, name: str, planned: float | None) -> None:
        self.ebbtide.sound.play(name, planned)

    def _cues_on(self) -> bool:
        settings = self.ebbtide.settings
        return settings.sound and settings.breath_cues

    def _bells_on(self) -> bool:
        settings = self.ebbtide.settings
        return settings.sound and settings.bells

    def _reduced_motion(self) -> bool:
        return self.ebbtide.settings.reduced_motion

    # -- drawing ------------------------------------------------------------------------

    def _draw(self) -> None:
        stage = self.session.stage
        if stage != self._shown_stage:
            self._enter_stage(stage)
        if stage == "countdown":
            left = math.ceil(self.session.countdown_left() - 1e-9)
            set_text(self.query_one("#countdown", Static), f"Starting in {left}…")
        elif stage == "running":
            state = self.session.state()
            if state is not None:
                self._draw_running(state)
        elif stage == "summary":
            self._draw_summary()
        self._refresh_keys(self, (stage, self.session.paused,
                                  self.session.awaiting_after_rating))

    def _enter_stage(self, stage: str) -> None:
        self._shown_stage = stage
        switcher = self.query_one("#stages", ContentSwitcher)
        target = {"rating_before": "stage-rating", "countdown": "stage-countdown",
                  "running": "stage-running"}.get(stage, "stage-summary")
        switcher.current = target
        if stage == "rating_before":
            self.query_one("#rating-before", RatingScale).focus()
        elif stage in ("countdown", "running"):
            self.set_focus(None)
            if stage == "countdown" and self._bells_on():
                self._cue("bell", None)
                self._started_cue = True
        elif stage == "summary":
            summary = self.session.summary
            if summary is not None and summary.completed and self._bells_on():
                self._cue("bell", None)
            if self.session.awaiting_after_rating:
                self.query_one("#rating-after", RatingScale).focus()
        self.set_class(self._reduced_motion(), "-still")

    def _draw_running(self, state: PacerState) -> None:
        shape = self.query_one("#shape", PacerShape)
        if self._reduced_motion():
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

    def _draw_summary(self) -> None:
        summary = self.session.summary
        awaiting = self.session.awaiting_after_rating
        self.query_one("#after-rating").display = awaiting
        self.query_one("#summary-buttons").display = not awaiting
        if summary is None:
            self.query_one("#summary-text", Static).update(
                "Stopped before it began. Nothing was saved.")
            return
        heading = "Well done." if summary.completed else \
            "Stopped early. Saved as a partial session."
        lines = [
            heading,
            "",
            f"{summary.pattern_name}: {duration_text(summary.actual_seconds)} of "
            f"{duration_text(summary.planned_seconds)}, "
            f"{summary.cycles_completed} of {summary.total_cycles} cycles",
        ]
        if summary.anxiety_before is not None or summary.anxiety_after is not None:
            before = "–" if summary.anxiety_before is None else str(summary.anxiety_before)
            after = "–" if summary.anxiety_after is None else str(summary.anxiety_after)
            line = f"Anxiety before {before}, after {after}"
            if summary.change is not None:
                line += (f" (down {-summary.change})" if summary.change < 0 else
                         f" (up {summary.change})" if summary.change > 0 else " (no change)")
            lines.append(line)
        if self.session.save_error:
            lines.append(f"Not saved: {self.session.save_error}")
        self.query_one("#summary-text", Static).update("\n".join(lines))
        self.query_one("#session-status", Static).update("")
        if not awaiting:
            self.query_one("#home", Button).focus()

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        stage = self.session.stage
        mine = {"toggle_pause", "skip", "stop", "skip_rating", "again", "another", "home"}
        if action not in mine:
            return True
        if action == "skip_rating":
            return stage == "rating_before" or self.session.awaiting_after_rating
        if stage == "summary" and action in ("again", "another", "home"):
            return not self.session.awaiting_after_rating
        return action in STAGE_ACTIONS.get(stage, set())

    def on_rating_scale_chosen(self, message: RatingScale.Chosen) -> None:
        if message.scale.id == "rating-before":
            self.session.rate_before(message.value)
        else:
            self.session.rate_after(message.value)
        self.tick()

    def action_skip_rating(self) -> None:
        if self.session.stage == "rating_before":
            self.session.skip_rating_before()
        elif self.session.awaiting_after_rating:
            self.session.skip_rating_after()
        self.tick()

    def action_toggle_pause(self) -> None:
        self.session.toggle_pause()
        self.tick()

    def action_skip(self) -> None:
        self.session.skip_to_summary()
        self.tick()

    def action_stop(self) -> None:
        if self.session.stage in ("summary", "cancelled"):
            self.action_another()
            return
        was_paused = self.session.paused
        if self.session.stage == "running" and not was_paused:
            self.session.toggle_pause()
            self.tick()

        def answered(stop: bool | None) -> None:
            if stop:
                self.session.stop()
            elif self.session.paused and not was_paused:
                self.session.toggle_pause()
            self.tick()

        self.app.push_screen(
            ConfirmScreen("Stop this session? The time you breathed is kept as a partial "
                          "session.", yes="Stop", no="Keep going"), answered)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"again": self.action_again, "another": self.action_another,
                   "home": self.action_home}
        if event.button.id in actions:
            actions[event.button.id]()

    def action_again(self) -> None:
        self._leave()
        self.app.switch_screen(BreathingScreen(self.session.again))

    def action_another(self) -> None:
        self._leave()
        self.dismiss()

    def action_home(self) -> None:
        self._leave()
        if self.ebbtide.route.exit_after:
            self.app.exit(0)
            return
        self.dismiss()
        self.ebbtide.go("home")

    def _leave(self) -> None:
        if self._wake is not None:
            self._wake.stop()
        self.session.save()
        if self.session.save_error:
            self.notify(f"Session not saved: {self.session.save_error}", severity="error",
                        markup=False)

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.stop()
        self.session.save()


def _to_next_whole(seconds: float) -> float:
    """Seconds until `seconds` (counting down) next crosses a whole number."""
    fraction = seconds - math.floor(seconds)
    return fraction if fraction > 1e-6 else 1.0

"""The screen shared by every practice on the clock: breathing, guided meditation and the
bell timer.

Everything drawn comes from a `core.session_flow.StagedSession`; this screen only decides
when to look again. It wakes exactly at the run's next boundary (so cues and bells are on
time, each played with its planned monotonic time) and otherwise when what it shows
changes. Shared here: stages, ratings, pause, stop with a question, summary buttons,
again / another / home, the save on leaving and the wake-up plan."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Static

from ebbtide.core.clock import is_night
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.session_flow import RATING_HINT, RATING_QUESTION, StagedSession
from ebbtide.tui.notices import withdraw
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.flow_calm import CoverPause, SessionNote
from ebbtide.tui.screens.common.flow_summary import summary_text
from ebbtide.tui.soundscape import SessionSound
from ebbtide.tui.styles import styles
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.skip_unchanged import BindingsRefresher, set_text
from ebbtide.tui.widgets.rating import RatingScale
from ebbtide.tui.widgets.safe_text import one_line

FLOW_STAGE_ACTIONS: dict[str, set[str]] = {
    "rating_before": {"skip_rating", "stop"},
    "countdown": {"start_now", "stop"},
    "running": {"toggle_pause", "previous_step", "next_step", "end_now", "stop"},
    "summary": {"skip_rating", "again", "another", "home"},
    "cancelled": {"another", "home"},
}
# The meditate section's keys. One key may serve two actions in different stages (n skips a
# question before and after, and moves to the next step while running); check_action
# enables one per stage. Textual lets a subclass's key replace the base class's, so
# subclasses repeat this whole list.
FLOW_BINDINGS: list[BindingType] = [
    Binding("space", "toggle_pause", "Pause/resume", id="meditate.pause"),
    Binding("space,enter", "start_now", "Start now", id="meditate.start_now"),
    Binding("s", "end_now", "End now", id="meditate.end_now"),  # as in breathing
    Binding("escape", "stop", "Stop", id="meditate.stop"),
    Binding("n", "skip_rating", "Skip question", id="meditate.skip_rating"),
    Binding("a", "again", "Again", id="meditate.again"),
    Binding("o", "another", "Another", id="meditate.another"),
    Binding("h", "home", "Home", id="meditate.home"),
    Binding("b", "next_soundscape", "Background sound", id="meditate.soundscape", show=False),
]


def to_next_whole(seconds: float) -> float:
    """Seconds until `seconds` (counting down) next crosses a whole number."""
    fraction = seconds - math.floor(seconds)
    return fraction if fraction > 1e-6 else 1.0


class FlowScreen(EbbtideScreen[None]):
    """Shared by breathing, guided sessions and the bell timer. Subclasses compose the
    running stage, draw it, say when it next needs drawing, and react to the run's events.
    The class attributes below default to the meditate section's."""
    CSS_PATH = styles("shared.tcss", "meditate.tcss")
    SCREEN_CLASSES: ClassVar[str] = "session meditate-session"
    WAKE_NAME: ClassVar[str] = "meditate-wake"

    # Textual merges bindings down the class tree, so each subclass lists all of its keys
    # (the breathe screen has no "start now", for one).
    BINDINGS: ClassVar[list[BindingType]] = []
    STAGE_ACTIONS: ClassVar[dict[str, set[str]]] = FLOW_STAGE_ACTIONS
    STOP_QUESTION: ClassVar[str] = ("Stop now? The time you practised is kept as a partial "
                                    "session.")
    COUNTDOWN_HINT: ClassVar[str] = "Get comfortable. A soft bell marks the start."

    AUTO_FOCUS = ""  # focus follows the stage (see _enter_stage), never a hidden widget

    def __init__(self, title: str) -> None:
        super().__init__(classes=self.SCREEN_CLASSES)
        self._flow: StagedSession[Any] | None = None
        self.session_title = title
        self._wake: Timer | None = None
        self._shown_stage = ""
        self._refresh_keys = BindingsRefresher()
        self._soundscape: SessionSound | None = None
        self._cover_pause = CoverPause()
        self._session_note = SessionNote()

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-header"):
            yield Static(one_line(self.session_title, None), id="session-title", markup=False)
            yield Static("", id="session-status", markup=False)
        with ContentSwitcher(initial="stage-rating", id="stages"):
            with Vertical(id="stage-rating", classes="stage"):
                yield Static(RATING_QUESTION, classes="question", markup=False)
                yield Static(RATING_HINT, classes="hint", markup=False)
                yield RatingScale(id="rating-before")
                yield Static("Enter saves · n skips", classes="hint", markup=False)
                yield Static("", classes="hint session-note", markup=False)
            with Vertical(id="stage-countdown", classes="stage"):
                yield Static("", id="countdown", markup=False)
                yield Static(self.COUNTDOWN_HINT, classes="hint", markup=False)
                yield Static("", classes="hint session-note", markup=False)
            with Vertical(id="stage-running", classes="stage"):
                yield from self.compose_running()
            with Vertical(id="stage-summary", classes="stage"):
                yield Static("", id="summary-text", markup=False)
                with Vertical(id="after-rating"):
                    yield Static(RATING_QUESTION, classes="question", markup=False)
                    yield Static(RATING_HINT, classes="hint", markup=False)
                    yield RatingScale(id="rating-after")
                    yield Static("Enter saves · n skips", classes="hint", markup=False)
                with Horizontal(id="summary-buttons"):
                    yield Button("Again (a)", id="again", compact=True)
                    yield Button("Another (o)", id="another", compact=True)
                    yield Button("Home (h)", id="home", variant="primary", compact=True)
        yield KeyBar()

    @property
    def session_live(self) -> bool:
        """Counting down or running: a notice now would cover the pacer or a cue."""
        return self._flow is not None and self._flow.stage in ("countdown", "running")

    @property
    def has_flow(self) -> bool:
        """False until the screen is mounted (the session starts then)."""
        return self._flow is not None

    @property
    def flow(self) -> StagedSession[Any]:
        if self._flow is None:
            raise RuntimeError("the session starts when the screen is mounted")
        return self._flow

    def make_flow(self) -> StagedSession[Any]:
        raise NotImplementedError

    def compose_running(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # The flow (and with it the clock, when there is no question first) starts only now
        # that the screen is up, so a slow start-up cannot make the first bell late.
        self.ebbtide.warm_up_sound()  # started already from a menu or the start route
        self._flow = self.make_flow()
        self.ebbtide.open_sessions.add(self._flow)
        self._session_note.show(self, self.session_note())
        self.tick()

    def on_screen_suspend(self) -> None:
        """Something covers the session: see `flow_calm.CoverPause`."""
        if self._flow is not None:
            self.ebbtide.notices.release_held()  # the screen in front may show them
            self._cover_pause.covered(self)

    def on_screen_resume(self) -> None:
        if self._flow is not None:
            self._cover_pause.uncovered(self)

    def session_note(self) -> str:
        """Guidance for before the session (a beginner's note, a script's notes): shown by
        `flow_calm.SessionNote`."""
        return ""

    # -- the clock ----------------------------------------------------------------------

    def tick(self) -> None:
        """Poll the flow, ring what is due (with its planned time), redraw, plan the next
        wake. Safe to call at any moment: nothing here counts calls."""
        for event in self.flow.poll():
            self.on_run_event(event)
            self._session_note.event_seen(self)
        self._draw()
        self._schedule()

    def stop_waking(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None

    def _schedule(self) -> None:
        self.stop_waking()
        delay = self._next_wake()
        if delay is not None:
            self._wake = self.set_timer(max(delay, 0.001), self.tick, name=self.WAKE_NAME)

    def _next_wake(self) -> float | None:
        flow = self.flow
        if flow.stage == "countdown":
            return to_next_whole(flow.countdown_left())
        if flow.stage != "running" or flow.paused:
            return None
        return self.running_wake()

    def running_wake(self) -> float | None:
        return 1.0

    def on_run_event(self, event: Any) -> None:
        """A step start, bell or end crossed since the last look."""

    def bells_on(self) -> bool:
        settings = self.ebbtide.settings
        return settings.sound and settings.bells

    def bell(self, planned: float | None) -> None:
        if self.bells_on():
            self.ebbtide.sound.play("bell", planned)

    def reduced_motion(self) -> bool:
        return self.ebbtide.settings.reduced_motion

    # -- drawing ------------------------------------------------------------------------

    def _draw(self) -> None:
        stage = self.flow.stage
        if stage != self._shown_stage:
            self._enter_stage(stage)
        if stage == "countdown":
            left = math.ceil(self.flow.countdown_left() - 1e-9)
            set_text(self.query_one("#countdown", Static), f"Starting in {left}…")
        elif stage == "running":
            self.draw_running()
        elif stage in ("summary", "cancelled"):
            self._draw_summary()
        self._refresh_keys(self, (stage, self.flow.paused, self.flow.awaiting_after_rating))
        self.soundscape.follow(stage, self.flow.paused, self.soundscape_seconds_left())

    @property
    def soundscape(self) -> SessionSound:
        """The sound under the session while it runs: the settings' soundscape, if any."""
        if self._soundscape is None:
            self._soundscape = SessionSound(self.ebbtide, self.soundscape_kind())
        return self._soundscape

    def soundscape_kind(self) -> str:
        return self.ebbtide.settings.soundscape

    def action_next_soundscape(self) -> None:
        """b: the next soundscape (or none), for this session only."""
        kind = self.soundscape.next_kind()
        self.notify(f"Background sound: {kind}", timeout=3, markup=False)
        self.tick()

    def soundscape_seconds_left(self) -> float | None:
        """How long the soundscape should play from now (None: until the session ends)."""
        return None

    def _enter_stage(self, stage: str) -> None:
        self._shown_stage = stage
        target = {"rating_before": "stage-rating", "countdown": "stage-countdown",
                  "running": "stage-running"}.get(stage, "stage-summary")
        self.query_one("#stages", ContentSwitcher).current = target
        self.set_class(self.reduced_motion(), "-still")
        self.set_class(is_night(self.ebbtide.now()), "-night")
        if stage == "rating_before":
            self.query_one("#rating-before", RatingScale).focus()
        elif stage in ("countdown", "running"):
            self.set_focus(None)
        elif stage == "summary" and self.flow.awaiting_after_rating:
            self.query_one("#rating-after", RatingScale).focus()
        if stage == "running":
            # Nothing to act on, so nothing left over the pacer or the first instruction
            # (a sound notice from the menu, a saved preset...); warnings and errors stay.
            withdraw(self.app, severity="information")
        elif stage in ("summary", "cancelled"):
            self.ebbtide.notices.release_held()
        self.stage_entered(stage)

    def stage_entered(self, stage: str) -> None:
        """Called once each time the screen switches to a new stage."""

    def draw_running(self) -> None:
        """Subclasses show the run's state."""

    def summary_lines(self, record: PracticeRecord) -> list[str]:
        return []

    def _draw_summary(self) -> None:
        awaiting = self.flow.awaiting_after_rating
        self.query_one("#after-rating").display = awaiting
        self.query_one("#summary-buttons").display = not awaiting
        self.query_one("#again", Button).display = self.flow.stage == "summary"
        self.query_one("#session-status", Static).update("")
        record = self.flow.record()
        text = summary_text(record, [] if record is None else self.summary_lines(record),
                            saved=self.flow.saved, save_error=self.flow.save_error)
        self.query_one("#summary-text", Static).update(text)
        if not awaiting and not isinstance(self.focused, Button):
            self.query_one("#home", Button).focus()

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in frozenset().union(*self.STAGE_ACTIONS.values()):
            return True
        if self._flow is None:
            return False
        stage = self.flow.stage
        if action == "skip_rating":
            return stage == "rating_before" or self.flow.awaiting_after_rating
        if stage == "summary" and action in ("again", "another", "home"):
            return not self.flow.awaiting_after_rating
        return action in self.STAGE_ACTIONS.get(stage, set())

    def on_rating_scale_chosen(self, message: RatingScale.Chosen) -> None:
        message.stop()
        if message.scale.id == "rating-before" and self.flow.stage == "rating_before":
            self.flow.rate_before(message.value)
        elif self.flow.awaiting_after_rating:
            self.flow.rate_after(message.value)
        self.tick()

    def action_skip_rating(self) -> None:
        if self.flow.stage == "rating_before":
            self.flow.skip_rating_before()
        elif self.flow.awaiting_after_rating:
            self.flow.skip_rating_after()
        self.tick()

    def action_start_now(self) -> None:
        self.flow.skip_countdown()
        self.tick()

    def action_toggle_pause(self) -> None:
        self.flow.toggle_pause()
        self.tick()

    def action_end_now(self) -> None:
        """End at once, no question: the summary, kept as a partial session."""
        self.flow.stop()
        self.tick()

    def action_stop(self) -> None:
        if self.flow.stage in ("summary", "cancelled"):
            self.action_another()
            return
        was_paused = self.flow.paused
        if self.flow.stage == "running" and not was_paused:
            self.flow.pause()
            self.tick()

        def answered(stop: bool | None) -> None:
            if stop:
                self.flow.stop()
            elif self.flow.paused and not was_paused:
                self.flow.resume()
            self.tick()

        self.app.push_screen(ConfirmScreen(self.stop_question(), yes="Stop", no="Keep going"),
                             answered)

    def stop_question(self) -> str:
        return self.STOP_QUESTION

    @on(Button.Pressed, "#again")
    def _again(self) -> None:
        self.action_again()

    @on(Button.Pressed, "#another")
    def _another(self) -> None:
        self.action_another()

    @on(Button.Pressed, "#home")
    def _home(self) -> None:
        self.action_home()

    def again(self) -> FlowScreen:
        raise NotImplementedError

    def action_again(self) -> None:
        self._leave()
        self.app.switch_screen(self.again())

    def action_another(self) -> None:
        self._leave()
        self.dismiss()

    def action_home(self) -> None:
        if self.quits_on_home():
            # Started from the command line: "home" is the shell, so say so before going.
            self.app.push_screen(ConfirmScreen(
                "You started this session from the command line, so leaving it closes "
                "Ebbtide and returns to the shell. The session is saved. Close Ebbtide?",
                yes="Close Ebbtide", no="Stay"), self._close_answered)
            return
        self._leave()
        self.dismiss()
        self.ebbtide.go("home")

    def _close_answered(self, close: bool | None) -> None:
        if close:
            self._leave()
            self.app.exit(0)

    def quits_on_home(self) -> bool:
        """True when the app was opened from the command line straight into this section,
        so leaving for home quits (`ebbtide meditate …`, `ebbtide timer …`)."""
        route = self.ebbtide.route
        return route.exit_after and route.screen in ("meditate", "timer")

    def _leave(self) -> None:
        self.stop_waking()
        if self._flow is None:
            return
        self.flow.save()
        if self.flow.save_error:
            self.notify(f"Session not saved: {self.flow.save_error}", severity="error",
                        markup=False)

    def on_unmount(self) -> None:
        self.ebbtide.notices.release_held()
        if self._wake is not None:
            self._wake.stop()
        if self._soundscape is not None:
            self._soundscape.stop()
        if self._flow is not None:
            self.ebbtide.open_sessions.discard(self._flow)
            self._flow.end()  # a screen closed mid-session still keeps what was practised

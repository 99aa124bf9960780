"""One breathing session as a small state machine the breathe screen renders.

    rating_before ──rate/skip──▶ countdown ──delay over──▶ running ──time up──▶ summary
          │                         │ (skipped when delay is 0)   │ skip/stop ─▶ summary
          └──────── stop ───────────┴──────────▶ cancelled (nothing breathed, nothing saved)

- `ask_ratings=False` starts in `countdown` (or `running` when the delay is 0).
- The stage clock starts when the session object is created.
- Call `poll()` every frame: it moves countdown → running and running → summary and
  returns the phase starts crossed since the last call (see `PacerRun.poll`).
- In `summary` the after-rating is asked when ratings are on; the `PracticeRecord` is handed
  to the log once, as soon as the after-rating is given or skipped (at once when ratings are
  off). `save()` is idempotent: call it when leaving the screen in any case.
- A session ended early (skip or stop) is recorded as partial with its real duration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.errors import EbbtideError
from ebbtide.core.pacer import Pacer, PacerRun, PacerState, PhaseEvent
from ebbtide.core.patterns import Pattern
from ebbtide.core.practice import PracticeLog, PracticeRecord

Stage = Literal["rating_before", "countdown", "running", "summary", "cancelled"]

RATING_QUESTION = "How anxious do you feel right now?"
RATING_HINT = "0 = not at all, 10 = the most anxious you can imagine"
RATING_RANGE = (0, 10)
START_DELAY_RANGE = (0, 30)


def validate_rating(value: object) -> int:
    """A 0–10 whole number (an int, or text such as "7"). Raises EbbtideError otherwise."""
    low, high = RATING_RANGE
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not low <= number <= high:
        raise EbbtideError(f"a rating is a whole number from {low} to {high}")
    return number


def _local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Summary:
    pattern_id: str
    pattern_name: str
    started_at: datetime
    planned_seconds: float
    actual_seconds: float  # active time breathed (pauses excluded)
    cycles_completed: int
    total_cycles: int
    completed: bool  # False: skipped or stopped early (partial)
    anxiety_before: int | None
    anxiety_after: int | None

    @property
    def partial(self) -> bool:
        return not self.completed

    @property
    def change(self) -> int | None:
        """after − before (negative: less anxious), when both were given."""
        if self.anxiety_before is None or self.anxiety_after is None:
            return None
        return self.anxiety_after - self.anxiety_before


class BreathingSession:
    def __init__(
        self,
        pattern: Pattern,
        *,
        minutes: float | None = None,
        cycles: int | None = None,
        start_delay: float = 0.0,
        ask_ratings: bool = True,
        clock: Clock = SYSTEM_CLOCK,
        log: PracticeLog | None = None,
        wall_clock: Callable[[], datetime] = _local_now,
    ) -> None:
        low, high = START_DELAY_RANGE
        if not low <= start_delay <= high:
            raise ValueError(f"start delay must be between {low} and {high} seconds")
        self.pattern = pattern
        self.pacer = Pacer(pattern, minutes=minutes, cycles=cycles)
        self.run = PacerRun(self.pacer, clock)
        self.clock = clock
        self.log = log
        self.start_delay = float(start_delay)
        self.ask_ratings = ask_ratings
        self._minutes = minutes
        self._cycles = cycles
        self._wall_clock = wall_clock
        self._countdown_started: float | None = None
        self._started_at: datetime | None = None
        self.anxiety_before: int | None = None
        self.anxiety_after: int | None = None
        self._after_answered = False
        self._summary: Summary | None = None
        self._saved = False
        self.save_error: str | None = None
        self._stage: Stage = "rating_before"
        if not ask_ratings:
            self._leave_rating_before()

    # --- what to draw ------------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self._stage

    @property
    def beginner_warning(self) -> str | None:
        """The pattern's beginner note when this session is longer than advised."""
        return self.pacer.beginner_warning()

    @property
    def planned_seconds(self) -> float:
        return self.pacer.total_seconds

    def countdown_left(self) -> float:
        """Seconds before breathing starts (0 outside the countdown)."""
        if self._stage != "countdown" or self._countdown_started is None:
            return 0.0
        return max(0.0, self.start_delay - (self.clock.now() - self._countdown_started))

    def state(self) -> PacerState | None:
        """The pacer state while running (and frozen at the end in summary), else None."""
        if self._stage in ("running", "summary"):
            return self.run.state()
        return None

    @property
    def paused(self) -> bool:
        return self._stage == "running" and self.run.paused

    @property
    def awaiting_after_rating(self) -> bool:
        return self._stage == "summary" and self.ask_ratings and not self._after_answered

    @property
    def summary(self) -> Summary | None:
        return self._summary

    @property
    def saved(self) -> bool:
        return self._saved

    # --- per frame ---------------------------------------------------------------------

    def poll(self) -> list[PhaseEvent]:
        if self._stage == "countdown" and self.countdown_left() <= 0:
            self._begin_running()
        if self._stage != "running":
            return []
        events = self.run.poll()
        if self.run.finished:
            self._to_summary()
        return events

    # --- user actions ------------------------------------------------------------------

    def rate_before(self, value: object) -> None:
        self._require("rating_before")
        self.anxiety_before = validate_rating(value)
        self._leave_rating_before()

    def skip_rating_before(self) -> None:
        self._require("rating_before")
        self._leave_rating_before()

    def pause(self) -> None:
        if self._stage == "running":
            self.run.pause()

    def resume(self) -> None:
        if self._stage == "running":
            self.run.resume()

    def toggle_pause(self) -> None:
        if self._stage == "running":
            self.run.toggle_pause()

    def skip_to_summary(self) -> None:
        """`s`: end now and show the summary (partial unless time was already up).
        Before breathing started there is nothing to summarise: the session is cancelled."""
        if self._stage in ("rating_before", "countdown"):
            self._stage = "cancelled"
            return
        if self._stage != "running":
            return
        self.run.skip_to_end()
        self._to_summary()

    def stop(self) -> None:
        """Esc, after the screen asked for confirmation. Same effect as skip_to_summary."""
        self.skip_to_summary()

    def rate_after(self, value: object) -> None:
        self._require("summary")
        self.anxiety_after = validate_rating(value)
        self._after_answered = True
        self._refresh_summary()
        self.save()

    def skip_rating_after(self) -> None:
        self._require("summary")
        self._after_answered = True
        self.save()

    def record(self) -> PracticeRecord | None:
        summary = self._summary
        if summary is None:
            return None
        return PracticeRecord(
            kind="breathe",
            content_id=summary.pattern_id,
            started_at=summary.started_at,
            planned_seconds=summary.planned_seconds,
            actual_seconds=summary.actual_seconds,
            completed=summary.completed,
            anxiety_before=summary.anxiety_before,
            anxiety_after=summary.anxiety_after,
        )

    def save(self) -> bool:
        """Hand the record to the log once. Returns True when it is (or already was) saved.
        A log error is kept in `save_error` (one line) instead of being raised."""
        if self._saved:
            return True
        record = self.record()
        if record is None or self.log is None:
            return False
        try:
            self.log.add_practice(record)
        except EbbtideError as exc:
            self.save_error = str(exc)
            return False
        self._saved = True
        self.save_error = None
        return True

    def again(self) -> BreathingSession:
        """A fresh session with the same pattern, length, delay, ratings and log."""
        return BreathingSession(
            self.pattern,
            minutes=self._minutes,
            cycles=self._cycles,
            start_delay=self.start_delay,
            ask_ratings=self.ask_ratings,
            clock=self.clock,
            log=self.log,
            wall_clock=self._wall_clock,
        )

    # --- internals ---------------------------------------------------------------------

    def _require(self, stage: Stage) -> None:
        if self._stage != stage:
            raise RuntimeError(f"not possible in stage {self._stage!r} (needs {stage!r})")

    def _leave_rating_before(self) -> None:
        if self.start_delay > 0:
            self._stage = "countdown"
            self._countdown_started = self.clock.now()
        else:
            self._begin_running()

    def _begin_running(self) -> None:
        self._stage = "running"
        self._started_at = self._wall_clock()
        self.run.start()

    def _to_summary(self) -> None:
        self._stage = "summary"
        self._refresh_summary()
        if not self.ask_ratings:
            self._after_answered = True
            self.save()

    def _refresh_summary(self) -> None:
        assert self._started_at is not None
        self._summary = Summary(
            pattern_id=self.pattern.id,
            pattern_name=self.pattern.name,
            started_at=self._started_at,
            planned_seconds=self.pacer.total_seconds,
            actual_seconds=self.run.elapsed(),
            cycles_completed=self.run.cycles_completed(),
            total_cycles=self.pacer.total_cycles,
            completed=self.run.finished,
            anxiety_before=self.anxiety_before,
            anxiety_after=self.anxiety_after,
        )

"""Guided meditation timeline: steps that advance on the clock, with soft bells.

Timing works like the breathing pacer: everything is derived from a `Stopwatch` on an
injected monotonic clock, never from counting frames. `GuideRun.poll()` reports every step
start and bell crossed since the last poll, each with its *planned* monotonic time, however
late the frame that asks; pausing shifts everything after it by exactly the paused time.

Jumping (`next_step` / `previous_step`) moves the timeline, not the clock: the chosen step
starts *now* with its full duration, the steps after it keep their durations, and the
session's total length grows or shrinks by the difference. Steps already heard keep their
history. `previous_step` on the first step restarts it; `next_step` on the last step ends
the session (counted as finished, like reaching the end).

A session that ends on the clock (or by `next_step` past the closing step) is *completed*;
`stop()` before that gives a partial record with the real active seconds (pauses excluded).

`SessionFlow` wraps a run (guided or bell timer) in the small state machine the screens
follow, shaped like `breathing.BreathingSession`: rating_before → countdown → running →
summary (or cancelled).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Generic, Literal, Protocol, TypeVar

from ebbtide.core import trace
from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice import PracticeLog, PracticeRecord
from ebbtide.core.scripts import Script
from ebbtide.core.stopwatch import Stopwatch

GuideEventKind = Literal["session_start", "step_start", "bell", "session_end"]


def local_now() -> datetime:
    """Wall-clock time with the local offset, for `PracticeRecord.started_at`."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class GuideEvent:
    kind: GuideEventKind
    planned: float  # monotonic seconds at which it was due
    offset: float  # active (unpaused) seconds into the session at which it was due
    step: int  # index of the step it belongs to (session_end: the last step)
    text: str = ""  # the step's text for step_start / bell


@dataclass(frozen=True)
class GuideState:
    step_index: int
    step_count: int
    text: str
    next_text: str | None  # None on the last step
    step_seconds: float  # full length of the current step
    step_left: float  # seconds left in the current step
    total_left: float  # seconds left in the session
    elapsed: float  # active seconds so far (never more than total)
    total: float  # the session's current total length (changes when jumping)
    progress: float  # 0..1 over the whole session
    step_progress: float  # 0..1 within the current step
    bell: bool  # the current step opened with a bell
    started: bool
    paused: bool
    finished: bool  # reached the end (on the clock or by skipping past the last step)
    stopped: bool  # stop() was called


class GuideRun:
    """One guided session. `minutes` rescales the script (see `Script.scaled`)."""

    def __init__(
        self,
        script: Script,
        clock: Clock = SYSTEM_CLOCK,
        minutes: float | None = None,
        *,
        wall_clock: Callable[[], datetime] = local_now,
    ) -> None:
        self.script = script if minutes is None else script.scaled(minutes)
        self._clock = clock
        self._wall_clock = wall_clock
        self._watch = Stopwatch(clock)
        self._durations = [step.seconds for step in self.script.steps]
        self._offsets: list[float] = []
        self._retime_from(0, 0.0)
        self.planned_seconds = self.script.total_seconds
        self._announced = -1  # last step whose start has been reported
        self._start_reported = False
        self._end_reported = False
        self._stopped = False
        self._ended_by_skip = False
        self._bells = 0
        self._pending: list[GuideEvent] = []
        self._started_wall: datetime | None = None

    # ----------------------------------------------------------------- timeline

    def _retime_from(self, index: int, at: float) -> None:
        """Step `index` starts at active time `at`; the following steps keep their lengths."""
        offsets = self._offsets[:index]
        cursor = at
        for duration in self._durations[index:]:
            offsets.append(cursor)
            cursor += duration
        self._offsets = offsets
        self._total = cursor

    def _current_index(self, elapsed: float) -> int:
        index = bisect.bisect_right(self._offsets, elapsed) - 1
        return min(max(index, 0), len(self._offsets) - 1)

    # ----------------------------------------------------------------- control

    @property
    def started(self) -> bool:
        return self._watch.started

    @property
    def paused(self) -> bool:
        return self._watch.paused

    @property
    def stopped(self) -> bool:
        return self._stopped

    @property
    def finished(self) -> bool:
        if not self._watch.started:
            return False
        if self._end_reported or self._ended_by_skip:
            return True
        return not self._stopped and self._watch.elapsed() >= self._total

    @property
    def total_seconds(self) -> float:
        """The current total length (planned, adjusted by any jumps)."""
        return self._total

    def start(self) -> None:
        if not self._watch.started:
            self._watch.start()
            self._started_wall = self._wall_clock()

    def pause(self) -> None:
        if self._active():
            self._collect()  # what was due before the pause keeps its true planned time
            self._watch.pause()

    def resume(self) -> None:
        if not self._stopped:
            self._watch.resume()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def next_step(self) -> None:
        self._jump(+1)

    def previous_step(self) -> None:
        self._jump(-1)

    def _active(self) -> bool:
        return self._watch.started and not self._stopped and not self._end_reported and not (
            self._watch.elapsed() >= self._total
        )

    def _jump(self, direction: int) -> None:
        if not self._active():
            return
        if not self._watch.paused:
            self._collect()
            if not self._active():
                return
        now = self._watch.elapsed()
        current = self._current_index(now)
        target = current + direction
        if target >= len(self._durations):
            self._total = now
            self._ended_by_skip = True
            return
        target = max(target, 0)
        self._retime_from(target, now)
        self._announced = target - 1

    def stop(self, log: PracticeLog | None = None) -> PracticeRecord:
        """End the session now. The record is partial unless the session had finished.
        With `log`, the record is also added to it."""
        if self._watch.started and not self._stopped:
            if not self._watch.paused:
                self._collect()
            self._stopped = True
            if not self._end_reported:
                now = self._clock.now()
                trace.emit("session_end", now, now, kind="meditate", content_id=self.script.id,
                           completed=False, stopped=True, actual_seconds=self.actual_seconds)
            self._watch.pause()
            self._pending.clear()  # traced already; nothing may ring after a stop
        record = self.record()
        if log is not None:
            log.add_practice(record)
        return record

    # ----------------------------------------------------------------- reading

    @property
    def actual_seconds(self) -> float:
        """Active seconds practised: pauses excluded, never beyond the end."""
        return min(self._watch.elapsed(), self._total)

    def record(
        self, *, anxiety_before: int | None = None, anxiety_after: int | None = None
    ) -> PracticeRecord:
        return PracticeRecord(
            kind="meditate",
            content_id=self.script.id,
            started_at=self._started_wall or self._wall_clock(),
            planned_seconds=self.planned_seconds,
            actual_seconds=self.actual_seconds,
            completed=self.finished,
            anxiety_before=anxiety_before,
            anxiety_after=anxiety_after,
        )

    def state(self) -> GuideState:
        elapsed = min(self._watch.elapsed(), self._total)
        index = self._current_index(elapsed)
        steps = self.script.steps
        start = self._offsets[index]
        end = self._total if index == len(steps) - 1 else self._offsets[index + 1]
        if self._ended_by_skip:
            end = min(end, self._total)
        length = self._durations[index]
        step_left = max(0.0, end - elapsed)
        total_left = max(0.0, self._total - elapsed)
        return GuideState(
            step_index=index,
            step_count=len(steps),
            text=steps[index].text,
            next_text=steps[index + 1].text if index + 1 < len(steps) else None,
            step_seconds=length,
            step_left=step_left,
            total_left=total_left,
            elapsed=elapsed,
            total=self._total,
            progress=1.0 if self._total <= 0 else min(1.0, elapsed / self._total),
            step_progress=0.0 if length <= 0 else min(1.0, max(0.0, (elapsed - start) / length)),
            bell=steps[index].bell,
            started=self._watch.started,
            paused=self._watch.paused,
            finished=self.finished,
            stopped=self._stopped,
        )

    def poll(self) -> list[GuideEvent]:
        """Every event due since the last poll, oldest first, with planned times. Call it
        each frame; a late frame gets everything it missed. Also writes the trace."""
        if self._watch.started and not self._watch.paused and not self._stopped:
            self._collect()
        events, self._pending = self._pending, []
        return events

    def _collect(self) -> None:
        if self._end_reported:
            return
        elapsed = self._watch.elapsed()
        now = self._clock.now()
        script_id = self.script.id
        if not self._start_reported:
            self._start_reported = True
            planned = self._watch.monotonic_at(0.0)
            self._pending.append(GuideEvent("session_start", planned, 0.0, 0))
            trace.emit("session_start", planned, now, kind="meditate", content_id=script_id,
                       planned_seconds=self.planned_seconds)
        steps = self.script.steps
        while self._announced + 1 < len(steps):
            index = self._announced + 1
            offset = self._offsets[index]
            if offset > elapsed or offset >= self._total:
                break
            self._announced = index
            planned = self._watch.monotonic_at(offset)
            text = steps[index].text
            self._pending.append(GuideEvent("step_start", planned, offset, index, text))
            trace.emit("step_start", planned, now, content_id=script_id, step=index)
            if steps[index].bell:
                self._bells += 1
                self._pending.append(GuideEvent("bell", planned, offset, index, text))
                trace.emit("bell", planned, now, content_id=script_id, step=index,
                           index=self._bells)
        if elapsed >= self._total or self._ended_by_skip:
            self._end_reported = True
            planned = self._watch.monotonic_at(self._total)
            self._pending.append(GuideEvent("session_end", planned, self._total, len(steps) - 1))
            trace.emit("session_end", planned, now, kind="meditate", content_id=script_id,
                       completed=True, stopped=False, actual_seconds=self._total)


# --------------------------------------------------------------------------- flow

Stage = Literal["rating_before", "countdown", "running", "summary", "cancelled"]

RATING_RANGE = (0, 10)


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


E_co = TypeVar("E_co", covariant=True)


class TimedSession(Protocol[E_co]):
    """What `SessionFlow` needs from a run: `GuideRun` and `bell_timer.TimerRun` fit."""

    @property
    def finished(self) -> bool: ...

    @property
    def paused(self) -> bool: ...

    def start(self) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def toggle_pause(self) -> None: ...

    def poll(self) -> Sequence[E_co]: ...

    def stop(self, log: PracticeLog | None = None) -> PracticeRecord: ...


E = TypeVar("E")


class SessionFlow(Generic[E]):
    """The stages a meditation (or bell timer) screen follows; same shape and method names
    as `breathing.BreathingSession`::

        rating_before ──rate/skip──▶ countdown ──delay over──▶ running ──time up──▶ summary
              │                         │ (skipped when delay is 0)  │ stop ─────▶ summary
              └──────── stop ───────────┴──────────▶ cancelled (nothing practised or saved)

    - `ask_ratings=False` (``--skip-ratings``) starts in `countdown` (or `running` when the
      delay is 0). The countdown clock starts when that stage is entered.
    - Call `poll()` every frame: it moves countdown → running and running → summary and
      returns the run's events (`GuideEvent` / `TimerEvent`) crossed since the last call.
    - In `summary` the after-rating is asked when ratings are on; the `PracticeRecord` goes
      to the log once, when the after-rating is given or skipped (at once when ratings are
      off). `save()` is idempotent: call it when leaving the screen in any case.
    - Stopping a run early records it as partial with its real active seconds.
    """

    def __init__(
        self,
        run: TimedSession[E],
        *,
        start_delay: float = 0.0,
        ask_ratings: bool = True,
        clock: Clock = SYSTEM_CLOCK,
        log: PracticeLog | None = None,
    ) -> None:
        if not 0 <= start_delay <= 30:
            raise ValueError("start delay must be between 0 and 30 seconds")
        self.run = run
        self.clock = clock
        self.log = log
        self.start_delay = float(start_delay)
        self.ask_ratings = ask_ratings
        self.anxiety_before: int | None = None
        self.anxiety_after: int | None = None
        self.save_error: str | None = None
        self._stage: Stage = "rating_before"
        self._countdown_started: float | None = None
        self._after_answered = False
        self._record: PracticeRecord | None = None
        self._saved = False
        if not ask_ratings:
            self._leave_rating_before()

    # --- what to draw ------------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self._stage

    @property
    def paused(self) -> bool:
        return self._stage == "running" and self.run.paused

    @property
    def awaiting_after_rating(self) -> bool:
        return self._stage == "summary" and self.ask_ratings and not self._after_answered

    @property
    def saved(self) -> bool:
        return self._saved

    def countdown_left(self) -> float:
        """Seconds before the run starts (0 outside the countdown)."""
        if self._stage != "countdown" or self._countdown_started is None:
            return 0.0
        return max(0.0, self.start_delay - (self.clock.now() - self._countdown_started))

    def record(self) -> PracticeRecord | None:
        """The session's record from the summary on (ratings as given so far), else None."""
        if self._record is None:
            return None
        return replace(self._record, anxiety_before=self.anxiety_before,
                       anxiety_after=self.anxiety_after)

    # --- per frame ---------------------------------------------------------------------

    def poll(self) -> list[E]:
        if self._stage == "countdown" and self.countdown_left() <= 0:
            self._begin_running()
        if self._stage != "running":
            return []
        events = list(self.run.poll())
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

    def skip_countdown(self) -> None:
        if self._stage == "countdown":
            self._begin_running()

    def pause(self) -> None:
        if self._stage == "running":
            self.run.pause()

    def resume(self) -> None:
        if self._stage == "running":
            self.run.resume()

    def toggle_pause(self) -> None:
        if self._stage == "running":
            self.run.toggle_pause()

    def stop(self) -> None:
        """End now: the summary (partial unless time was already up). Before the run started
        there is nothing to summarise: the session is cancelled."""
        if self._stage in ("rating_before", "countdown"):
            self._stage = "cancelled"
        elif self._stage == "running":
            self._to_summary()

    skip_to_summary = stop

    def rate_after(self, value: object) -> None:
        self._require("summary")
        self.anxiety_after = validate_rating(value)
        self._after_answered = True
        self.save()

    def skip_rating_after(self) -> None:
        self._require("summary")
        self._after_answered = True
        self.save()

    def save(self) -> bool:
        """Hand the record to the log once. True when it is (or already was) saved. A log
        error is kept in `save_error` (one line) instead of being raised."""
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
        self.run.start()

    def _to_summary(self) -> None:
        self._record = self.run.stop()
        self._stage = "summary"
        if not self.ask_ratings:
            self._after_answered = True
            self.save()

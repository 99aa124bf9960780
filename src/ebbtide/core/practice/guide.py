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

`session_flow.SessionFlow` wraps a run (guided or bell timer) in the stages the screens
follow: rating_before → countdown → running → summary (or cancelled).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ebbtide.core import trace
from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.content.meditations import Script
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.timeline_run import TimelineRun

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


class GuideRun(TimelineRun[GuideEvent]):
    """One guided session. `minutes` rescales the script (see `Script.scaled`)."""

    KIND = "meditate"

    def __init__(
        self,
        script: Script,
        clock: Clock = SYSTEM_CLOCK,
        minutes: float | None = None,
        *,
        wall_clock: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__(clock, wall_clock)
        self.script = script if minutes is None else script.scaled(minutes)
        self._durations = [step.seconds for step in self.script.steps]
        self._offsets: list[float] = []
        self._retime_from(0, 0.0)
        self.planned_seconds = self.script.total_seconds
        self._announced = -1  # last step whose start has been reported
        self._ended_by_skip = False
        self._bells = 0

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

    def next_step(self) -> None:
        self._jump(+1)

    def previous_step(self) -> None:
        self._jump(-1)

    @property
    def content_id(self) -> str:
        return self.script.id

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

"""The breathing pacer: which phase of which cycle we are in at a given elapsed time.

Drift-free by construction:
- phase lengths are converted once to whole microseconds; phase starts are
  `(cycle - 1) * cycle_us + cumulative_us[phase]`, exact integer arithmetic;
- `state_at(elapsed)` rounds elapsed to the nearest microsecond and finds the phase with
  integer `divmod` and a bisect on the cumulative boundaries. Nothing is summed per frame,
  so after two hours the schedule is exactly where it was planned.

Session length: `cycles=N` is exact. `minutes=M` becomes whole cycles by rounding UP: the
session ends at the end of the cycle during which the requested time is reached, so you are
never cut off mid-breath and always get at least the time you asked for (at most one cycle
more). With neither, the pattern's default is used: `max_cycles_beginner` cycles when the
pattern has one (4-7-8), else `default_minutes`.

`PacerRun` puts a `Pacer` on a `Stopwatch`: start / pause / resume / skip_to_end and a
per-frame `poll()` that returns every phase start crossed since the last poll (even when
frames were late), each with its planned monotonic time, and traces them.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator
from dataclasses import dataclass

from ebbtide.core import trace
from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.content.patterns import PHASE_WORDS, Pattern, PhaseKind
from ebbtide.core.practice.stopwatch import Stopwatch

_US = 1_000_000
MAX_CYCLES = 500
MAX_MINUTES = 120.0


def _to_us(seconds: float) -> int:
    return math.floor(seconds * _US + 0.5)


@dataclass(frozen=True)
class PacerState:
    """Everything the screen draws at one instant."""

    phase_index: int  # 0-based index into pattern.phases
    kind: PhaseKind
    word: str  # "Breathe in", "Top up", "Hold", "Breathe out", "Rest"
    progress: float  # 0..1 through this phase
    phase_seconds: float  # length of this phase
    seconds_left: float  # left in this phase
    cycle: int  # 1-based
    total_cycles: int
    session_progress: float  # 0..1 through the whole session
    session_seconds_left: float
    elapsed: float  # active seconds, clamped to 0..total
    finished: bool
    fill: float  # 0..1 how full the lungs are (eased): the pacer shape's size

    @property
    def count(self) -> int:
        """Whole seconds left in the phase, counted down like a person would (3, 2, 1)."""
        return max(1, math.ceil(self.seconds_left - 1e-9)) if not self.finished else 0


@dataclass(frozen=True)
class PhaseStart:
    """One planned phase start, in active seconds from the session start."""

    index: int  # 0-based over the whole session
    cycle: int  # 1-based
    phase_index: int
    kind: PhaseKind
    offset: float
    seconds: float  # phase length


@dataclass(frozen=True)
class PhaseEvent:
    """A phase start reported by `PacerRun.poll()`."""

    cycle: int
    phase_index: int
    kind: PhaseKind
    word: str
    offset: float  # active seconds from the session start
    seconds: float  # phase length
    planned: float  # monotonic time the phase was due
    actual: float  # monotonic time it was reported (the poll)

    @property
    def late(self) -> float:
        return self.actual - self.planned


class Pacer:
    """Pure schedule for one session of `pattern`."""

    def __init__(self, pattern: Pattern, *, minutes: float | None = None,
                 cycles: int | None = None) -> None:
        if minutes is not None and cycles is not None:
            raise ValueError("give minutes or cycles, not both")
        self.pattern = pattern
        self._kinds: tuple[PhaseKind, ...] = tuple(p.kind for p in pattern.phases)
        self._durations_us = tuple(_to_us(p.seconds) for p in pattern.phases)
        if not self._durations_us or min(self._durations_us) <= 0:
            raise ValueError(f"pattern {pattern.id!r} has an empty or zero-length phase")
        starts = [0]
        for duration in self._durations_us[:-1]:
            starts.append(starts[-1] + duration)
        self._starts_us = tuple(starts)
        self._cycle_us = sum(self._durations_us)
        self._levels = _fill_levels(self._kinds)

        if cycles is None and minutes is None:
            if pattern.max_cycles_beginner is not None:
                cycles = pattern.max_cycles_beginner
            else:
                minutes = pattern.default_minutes
        if cycles is not None:
            if isinstance(cycles, bool) or not isinstance(cycles, int) or cycles < 1:
                raise ValueError(f"cycles must be a whole number of at least 1, not {cycles!r}")
            total = cycles
        else:
            assert minutes is not None
            if not math.isfinite(minutes) or minutes <= 0:
                raise ValueError(f"minutes must be more than 0, not {minutes!r}")
            target_us = _to_us(minutes * 60)
            total = max(1, -(-target_us // self._cycle_us))  # ceil: finish the last breath
        self.total_cycles = total
        self.requested_minutes = minutes
        self._total_us = total * self._cycle_us
        self._phase_count = len(self._durations_us)

    # --- sizes -------------------------------------------------------------------------

    @property
    def cycle_seconds(self) -> float:
        return self._cycle_us / _US

    @property
    def total_seconds(self) -> float:
        """Planned active length of the session (whole cycles)."""
        return self._total_us / _US

    @property
    def phase_count(self) -> int:
        """Phase starts in the whole session."""
        return self.total_cycles * self._phase_count

    def beginner_warning(self) -> str | None:
        return self.pattern.beginner_warning(self.total_cycles)

    # --- schedule ----------------------------------------------------------------------

    def phase_start_offset(self, cycle: int, phase_index: int) -> float:
        """Active seconds from the session start to the start of (cycle, phase_index)."""
        if cycle < 1:
            raise ValueError("cycles are counted from 1")
        if not 0 <= phase_index < self._phase_count:
            raise IndexError(f"phase index {phase_index} out of range")
        return ((cycle - 1) * self._cycle_us + self._starts_us[phase_index]) / _US

    def phase_start(self, index: int) -> PhaseStart:
        """The `index`-th (0-based) phase start of the session."""
        if not 0 <= index < self.phase_count:
            raise IndexError(f"phase start {index} out of range")
        cycle_index, phase_index = divmod(index, self._phase_count)
        offset_us = cycle_index * self._cycle_us + self._starts_us[phase_index]
        return PhaseStart(
            index=index,
            cycle=cycle_index + 1,
            phase_index=phase_index,
            kind=self._kinds[phase_index],
            offset=offset_us / _US,
            seconds=self._durations_us[phase_index] / _US,
        )

    def phase_starts(self, start: int = 0) -> Iterator[PhaseStart]:
        """Every phase start of the session, in order (for tracing and tests)."""
        for index in range(max(0, start), self.phase_count):
            yield self.phase_start(index)

    def starts_reached(self, elapsed: float) -> int:
        """How many phase starts lie at or before `elapsed` (0 before the start)."""
        if elapsed < 0:
            return 0
        e_us = min(_to_us(elapsed), self._total_us)
        if e_us >= self._total_us:
            return self.phase_count
        cycle_index, rest = divmod(e_us, self._cycle_us)
        phase_index = bisect.bisect_right(self._starts_us, rest) - 1
        return cycle_index * self._phase_count + phase_index + 1

    def is_finished(self, elapsed: float) -> bool:
        return _to_us(elapsed) >= self._total_us

    def cycles_completed(self, elapsed: float) -> int:
        if elapsed <= 0:
            return 0
        return min(self.total_cycles, _to_us(elapsed) // self._cycle_us)

    def state_at(self, elapsed: float) -> PacerState:
        total_s = self._total_us / _US
        elapsed = min(max(0.0, elapsed), total_s)
        e_us = _to_us(elapsed)
        if e_us >= self._total_us:
            last = self._phase_count - 1
            return PacerState(
                phase_index=last,
                kind=self._kinds[last],
                word=PHASE_WORDS[self._kinds[last]],
                progress=1.0,
                phase_seconds=self._durations_us[last] / _US,
                seconds_left=0.0,
                cycle=self.total_cycles,
                total_cycles=self.total_cycles,
                session_progress=1.0,
                session_seconds_left=0.0,
                elapsed=total_s,
                finished=True,
                fill=self._levels[last][1],
            )
        cycle_index, rest = divmod(e_us, self._cycle_us)
        i = bisect.bisect_right(self._starts_us, rest) - 1
        duration_s = self._durations_us[i] / _US
        start_s = (cycle_index * self._cycle_us + self._starts_us[i]) / _US
        progress = min(1.0, max(0.0, (elapsed - start_s) / duration_s))
        start_level, end_level = self._levels[i]
        return PacerState(
            phase_index=i,
            kind=self._kinds[i],
            word=PHASE_WORDS[self._kinds[i]],
            progress=progress,
            phase_seconds=duration_s,
            seconds_left=max(0.0, start_s + duration_s - elapsed),
            cycle=cycle_index + 1,
            total_cycles=self.total_cycles,
            session_progress=min(1.0, elapsed / total_s),
            session_seconds_left=max(0.0, total_s - elapsed),
            elapsed=elapsed,
            finished=False,
            fill=start_level + (end_level - start_level) * _ease(progress),
        )


def _ease(progress: float) -> float:
    """Sine ease-in-out: breath speeds up then settles, like a real breath."""
    return (1.0 - math.cos(math.pi * progress)) / 2.0


def _fill_levels(kinds: tuple[PhaseKind, ...]) -> tuple[tuple[float, float], ...]:
    """(start, end) lung level per phase: an inhale fills to 1 (to 0.8 when a top-up
    follows), a top-up to 1, an exhale empties to 0, holds keep the level."""
    levels: list[tuple[float, float]] = []
    level = 0.0
    for index, kind in enumerate(kinds):
        following = kinds[(index + 1) % len(kinds)]
        if kind == "inhale":
            end = 0.8 if following == "top-up" else 1.0
        elif kind == "top-up":
            end = 1.0
        elif kind == "exhale":
            end = 0.0
        else:
            end = level
        levels.append((level, end))
        level = end
    return tuple(levels)


class PacerRun:
    """A pacer running on a clock. Call `poll()` once per frame; it returns the phase starts
    crossed since the previous poll (several after a late frame), traces each one as
    `phase_start` (planned vs actual), and traces `session_end` once when time is up.

    `session_start` is traced by `start()`; `skip_to_end()` ends early (traced with
    completed=false). Elapsed time never counts pauses."""

    def __init__(self, pacer: Pacer, clock: Clock = SYSTEM_CLOCK) -> None:
        self.pacer = pacer
        self.clock = clock
        self.stopwatch = Stopwatch(clock)
        self._reported = 0
        self._end_elapsed: float | None = None
        self._completed = False
        self._pending: list[PhaseEvent] = []  # due before a pause, not yet polled

    # --- status ------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self.stopwatch.started

    @property
    def paused(self) -> bool:
        return self.stopwatch.paused and not self.over

    @property
    def finished(self) -> bool:
        """Ran to its planned end (detected by `poll()`)."""
        return self._completed

    @property
    def stopped_early(self) -> bool:
        return self._end_elapsed is not None and not self._completed

    @property
    def over(self) -> bool:
        return self._end_elapsed is not None

    def elapsed(self) -> float:
        """Active seconds breathed so far (frozen once over, never past the planned end)."""
        if self._end_elapsed is not None:
            return self._end_elapsed
        return min(self.stopwatch.elapsed(), self.pacer.total_seconds)

    def state(self) -> PacerState:
        return self.pacer.state_at(self.elapsed())

    def cycles_completed(self) -> int:
        return self.pacer.cycles_completed(self.elapsed())

    # --- control -----------------------------------------------------------------------

    def start(self) -> None:
        if self.stopwatch.started:
            return
        self.stopwatch.start()
        started = self.stopwatch.started_at
        trace.emit("session_start", started, started, pattern=self.pacer.pattern.id,
                   cycles=self.pacer.total_cycles, seconds=self.pacer.total_seconds)

    def pause(self) -> None:
        """Pause. Phase starts already due keep their pre-pause planned times: they are
        returned by the next `poll()`."""
        if self.over or not self.started or self.stopwatch.paused:
            return
        self._pending.extend(self._collect())
        if not self.over:
            self.stopwatch.pause()

    def resume(self) -> None:
        if not self.over:
            self.stopwatch.resume()

    def toggle_pause(self) -> None:
        if self.stopwatch.paused:
            self.resume()
        else:
            self.pause()

    def skip_to_end(self) -> None:
        """End now, before the plan (the `s` key, or stop). Elapsed stays what was breathed."""
        if not self.started or self.over:
            return
        elapsed = self.elapsed()
        if self.pacer.is_finished(elapsed):
            self._pending.extend(self._collect())  # time was already up: finish normally
            return
        self._pending.clear()
        self._end_elapsed = elapsed
        self.stopwatch.pause()
        now = self.clock.now()
        trace.emit("session_end", now, now, completed=False, elapsed=round(elapsed, 6))

    def poll(self) -> list[PhaseEvent]:
        """Phase starts crossed since the last poll, oldest first (traced as they go)."""
        events, self._pending = self._pending, []
        if self.started and not self.over:
            events.extend(self._collect())
        return events

    def _collect(self) -> list[PhaseEvent]:
        now = self.clock.now()
        elapsed = self.stopwatch.elapsed()
        reached = self.pacer.starts_reached(elapsed)
        events: list[PhaseEvent] = []
        for index in range(self._reported, reached):
            start = self.pacer.phase_start(index)
            planned = self.stopwatch.monotonic_at(start.offset)
            events.append(PhaseEvent(
                cycle=start.cycle,
                phase_index=start.phase_index,
                kind=start.kind,
                word=PHASE_WORDS[start.kind],
                offset=start.offset,
                seconds=start.seconds,
                planned=planned,
                actual=now,
            ))
            trace.emit("phase_start", planned, now, phase=start.kind, cycle=start.cycle)
        self._reported = max(self._reported, reached)
        if self.pacer.is_finished(elapsed):
            total = self.pacer.total_seconds
            self._end_elapsed = total
            self._completed = True
            trace.emit("session_end", self.stopwatch.monotonic_at(total), now, completed=True,
                       elapsed=total)
        return events

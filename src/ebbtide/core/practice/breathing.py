"""One breathing session: the shared stages (`session_flow.StagedSession`) around a pacer.

The stages, ratings, countdown, pause, stop and the one-time save are `StagedSession`'s;
this adds what the breathe screen draws: the pacer `state()`, a `Summary` with cycles,
`again()`, the beginner warning and the planned length.

- The stage clock starts when the session object is created.
- `poll()` returns the phase starts crossed since the last call (see `PacerRun.poll`).
- A session ended early (skip or stop) is recorded as partial with its real duration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.content.patterns import Pattern
from ebbtide.core.practice.pacer import Pacer, PacerRun, PacerState, PhaseEvent
from ebbtide.core.practice.records import PracticeLog, PracticeRecord
from ebbtide.core.practice.session_flow import StagedSession

# The sound cue for each phase kind: the breathing screen and plain mode play the same ones.
_PHASE_CUES = {"inhale": "inhale", "top-up": "inhale", "exhale": "exhale", "hold": "hold",
               "hold-out": "hold"}


def phase_cue(kind: str) -> str:
    """The cue to play as a phase of `kind` starts."""
    return _PHASE_CUES.get(kind, "hold")


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


class BreathingSession(StagedSession[PhaseEvent]):
    run: PacerRun

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
        self.pattern = pattern
        self.pacer = Pacer(pattern, minutes=minutes, cycles=cycles)
        self._minutes = minutes
        self._cycles = cycles
        self._wall_clock = wall_clock
        self._started_at: datetime | None = None
        self._summary: Summary | None = None
        super().__init__(PacerRun(self.pacer, clock), start_delay=start_delay,
                         ask_ratings=ask_ratings, clock=clock, log=log)

    # --- what to draw ------------------------------------------------------------------

    @property
    def beginner_warning(self) -> str | None:
        """The pattern's beginner note when this session is longer than advised."""
        return self.pacer.beginner_warning()

    @property
    def planned_seconds(self) -> float:
        return self.pacer.total_seconds

    def state(self) -> PacerState | None:
        """The pacer state while running (and frozen at the end in summary), else None."""
        if self.stage in ("running", "summary"):
            return self.run.state()
        return None

    @property
    def summary(self) -> Summary | None:
        if self._summary is None:
            return None
        return replace(self._summary, anxiety_before=self.anxiety_before,
                       anxiety_after=self.anxiety_after)

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

    def _begin_running(self) -> None:
        self._started_at = self._wall_clock()
        super()._begin_running()

    def _end_run(self) -> PracticeRecord:
        self.run.skip_to_end()
        assert self._started_at is not None
        summary = Summary(
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
        self._summary = summary
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

"""Pausable elapsed time on a monotonic clock. Pausing subtracts paused time; nothing is
ever accumulated tick by tick, so late or skipped frames cannot shift a schedule."""

from __future__ import annotations

from ebbtide.core.clock import Clock


class Stopwatch:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._started_at: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0

    @property
    def started(self) -> bool:
        return self._started_at is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def started_at(self) -> float:
        """Monotonic start time; planned event times are `started_at + offset + paused`."""
        if self._started_at is None:
            raise RuntimeError("stopwatch not started")
        return self._started_at

    @property
    def paused_total(self) -> float:
        extra = 0.0 if self._paused_at is None else self._clock.now() - self._paused_at
        return self._paused_total + extra

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self._clock.now()

    def pause(self) -> None:
        if self._started_at is not None and self._paused_at is None:
            self._paused_at = self._clock.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._clock.now() - self._paused_at
            self._paused_at = None

    def elapsed(self) -> float:
        """Active (unpaused) seconds since start; frozen while paused."""
        if self._started_at is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self._clock.now()
        return now - self._started_at - self._paused_total

    def monotonic_at(self, elapsed: float) -> float:
        """The monotonic time at which active time reaches `elapsed`, given pauses so far."""
        return self.started_at + self._paused_total + elapsed

"""What the guided-meditation run and the bell-timer run share: a timeline on a pausable
stopwatch whose due events are collected (with their planned times) into a queue that the
screen drains each frame, and a stop that traces the end once and yields the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Generic, TypeVar

from ebbtide.core import trace
from ebbtide.core.clock import Clock
from ebbtide.core.practice.records import PracticeKind, PracticeLog, PracticeRecord
from ebbtide.core.practice.stopwatch import Stopwatch

E = TypeVar("E")


class TimelineRun(Generic[E]):
    KIND: PracticeKind

    def __init__(self, clock: Clock, wall_clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._wall_clock = wall_clock
        self._watch = Stopwatch(clock)
        self._start_reported = False
        self._end_reported = False
        self._stopped = False
        self._pending: list[E] = []
        self._started_wall: datetime | None = None

    # --- for subclasses ------------------------------------------------------------------

    @property
    def content_id(self) -> str:
        raise NotImplementedError

    @property
    def finished(self) -> bool:
        raise NotImplementedError

    @property
    def actual_seconds(self) -> float:
        raise NotImplementedError

    def _active(self) -> bool:
        """Started, not stopped, and not yet at its end: the only time pausing means
        anything."""
        raise NotImplementedError

    def _collect(self) -> None:
        """Queue (and trace) every event due up to now."""
        raise NotImplementedError

    def _completed_when_stopped(self) -> bool:
        return False

    def record(self, *, anxiety_before: int | None = None,
               anxiety_after: int | None = None) -> PracticeRecord:
        raise NotImplementedError

    # --- shared --------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._watch.started

    @property
    def paused(self) -> bool:
        return self._watch.paused

    @property
    def stopped(self) -> bool:
        return self._stopped

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

    def stop(self, log: PracticeLog | None = None) -> PracticeRecord:
        """End now; the record is partial unless the run had finished. With `log`, the
        record is also added to it."""
        if self._watch.started and not self._stopped:
            if not self._watch.paused:
                self._collect()
            self._stopped = True
            if not self._end_reported:
                now = self._clock.now()
                trace.emit("session_end", now, now, kind=self.KIND, content_id=self.content_id,
                           completed=self._completed_when_stopped(), stopped=True,
                           actual_seconds=self.actual_seconds)
            self._watch.pause()
            self._pending.clear()  # traced already; nothing may ring after a stop
        record = self.record()
        if log is not None:
            log.add_practice(record)
        return record

    def poll(self) -> list[E]:
        """Every event due since the last poll, oldest first, with planned times. Call it
        each frame; a late frame gets everything it missed. Also writes the trace."""
        if self._watch.started and not self._watch.paused and not self._stopped:
            self._collect()
        events, self._pending = self._pending, []
        return events

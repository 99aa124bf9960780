"""Monotonic clocks. Everything timed in Ebbtide derives from a `Clock`, so tests inject a
`ManualClock` and never sleep."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol

# How far ahead of now a typed or logged time may be (a clock a little fast, a slow typist).
FUTURE_TOLERANCE = timedelta(minutes=5)

# Evening and night, local time: sessions dim their pacer so a bright shape does not wake
# the person up again (21:00 until 06:00).
NIGHT_FROM_HOUR = 21
NIGHT_UNTIL_HOUR = 6


def is_night(at: datetime) -> bool:
    """True from NIGHT_FROM_HOUR until NIGHT_UNTIL_HOUR, in `at`'s own time zone."""
    return at.hour >= NIGHT_FROM_HOUR or at.hour < NIGHT_UNTIL_HOUR


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale (only differences are meaningful)."""
        ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self._now += seconds

    def set(self, value: float) -> None:
        if value < self._now:
            raise ValueError("a monotonic clock cannot go backwards")
        self._now = value


SYSTEM_CLOCK: Clock = MonotonicClock()

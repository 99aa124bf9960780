"""Parse what a person types for a session length: "5" (minutes), "2.5 min", "4 cycles"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ebbtide.core.errors import EbbtideError

MINUTES_RANGE = (1.0, 120.0)
CYCLES_RANGE = (1, 500)

_PATTERN = re.compile(
    r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>m|min|mins|minutes?|c|cycles?|x|breaths?)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SessionLength:
    minutes: float | None = None
    cycles: int | None = None

    def describe(self) -> str:
        if self.cycles is not None:
            return f"{self.cycles} cycle" + ("s" if self.cycles != 1 else "")
        assert self.minutes is not None
        return f"{self.minutes:g} min"


def parse_length(text: str) -> SessionLength:
    match = _PATTERN.match(text)
    if not match:
        raise EbbtideError("type minutes (e.g. 5) or cycles (e.g. 4 cycles)")
    number = float(match.group("number"))
    unit = (match.group("unit") or "m").lower()
    if unit[0] in "cxb":
        low, high = CYCLES_RANGE
        if not number.is_integer() or not low <= number <= high:
            raise EbbtideError(f"cycles must be a whole number from {low} to {high}")
        return SessionLength(cycles=int(number))
    low_m, high_m = MINUTES_RANGE
    if not low_m <= number <= high_m:
        raise EbbtideError(f"minutes must be between {low_m:g} and {high_m:g}")
    return SessionLength(minutes=number)

"""A one-line chart of one value per day on a fixed scale, with visible gaps.

Textual's `Sparkline` scales to the data's own min and max and cannot leave a gap, which
makes two quiet days look like a crisis and hides days with nothing logged. This draws
each day against the scale's fixed range (mood 1–10, anxiety 0–10, 0–most mg) and shows
a day with nothing logged as `·`. When there are more days than columns, neighbouring
days share a column (their mean; a gap only when all of them are empty)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"


def columns(values: Sequence[float | None], width: int) -> list[float | None]:
    """`values` squeezed into at most `width` columns (means of neighbours)."""
    if width <= 0 or not values:
        return []
    if len(values) <= width:
        return list(values)
    per = math.ceil(len(values) / width)
    out: list[float | None] = []
    for start in range(0, len(values), per):
        chunk = [v for v in values[start:start + per] if v is not None]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


def bar(value: float | None, low: float, high: float) -> str:
    if value is None:
        return GAP
    span = high - low
    level = 0.0 if span <= 0 else (value - low) / span
    index = round(max(0.0, min(1.0, level)) * (len(BARS) - 1))
    return BARS[index]


def draw(values: Sequence[float | None], low: float, high: float, width: int) -> str:
    """The chart as text, each day (or group of days) `width // days` cells wide (max 3)."""
    cols = columns(values, width)
    if not cols:
        return ""
    repeat = max(1, min(3, width // len(cols)))
    return "".join(bar(v, low, high) * repeat for v in cols)


class DaySparkline(Widget):
    DEFAULT_CSS = """
    DaySparkline {
        height: 1;
        width: 1fr;
    }
    """

    values: reactive[tuple[float | None, ...]] = reactive[tuple[float | None, ...]](())

    def __init__(self, low: float = 0.0, high: float = 10.0, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.low = low
        self.high = high

    def show(self, values: Sequence[float | None], low: float | None = None,
             high: float | None = None) -> None:
        if low is not None:
            self.low = low
        if high is not None:
            self.high = high
        self.values = tuple(values)
        self.refresh()

    def render(self) -> Text:
        return Text(draw(self.values, self.low, self.high, self.size.width), no_wrap=True,
                    overflow="crop")


def drawn_width(days: int, width: int) -> int:
    """How many cells `draw` uses for `days` values in `width` cells."""
    if days <= 0 or width <= 0:
        return 0
    cols = len(columns([None] * days, width))
    return cols * max(1, min(3, width // cols))


class DayAxis(Widget):
    """The first and last date under a DaySparkline, aligned with its ends."""

    DEFAULT_CSS = """
    DayAxis {
        height: 1;
        width: 1fr;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.start: date | None = None
        self.end: date | None = None
        self.days = 0

    def show(self, start: date, end: date, days: int) -> None:
        self.start, self.end, self.days = start, end, days
        self.refresh()

    def render(self) -> Text:
        if self.start is None or self.end is None:
            return Text("")
        used = drawn_width(self.days, self.size.width)
        left, right = f"{self.start:%-d %b}", f"{self.end:%-d %b}"
        gap = used - len(left) - len(right)
        line = f"{left}{' ' * gap}{right}" if gap >= 1 else f"{left} – {right}"
        return Text(line, no_wrap=True, overflow="crop")

"""The journal's trends: mood and anxiety per day on fixed scales, each medicine's mg
per day, a ▼ on each day a step of a prescriber's plan starts, the days along the bottom,
and the side effects counted in those days."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import DailySeries, SideEffectCount
from ebbtide.tui.screens.journal.text import effect_counts, number
from ebbtide.tui.widgets.day_sparkline import DayAxis, DaySparkline, columns
from ebbtide.tui.widgets.safe_text import safe

MAX_DOSE_LINES = 3
STEP_MARK = "▼"


class StepMarkers(DaySparkline):
    """A ▼ in the column of each day with a value (a plan step), aligned with the charts."""

    def render(self) -> Text:
        cols = columns(self.values, self.size.width)
        if not cols:
            return Text("")
        repeat = max(1, min(3, self.size.width // len(cols)))
        return Text("".join((STEP_MARK if v is not None else " ").ljust(repeat)
                            for v in cols), no_wrap=True, overflow="crop")


class TrendsView(VerticalScroll):
    def __init__(self) -> None:
        super().__init__(id="trends-body")

    def compose(self) -> ComposeResult:
        yield Static("", id="trend-range")
        for name in ("mood", "anxiety"):
            yield Static("", id=f"{name}-label", classes="trend-label")
            yield DaySparkline(id=f"{name}-line", classes="trend-line")
        for index in range(MAX_DOSE_LINES):
            yield Static("", id=f"dose-{index}-label", classes="trend-label dose-trend")
            yield DaySparkline(id=f"dose-{index}-line", classes="trend-line dose-trend")
        yield Static("", id="plan-steps-label", classes="trend-label")
        yield StepMarkers(id="plan-steps-line", classes="trend-line")
        yield DayAxis(id="trend-axis")
        yield Static("", id="effect-counts")

    def show(self, series: DailySeries, span: int, counts: list[SideEffectCount]) -> None:
        points = series.points
        logged = sum(1 for p in points if p.checkins)
        head = Text()
        head.append(f"Last {span} days", style="bold")
        head.append(f": {series.start:%-d %b} – {series.end:%-d %b %Y}")
        head.append(f" · {logged} with a check-in · s: 7/30/90 days\n", style="dim")
        head.append("Mean per day on a fixed scale; · is a day with nothing logged.",
                    style="dim")
        self.query_one("#trend-range", Static).update(head)
        for name, low, high in (("mood", 1, 10), ("anxiety", 0, 10)):
            values = [getattr(p, name) for p in points]
            present = [v for v in values if v is not None]
            label = Text(f"{name.capitalize()} ({low}–{high})", style="bold")
            if present:
                label.append(f"  lowest {number(min(present))} · highest "
                             f"{number(max(present))}", style="dim")
            else:
                label.append("  nothing logged in these days", style="dim")
            self.query_one(f"#{name}-label", Static).update(label)
            self.query_one(f"#{name}-line", DaySparkline).show(values, low, high)
        meds = series.medications[:MAX_DOSE_LINES]
        for index in range(MAX_DOSE_LINES):
            shown = index < len(meds)
            for widget in self.query(f"#dose-{index}-label, #dose-{index}-line"):
                widget.display = shown
            if not shown:
                continue
            name = meds[index]
            values = [p.mg.get(name) for p in points]
            most = max((v for v in values if v is not None), default=0.0)
            label = safe(name, "bold", 30)
            logged = sum(1 for v in values if v)
            label.append(f" mg taken per day  0–{most:g} mg · {logged} "
                         f"day{'s' if logged != 1 else ''} with a dose", style="dim")
            self.query_one(f"#dose-{index}-label", Static).update(label)
            self.query_one(f"#dose-{index}-line", DaySparkline).show(values, 0, most or 1)
        self.show_steps(series)
        self.query_one("#trend-axis", DayAxis).show(series.start, series.end, len(points))
        self.query_one("#effect-counts", Static).update(effect_counts(counts))

    def show_steps(self, series: DailySeries) -> None:
        """A ▼ on each day in the range where a step of a plan starts (hidden without)."""
        steps = self._step_days(series.start, series.end)
        for widget in self.query("#plan-steps-label, #plan-steps-line"):
            widget.display = bool(steps)
        if not steps:
            return
        label = Text("Plan steps", style="bold")
        label.append(f"  {STEP_MARK} " + ", ".join(f"{d:%-d %b}" for d in sorted(steps))
                     + " (as entered from your prescriber)", style="dim")
        self.query_one("#plan-steps-label", Static).update(label)
        days = (series.end - series.start).days + 1
        marks = [1.0 if series.start + timedelta(days=i) in steps else None
                 for i in range(days)]
        self.query_one("#plan-steps-line", StepMarkers).show(marks, 0, 1)

    def _step_days(self, start: date, end: date) -> set[date]:
        journal = getattr(self.app, "journal", None)
        if journal is None:
            return set()
        try:
            plans = journal().plans()
        except EbbtideError:
            return set()
        return {s.start_date for p in plans for s in p.steps if start <= s.start_date <= end}

"""The PDF report's charts, drawn with fpdf2's vector lines (no images): mood and anxiety
per day on one 0–10 axis, and mg taken per day for each medication, with the days of
medication changes and the steps of a prescriber's plan marked by numbered dashed lines
across every chart. Day positions, line
runs and date ticks are the HTML charts' own (svg.py). Imported only when a PDF is made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF

from ebbtide.core.report.cells import number
from ebbtide.core.report.changes import MedicationChange
from ebbtide.core.report.model import Report, day_label
from ebbtide.core.report.svg import segments, tick_indexes, x_positions

RGB = tuple[int, int, int]
MOOD: RGB = (31, 95, 168)  # the HTML charts' colours
ANXIETY: RGB = (194, 65, 12)
DOSE: RGB = (91, 103, 112)
CHANGE: RGB = (118, 58, 160)
_GRID: RGB = (225, 229, 232)
_AXIS: RGB = (154, 163, 171)
_LABEL: RGB = (85, 85, 85)
AXIS_WIDTH = 7.0  # mm left of a plot for its scale
_PAD = 2.5  # mm between the plot's edge and the first and last day
TICK_PT = 6.5


@dataclass(frozen=True)
class ChangeMark:
    number: int
    index: int  # day index in the report
    changes: tuple[MedicationChange, ...]


def plan_step_changes(r: Report) -> list[MedicationChange]:
    """The steps of the prescriber's plans that start inside the period, as changes to mark
    (the daily total as the person entered it)."""
    return [MedicationChange(s.step.start_date, summary.medication.name,
                             f"plan step, {number(s.step.daily_total_mg)} mg a day")
            for summary in r.plans for s in summary.steps
            if r.start <= s.step.start_date <= r.end]


def change_marks(r: Report) -> list[ChangeMark]:
    """One numbered mark per day with medication changes or plan steps, oldest first."""
    by_day: dict[int, list[MedicationChange]] = {}
    for change in (*r.medication_changes, *plan_step_changes(r)):
        index = (change.day - r.start).days
        if 0 <= index < len(r.days):
            by_day.setdefault(index, []).append(change)
    return [ChangeMark(n, index, tuple(found))
            for n, (index, found) in enumerate(sorted(by_day.items()), start=1)]


@dataclass(frozen=True)
class _Plot:
    pdf: FPDF
    x: float  # the plot area, right of the scale
    y: float
    w: float
    h: float
    xs: list[float]

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: RGB,
             width: float = 0.2) -> None:
        self.pdf.set_draw_color(*colour)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y1, x2, y2)

    def label(self, x: float, y: float, text: str, align: str = "R",
              colour: RGB = _LABEL, bold: bool = False) -> None:
        """`text` (our own: numbers and dates) with its baseline at y."""
        self.pdf.set_font(style="B" if bold else "", size=TICK_PT)
        self.pdf.set_text_color(*colour)
        width = self.pdf.get_string_width(text)
        left = {"R": x - width, "C": x - width / 2}.get(align, x)
        self.pdf.text(left, y, text)


def _plot(pdf: FPDF, r: Report, x: float, y: float, w: float, h: float) -> _Plot:
    inner_x, inner_w = x + AXIS_WIDTH, w - AXIS_WIDTH
    return _Plot(pdf, inner_x, y, inner_w, h, x_positions(len(r.days), inner_x, inner_w, _PAD))


def _date_ticks(p: _Plot, r: Report) -> None:
    count = len(r.days)
    baseline = p.y + p.h + 2.9
    for i in tick_indexes(count):
        align = "L" if count > 1 and i == 0 else "R" if count > 1 and i == count - 1 else "C"
        nudge = {"L": -1.0, "R": 1.0}.get(align, 0.0)
        p.label(p.xs[i] + nudge, baseline, day_label(r.days[i].day), align)


def _marks(p: _Plot, marks: Sequence[ChangeMark], numbered: bool) -> None:
    p.pdf.set_dash_pattern(dash=0.8, gap=0.6)
    for mark in marks:
        x = p.xs[mark.index]
        p.line(x, p.y, x, p.y + p.h, CHANGE, 0.25)
    p.pdf.set_dash_pattern()
    if numbered:
        for mark in marks:
            p.label(p.xs[mark.index], p.y - 0.6, str(mark.number), "C", CHANGE, bold=True)


def mood_chart(pdf: FPDF, r: Report, x: float, y: float, w: float, h: float,
               marks: Sequence[ChangeMark]) -> None:
    """Mood (1–10) and anxiety (0–10) on one 0–10 axis in the box (x, y, w, h), date labels
    included (they take the bottom 4 mm); marks numbered above the plot."""
    p = _plot(pdf, r, x, y + 2.5, w, h - 6.5)

    def y_of(value: float | None) -> float | None:
        return None if value is None else p.y + p.h * (1 - value / 10)

    for level in range(0, 11, 2):
        ly = p.y + p.h * (1 - level / 10)
        p.line(p.x, ly, p.x + p.w, ly, _AXIS if level in (0, 10) else _GRID)
        p.label(p.x - 1.2, ly + 0.8, str(level))
    _marks(p, marks, numbered=True)
    series: tuple[tuple[list[float | None], RGB, bool], ...] = (
        ([y_of(d.mood) for d in r.days], MOOD, False),
        ([y_of(d.anxiety) for d in r.days], ANXIETY, True))
    for ys, colour, dashed in series:
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(0.45)
        if dashed:
            pdf.set_dash_pattern(dash=1.4, gap=0.9)
        for run in segments(p.xs, ys):
            if len(run) > 1:
                pdf.polyline(run, style="D")
        pdf.set_dash_pattern()
        point: Callable[[float, float], None] = (
            (lambda px, py: pdf.rect(px - 0.55, py - 0.55, 1.1, 1.1, style="F")) if dashed
            else (lambda px, py: pdf.circle(px, py, 0.6, style="F")))
        for px, py in zip(p.xs, ys, strict=True):
            if py is not None:
                point(px, py)
    _date_ticks(p, r)


def dose_chart(pdf: FPDF, r: Report, name: str, x: float, y: float, w: float, h: float,
               marks: Sequence[ChangeMark]) -> None:
    """Total mg taken per day of one medication, as bars from 0 to the period's highest."""
    p = _plot(pdf, r, x, y + 1.0, w, h - 5.0)
    values = [d.mg.get(name) for d in r.days]
    high = max((v for v in values if v is not None), default=0.0) or 1.0
    base = p.y + p.h
    p.line(p.x, p.y, p.x + p.w, p.y, _GRID)
    p.line(p.x, base, p.x + p.w, base, _AXIS)
    p.label(p.x - 1.2, p.y + 0.8, number(high))
    p.label(p.x - 1.2, base + 0.8, "0")
    bar = max(0.5, min(4.0, (p.w - 2 * _PAD) / max(len(r.days), 1) * 0.6))
    pdf.set_fill_color(*DOSE)
    for px, value in zip(p.xs, values, strict=True):
        if value:
            height = p.h * value / high
            pdf.rect(px - bar / 2, base - height, bar, height, style="F")
    _marks(p, marks, numbered=False)
    _date_ticks(p, r)


def swatch(pdf: FPDF, x: float, y: float, colour: RGB, dashed: bool = False) -> None:
    """A short line in a series' colour (for the legend), centred on y."""
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.6)
    if dashed:
        pdf.set_dash_pattern(dash=1.4, gap=0.9)
    pdf.line(x, y, x + 6, y)
    pdf.set_dash_pattern()

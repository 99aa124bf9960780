"""The HTML report's charts, drawn here as inline SVG (no scripts, no fonts): mood and
anxiety per day on one 0–10 axis, and mg taken per day for each medication. The day
positions, line runs and date ticks are shared with the PDF's charts (pdf_charts.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ebbtide.core.report.cells import h, number
from ebbtide.core.report.model import Report, day_label

MOOD_COLOUR = "#1f5fa8"
ANXIETY_COLOUR = "#c2410c"
_DOSE_COLOUR = "#5b6770"


def x_positions(count: int, left: float, width: float, pad: float = 10.0) -> list[float]:
    """Day positions, inset by `pad` so the first and last points (and bars) stay clear of
    the axis labels and the edge."""
    if count == 1:
        return [left + width / 2]
    inner = width - 2 * pad
    return [left + pad + inner * i / (count - 1) for i in range(count)]


def segments(xs: Sequence[float], ys: Sequence[float | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive logged days (a gap breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def tick_indexes(count: int) -> list[int]:
    """Which of `count` days get a date label: the first, the last and a few between."""
    picks = sorted({0, count - 1, *range(0, count, max(1, count // 6 if count > 14 else 7))})
    if len(picks) > 2 and picks[-1] - picks[-2] < max(2, count // 12):
        picks.pop(-2)
    return picks


def _date_ticks(r: Report, xs: Sequence[float], y: float) -> list[str]:
    count = len(r.days)
    picks = tick_indexes(count)

    def anchor(i: int) -> str:
        if count > 1 and i == 0:
            return "start"
        return "end" if count > 1 and i == count - 1 else "middle"

    return [f'<text x="{xs[i] + (-6 if i == 0 and count > 1 else 6 if i == count - 1 else 0):.1f}"'
            f' y="{y:.1f}" text-anchor="{anchor(i)}" fill="#333">'
            f'{h(day_label(r.days[i].day))}</text>' for i in picks]


def svg_mood_chart(r: Report) -> str:
    """Mood (1–10) and anxiety (0–10), one point per day, on one 0–10 axis."""
    width, height, left, right, top, bottom = 900.0, 150.0, 34.0, 6.0, 8.0, 22.0
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = x_positions(len(r.days), left, plot_w)

    def ys(v: float | None) -> float | None:
        return None if v is None else top + plot_h * (1 - v / 10)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
             'role="img" aria-label="Mood and anxiety per day" font-size="12.5" '
             'font-family="Arial, sans-serif">']
    for level in (0, 2, 4, 6, 8, 10):  # gridlines
        y = ys(level)
        assert y is not None
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{"#9aa3ab" if level in (0, 10) else "#e1e5e8"}" '
                     'stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="#555">{level}</text>')
    for values, colour, dash, shape in (
            ([d.mood for d in r.days], MOOD_COLOUR, "", "circle"),
            ([d.anxiety for d in r.days], ANXIETY_COLOUR, ' stroke-dasharray="6 4"', "square")):
        points = [ys(v) for v in values]
        for run in segments(xs, points):
            if len(run) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                             f'stroke-width="2"{dash} stroke-linejoin="round"/>')
        for x, y in ((x, y) for x, y in zip(xs, points, strict=True) if y is not None):
            if shape == "circle":
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.8" fill="{colour}"/>')
            else:
                parts.append(f'<rect x="{x - 2.6:.1f}" y="{y - 2.6:.1f}" width="5.2" '
                             f'height="5.2" fill="{colour}"/>')
    parts += _date_ticks(r, xs, height - 8)
    parts.append("</svg>")
    return "".join(parts)


def svg_dose_chart(r: Report, name: str) -> str:
    """Total mg taken per day for one medication, as bars."""
    width, height, left, right, top, bottom = 900.0, 56.0, 34.0, 6.0, 5.0, 18.0
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [d.mg.get(name) for d in r.days]
    high = max((v for v in values if v is not None), default=0.0) or 1.0
    xs = x_positions(len(r.days), left, plot_w)
    bar = max(2.0, min(16.0, plot_w / max(len(r.days), 1) * 0.6))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'role="img" aria-label="{h(name)}: mg taken per day" font-size="12.5" '
             'font-family="Arial, sans-serif">']
    base = top + plot_h
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{base:.1f}" y2="{base:.1f}" '
                 'stroke="#9aa3ab" stroke-width="1"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top:.1f}" y2="{top:.1f}" '
                 'stroke="#e1e5e8" stroke-width="1"/>')
    parts.append(f'<text x="{left - 6}" y="{top + 4:.1f}" text-anchor="end" fill="#555">'
                 f'{h(number(high))}</text>')
    parts.append(f'<text x="{left - 6}" y="{base + 4:.1f}" text-anchor="end" '
                 'fill="#555">0</text>')
    for x, v in zip(xs, values, strict=True):
        if v is None:
            continue
        bar_h = plot_h * v / high
        parts.append(f'<rect x="{x - bar / 2:.1f}" y="{base - bar_h:.1f}" width="{bar:.1f}" '
                     f'height="{bar_h:.1f}" fill="{_DOSE_COLOUR}"/>')
    parts += _date_ticks(r, xs, height - 6)
    parts.append("</svg>")
    return "".join(parts)

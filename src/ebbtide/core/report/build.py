"""The report for a clinician: one printable page of self-reported data for a period.

`build_report` gathers everything (pure: a Snapshot, the period and `now`); `render_markdown`
and `render_html` draw it. HTML is self-contained: inline CSS, inline SVG charts drawn
here, no scripts, no fonts, no network. Every piece of text the person typed is escaped
(HTML-escaped in HTML, Markdown-escaped and made inert in Markdown). No name appears
unless the person gives one."""

from __future__ import annotations

import html
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from ebbtide.core.content.questionnaires import ATTRIBUTION, QUESTIONNAIRES, SelfCheck
from ebbtide.core.health.crisis import CRISIS_LINES
from ebbtide.core.health.insights import (
    NOT_LOGGED_MEANING,
    Adherence,
    DayRow,
    PracticeStat,
    SeriesStats,
    SideEffectDays,
    Snapshot,
    WeekEffects,
    adherence,
    daily_rows,
    practice_stats,
    series_stats,
    side_effect_days,
    side_effects_by_week,
)
from ebbtide.core.health.safety import SafetyNote, notes_in_period
from ebbtide.core.journal.models import CheckIn, Medication
from ebbtide.core.text import inert

ReportFormat = Literal["md", "html"]
DEFAULT_DAYS = 30
SELF_REPORTED = ("Self-reported data. Everything in this report was entered by the person "
                 "in Ebbtide, a private diary app. It has not been checked by a clinician, "
                 "and Ebbtide gives no dosing advice.")

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ARTICLE_TITLES = {
    "article:approved-uses": "Approved uses and off-label",
    "article:withdrawal": "Never stop suddenly",
    "article:interactions": "Interactions",
    "article:depression-mood": "Depression and mood",
    "article:side-effects": "Side effects",
    "article:extra-care": "Who needs extra care",
}


def day_label(day: date, year: bool = False) -> str:
    """'Tue 3 Nov' (English, independent of the machine's locale)."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


# ---------------------------------------------------------------- the data


@dataclass(frozen=True)
class MedicationSummary:
    medication: Medication
    taken: int
    skipped: int
    dosing_days: int  # days with a taken dose
    total_mg: float | None  # None when no taken dose had an amount
    mg_per_dosing_day: float | None
    adherence: Adherence | None


@dataclass(frozen=True)
class Report:
    start: date
    end: date  # inclusive
    generated: datetime
    name: str | None
    days: tuple[DayRow, ...]
    mood: SeriesStats
    anxiety: SeriesStats
    medications: tuple[MedicationSummary, ...]
    side_effects: tuple[SideEffectDays, ...]
    weeks: tuple[WeekEffects, ...]
    selfchecks: tuple[SelfCheck, ...]
    practices: tuple[PracticeStat, ...]
    practice_titles: dict[str, str]
    notes: tuple[SafetyNote, ...]
    flagged: tuple[CheckIn, ...]
    checkin_count: int

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days + 1

    def practice_title(self, stat: PracticeStat) -> str:
        return self.practice_titles.get(stat.content_id) or stat.content_id


def build_report(snap: Snapshot, start: date, end: date, now: datetime, *,
                 name: str | None = None,
                 titles: dict[str, str] | Callable[[str, str], str | None] | None = None,
                 ) -> Report:
    """Everything the report shows for local days [start, end]. `snap` should reach back
    core.safety.HISTORY_DAYS before `start` so the safety notes see the earlier doses."""
    period = snap.between(start, end)
    rows = tuple(daily_rows(period, start, end))
    adh = {a.medication_id: a for a in adherence(period, start, end, now)}
    meds = []
    for med in snap.medications:
        doses = [d for d in period.doses if d.medication_id == med.id]
        a = adh.get(med.id)
        if not doses and a is None:
            continue
        taken = [d for d in doses if d.status == "taken"]
        amounts = [d.amount_mg for d in taken if d.amount_mg is not None]
        dosing_days = len({d.local_date for d in taken})
        total = sum(amounts) if amounts else None
        meds.append(MedicationSummary(
            med, len(taken), len(doses) - len(taken), dosing_days, total,
            total / dosing_days if total is not None and dosing_days else None,
            a if a is not None and a.times else None))
    stats = tuple(practice_stats(period.practices))
    names: dict[str, str] = {}
    for s in stats:
        found = titles(s.kind, s.content_id) if callable(titles) else (
            titles.get(s.content_id) if titles else None)
        if found:
            names[s.content_id] = found
    return Report(
        start=start, end=end, generated=now, name=name.strip() if name else None,
        days=rows, mood=series_stats([r.mood for r in rows]),
        anxiety=series_stats([r.anxiety for r in rows]), medications=tuple(meds),
        side_effects=tuple(side_effect_days(period, start, end)),
        weeks=tuple(side_effects_by_week(period, start, end)),
        selfchecks=period.selfchecks, practices=stats, practice_titles=names,
        notes=tuple(notes_in_period(snap, start, end)),
        flagged=tuple(c for c in period.checkins if c.flagged_for_doctor),
        checkin_count=len(period.checkins))


# ---------------------------------------------------------------- shared formatting


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _mg(value: float | None) -> str:
    return "–" if value is None else f"{_num(value)} mg"


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}".replace("-", "−")


def _adherence_text(a: Adherence | None) -> str:
    if a is None:
        return "no schedule times entered"
    if not a.scheduled:
        return "no scheduled times yet"
    pct = round(100 * a.taken / a.scheduled)
    return (f"{a.taken} of {a.scheduled} taken ({pct}%), {a.skipped} skipped, "
            f"{a.not_logged} not logged")


def _week_label(w: WeekEffects) -> str:
    if w.start == w.end:
        return day_label(w.start)
    return f"{day_label(w.start)} – {day_label(w.end)}"


_KIND_WORDS = {"breathe": "breathing", "meditate": "meditation", "timer": "timer"}


def _practice_label(r: Report, s: PracticeStat) -> tuple[str, str]:
    return r.practice_title(s), _KIND_WORDS.get(s.kind, s.kind)


def _effect_text(e: SideEffectDays) -> tuple[str, str]:
    days = f"{e.days} day" + ("" if e.days == 1 else "s")
    return e.name, f"{days}, worst {e.worst}" + (" (urgent symptom)" if e.urgent else "")


def _selfcheck_row(c: SelfCheck) -> tuple[str, str, str, str, str]:
    form = QUESTIONNAIRES[c.kind]
    item9 = "–"
    if form.crisis_item is not None:
        answer = c.answers[form.crisis_item]
        item9 = "no (0)" if answer == 0 else f"YES ({answer})"
    return (day_label(c.local_date, year=True), form.name, f"{c.score} / {form.max_score}",
            c.band.label, item9)


def _bucket(values: Sequence[float | None], size: int) -> list[float | None]:
    out: list[float | None] = []
    for i in range(0, len(values), size):
        chunk = [v for v in values[i:i + size] if v is not None]
        out.append(statistics.fmean(chunk) if chunk else None)
    return out


# ---------------------------------------------------------------- Markdown


_MD_SPECIAL = set("\\`*_{}[]<>#|~!&")


def md(text: str, limit: int | None = None) -> str:
    """User text made safe for Markdown: control characters shown inert, line breaks as
    spaces, and every character Markdown or HTML could act on backslash-escaped."""
    flat = " ".join(text.replace("\r", "\n").split("\n"))
    flat = inert(flat, limit)
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)


_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], low: float, high: float) -> str:
    """One character per value on a fixed scale; '·' where nothing was logged."""
    out = []
    span = max(high - low, 1e-9)
    for v in values:
        if v is None:
            out.append("·")
            continue
        level = round((min(max(v, low), high) - low) / span * (len(_SPARKS) - 1))
        out.append(_SPARKS[level])
    return "".join(out)


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _text_charts(r: Report) -> list[str]:
    size = 1 if r.length_days <= 62 else 7
    unit = "day" if size == 1 else "week (mean)"
    series: list[tuple[str, list[float | None], float, float, str]] = [
        ("Mood 1–10", [d.mood for d in r.days], 1, 10, "higher is better"),
        ("Anxiety 0–10", [d.anxiety for d in r.days], 0, 10, "lower is calmer"),
    ]
    for m in r.medications:
        name = m.medication.name
        values: list[float | None] = [d.mg.get(name) for d in r.days]
        present = [v for v in values if v is not None]
        if present:
            label = inert(name, 24).replace("`", "'")  # never able to close the code fence
            series.append((f"{label} mg/day", values, 0, max(present), "taken"))
    label_width = max(len(s[0]) for s in series) + 2
    lines = ["```text"]
    lines.append(" " * label_width + f"{day_label(r.start)} → {day_label(r.end)}")
    for label, values, low, high, _hint in series:
        bucketed = _bucket(values, size)
        present = [v for v in values if v is not None]
        summary = (f"mean {_num(statistics.fmean(present))}, low {_num(min(present))}, "
                   f"high {_num(max(present))}, {len(present)} days" if present
                   else "nothing logged")
        lines.append(f"{label:<{label_width}}{sparkline(bucketed, low, high)}  {summary}")
    lines.append("```")
    lines.append("")
    lines.append(f"One character per {unit}; · = nothing logged. Mood and anxiety are daily "
                 "means of check-ins on fixed scales (▁ = lowest, █ = highest); dose charts "
                 "run from 0 to the highest daily total in the period.")
    return lines


def render_markdown(r: Report) -> str:
    out: list[str] = ["# Ebbtide report: mood, anxiety and medication diary", ""]
    out.append(f"- **Period:** {day_label(r.start, True)} to {day_label(r.end, True)} "
               f"({r.length_days} days)")
    if r.name:
        out.append(f"- **Name:** {md(r.name, 200)}")
    zone = r.generated.strftime("%z")
    out.append(f"- **Prepared:** {day_label(r.generated.date(), True)} "
               f"{r.generated:%H:%M} (UTC{zone[:3]}:{zone[3:]})")
    out.append(f"- **Check-ins logged:** {r.checkin_count}")
    out += ["", f"> **{SELF_REPORTED.split('. ', 1)[0]}.** {SELF_REPORTED.split('. ', 1)[1]}",
            ""]

    out += ["## Medications and logged doses", ""]
    if r.medications:
        rows = []
        for m in r.medications:
            med = m.medication
            rows.append([
                md(med.name) + ("" if med.active else " (inactive)"),
                md(med.strength) or "–", md(med.schedule, 120) or "–",
                ", ".join(med.times) or "–",
                f"{m.taken} taken, {m.skipped} skipped ({m.dosing_days} days)",
                _mg(m.mg_per_dosing_day), _adherence_text(m.adherence)])
        out += _md_table(["Medication", "Strength", "Schedule (own words)", "Times",
                          "Doses logged", "Mean per dosing day", "Against scheduled times"],
                         rows)
        out += ["", NOT_LOGGED_MEANING]
    else:
        out.append("No medications or doses logged in this period.")
    out.append("")

    out += ["## Mood and anxiety", ""]
    if r.mood.days:
        out += _text_charts(r)
        out += ["", f"Mood: first week mean {_num(r.mood.first_week_mean)}, last week mean "
                    f"{_num(r.mood.last_week_mean)}. Anxiety: first week mean "
                    f"{_num(r.anxiety.first_week_mean)}, last week mean "
                    f"{_num(r.anxiety.last_week_mean)}."]
    else:
        out.append("No check-ins logged in this period.")
    out.append("")

    out += ["## Side effects by week", ""]
    if r.side_effects:
        rows = []
        for w in r.weeks:
            cells = "; ".join(f"{md(n)}: {t}" for n, t in map(_effect_text, w.effects))
            rows.append([_week_label(w), cells or "none logged"])
        out += _md_table(["Week", "Side effects (days logged, worst severity)"], rows)
        out += ["", "Whole period:", ""]
        out += _md_table(
            ["Side effect", "Days", "Mild", "Moderate", "Severe", "Last logged"],
            [[md(e.name) + (" (urgent symptom)" if e.urgent else ""), str(e.days),
              str(e.by_severity.get("mild", 0)), str(e.by_severity.get("moderate", 0)),
              str(e.by_severity.get("severe", 0)), day_label(e.last)]
             for e in r.side_effects])
    else:
        out.append("No side effects logged in this period.")
    out.append("")

    out += ["## Self-checks (PHQ-9, GAD-7)", ""]
    if r.selfchecks:
        out += _md_table(["Date", "Check", "Score", "Band", "PHQ-9 item 9 (self-harm)"],
                         [list(_selfcheck_row(c)) for c in r.selfchecks])
        out += ["", f"PHQ-9 and GAD-7: {ATTRIBUTION}"]
    else:
        out.append("No self-checks in this period.")
    out.append("")

    out += ["## Breathing and meditation", ""]
    if r.practices:
        out += _md_table(
            ["Practice", "Sessions", "Minutes", "Rated", "Anxiety before", "After",
             "Mean change"],
            [[" · ".join(md(x) for x in _practice_label(r, s)), str(s.sessions),
              str(round(s.minutes)), str(s.rated), _mean(s.mean_before), _mean(s.mean_after),
              _change(s.mean_change)] for s in r.practices])
        out += ["", "Anxiety rated 0–10 just before and after a session; a negative change "
                    "means calmer afterwards."]
    else:
        out.append("No practice sessions in this period.")
    out.append("")

    out += ["## Safety notes raised in this period", ""]
    if r.notes:
        for n in r.notes:
            out.append(f"- {day_label(n.day)}, {n.severity}: **{md(n.title)}.** "
                       f"{md(n.summary or n.message)}")
    else:
        out.append("None.")
    out.append("")

    out += ["## Notes flagged for the doctor", ""]
    if r.flagged:
        for c in r.flagged:
            tags = f" Tags: {', '.join(md(t) for t in c.tags)}." if c.tags else ""
            note = f" “{md(c.note)}”" if c.note.strip() else ""
            out.append(f"- {day_label(c.local_date)} {c.at:%H:%M}, mood {c.mood}/10, "
                       f"anxiety {c.anxiety}/10.{tags}{note}")
    else:
        out.append("None.")
    out += ["", "---", "",
            "Prepared with Ebbtide. Times are the local time at entry. Self-reported data, "
            "not a medical record."]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
@page { size: A4; margin: 10mm 11mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #1a1a1a;
  font-size: 10pt; line-height: 1.35; max-width: 186mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; padding-bottom: 0.8mm;
  border-bottom: 1.5px solid #24557a; color: #24557a; }
.meta { display: flex; flex-wrap: wrap; gap: 1mm 6mm; margin: 0 0 2mm; padding: 0;
  list-style: none; }
.meta b { font-weight: 600; }
.selfreported { border: 1.5px solid #8a6d00; background: #fff8db; padding: 2mm 3mm;
  margin: 2mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; font-size: 9pt; }
th, td { border: 1px solid #c8ccd0; padding: 0.8mm 1.6mm; text-align: left;
  vertical-align: top; overflow-wrap: break-word; word-break: normal; }
th { background: #eef2f5; font-weight: 600; }
td.n { text-align: right; white-space: nowrap; }
.small { font-size: 8.5pt; color: #444; margin: 1mm 0; }
.charts svg { display: block; width: 100%; height: auto; }
.legend { font-size: 8.5pt; margin: 1mm 0 0; }
.swatch { display: inline-block; width: 8mm; height: 0; border-top: 2.5px solid;
  vertical-align: middle; margin-right: 1.5mm; }
.notes li { margin: 0 0 1mm; }
.sev-urgent { color: #a4161a; font-weight: 700; }
.sev-caution { color: #8a4b00; font-weight: 600; }
.sev-info { color: #24557a; }
.flag { white-space: pre-wrap; }
footer { margin-top: 5mm; border-top: 1px solid #c8ccd0; padding-top: 1.5mm;
  font-size: 8pt; color: #555; }
section { break-inside: avoid; }
section.notes { break-inside: auto; }
.notes ul { margin: 0; padding-left: 5mm; }
.notes li { break-inside: avoid; }
.nw { white-space: nowrap; }
@media print {
  .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 5mm; }
  .pair > section { min-width: 0; }
  body { padding: 0; font-size: 8.6pt; line-height: 1.25; }
  h1 { font-size: 13pt; margin-bottom: 1mm; }
  h2 { font-size: 9.8pt; margin: 2.6mm 0 1mm; break-after: avoid; }
  table { font-size: 7.8pt; }
  th, td { padding: 0.4mm 1.2mm; }
  .selfreported { padding: 1.2mm 2.5mm; margin: 1mm 0; }
  .small, .legend { font-size: 7.6pt; }
  tr { break-inside: avoid; }
  footer { margin-top: 2mm; }
}
"""

_MOOD_COLOUR = "#1f5fa8"
_ANX_COLOUR = "#c2410c"
_DOSE_COLOUR = "#5b6770"


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _x_positions(count: int, left: float, width: float, pad: float = 10.0) -> list[float]:
    """Day positions, inset by `pad` so the first and last points (and bars) stay clear of
    the axis labels and the edge."""
    if count == 1:
        return [left + width / 2]
    inner = width - 2 * pad
    return [left + pad + inner * i / (count - 1) for i in range(count)]


def _segments(xs: Sequence[float], ys: Sequence[float | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive logged days (a gap breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _date_ticks(r: Report, xs: Sequence[float], y: float) -> list[str]:
    count = len(r.days)
    picks = sorted({0, count - 1, *range(0, count, max(1, count // 6 if count > 14 else 7))})
    if len(picks) > 2 and picks[-1] - picks[-2] < max(2, count // 12):
        picks.pop(-2)
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
    xs = _x_positions(len(r.days), left, plot_w)

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
            ([d.mood for d in r.days], _MOOD_COLOUR, "", "circle"),
            ([d.anxiety for d in r.days], _ANX_COLOUR, ' stroke-dasharray="6 4"', "square")):
        points = [ys(v) for v in values]
        for run in _segments(xs, points):
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
    xs = _x_positions(len(r.days), left, plot_w)
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
                 f'{h(_num(high))}</text>')
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


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                numeric: Sequence[int] = ()) -> str:
    """`rows` cells are already escaped HTML."""
    head = "".join(f"<th>{h(c)}</th>" for c in header)
    body = []
    for row in rows:
        cells = "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                        for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(r: Report) -> str:
    zone = r.generated.strftime("%z")
    meta = [f"<li><b>Period:</b> {h(day_label(r.start, True))} to "
            f"{h(day_label(r.end, True))} ({r.length_days} days)</li>"]
    if r.name:
        meta.append(f"<li><b>Name:</b> {h(r.name)}</li>")
    meta.append(f"<li><b>Prepared:</b> {h(day_label(r.generated.date(), True))} "
                f"{r.generated:%H:%M} (UTC{zone[:3]}:{zone[3:]})</li>")
    meta.append(f"<li><b>Check-ins logged:</b> {r.checkin_count}</li>")
    lead, rest = SELF_REPORTED.split(". ", 1)
    parts = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'style-src \'unsafe-inline\'; img-src data:">',
             '<title>Ebbtide report</title>', f"<style>{_CSS}</style></head><body>",
             "<header><h1>Ebbtide report: mood, anxiety and medication diary</h1>",
             f'<ul class="meta">{"".join(meta)}</ul>',
             f'<p class="selfreported"><b>{h(lead)}.</b> {h(rest)}</p></header>']

    parts.append("<section><h2>Medications and logged doses</h2>")
    if r.medications:
        rows = []
        for m in r.medications:
            med = m.medication
            rows.append([h(med.name) + ("" if med.active else " <i>(inactive)</i>"),
                         h(med.strength) or "–", h(med.schedule) or "–",
                         h(", ".join(med.times)) or "–",
                         f"{m.taken} taken, {m.skipped} skipped ({m.dosing_days} days)",
                         h(_mg(m.mg_per_dosing_day)), h(_adherence_text(m.adherence))])
        parts.append(_html_table(["Medication", "Strength", "Schedule (own words)", "Times",
                                  "Doses logged", "Mean per dosing day",
                                  "Against scheduled times"], rows))
        parts.append(f'<p class="small">{h(NOT_LOGGED_MEANING)}</p>')
    else:
        parts.append("<p>No medications or doses logged in this period.</p>")
    parts.append("</section>")

    parts.append('<section class="charts"><h2>Mood and anxiety</h2>')
    if r.mood.days:
        parts.append(svg_mood_chart(r))
        parts.append(
            f'<p class="legend"><span class="swatch" style="border-color:{_MOOD_COLOUR}">'
            f'</span>Mood 1–10 (higher is better): mean {_num(r.mood.mean)}, low '
            f'{_num(r.mood.low)}, high {_num(r.mood.high)} &nbsp; '
            f'<span class="swatch" style="border-color:{_ANX_COLOUR};border-top-style:dashed">'
            f'</span>Anxiety 0–10 (lower is calmer): mean {_num(r.anxiety.mean)}, low '
            f'{_num(r.anxiety.low)}, high {_num(r.anxiety.high)}. Daily means of '
            f'check-ins on {r.mood.days} of {r.length_days} days; gaps = nothing logged. '
            f'First week vs last week: mood {_num(r.mood.first_week_mean)} → '
            f'{_num(r.mood.last_week_mean)}, anxiety {_num(r.anxiety.first_week_mean)} → '
            f'{_num(r.anxiety.last_week_mean)}.</p>')
    else:
        parts.append("<p>No check-ins logged in this period.</p>")
    for m in r.medications:
        if m.total_mg is not None:
            parts.append(f'<p class="legend"><b>{h(m.medication.name)}</b>: mg taken per day '
                         "(as logged)</p>")
            parts.append(svg_dose_chart(r, m.medication.name))
    parts.append("</section>")

    parts.append("<section><h2>Side effects by week</h2>")
    if r.side_effects:
        rows = []
        for w in r.weeks:
            cells = "; ".join(f"<b>{h(n)}</b>: {h(t)}" for n, t in map(_effect_text, w.effects))
            rows.append([h(_week_label(w)), cells or "none logged"])
        parts.append(_html_table(["Week", "Side effects (days logged, worst severity)"],
                                 rows))
        whole = "; ".join(
            f"<b>{h(e.name)}</b>"
            + (' <span class="sev-urgent">(urgent symptom)</span>' if e.urgent else "")
            + f" on {e.days} day{'' if e.days == 1 else 's'} ("
            + ", ".join(f"{e.by_severity[k]} {k}" for k in ("mild", "moderate", "severe")
                        if e.by_severity.get(k))
            + f"; last {h(day_label(e.last))})" for e in r.side_effects)
        parts.append(f'<p class="small">Whole period: {whole}.</p>')
    else:
        parts.append("<p>No side effects logged in this period.</p>")
    parts.append("</section>")

    parts.append('<div class="pair"><section><h2>Self-checks (PHQ-9, GAD-7)</h2>')
    if r.selfchecks:
        check_rows: list[list[str]] = []
        for check in r.selfchecks:
            row = [f'<span class="nw">{h(x)}</span>' for x in _selfcheck_row(check)]
            if check.crisis:
                row[4] = f'<span class="sev-urgent">{row[4]}</span>'
            check_rows.append(row)
        parts.append(_html_table(["Date", "Check", "Score", "Band", "Item 9 (self-harm)"],
                                 check_rows))
        parts.append(f'<p class="small">PHQ-9 and GAD-7: {h(ATTRIBUTION)}</p>')
    else:
        parts.append("<p>No self-checks in this period.</p>")
    parts.append("</section>")

    parts.append("<section><h2>Breathing and meditation</h2>")
    if r.practices:
        parts.append(_html_table(
            ["Practice", "Sessions", "Min", "Rated", "Before", "After", "Change"],
            [[f'<span title="{h(_practice_label(r, s)[1])}">{h(r.practice_title(s))}</span>',
              str(s.sessions),
              str(round(s.minutes)), str(s.rated), _mean(s.mean_before), _mean(s.mean_after),
              h(_change(s.mean_change))] for s in r.practices], numeric=(1, 2, 3, 4, 5, 6)))
        parts.append('<p class="small">Mean anxiety (0–10) just before and after sessions '
                     "rated both times; a negative change means calmer afterwards.</p>")
    else:
        parts.append("<p>No practice sessions in this period.</p>")
    parts.append("</section></div>")

    parts.append('<section class="notes"><h2>Safety notes raised in this period</h2>')
    if r.notes:
        items = "".join(
            f'<li><b>{h(day_label(n.day))}</b>, {h(n.severity)}: '
            f'<span class="sev-{h(n.severity)}">{h(n.title)}.</span> '
            f"{h(n.summary or n.message)}</li>" for n in r.notes)
        parts.append(f"<ul>{items}</ul>")
        if any(n.crisis for n in r.notes):
            crisis = "; ".join(f"{heading} {detail}" for heading, detail in CRISIS_LINES)
            parts.append(f'<p class="small">Crisis resources shown to the person: '
                         f"{h(crisis)}</p>")
    else:
        parts.append("<p>None.</p>")
    parts.append("</section>")

    parts.append('<section class="notes"><h2>Notes flagged for the doctor</h2>')
    if r.flagged:
        flagged: list[str] = []
        for ci in r.flagged:
            tags = f" Tags: {h(', '.join(ci.tags))}." if ci.tags else ""
            note = (f'<br><span class="flag">“{h(ci.note)}”</span>' if ci.note.strip() else "")
            flagged.append(f"<li><b>{h(day_label(ci.local_date))} {ci.at:%H:%M}</b>, mood "
                           f"{ci.mood}/10, anxiety {ci.anxiety}/10.{tags}{note}</li>")
        parts.append(f"<ul>{''.join(flagged)}</ul>")
    else:
        parts.append("<p>None.</p>")
    parts.append("</section>")
    parts.append("<footer>Prepared with Ebbtide. Times are the local time at entry. "
                 "Self-reported data, not a medical record.</footer></body></html>")
    return "\n".join(parts) + "\n"


def render(r: Report, fmt: ReportFormat | str) -> str:
    return render_html(r) if fmt == "html" else render_markdown(r)

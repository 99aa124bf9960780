"""The report as Markdown: text the person typed is Markdown-escaped and made inert, and the
charts are sparklines in a code block."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from ebbtide.core.content.questionnaires import ATTRIBUTION
from ebbtide.core.health.crisis import crisis_markdown
from ebbtide.core.health.insights import NOT_LOGGED_MEANING
from ebbtide.core.report.cells import (
    PLAN_HEADER,
    PLAN_MEANING,
    SELF_REPORTED,
    adherence_text,
    change_text,
    difficulty_meaning,
    effect_text,
    mean_text,
    mg_text,
    number,
    plan_rows,
    practice_label,
    selfcheck_row,
    week_label,
)
from ebbtide.core.report.model import Report, day_label
from ebbtide.core.text import inert

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



def _bucket(values: Sequence[float | None], size: int) -> list[float | None]:
    out: list[float | None] = []
    for i in range(0, len(values), size):
        chunk = [v for v in values[i:i + size] if v is not None]
        out.append(statistics.fmean(chunk) if chunk else None)
    return out


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
        summary = (f"mean {number(statistics.fmean(present))}, low {number(min(present))}, "
                   f"high {number(max(present))}, {len(present)} days" if present
                   else "nothing logged")
        lines.append(f"{label:<{label_width}}{sparkline(bucketed, low, high)}  {summary}")
    lines.append("```")
    lines.append("")
    lines.append(f"One character per {unit}; · = nothing logged. Mood and anxiety are daily "
                 "means of check-ins on fixed scales (▁ = lowest, █ = highest); dose charts "
                 "run from 0 to the highest daily total in the period.")
    return lines


def _watch(r: Report) -> list[str]:
    """The medication watch at a glance, higher doses the person said were prescribed, and
    the crisis resources they were shown (for their region)."""
    out: list[str] = []
    if r.watch or r.acknowledged:
        out += ["", "Medication watch at a glance:", ""]
        out += [f"- {line.heading}: {', '.join(day_label(d) for d in line.days)}."
                for line in r.watch]
        out += [f"- {r.acknowledged_text(ack)}" for ack in r.acknowledged]
    if r.crisis_shown:
        out += ["", "Crisis resources shown to the person:", "", crisis_markdown(r.region)]
    return out


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
                mg_text(m.mg_per_dosing_day), adherence_text(m.adherence)])
        out += _md_table(["Medication", "Strength", "Schedule (own words)", "Times",
                          "Doses logged", "Mean per dosing day", "Against scheduled times"],
                         rows)
        out += ["", NOT_LOGGED_MEANING]
    else:
        out.append("No medications or doses logged in this period.")
    out.append("")

    if r.plans:
        out += ["## Plan from the prescriber", ""]
        out += _md_table(PLAN_HEADER, [
            [md(name), c[0], c[1], c[2], md(c[3], 120) or "–", md(c[4], 200) or "–", c[5]]
            for name, c in plan_rows(r)])
        out += ["", PLAN_MEANING, ""]

    out += ["## Mood and anxiety", ""]
    if r.mood.days:
        out += _text_charts(r)
        out += ["", f"Mood: first week mean {number(r.mood.first_week_mean)}, last week mean "
                    f"{number(r.mood.last_week_mean)}. Anxiety: first week mean "
                    f"{number(r.anxiety.first_week_mean)}, last week mean "
                    f"{number(r.anxiety.last_week_mean)}."]
    else:
        out.append("No check-ins logged in this period.")
    out.append("")

    out += ["## Side effects by week", ""]
    if r.side_effects:
        rows = []
        for w in r.weeks:
            cells = "; ".join(f"{md(n)}: {t}" for n, t in map(effect_text, w.effects))
            rows.append([week_label(w), cells or "none logged"])
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
                         [list(selfcheck_row(c)) for c in r.selfchecks])
        meaning = difficulty_meaning(r.selfchecks)
        if meaning is not None:
            out += ["", meaning]
        out += ["", f"PHQ-9 and GAD-7: {ATTRIBUTION}"]
    else:
        out.append("No self-checks in this period.")
    out.append("")

    out += ["## Breathing and meditation", ""]
    if r.practices:
        out += _md_table(
            ["Practice", "Sessions", "Minutes", "Rated", "Anxiety before", "After",
             "Mean change"],
            [[" · ".join(md(x) for x in practice_label(r, s)), str(s.sessions),
              str(round(s.minutes)), str(s.rated), mean_text(s.mean_before),
              mean_text(s.mean_after), change_text(s.mean_change)] for s in r.practices])
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
    out += _watch(r)
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

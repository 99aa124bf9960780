"""The report as one self-contained, printable HTML page: inline CSS, inline SVG charts, no
scripts, no fonts, no network. Every piece of text the person typed is HTML-escaped."""

from __future__ import annotations

from collections.abc import Sequence

from ebbtide.core.content.questionnaires import ATTRIBUTION
from ebbtide.core.health.crisis import crisis_lines
from ebbtide.core.health.insights import NOT_LOGGED_MEANING
from ebbtide.core.report.cells import (
    PLAN_HEADER,
    PLAN_MEANING,
    SELF_REPORTED,
    adherence_text,
    change_text,
    difficulty_meaning,
    effect_text,
    h,
    mean_text,
    mg_text,
    number,
    plan_rows,
    practice_label,
    selfcheck_row,
    week_label,
)
from ebbtide.core.report.model import Report, day_label
from ebbtide.core.report.svg import ANXIETY_COLOUR, MOOD_COLOUR, svg_dose_chart, svg_mood_chart

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


def _watch(r: Report) -> list[str]:
    """The medication watch at a glance, higher doses the person said were prescribed, and
    the crisis resources they were shown (for their region)."""
    parts: list[str] = []
    if r.watch or r.acknowledged:
        items = [f"<li><b>{h(line.heading)}:</b> "
                 f"{h(', '.join(day_label(d) for d in line.days))}.</li>" for line in r.watch]
        items += [f"<li>{h(r.acknowledged_text(ack))}</li>" for ack in r.acknowledged]
        parts.append(f'<p class="small"><b>Medication watch at a glance:</b></p>'
                     f"<ul>{''.join(items)}</ul>")
    if r.crisis_shown:
        crisis = "; ".join(f"{heading} {detail}" for heading, detail in crisis_lines(r.region))
        parts.append(f'<p class="small">Crisis resources shown to the person: '
                     f"{h(crisis)}</p>")
    return parts


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
                         h(mg_text(m.mg_per_dosing_day)), h(adherence_text(m.adherence))])
        parts.append(_html_table(["Medication", "Strength", "Schedule (own words)", "Times",
                                  "Doses logged", "Mean per dosing day",
                                  "Against scheduled times"], rows))
        parts.append(f'<p class="small">{h(NOT_LOGGED_MEANING)}</p>')
    else:
        parts.append("<p>No medications or doses logged in this period.</p>")
    parts.append("</section>")

    if r.plans:
        parts.append("<section><h2>Plan from the prescriber</h2>")
        parts.append(_html_table(PLAN_HEADER, [
            [h(name), h(c[0]), h(c[1]), h(c[2]), h(c[3]) or "–", h(c[4]) or "–", h(c[5])]
            for name, c in plan_rows(r)]))
        parts.append(f'<p class="small">{h(PLAN_MEANING)}</p></section>')

    parts.append('<section class="charts"><h2>Mood and anxiety</h2>')
    if r.mood.days:
        parts.append(svg_mood_chart(r))
        parts.append(
            f'<p class="legend"><span class="swatch" style="border-color:{MOOD_COLOUR}">'
            f'</span>Mood 1–10 (higher is better): mean {number(r.mood.mean)}, low '
            f'{number(r.mood.low)}, high {number(r.mood.high)} &nbsp; '
            f'<span class="swatch" style="border-color:{ANXIETY_COLOUR};border-top-style:dashed">'
            f'</span>Anxiety 0–10 (lower is calmer): mean {number(r.anxiety.mean)}, low '
            f'{number(r.anxiety.low)}, high {number(r.anxiety.high)}. Daily means of '
            f'check-ins on {r.mood.days} of {r.length_days} days; gaps = nothing logged. '
            f'First week vs last week: mood {number(r.mood.first_week_mean)} → '
            f'{number(r.mood.last_week_mean)}, anxiety {number(r.anxiety.first_week_mean)} → '
            f'{number(r.anxiety.last_week_mean)}.</p>')
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
            cells = "; ".join(f"<b>{h(n)}</b>: {h(t)}" for n, t in map(effect_text, w.effects))
            rows.append([h(week_label(w)), cells or "none logged"])
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
            row = [f'<span class="nw">{h(x)}</span>' for x in selfcheck_row(check)]
            if check.crisis:
                row[4] = f'<span class="sev-urgent">{row[4]}</span>'
            check_rows.append(row)
        parts.append(_html_table(["Date", "Check", "Score", "Band", "Item 9 (self-harm)"],
                                 check_rows))
        meaning = difficulty_meaning(r.selfchecks)
        if meaning is not None:
            parts.append(f'<p class="small">{h(meaning)}</p>')
        parts.append(f'<p class="small">PHQ-9 and GAD-7: {h(ATTRIBUTION)}</p>')
    else:
        parts.append("<p>No self-checks in this period.</p>")
    parts.append("</section>")

    parts.append("<section><h2>Breathing and meditation</h2>")
    if r.practices:
        parts.append(_html_table(
            ["Practice", "Sessions", "Min", "Rated", "Before", "After", "Change"],
            [[f'<span title="{h(practice_label(r, s)[1])}">{h(r.practice_title(s))}</span>',
              str(s.sessions), str(round(s.minutes)), str(s.rated),
              mean_text(s.mean_before), mean_text(s.mean_after),
              h(change_text(s.mean_change))] for s in r.practices], numeric=(1, 2, 3, 4, 5, 6)))
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
    else:
        parts.append("<p>None.</p>")
    parts += _watch(r)
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
